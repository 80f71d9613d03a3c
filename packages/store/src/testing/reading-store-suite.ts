/**
 * The ReadingStore conformance suite: every implementation (sqlite/, later postgres/) runs the same cases
 * (hono's router/common.case.test.ts pattern). Expected results come from an in-test model (a Map per sensor,
 * last write wins), never from the store under test.
 *
 * Downsample contract checked here: buckets start at multiples of bucketMs since the epoch; the tier is
 * 'rollup-chunk' when the requested width ceil((to - from) / buckets) is at least one chunk window,
 * 'rollup-minute' from one minute up, 'raw' below; rollup tiers round the width up to whole windows / minutes.
 */
import { type Reading, Rng } from '@prognos/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReadingStore, Series } from '../ports';

export interface ReadingStoreHarness {
  store: ReadingStore;
  /** Closes the current store and opens a new one on the same data. */
  reopen(): Promise<ReadingStore>;
  /** Closes whatever is open and removes the data. */
  cleanup(): Promise<void>;
  /** The chunk window the store was opened with (the rollup tiers depend on it). */
  chunkWindowMs: number;
}

const T0 = Date.UTC(2024, 2, 1);
const MIN = 60_000;

/** Expected store contents: sensor → ts → reading, last write wins. */
class Model {
  readonly data = new Map<string, Map<number, Reading>>();
  add(rs: readonly Reading[]): void {
    for (const r of rs) {
      let m = this.data.get(r.sensor);
      if (!m) {
        m = new Map();
        this.data.set(r.sensor, m);
      }
      m.set(r.ts, r);
    }
  }
  series(sensor: string, from = -Infinity, to = Infinity): Reading[] {
    return [...(this.data.get(sensor)?.values() ?? [])]
      .filter((r) => r.ts >= from && r.ts < to)
      .sort((a, b) => a.ts - b.ts);
  }
}

function regular(
  sensor: string,
  start: number,
  count: number,
  stepMs: number,
  value: (i: number) => number,
): Reading[] {
  return Array.from({ length: count }, (_, i) => ({ sensor, ts: start + i * stepMs, value: value(i), quality: 0 }));
}

/** Bit-exact comparison (distinguishes -0 from 0) with a readable failure. */
function expectSeries(got: Series, want: Reading[]): void {
  expect(got.ts.length).toBe(want.length);
  expect(Array.from(got.ts)).toEqual(want.map((r) => r.ts));
  expect(Array.from(got.quality)).toEqual(want.map((r) => r.quality));
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got.values[i], want[i]!.value)) {
      throw new Error(`value ${i} at ts ${want[i]!.ts}: got ${got.values[i]} want ${want[i]!.value}`);
    }
  }
}

function bruteForce(rs: Reading[], bucketMs: number) {
  const b = new Map<number, { min: number; max: number; sum: number; count: number }>();
  for (const r of rs) {
    const k = Math.floor(r.ts / bucketMs) * bucketMs;
    const e = b.get(k) ?? { min: Infinity, max: -Infinity, sum: 0, count: 0 };
    e.min = Math.min(e.min, r.value);
    e.max = Math.max(e.max, r.value);
    e.sum += r.value;
    e.count++;
    b.set(k, e);
  }
  return [...b.entries()].sort((x, y) => x[0] - y[0]);
}

export function expectedTier(from: number, to: number, buckets: number, windowMs: number) {
  const width = Math.max(1, Math.ceil((to - from) / buckets));
  if (width >= windowMs) return 'rollup-chunk';
  if (width >= MIN) return 'rollup-minute';
  return 'raw';
}

