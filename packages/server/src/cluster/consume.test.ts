/**
 * The worker's message handler on a real ingest service and store (SQLite in memory): what it acknowledges, what
 * it refuses, and that a failing store is retried, never acknowledged, until the readings are committed.
 */
import { encodeReadingsPayload, type PrognosError, partitionOf, readingsTopic } from '@prognos/core';
import { openSqliteStore, type ReadingStore } from '@prognos/store';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventBus } from '../event-bus';
import { IngestService } from '../ingest-service';
import { readingsHandler } from './consume';

const P = 16;
const ASSET = 'K-7';
const T = Date.UTC(2026, 0, 1);
const log = { info() {}, warn() {}, error() {} };

async function setup(opts: { failAppends?: number } = {}) {
  const store = openSqliteStore({ path: ':memory:' });
  onTestFinished(() => store.close());
  await store.metadata.upsertSite({ id: 's', name: 'Site' });
  await store.metadata.upsertArea({ id: 'a', siteId: 's', name: 'Area' });
  await store.metadata.upsertLine({ id: 'l', areaId: 'a', name: 'Line' });
  await store.metadata.upsertAsset({ id: ASSET, lineId: 'l', name: 'Kiln fan', type: 'fan', criticality: 'B' });
  const sensor = (id: string) =>
    store.metadata.upsertSensor({
      id,
      assetId: ASSET,
      name: id,
      kind: 'temperature',
      unit: 'degC',
      min: 0,
      max: 200,
      sampleRateHz: 1,
    });
  await sensor('K-7.TT');
  // the store fails its first appends (a database outage), then works
  let failures = opts.failAppends ?? 0;
  const readings: ReadingStore = Object.create(store.readings, {
    append: {
      value: (rs: Parameters<ReadingStore['append']>[0]) =>
        failures-- > 0 ? Promise.reject(new Error('connection refused')) : store.readings.append(rs),
    },
  });
  const ingest = new IngestService(readings, store.metadata, new EventBus());
  await ingest.refreshSensors();
  const state = { consuming: true, leaseValid: true, reloads: 0 };
  const outcomes: string[] = [];
  const handle = readingsHandler({
    partitions: P,
    ingest,
    reloadSensors: async () => {
      state.reloads++;
      await ingest.refreshSensors();
    },
    consuming: () => state.consuming,
    leaseValid: () => state.leaseValid,
    counted: (outcome, error?: PrognosError) => outcomes.push(error ? `${outcome}:${error.code}` : outcome),
    log,
  });
  const message = (items: unknown[]) =>
    handle(readingsTopic(ASSET, P), Buffer.from(JSON.stringify(items)), partitionOf(ASSET, P));
  return { store, state, outcomes, handle, message, sensor };
}

describe('readings message handler', () => {
  it('stores the readings before it acknowledges; invalid items are refused one by one', async () => {
    const { store, outcomes, message } = await setup();
    const ack = await message([
      { sensor: 'K-7.TT', ts: T, value: 81.5 },
      { sensor: 'K-7.TT', ts: T + 1000, value: 'hot' },
    ]);
    expect(ack).toBe(true);
    expect(outcomes).toEqual(['stored']);
    expect([...(await store.readings.read('K-7.TT', T, T + 2000)).values]).toEqual([81.5]);
  });

  it('acknowledges and reports malformed messages (they would come back for ever otherwise)', async () => {
    const { outcomes, handle } = await setup();
    const p = partitionOf(ASSET, P);
    expect(await handle(readingsTopic(ASSET, P), Buffer.from('{oops'), p)).toBe(true);
    expect(await handle(`prognos/v1/readings/${(p + 1) % P}/${ASSET}`, Buffer.from('[]'), p)).toBe(true);
    expect(await handle('prognos/v1/readings/x/K-7', Buffer.from(encodeReadingsPayload([])), p)).toBe(true);
    expect(outcomes).toEqual([
      'rejected:CLUSTER_PAYLOAD_INVALID',
      'rejected:CLUSTER_PARTITION_MISMATCH',
      'rejected:CLUSTER_TOPIC_INVALID',
    ]);
  });

  it('retries a failing store and acknowledges only once the readings are committed', async () => {
    const { store, outcomes, message } = await setup({ failAppends: 2 });
    const t0 = Date.now();
    expect(await message([{ sensor: 'K-7.TT', ts: T, value: 1 }])).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300); // two back-offs: 100 + 250 ms
    expect(outcomes).toEqual(['stored']);
    expect([...(await store.readings.read('K-7.TT', T, T + 1)).values]).toEqual([1]);
  });

  it('leaves the message with the broker when the partition is given up while the store is failing', async () => {
    const { store, state, outcomes, message } = await setup({ failAppends: 1_000 });
    setTimeout(() => {
      state.consuming = false;
    }, 300);
    expect(await message([{ sensor: 'K-7.TT', ts: T, value: 1 }])).toBe(false);
    expect(outcomes).toEqual([]);
    expect([...(await store.readings.read('K-7.TT', T, T + 1)).ts]).toEqual([]);
  });

  it('waits for a lease renewal before storing when the last one is too old', async () => {
    const { state, outcomes, message } = await setup();
    state.leaseValid = false;
    setTimeout(() => {
      state.leaseValid = true;
    }, 300);
    const t0 = Date.now();
    expect(await message([{ sensor: 'K-7.TT', ts: T, value: 1 }])).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(outcomes).toEqual(['stored']);
  });

  it('re-reads the sensors when a message names one registered since (at most every 2 s)', async () => {
    const { store, state, message, sensor } = await setup();
    await sensor('K-7.PT');
    expect(await message([{ sensor: 'K-7.PT', ts: T, value: 3 }])).toBe(true);
    expect(state.reloads).toBe(1);
    expect([...(await store.readings.read('K-7.PT', T, T + 1)).values]).toEqual([3]);
    // an unknown sensor right after: no second re-read yet, the item is refused
    expect(await message([{ sensor: 'K-7.XX', ts: T, value: 3 }])).toBe(true);
    expect(state.reloads).toBe(1);
  });
});
