import { makeQuality, QualityReason, type Reading, Rng } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { alignSeries, type SeriesLike } from '../features/windowing';
import { trainAssetModel } from '../model/train-asset-model';
import { PUMP, PUMP_SENSORS, pumpReadings, toSeries } from '../testing/synthetic';
import { type AnomalyPoint, anomalyView, anomalyWarmupMs, MAX_ANOMALY_POINTS } from './anomaly-view';
import { AssetMonitor } from './asset-monitor';

const H = 3_600_000;
const T0 = Date.UTC(2024, 4, 1);
const model = trainAssetModel(
  PUMP,
  PUMP_SENSORS,
  toSeries(pumpReadings(new Rng('baseline'), { from: T0, durationMs: 24 * H, stops: [[T0 + 5 * H, T0 + 6 * H]] })),
);
const W = model.windowMs;
const LIVE = T0 + 24 * H;
const STOP: [number, number] = [LIVE + 2 * H, LIVE + 3 * H];
const FAILED: [number, number] = [LIVE + 4 * H, LIVE + 5 * H];
const VIB = 'P-101.VIB-DE';
const bad = makeQuality('bad', QualityReason.SENSOR_FAILURE);
/** Six hours with a one-hour stop, and an hour in which the vibration transmitter failed (flagged bad). */
const LIVE_READINGS = pumpReadings(new Rng('live'), { from: LIVE, durationMs: 6 * H, stops: [STOP] }).map((r) =>
  r.sensor === VIB && r.ts >= FAILED[0] && r.ts < FAILED[1] ? { ...r, value: 99, quality: bad } : r,
);
const SERIES = toSeries(LIVE_READINGS);
const full = (series: ReadonlyMap<string, SeriesLike>, from = LIVE, to = LIVE + 6 * H) =>
  anomalyView(model, series, { from, to, maxPoints: MAX_ANOMALY_POINTS });
const without = (series: ReadonlyMap<string, SeriesLike>, ...ids: string[]) =>
  new Map([...series].filter(([id]) => !ids.includes(id)));

