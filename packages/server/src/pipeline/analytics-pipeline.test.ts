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
  before?: (metadata: SqliteStore['metadata']) => Promise<void>,
): Promise<Alert[]> {
  const store = openSqliteStore({ path: ':memory:' });
  const plant = onePump();
  await registerPlant(store.metadata, plant);
  await before?.(store.metadata);
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

describe('AnalyticsPipeline similar past episodes', () => {
  it('finds a past episode that deviated the same way, with its work order, and keeps it on the alert', async () => {
    const past: Alert = {
      id: 'past-1',
      assetId: ASSET,
      kind: 'anomaly',
      severity: 'warning',
      state: 'closed',
      title: 'Abnormal bearing temperature',
      explanation: 'earlier',
      contributions: [
        { sensor: SENSOR, name: 'bearing temp', unit: '°C', share: 0.9, value: 80, expected: 55, low: 50, high: 60 },
        { sensor: 'P-101.FLOW', name: 'flow', unit: 'm3/h', share: 0.1, value: 100, expected: 101, low: 95, high: 105 },
      ],
      score: 2,
      peakScore: 4,
      startedAt: T0 - 30 * 86_400_000,
      updatedAt: T0 - 30 * 86_400_000 + 3_600_000,
      closedAt: T0 - 30 * 86_400_000 + 7_200_000,
    };
    const unlike: Alert = {
      ...past,
      id: 'past-2',
      contributions: [{ ...past.contributions[1]!, share: 1, value: 60 }],
    };
    let stored: Alert | undefined;
    const alerts = await run(
      () => ({ state: 'good' as QualityState, reasons: [] }),
      async (_p, metadata) => {
        stored = (await metadata.listAlerts()).find((a) => !a.id.startsWith('past-'));
      },
      async (metadata) => {
        await metadata.saveAlert(past);
        await metadata.saveAlert(unlike);
        await metadata.saveWorkOrder({
          id: 'WO-1',
          assetId: ASSET,
          alertId: 'past-1',
          title: 'Replace bearing temperature probe',
          description: '',
          status: 'done',
          priority: 'medium',
          createdAt: past.startedAt + 600_000,
          completedAt: past.startedAt + 5_400_000,
        });
      },
    );
    const withSimilar = alerts.filter((a) => a.similar);
    expect(withSimilar.length).toBeGreaterThan(0);
    const similar = withSimilar[0]!.similar!;
    expect(similar.map((x) => x.alertId)).toEqual(['past-1']);
    expect(similar[0]).toMatchObject({
      workOrderId: 'WO-1',
      outcome: 'Fixed: work order "Replace bearing temperature probe" completed 1 h 30 min after the alert',
    });
    expect(similar[0]!.similarity).toBeGreaterThan(0.9);
    // Every later update of the episode keeps it, and the store has it.
    const later = alerts.filter((a) => a.id === withSimilar[0]!.id && a.updatedAt > withSimilar[0]!.updatedAt);
    for (const a of later) expect(a.similar).toEqual(similar);
    expect(stored?.similar).toEqual(similar);
  });
});