async function checkDownsample(
  store: ReadingStore,
  model: Model,
  sensor: string,
  from: number,
  to: number,
  n: number,
  windowMs: number,
) {
  const got = await store.downsample(sensor, from, to, n);
  const tier = expectedTier(from, to, n, windowMs);
  expect(got.source).toBe(tier);
  if (tier === 'rollup-chunk') expect(got.bucketMs % windowMs).toBe(0);
  if (tier === 'rollup-minute') expect(got.bucketMs % MIN).toBe(0);
  expect(got.bucketMs).toBeGreaterThanOrEqual(Math.ceil((to - from) / n));
  const want = bruteForce(model.series(sensor, from, to), got.bucketMs);
  expect(got.ts).toEqual(want.map((w) => w[0]));
  expect(got.count).toEqual(want.map((w) => w[1].count));
  expect(got.min).toEqual(want.map((w) => w[1].min));
  expect(got.max).toEqual(want.map((w) => w[1].max));
  got.avg.forEach((a, i) => {
    const e = want[i]![1].sum / want[i]![1].count;
    expect(Math.abs(a - e)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
  });
  return got;
}

export function readingStoreConformance(name: string, factory: () => Promise<ReadingStoreHarness>): void {
  describe(`ReadingStore conformance: ${name}`, () => {
    let h: ReadingStoreHarness;
    let store: ReadingStore;
    let W: number;
    beforeEach(async () => {
      h = await factory();
      store = h.store;
      W = h.chunkWindowMs;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('round-trips readings before and after sealing, bit-exact', async () => {
      const model = new Model();
      const rng = new Rng('round-trip');
      const a = regular('A', T0, 3 * 3600, 1000, () => Math.round(rng.range(0, 100) * 100) / 100);
      const b = regular('B', T0 + 500, 2000, 2000, () => rng.normal() * 1e-3);
      for (let i = 0; i < a.length; i += 1000) {
        const batch = [...a.slice(i, i + 1000), ...b.slice(i / 2, i / 2 + 500)];
        expect((await store.append(batch)).stored).toBe(batch.length);
        model.add(batch);
      }
      expectSeries(await store.read('A', -Infinity, Infinity), model.series('A'));
      expectSeries(await store.read('B', -Infinity, Infinity), model.series('B'));
      await store.flush();
      const stats = await store.stats();
      expect(stats.headReadings).toBe(0);
      expect(stats.sealedReadings).toBe(model.series('A').length + model.series('B').length);
      expect(stats.series).toBe(2);
      expect(stats.bytesOnDisk).toBeGreaterThan(0);
      expectSeries(await store.read('A', -Infinity, Infinity), model.series('A'));
      expectSeries(await store.read('B', T0, T0 + 1800_000), model.series('B', T0, T0 + 1800_000));
    });

    it('treats a re-sent reading as the same reading (last write wins), in the head and once sealed', async () => {
      const model = new Model();
      const first = regular('S', T0, 600, 1000, (i) => i);
      await store.append(first);
      model.add(first);
      const again = regular('S', T0 + 100_000, 100, 1000, (i) => -i - 0.5);
      const res = await store.append([...again, ...again.slice(0, 10).map((r) => ({ ...r, value: 42 }))]);
      expect(res.stored).toBe(100); // duplicates inside one batch count once
      model.add(again);
      model.add(again.slice(0, 10).map((r) => ({ ...r, value: 42 })));
      expectSeries(await store.read('S', -Infinity, Infinity), model.series('S'));
      await store.flush();
      const third = regular('S', T0 + 200_000, 50, 1000, () => 7).map((r) => ({ ...r, quality: 0x81 }));
      await store.append(third);
      model.add(third);
      expectSeries(await store.read('S', -Infinity, Infinity), model.series('S'));
      await store.flush();
      expectSeries(await store.read('S', -Infinity, Infinity), model.series('S'));
      expect((await store.stats()).sealedReadings).toBe(600);
    });

    it('accepts out-of-order batches and late data into a sealed window', async () => {
      const model = new Model();
      const rng = new Rng('late');
      const rs = regular('L', T0, 3 * Math.ceil(W / 1000), 1000, (i) => i / 10);
      const shuffled = [...rs];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      await store.append(shuffled);
      model.add(rs);
      await store.flush();
      expect((await store.stats()).chunks).toBeGreaterThanOrEqual(1);
      // Late data: new timestamps between existing ones and corrections of existing ones, in the first window.
      const late = [...regular('L', T0 + 500, 20, 1000, () => -1), ...regular('L', T0 + 10_000, 5, 1000, () => 99.9)];
      await store.append(late);
      model.add(late);
      expectSeries(await store.read('L', -Infinity, Infinity), model.series('L'));
      await checkDownsample(store, model, 'L', T0, T0 + 3 * W, (3 * W) / MIN, W);
      await store.flush();
      expectSeries(await store.read('L', -Infinity, Infinity), model.series('L'));
      await checkDownsample(store, model, 'L', T0, T0 + 3 * W, (3 * W) / MIN, W);
    });

    it('reads the half-open range [from, to) across window edges', async () => {
      const model = new Model();
      const rs = regular('R', T0, 2 * Math.ceil(W / 1000) + 10, 1000, (i) => i);
      await store.append(rs);
      model.add(rs);
      for (const flush of [false, true]) {
        if (flush) await store.flush();
        for (const [from, to] of [
          [T0, T0 + W],
          [T0 + W - 1000, T0 + W + 1000],
          [T0 + 1, T0 + 1000],
          [T0 + 5000, T0 + 5000],
          [T0 + 5000, T0 + 4000],
          [T0 - 10 * W, T0],
          [T0 + 1500, T0 + 2 * W + 1],
        ] as const) {
          expectSeries(await store.read('R', from, to), model.series('R', from, to));
        }
      }
      expectSeries(await store.read('nobody', -Infinity, Infinity), []);
    });

    it('keeps the latest `limit` readings', async () => {
      const model = new Model();
      const rs = regular('M', T0, 3 * Math.ceil(W / 1000), 1000, (i) => i);
      await store.append(rs.slice(0, rs.length - 100));
      await store.flush();
      await store.append(rs.slice(rs.length - 100));
      model.add(rs);
      const all = model.series('M');
      expectSeries(await store.read('M', -Infinity, Infinity, 5), all.slice(-5));
      expectSeries(await store.read('M', -Infinity, Infinity, 150), all.slice(-150));
      expectSeries(
        await store.read('M', T0, T0 + W + 3000, W / 1000 + 1),
        model.series('M', T0, T0 + W + 3000).slice(-(W / 1000 + 1)),
      );
      expectSeries(await store.read('M', -Infinity, Infinity, 10 * all.length), all);
      expectSeries(await store.read('M', -Infinity, Infinity, 0), []);
    });

    it('downsamples like a brute-force computation in all three tiers', async () => {
      const model = new Model();
      const rng = new Rng('downsample');
      const span = 40 * W;
      const step = 7000;
      const decimal = regular(
        'D',
        T0,
        span / step,
        step,
        (i) => Math.round((20 + 5 * Math.sin(i / 50) + rng.normal()) * 100) / 100,
      );
      const floats = regular('F', T0, span / step, step, () => rng.normal() * Math.PI);
      for (let i = 0; i < decimal.length; i += 2000) {
        const batch = [...decimal.slice(i, i + 2000), ...floats.slice(i, i + 2000)];
        await store.append(batch);
        model.add(batch);
      }
      await store.flush();
      // Unsealed data on top: new readings in a fresh window and re-sent ones over a sealed window.
      const extra = [
        ...regular('D', T0 + span, 300, 1000, (i) => i / 100),
        ...regular('D', T0 + 5 * W, 50, step, () => 1234.5),
      ];
      await store.append(extra);
      model.add(extra);
      const end = T0 + span + W;
      for (const sensor of ['D', 'F']) {
        const chunk = await checkDownsample(store, model, sensor, T0, end, 10, W);
        expect(chunk.source).toBe('rollup-chunk');
        await checkDownsample(store, model, sensor, T0 + 12_345, end - 54_321, 7, W);
        const minute = await checkDownsample(store, model, sensor, T0, end, Math.floor((end - T0) / (2 * MIN)), W);
        expect(minute.source).toBe('rollup-minute');
        await checkDownsample(
          store,
          model,
          sensor,
          T0 + 12_345,
          T0 + 20 * W + 999,
          Math.floor((20 * W) / (3 * MIN)),
          W,
        );
        const raw = await checkDownsample(store, model, sensor, T0 + W / 2, T0 + 2 * W, 200, W);
        expect(raw.source).toBe('raw');
        await checkDownsample(store, model, sensor, T0 + span - 30_000, T0 + span + 200_000, 13, W);
      }
      const unbounded = await store.downsample('D', -Infinity, Infinity, 10);
      expect(unbounded.count.reduce((a, b) => a + b, 0)).toBe(model.series('D').length);
      const none = await store.downsample('nobody', T0, end, 10);
      expect(none.ts).toEqual([]);
    });

    it('answers latest() per sensor and ignores older late data', async () => {
      await store.append([
        { sensor: 'X', ts: T0 + 5000, value: 5, quality: 0 },
        { sensor: 'Y', ts: T0 + 1000, value: 1, quality: 0x40 },
        { sensor: 'X', ts: T0 + 4000, value: 4, quality: 0 },
      ]);
      await store.append([{ sensor: 'X', ts: T0 + 2000, value: 2, quality: 0 }]);
      let latest = await store.latest(['X', 'Y', 'Z']);
      expect([...latest.keys()].sort()).toEqual(['X', 'Y']);
      expect(latest.get('X')).toEqual({ sensor: 'X', ts: T0 + 5000, value: 5, quality: 0 });
      expect(latest.get('Y')).toEqual({ sensor: 'Y', ts: T0 + 1000, value: 1, quality: 0x40 });
      await store.append([{ sensor: 'X', ts: T0 + 5000, value: 50, quality: 0 }]);
      latest = await store.latest(['X']);
      expect(latest.get('X')?.value).toBe(50);
      store = await h.reopen();
      latest = await store.latest(['X', 'Y']);
      expect(latest.get('X')).toEqual({ sensor: 'X', ts: T0 + 5000, value: 50, quality: 0 });
      expect(latest.get('Y')?.quality).toBe(0x40);
      await store.append([{ sensor: 'X', ts: T0 + 1000, value: -1, quality: 0 }]);
      expect((await store.latest(['X'])).get('X')?.ts).toBe(T0 + 5000);
    });

    it('handles many sensors in one batch', async () => {
      const model = new Model();
      const batch: Reading[] = [];
      for (let t = 0; t < 20; t++) {
        for (let s = 0; s < 500; s++)
          batch.push({ sensor: `P-${s}.T`, ts: T0 + t * 1000, value: s + t / 10, quality: 0 });
      }
      expect((await store.append(batch)).stored).toBe(batch.length);
      model.add(batch);
      expect((await store.stats()).series).toBe(500);
      for (const s of [0, 17, 499])
        expectSeries(await store.read(`P-${s}.T`, -Infinity, Infinity), model.series(`P-${s}.T`));
      const latest = await store.latest(batch.slice(0, 500).map((r) => r.sensor));
      expect(latest.size).toBe(500);
      expect(latest.get('P-17.T')?.value).toBe(17 + 19 / 10);
    });

    it('preserves quality bytes and codec edge values', async () => {
      const model = new Model();
      const edge = [
        0,
        -0,
        5e-324,
        -5e-324,
        Number.MIN_VALUE,
        Number.MAX_VALUE,
        -Number.MAX_VALUE,
        0.1 + 0.2,
        1e-300,
        1e300,
        123456789.123,
        2 ** 53 - 1,
        -(2 ** 53),
        1 / 3,
        Math.PI,
        0.001,
        1e9 + 0.5,
      ];
      const rs = edge.map((value, i) => ({ sensor: 'E', ts: T0 + i * 1000, value, quality: (i * 37) & 0xff }));
      // A second window with only decimal values but one -0 (must not come back as +0).
      const dec = regular('E', T0 + W, 100, 1000, (i) => (i === 50 ? -0 : i / 100)).map((r, i) => ({
        ...r,
        quality: i % 3 === 0 ? 0x85 : 0,
      }));
      // Fractional and irregular timestamps.
      const frac = [0.5, 1.25, 7, 1000.125, 99_999.75].map((d, i) => ({
        sensor: 'G',
        ts: T0 + d,
        value: i,
        quality: 0xc7,
      }));
      const all = [...rs, ...dec, ...frac];
      await store.append(all);
      model.add(all);
      for (const flush of [false, true]) {
        if (flush) await store.flush();
        expectSeries(await store.read('E', -Infinity, Infinity), model.series('E'));
        expectSeries(await store.read('G', -Infinity, Infinity), model.series('G'));
      }
    });

    it('persists across close and reopen, sealed or not', async () => {
      const model = new Model();
      const sealed = regular('P', T0, 2 * Math.ceil(W / 1000), 1000, (i) => i / 4);
      await store.append(sealed);
      await store.flush();
      const open = regular('P', T0 + 2 * W, 30, 1000, (i) => -i).concat(regular('Q', T0, 10, 1000, (i) => i));
      await store.append(open);
      model.add(sealed);
      model.add(open);
      store = await h.reopen();
      expectSeries(await store.read('P', -Infinity, Infinity), model.series('P'));
      expectSeries(await store.read('Q', -Infinity, Infinity), model.series('Q'));
      const more = regular('P', T0 + 3 * W, 10, 1000, () => 3);
      await store.append(more);
      model.add(more);
      await store.flush();
      store = await h.reopen();
      expectSeries(await store.read('P', -Infinity, Infinity), model.series('P'));
      expect((await store.stats()).headReadings).toBe(0);
      expect((await store.latest(['P'])).get('P')?.ts).toBe(T0 + 3 * W + 9000);
    });

    it('applies retention: windows wholly before the cut-off go, readings from the cut-off on stay', async () => {
      // P: three full windows sealed, plus readings in the fourth left unsealed; Q: only old, unsealed readings.
      const p = regular('P', T0, 3 * Math.ceil(W / 1000), 1000, (i) => i);
      await store.append(p);
      await store.flush();
      const open = regular('P', T0 + 3 * W, 20, 1000, (i) => -i);
      await store.append(open);
      await store.append(regular('Q', T0, 5, 1000, (i) => i));
      const cut = T0 + 2 * W; // the first two windows end at or before the cut-off
      const r = await store.applyRetention(cut);
      expect(r.deletedChunks).toBeGreaterThanOrEqual(2);
      expect(r.deletedHeadReadings).toBe(5);
      const kept = [...p, ...open].filter((x) => x.ts >= cut);
      expectSeries(await store.read('P', cut, Infinity), kept);
      expect((await store.read('P', -Infinity, T0 + W)).ts.length).toBe(0);
      expect((await store.read('Q', -Infinity, Infinity)).ts.length).toBe(0);
      expect((await store.latest(['P'])).get('P')?.ts).toBe(T0 + 3 * W + 19_000);
      expect((await store.downsample('P', T0, T0 + W, 10)).count.reduce((a, b) => a + b, 0)).toBe(0);
      store = await h.reopen();
      expectSeries(await store.read('P', cut, Infinity), kept);
      expect((await store.read('P', -Infinity, T0 + W)).ts.length).toBe(0);
      // nothing older than the cut-off is left to delete; the data after it is untouched by a second run
      expect(await store.applyRetention(cut)).toMatchObject({ deletedChunks: 0, deletedHeadReadings: 0 });
      await expect(store.applyRetention(Number.NaN)).rejects.toThrow(/finite/);
    });
  });
}