describe('anomalyView', () => {
  it('scores exactly the windows the live monitor scores, with the same scores (stop, start-up, failed sensor)', () => {
    const mon = new AssetMonitor({ asset: PUMP, sensors: PUMP_SENSORS, model });
    const events = [...mon.ingest(LIVE_READINGS), ...mon.advanceTo(LIVE + 6 * H + W)];
    const scored = new Map<number, number>();
    for (const e of events) if (e.type === 'health' && e.running) scored.set(e.health.ts - W, e.health.score);
    expect(mon.counters.imputed).toBeGreaterThan(50);

    const view = full(SERIES);
    expect(view.windowMs).toBe(W);
    const running = view.points.filter((p) => p.running);
    expect(running.map((p) => p.t)).toEqual([...scored.keys()]);
    for (const p of running) expect(p.score).toBeCloseTo(scored.get(p.t)!, 12);
    // the stop and the start-up grace after it are greyed: not running, score 0, no bands
    const idle = view.points.filter((p) => !p.running);
    expect(idle).toHaveLength((STOP[1] - STOP[0]) / W + model.startupWindows);
    for (const p of idle) {
      expect(p.t).toBeGreaterThanOrEqual(STOP[0]);
      expect(p.t).toBeLessThan(STOP[1] + (model.startupWindows + 1) * W);
      expect(p).toMatchObject({ score: 0, bands: [] });
    }
    // the failed transmitter's hour: its band is its reconstruction from the other sensors, marked as such
    // (its last value is carried forward for fillLimit windows first, as in the monitor)
    const failed = running.filter((p) => p.t >= FAILED[0] + (model.fillLimit + 1) * W && p.t < FAILED[1] - W);
    expect(failed.length).toBeGreaterThan(50);
    for (const p of failed) {
      const vib = p.bands.find((b) => b.sensor === VIB)!;
      expect(vib.imputed).toBe(true);
      expect(vib.value).toBeCloseTo(vib.expected, 9);
      expect(p.bands.filter((b) => b.imputed)).toHaveLength(1);
    }
  });

  it('gives every running window a band per model sensor, and a drift shows above its band and the threshold', () => {
    const driftFrom = LIVE + 2 * H;
    const drift = toSeries(
      pumpReadings(new Rng('drift'), {
        from: LIVE,
        durationMs: 6 * H,
        fault: { sensor: VIB, delta: (ts) => Math.max(0, (ts - driftFrom) / H) * 0.4 },
      }),
    );
    const { points } = full(drift);
    expect(points).toHaveLength(360);
    for (const p of points) {
      expect(p.running).toBe(true);
      expect(p.bands.map((b) => b.sensor)).toEqual(model.sensors.map((s) => s.id));
      for (const b of p.bands) {
        expect(Number.isFinite(b.value)).toBe(true);
        expect(b.low).toBeLessThanOrEqual(b.expected);
        expect(b.expected).toBeLessThanOrEqual(b.high);
      }
    }
    const before = points.filter((p) => p.t < driftFrom);
    expect(before.filter((p) => p.score > 1).length).toBeLessThan(0.05 * before.length);
    const lastHour = points.filter((p) => p.t >= LIVE + 5 * H);
    for (const p of lastHour) {
      expect(p.score).toBeGreaterThan(1);
      const vib = p.bands.find((b) => b.sensor === VIB)!;
      expect(vib.value).toBeGreaterThan(vib.high);
    }
  });

  it('reads a warm-up before `from` so that the first windows are classified as the monitor did', () => {
    const from = STOP[1] + 10 * 60_000; // inside the start-up grace after the stop
    const warm = full(SERIES, from);
    expect(warm.points[0]).toMatchObject({ t: from, running: false });
    const graceEnd = STOP[1] + model.startupWindows * W;
    expect(warm.points.filter((p) => !p.running).at(-1)!.t).toBe(graceEnd - W);
    // the same window without history before `from` cannot know the machine just started
    const cut = new Map([...SERIES].map(([id, s]) => [id, slice(s, from, Number.POSITIVE_INFINITY)]));
    expect(full(cut, from).points[0]).toMatchObject({ t: from, running: true });
    // the warm-up the route reads is enough: the view from a series starting there equals the full one
    const enough = new Map(
      [...SERIES].map(([id, s]) => [id, slice(s, from - anomalyWarmupMs(model), Number.POSITIVE_INFINITY)]),
    );
    expect(full(enough, from)).toEqual(warm);
  });

  it('still scores with one sensor missing (reconstructed), not with more than a quarter missing', () => {
    const noTemp = full(without(SERIES, 'P-101.TEMP-DE'), LIVE, LIVE + 2 * H).points;
    expect(noTemp).toHaveLength(120);
    for (const p of noTemp) {
      expect(Number.isFinite(p.score)).toBe(true);
      expect(p.bands.find((b) => b.sensor === 'P-101.TEMP-DE')!.imputed).toBe(true);
    }
    expect(full(without(SERIES, 'P-101.TEMP-DE', 'P-101.FLOW'), LIVE, LIVE + 2 * H).points).toEqual([]);
  });

  it('returns no points for an empty or inverted range, or no readings', () => {
    expect(full(SERIES, LIVE + H, LIVE + H).points).toEqual([]);
    expect(full(SERIES, LIVE + 2 * H, LIVE + H).points).toEqual([]);
    expect(full(SERIES, LIVE - 5 * H, LIVE - H).points).toEqual([]);
    expect(full(new Map()).points).toEqual([]);
    expect(anomalyView(model, SERIES, { from: LIVE, to: LIVE + H }).windowMs).toBe(W);
  });

  it('ignores NaN values and flagged readings like the monitor does', () => {
    const two = (r: Reading, i: number) => r.sensor === VIB && i % 3 === 0;
    const clean = pumpReadings(new Rng('nan'), { from: LIVE, durationMs: H });
    const withNaN = clean.map((r, i) => (two(r, i) ? { ...r, value: Number.NaN } : r));
    const withFlags = clean.map((r, i) => (two(r, i) ? { ...r, value: 1e6, quality: bad } : r));
    const removed = clean.filter((r, i) => !two(r, i));
    const expected = full(toSeries(removed), LIVE, LIVE + H);
    expect(expected.points).toHaveLength(60);
    expect(full(toSeries(withNaN), LIVE, LIVE + H)).toEqual(expected);
    expect(full(toSeries(withFlags), LIVE, LIVE + H)).toEqual(expected);
    for (const p of expected.points) for (const b of p.bands) expect(Number.isFinite(b.value)).toBe(true);
  });

  it('builds rows on the model grid like training does, also for irregular and slow sampling', () => {
    const rng = new Rng('irregular');
    const regular = pumpReadings(rng, { from: LIVE, durationMs: 2 * H, periodMs: 5_000 });
    // random gaps (about one reading in three kept), and the temperature only every ~150 s (forward-filled)
    const irregular = regular.filter((r) =>
      r.sensor === 'P-101.TEMP-DE' ? r.ts % 150_000 < 5_000 + 2_000 : rng.next() < 0.35,
    );
    const series = toSeries(irregular);
    const ids = model.sensors.map((s) => s.id);
    const aligned = alignSeries(series, ids, { windowMs: W, fillLimit: model.fillLimit });
    const { points } = full(series, LIVE, LIVE + 2 * H);
    const byT = new Map(points.map((p) => [p.t, p]));
    expect(aligned.start.length).toBeGreaterThan(100);
    aligned.start.forEach((t, i) => {
      const p = byT.get(t)!;
      expect(p.running).toBe(true);
      expect(p.bands.map((b) => b.value)).toEqual(Array.from(aligned.rows[i]));
      expect(p.bands.some((b) => b.imputed)).toBe(false);
    });
    // windows the training grid drops (a sensor silent past the fill limit) are reconstructed or left out
    for (const p of points) if (!aligned.start.includes(p.t)) expect(p.bands.filter((b) => b.imputed)).toHaveLength(1);
    for (let i = 1; i < points.length; i++) expect((points[i].t - points[i - 1].t) % W).toBe(0);
  });

  it('merges consecutive windows evenly down to maxPoints, keeping the highest score and its bands', () => {
    const fine = full(SERIES).points;
    expect(fine).toHaveLength(360);
    const coarse = anomalyView(model, SERIES, { from: LIVE, to: LIVE + 6 * H, maxPoints: 50 }).points;
    const k = Math.ceil(360 / 50);
    expect(coarse).toHaveLength(Math.ceil(360 / k));
    coarse.forEach((p, b) => {
      expect(p.t).toBe(LIVE + b * k * W);
      const group = fine.filter((f) => f.t >= p.t && f.t < p.t + k * W);
      const runs = group.filter((f) => f.running);
      expect(p.running).toBe(runs.length > 0);
      const top = runs.reduce<AnomalyPoint | undefined>((a, f) => (a && a.score >= f.score ? a : f), undefined);
      expect(p.score).toBe(top?.score ?? 0);
      expect(p.bands).toEqual(top?.bands ?? []);
    });
    // the default is 500 points; asking for more than the cap gets the cap
    expect(anomalyView(model, SERIES, { from: LIVE, to: LIVE + 6 * H }).points).toEqual(fine);
    const wide = { from: LIVE + 6 * H - 2 * MAX_ANOMALY_POINTS * W, to: LIVE + 6 * H };
    const capped = anomalyView(model, SERIES, { ...wide, maxPoints: 1e9 }).points;
    expect(capped).toEqual(anomalyView(model, SERIES, { ...wide, maxPoints: MAX_ANOMALY_POINTS }).points);
    expect(capped).toHaveLength(180);
    expect(Math.max(...capped.map((p) => p.score))).toBe(Math.max(...fine.map((p) => p.score)));
  });
});

/** The readings of a series in [from, to). */
function slice(s: SeriesLike, from: number, to: number): SeriesLike {
  const keep: number[] = [];
  for (let i = 0; i < s.ts.length; i++) if (s.ts[i] >= from && s.ts[i] < to) keep.push(i);
  return {
    ts: Float64Array.from(keep, (i) => s.ts[i]),
    values: Float64Array.from(keep, (i) => s.values[i]),
    quality: Uint8Array.from(keep, (i) => s.quality[i]),
  };
}
