import { describe, expect, it } from 'vitest';
import { bandExtent, gauge, pointWidths, scoreSeries, sensorBand, sensorBands, stoppedSpans } from './anomaly-geometry';
import type { AnomalyPoint } from './api-types';

const band = (sensor: string, expected: number, value = expected) => ({
  sensor,
  value,
  expected,
  low: expected - 1,
  high: expected + 1,
});

function pt(
  t: number,
  running: boolean,
  score = 0.5,
  bands = running ? [band('A', 10), band('B', 50)] : [],
): AnomalyPoint {
  return { t, score, running, bands };
}

describe('pointWidths', () => {
  it('gives every point one window when none were merged', () => {
    expect(pointWidths([0, 10, 20, 30], 10)).toEqual([10, 10, 10, 10]);
  });

  it('gives merged points their stride, never less than a window, and keeps gaps as gaps', () => {
    // windows of 10 merged by 3: stride 30; a 120-long gap after the third point
    expect(pointWidths([0, 30, 60, 180, 210], 10)).toEqual([30, 30, 30, 30, 30]);
    // the last point is as wide as the typical one; a point closer to the next is cut short
    expect(pointWidths([0, 30, 45, 75], 10)).toEqual([30, 15, 30, 30]);
  });

  it('copes with one point and with no window length', () => {
    expect(pointWidths([5], 10)).toEqual([10]);
    expect(pointWidths([5], 0)).toEqual([1]);
    expect(pointWidths([], 10)).toEqual([]);
  });
});

describe('stopped windows', () => {
  const points = [pt(0, true), pt(10, false), pt(20, false), pt(30, true), pt(40, false)];
  const widths = pointWidths(
    points.map((p) => p.t),
    10,
  );

  it('merges consecutive stopped windows into spans', () => {
    expect(stoppedSpans(points, widths)).toEqual([
      { from: 10, to: 30 },
      { from: 40, to: 50 },
    ]);
  });

  it('leaves the score out where the machine was stopped, and plots mid-window', () => {
    const s = scoreSeries(points, widths);
    expect(s.ts).toEqual([5, 15, 25, 35, 45]);
    expect(s.score).toEqual([0.5, null, null, 0.5, null]);
  });

  it('draws no band where the machine was stopped, even if the server sent one', () => {
    const withBand = [pt(0, true), { ...pt(10, false), bands: [band('A', 10)] }, pt(20, true)];
    const segs = sensorBand(withBand, [10, 10, 10], 'A');
    expect(segs.map((x) => [x.from, x.to])).toEqual([
      [0, 10],
      [20, 30],
    ]);
    expect(segs[0]).toMatchObject({ low: 9, high: 11, expected: 10, value: 10 });
  });
});

describe('sensor bands', () => {
  it('keys every sensor, drops non-finite bands and orders low below high', () => {
    const points: AnomalyPoint[] = [
      pt(0, true),
      { t: 10, score: 1, running: true, bands: [{ sensor: 'A', value: 3, expected: 2, low: 4, high: 1 }] },
      { t: 20, score: 1, running: true, bands: [{ sensor: 'A', value: 3, expected: Number.NaN, low: 1, high: 4 }] },
    ];
    const m = sensorBands(points, 10);
    expect([...m.keys()].sort()).toEqual(['A', 'B']);
    expect(m.get('A')?.map((s) => [s.from, s.low, s.high])).toEqual([
      [0, 9, 11],
      [10, 1, 4],
    ]);
    expect(m.get('B')).toHaveLength(1);
  });

  it('finds the extent of the band within a time window', () => {
    const segs = sensorBand([pt(0, true), pt(10, true, 0.5, [band('A', 20)])], [10, 10], 'A');
    expect(bandExtent(segs, 0, 100)).toEqual({ low: 9, high: 21 });
    expect(bandExtent(segs, 10, 100)).toEqual({ low: 19, high: 21 });
    expect(bandExtent(segs, 50, 100)).toBeUndefined();
  });
});

describe('gauge', () => {
  it('places band, expected and value on one scale with a margin', () => {
    const g = gauge({ low: 0, high: 10, expected: 5, value: 5 });
    // span 10, margin 1 on each side: scale -1..11
    expect(g.low).toBeCloseTo((1 / 12) * 100);
    expect(g.high).toBeCloseTo((11 / 12) * 100);
    expect(g.expected).toBeCloseTo(50);
    expect(g.value).toBeCloseTo(50);
    expect(g.side).toBe('inside');
  });

  it('keeps a value far outside on the gauge and says on which side', () => {
    const g = gauge({ low: 0, high: 10, expected: 5, value: 110 });
    expect(g.side).toBe('above');
    expect(g.value).toBeGreaterThan(90);
    expect(g.value).toBeLessThanOrEqual(100);
    expect(g.high - g.low).toBeGreaterThan(5);
    expect(gauge({ low: 0, high: 10, expected: 5, value: -3 }).side).toBe('below');
  });

  it('survives a zero-width band and non-finite numbers', () => {
    const g = gauge({ low: 2, high: 2, expected: 2, value: 2 });
    expect(g.value).toBeCloseTo(50);
    const h = gauge({ low: 0, high: 1, expected: Number.NaN, value: 0.5 });
    expect(h.expected).toBe(50);
    expect(Number.isFinite(h.low)).toBe(true);
  });
});
