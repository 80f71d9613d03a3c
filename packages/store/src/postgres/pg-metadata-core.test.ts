/**
 * What the shared conformance suite cannot show about the PostgreSQL MetadataStore's core part: versions numbered
 * under real concurrency (several pooled connections), data that outlives the process' pool, jsonb documents and
 * bytea samples that come back exactly as the embedded store returns them. Needs PROGNOS_TEST_PG_URL (skipped
 * without it); each test works in its own schema, dropped afterwards.
 */
import type { Alert, Waveform } from '@prognos/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetadataStore, NewRulModelVersion } from '../ports';
import { openSqliteStore, type SqliteStore } from '../sqlite/open';
import { pgMetadataHarness, url } from './pg-test-harness';

const model = (name: string, createdAt: number, activate: boolean): NewRulModelVersion => ({
  name,
  createdAt,
  createdBy: 'api',
  source: { file: 'train_FD001.txt', engines: 100, cycles: 20631 },
  options: { rounds: 10 },
  metrics: { trainingSeconds: 0.5, regimes: 1 },
  activate,
  state: JSON.stringify({ createdAt }),
});

/** Contributions with awkward values: a tiny and a huge float, -0, NaN (JSON null), unicode and nested keys. */
const alert: Alert = {
  id: 'a1',
  assetId: 'P-101',
  kind: 'anomaly',
  severity: 'critical',
  state: 'open',
  title: 'Vibration high',
  explanation: 'Läuft heiß — 40 % above baseline',
  contributions: [
    {
      sensor: 'S1',
      name: 'Vib "DE"',
      unit: 'mm/s',
      share: 1 / 3,
      value: 5e-324,
      expected: 1.7976931348623157e308,
      low: 0,
      high: 1,
    },
    { sensor: 'S2', name: 'Temp °C', unit: '°C', share: 2 / 3, value: -0, expected: Number.NaN, low: 1e-7, high: 1e21 },
  ],
  score: 2.5,
  peakScore: 3.25,
  startedAt: 1_700_000_000_000.5,
  updatedAt: 1_700_000_060_000,
  similar: [
    {
      alertId: 'old',
      assetId: 'P-102',
      assetName: 'Pump 102',
      startedAt: 1_600_000_000_000,
      peakScore: 2,
      similarity: 0.9137,
      outcome: 'bearing replaced',
    },
  ],
};

