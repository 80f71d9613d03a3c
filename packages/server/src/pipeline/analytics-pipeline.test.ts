import type { Alert, QualityState, Reading } from '@prognos/core';
import { createDemoPlant, onlyAsset, type PlantDefinition, PlantSimulator } from '@prognos/simulator';
import { openSqliteStore, type SqliteStore } from '@prognos/store';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../event-bus';
import type { TrustOf } from '../quality/attribution';
import { AnalyticsPipeline } from './analytics-pipeline';
import { registerPlant } from './simulator-control';

const ASSET = 'P-101';
const SENSOR = 'P-101.TEMP-BRG';
/** A weekday morning, so that the pump runs through the whole run (the plant follows a shift pattern). */
const T0 = Date.UTC(2026, 2, 3, 8, 0, 0);
const log = { info() {}, warn() {}, error() {} };

const onePump = (): PlantDefinition => onlyAsset(createDemoPlant(), ASSET);

/**
 * One pump trained on an hour of healthy history, then its bearing temperature sensor reads 25 °C high (a
 * sensor bias: the machine is fine). Returns the alerts the pipeline published while fed 10 more minutes.
 */
async function run(
  trustOf?: TrustOf,
  after?: (pipeline: AnalyticsPipeline, metadata: SqliteStore['metadata']) => Promise<void>,
): Promise<Alert[]> {
  const store = openSqliteStore({ path: ':memory:' });
  const plant = onePump();
  await registerPlant(store.metadata, plant);
  const sim = new PlantSimulator(plant, { seed: 7, speed: 1, origin: T0 });
  const history: Reading[] = [];
  sim.backfill(T0 - 3600_000, T0, 1000, (b) => history.push(...b));
  await store.readings.append(history);
  const bus = new EventBus();
  const alerts: Alert[] = [];
  bus.on('alert', (e) => alerts.push(e.alert));
  const pipeline = new AnalyticsPipeline({
    metadata: store.metadata,
    readings: store.readings,
    bus,
    windowMs: 10_000,
    startupMs: 60_000,
    log,
    trustOf,
  });
  await pipeline.init({ trainFrom: T0 - 3600_000, trainTo: T0 });
  expect(pipeline.monitored()).toEqual([ASSET]);
  sim.injectSensorFault(SENSOR, 'bias', { startAt: T0 + 60_000, offset: 25 });
  sim.backfill(T0, T0 + 600_000, 1000, (b) => pipeline.onReadings(b));
  await pipeline.drain();
  await after?.(pipeline, store.metadata);
  await store.close();
  return alerts;
}

describe('AnalyticsPipeline attribution gate', () => {
  it('reports an anomaly carried by a trusted sensor as a machine anomaly', async () => {
    const alerts = await run(() => ({ state: 'good' as QualityState, reasons: [] }));
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[0]!.kind).toBe('anomaly');
    expect(alerts[0]!.startedAt).toBeGreaterThanOrEqual(T0 + 60_000);
    const top = [...alerts[0]!.contributions].sort((a, b) => b.share - a.share)[0]!;
    expect(top.sensor).toBe(SENSOR);
  });

  it('turns an anomaly carried by an untrusted sensor into a sensor alert, for the whole episode', async () => {
    let asked = 0;
    // untrusted when the episode opens, trusted afterwards: the episode stays a sensor episode (no flip-flop)
    const alerts = await run((id) =>
      id === SENSOR && asked++ === 0
        ? { state: 'suspect', reasons: [10], detail: '+25 °C against its virtual sensor' }
        : { state: 'good', reasons: [] },
    );
    expect(alerts.length).toBeGreaterThan(1);
    const episode = alerts.filter((a) => a.id === alerts[0]!.id);
    expect(episode.length).toBeGreaterThan(1);
    for (const a of episode) expect(a.kind).toBe('sensor');
    expect(alerts[0]!.title).toBe(
      'Cooling water pump 1: anomaly explained by untrusted sensor P-101.TEMP-BRG — not a machine alarm',
    );
    expect(alerts[0]!.explanation).toContain('P-101.TEMP-BRG (suspect: drift, +25 °C against its virtual sensor)');
    expect(alerts[0]!.severity).not.toBe('critical');
  });

  it('closing or acknowledging another alert of the asset (a sensor alert) leaves the anomaly episode alone', async () => {
    await run(undefined, async (pipeline, metadata) => {
      const episode = pipeline.activeAlert(ASSET)!;
      expect(episode.kind).toBe('anomaly');
      const other: Alert = { ...episode, id: 'sensor-alert-1', kind: 'sensor', title: 'Sensor P-101.FLOW stuck' };
      await metadata.saveAlert(other);
      await pipeline.setAlertState(other.id, 'acknowledged');
      await pipeline.setAlertState(other.id, 'closed');
      expect(pipeline.activeAlert(ASSET)).toMatchObject({ id: episode.id, state: 'open' });
      expect((await metadata.getAlert(other.id))?.state).toBe('closed');
    });
  });
});
