/**
 * The analytics side of a partition hand-over: a pipeline monitors only the assets its filter lets through, adopts
 * an asset with its active model when its partition arrives, and releases it when the partition leaves; the next
 * owner goes on with the open alert episode the previous one left in the store instead of opening another.
 */
import type { Alert, Reading } from '@prognos/core';
import { createDemoPlant, onlyAsset, PlantSimulator } from '@prognos/simulator';
import { openSqliteStore } from '@prognos/store';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventBus } from '../event-bus';
import { AnalyticsPipeline } from '../pipeline/analytics-pipeline';
import { registerPlant } from '../pipeline/simulator-control';

const ASSET = 'P-101';
const SENSOR = 'P-101.TEMP-BRG';
/** A weekday morning, so that the pump runs throughout (the plant follows a shift pattern). */
const T0 = Date.UTC(2026, 2, 3, 8, 0, 0);
const log = { info() {}, warn() {}, error() {} };

/** An in-memory store with the one-pump plant registered and its last hour of healthy history stored. */
async function plantWithHistory() {
  const store = openSqliteStore({ path: ':memory:' });
  onTestFinished(() => store.close());
  const plant = onlyAsset(createDemoPlant(), ASSET);
  await registerPlant(store.metadata, plant);
  const sim = new PlantSimulator(plant, { seed: 7, speed: 1, origin: T0 });
  const history: Reading[] = [];
  sim.backfill(T0 - 3600_000, T0, 1000, (b) => history.push(...b));
  await store.readings.append(history);
  return { store, sim };
}

describe('AnalyticsPipeline asset filter, adopt and release', () => {
  it('moves an asset between two pipelines, its model and open alert episode with it', async () => {
    const { store, sim } = await plantWithHistory();

    const owned = { a: new Set<string>(), b: new Set<string>() };
    const alerts: Alert[] = [];
    const pipeline = (who: 'a' | 'b') => {
      const bus = new EventBus();
      bus.on('alert', (e) => alerts.push(e.alert));
      return new AnalyticsPipeline({
        metadata: store.metadata,
        readings: store.readings,
        bus,
        windowMs: 10_000,
        startupMs: 60_000,
        log,
        assetFilter: (id) => owned[who].has(id),
      });
    };
    const a = pipeline('a');
    const b = pipeline('b');
    // not owned: init neither trains nor monitors it
    await a.init({ trainFrom: T0 - 3600_000, trainTo: T0 });
    await b.init();
    expect(a.monitored()).toEqual([]);
    expect(await a.models.active(ASSET)).toBeUndefined();

    // a's partition arrives: a trains the asset's first version (through the API in real life) and monitors it
    owned.a.add(ASSET);
    await a.train(ASSET, T0 - 3600_000, T0);
    expect(a.monitored()).toEqual([ASSET]);
    // a bias on the bearing temperature opens an anomaly episode
    sim.injectSensorFault(SENSOR, 'bias', { startAt: T0 + 60_000, offset: 25 });
    sim.backfill(T0, T0 + 300_000, 1000, (r) => a.onReadings(r));
    await a.drain();
    const episode = a.activeAlert(ASSET);
    expect(episode?.state).toBe('open');

    // the partition moves from a to b
    owned.a.delete(ASSET);
    a.release([ASSET]);
    await a.drain();
    expect(a.monitored()).toEqual([]);
    expect(a.activeAlert(ASSET)).toBeUndefined();
    owned.b.add(ASSET);
    expect(await b.adopt([ASSET, 'NO-SUCH-ASSET'])).toEqual([ASSET]);
    expect(b.monitored()).toEqual([ASSET]);
    expect(b.modelVersion(ASSET)).toBe(1);
    expect(b.activeAlert(ASSET)?.id).toBe(episode!.id);
    expect(b.health(ASSET)).toBeDefined();
    // adopting again changes nothing
    expect(await b.adopt([ASSET])).toEqual([]);

    // readings reach only the owner: a ignores them, b goes on with the same episode
    const before = alerts.length;
    sim.backfill(T0 + 300_000, T0 + 420_000, 1000, (r) => {
      a.onReadings(r);
      b.onReadings(r);
    });
    await b.drain();
    const later = alerts.slice(before);
    expect(later.length).toBeGreaterThan(0);
    expect(new Set(later.map((x) => x.id))).toEqual(new Set([episode!.id]));
    expect(a.monitored()).toEqual([]);

    // a version trained by a pipeline that does not own the asset is stored, not monitored there; the owner
    // follows it, its episode still open
    await a.train(ASSET, T0 - 3600_000, T0);
    expect(a.monitored()).toEqual([]);
    expect((await a.models.active(ASSET))?.summary.version).toBe(2);
    expect(b.modelVersion(ASSET)).toBe(1);
    expect(await b.followActiveVersions([ASSET])).toEqual([ASSET]);
    expect(b.modelVersion(ASSET)).toBe(2);
    expect(b.activeAlert(ASSET)?.id).toBe(episode!.id);
    expect(await b.followActiveVersions([ASSET])).toEqual([]);
  });

  it('follows an alert acknowledged or closed through another process, and never saves an update over it', async () => {
    const { store, sim } = await plantWithHistory();
    const worker = new AnalyticsPipeline({
      metadata: store.metadata,
      readings: store.readings,
      bus: new EventBus(),
      windowMs: 10_000,
      startupMs: 60_000,
      log,
      assetFilter: (id) => id === ASSET,
    });
    await worker.init();
    await worker.train(ASSET, T0 - 3600_000, T0);
    sim.injectSensorFault(SENSOR, 'bias', { startAt: T0 + 60_000, offset: 25 });
    sim.backfill(T0, T0 + 300_000, 1000, (r) => worker.onReadings(r));
    await worker.drain();
    const episode = worker.activeAlert(ASSET)!;
    expect(episode.state).toBe('open');

    // An API instance (its own pipeline, monitoring nothing) acknowledges it: the worker's updates keep that.
    const api = new AnalyticsPipeline({
      metadata: store.metadata,
      readings: store.readings,
      bus: new EventBus(),
      windowMs: 10_000,
      log,
      assetFilter: () => false,
    });
    await api.init();
    await api.setAlertState(episode.id, 'acknowledged');
    sim.backfill(T0 + 300_000, T0 + 360_000, 1000, (r) => worker.onReadings(r));
    await worker.drain();
    expect((await store.metadata.getAlert(episode.id))?.state).toBe('acknowledged');
    expect(await worker.followAlertStates([ASSET])).toEqual([]);
    expect(worker.activeAlert(ASSET)?.state).toBe('acknowledged');

    // Closed there: the worker's next update is not written over the close, and its episode ends.
    await api.setAlertState(episode.id, 'closed');
    sim.backfill(T0 + 360_000, T0 + 380_000, 1000, (r) => worker.onReadings(r));
    await worker.drain();
    const stored = await store.metadata.getAlert(episode.id);
    expect(stored?.state).toBe('closed');
    expect(worker.activeAlert(ASSET)?.id).not.toBe(episode.id);
    expect(await worker.followAlertStates([ASSET])).toEqual([]);
  });
});