/** Samples whose bits matter: signed zero, subnormals, extremes, NaN and infinities. */
function awkwardSamples(): Float32Array {
  const v = new Float32Array(4096);
  for (let i = 0; i < v.length; i++) v[i] = Math.sin(i / 7) * 3.3;
  v.set([-0, 1.4e-45, -1.17549435e-38, 3.4028234663852886e38, Number.NaN, Number.POSITIVE_INFINITY], 10);
  return v;
}

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe.skipIf(!url)('PostgreSQL metadata store: core part', () => {
  let h: Awaited<ReturnType<typeof pgMetadataHarness>>;
  let store: MetadataStore;
  let sqlite: SqliteStore;
  beforeEach(async () => {
    h = await pgMetadataHarness();
    store = h.store;
    sqlite = openSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await sqlite.close();
    await h.cleanup();
  });

  it('gives concurrent saves of one RUL model distinct, consecutive versions and one active version', async () => {
    const saved = await Promise.all(
      Array.from({ length: 12 }, (_, i) => store.saveRulModel(model('turbofan', 1000 + i, i % 3 === 0))),
    );
    expect(saved.map((v) => v.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const versions = await store.listRulModelVersions('turbofan');
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 12 }, (_, i) => 12 - i));
    // the last activating save to commit holds the only active version
    expect(versions.filter((v) => v.active)).toHaveLength(1);
    // concurrent activations of different versions also leave exactly one active
    await Promise.all([2, 5, 7, 11].map((v) => store.activateRulModel('turbofan', v)));
    const active = (await store.listRulModelVersions('turbofan')).filter((v) => v.active);
    expect(active).toHaveLength(1);
    expect((await store.getRulModel('turbofan'))?.summary).toEqual(active[0]);
    expect((await store.listRulModels())[0]).toEqual({ name: 'turbofan', versions: 12, active: active[0] });
  });

  it('keeps every kind of core data across reopen', async () => {
    await store.upsertSite({ id: 'S', name: 'Plant', timezone: 'Europe/Berlin' });
    await store.upsertAsset({ id: 'P-101', lineId: 'L1', name: 'Pump', type: 'centrifugal_pump', criticality: 'A' });
    await store.saveAlert(alert);
    await store.saveHealth({ assetId: 'P-101', ts: 5000, health: 55, score: 1.2, status: 'watch', contributions: [] });
    const v1 = await store.saveRulModel(model('pump', 1000, true));
    await store.saveWaveform({
      id: 'w1',
      sensorId: 'S1',
      ts: 7000,
      sampleRateHz: 12000,
      unit: 'g',
      meta: {},
      values: awkwardSamples(),
      samples: 4096,
    });
    await store.setSetting('baseline', '{"mean":1}');

    store = await h.reopen();
    expect(await store.listSites()).toEqual([{ id: 'S', name: 'Plant', timezone: 'Europe/Berlin' }]);
    expect((await store.getAsset('P-101'))?.name).toBe('Pump');
    expect(await store.getAlert('a1')).toEqual(JSON.parse(JSON.stringify(alert)));
    expect((await store.latestHealth()).map((x) => [x.assetId, x.ts, x.status])).toEqual([['P-101', 5000, 'watch']]);
    expect((await store.getRulModel('pump'))?.summary).toEqual(v1);
    expect(bytesOf((await store.getWaveform('w1'))!.values!)).toEqual(bytesOf(awkwardSamples()));
    expect(await store.getSetting('baseline')).toBe('{"mean":1}');
    expect((await store.saveRulModel(model('pump', 2000, false))).version).toBe(2);
  });

  it('returns alert contributions from jsonb exactly as the embedded store does', async () => {
    await store.saveAlert(alert);
    await sqlite.metadata.saveAlert(alert);
    const back = await store.getAlert('a1');
    expect(back).toEqual(await sqlite.metadata.getAlert('a1'));
    // what JSON keeps: -0 becomes 0, NaN becomes null; the float extremes and the unicode survive
    expect(back!.contributions[0]!.value).toBe(5e-324);
    expect(back!.contributions[0]!.expected).toBe(1.7976931348623157e308);
    expect(back!.contributions[1]!.expected).toBeNull();
    expect(back!.contributions[1]!.high).toBe(1e21);
    expect(back!.contributions[1]!.name).toBe('Temp °C');
    expect(back!.startedAt).toBe(1_700_000_000_000.5);
    // the same for the latest health, which keeps its contributions too
    const health = {
      assetId: 'P-101',
      ts: 1,
      health: Number.NaN,
      score: 0,
      status: 'unknown' as const,
      contributions: alert.contributions,
    };
    await store.saveHealth(health);
    await sqlite.metadata.saveHealth(health);
    expect(await store.latestHealth()).toEqual(await sqlite.metadata.latestHealth());
  });

  it('keeps waveform samples bit-exact: Float32 as given, Float64 rounded to Float32 like the embedded store', async () => {
    const f32 = awkwardSamples();
    const f64 = Float64Array.from({ length: 1000 }, (_, i) => Math.PI * i * 1e-3 + 1e-12);
    const snapshot = (id: string, values: ArrayLike<number>): Waveform => ({
      id,
      sensorId: 'S1',
      ts: 1000,
      sampleRateHz: 25600,
      unit: 'g',
      meta: { shaftHz: 29.95 },
      // the port's type is Float32Array; a caller with Float64 samples gets them stored as Float32
      values: values as Float32Array,
      samples: values.length,
    });
    for (const w of [snapshot('f32', f32), snapshot('f64', f64)]) {
      await store.saveWaveform(w);
      await sqlite.metadata.saveWaveform(w);
    }
    const a = await store.getWaveform('f32');
    expect(a!.values).toBeInstanceOf(Float32Array);
    expect(a!.samples).toBe(4096);
    expect(bytesOf(a!.values!)).toEqual(bytesOf(f32));
    expect(Object.is(a!.values![10], -0)).toBe(true);

    const b = await store.getWaveform('f64');
    expect(bytesOf(b!.values!)).toEqual(bytesOf(Float32Array.from(f64)));
    expect(bytesOf(b!.values!)).toEqual(bytesOf((await sqlite.metadata.getWaveform('f64'))!.values!));
    const { values: _pv, ...pgMeta } = b!;
    const { values: _sv, ...sqliteMeta } = (await sqlite.metadata.getWaveform('f64'))!;
    expect(pgMeta).toEqual(sqliteMeta);
    expect(await store.listWaveforms('S1')).toEqual(await sqlite.metadata.listWaveforms('S1'));
  });

  it('rejects calls after close with the embedded store’s error', async () => {
    const pgClosed = await h.reopen();
    await pgClosed.close();
    await sqlite.metadata.close();
    const sqliteError = await sqlite.metadata.listAssets().catch((e: Error) => e.message);
    expect(sqliteError).toBe('metadata store is closed');
    await expect(pgClosed.listAssets()).rejects.toThrow(sqliteError);
    await expect(pgClosed.saveRulModel(model('x', 1, true))).rejects.toThrow(sqliteError);
    await expect(pgClosed.activateRulModel('x', 1)).rejects.toThrow(sqliteError);
  });
});
