import { GOOD, makeQuality, QualityReason } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { alignSeries, type SeriesLike, windowIndex } from './windowing';

const s = (points: [number, number, number?][]): SeriesLike => ({
  ts: Float64Array.from(points, (p) => p[0]),
  values: Float64Array.from(points, (p) => p[1]),
  quality: Uint8Array.from(points, (p) => p[2] ?? GOOD),
});
const BAD = makeQuality('bad', QualityReason.SPIKE);
const SUSPECT = makeQuality('suspect', QualityReason.FLATLINE);

describe('alignSeries', () => {
  it('averages good readings per window on an epoch-aligned grid', () => {
    const series = new Map([
      [
        'a',
        s([
          [0, 1],
          [400, 3],
          [1000, 10],
          [1999, 20],
        ]),
      ],
      [
        'b',
        s([
          [999, 5],
          [1500, 7],
        ]),
      ],
    ]);
    const out = alignSeries(series, ['a', 'b'], { windowMs: 1000, fillLimit: 0 });
    expect(out.start).toEqual([0, 1000]);
    expect(Array.from(out.rows[0])).toEqual([2, 5]);
    expect(Array.from(out.rows[1])).toEqual([15, 7]);
    expect(out.sensors).toEqual(['a', 'b']);
  });

  it('ignores readings that are not of good quality (and non-finite values)', () => {
    const series = new Map([
      [
        'a',
        s([
          [0, 1],
          [100, 1e6, BAD],
          [200, 3],
          [300, -50, SUSPECT],
          [400, Number.NaN],
        ]),
      ],
    ]);
    const out = alignSeries(series, ['a'], { windowMs: 1000 });
    expect(Array.from(out.rows[0])).toEqual([2]);
  });

  it('forward-fills a missing sensor for at most fillLimit windows, then drops the rows', () => {
    const a = s(Array.from({ length: 6 }, (_, i) => [i * 1000 + 10, i] as [number, number]));
    const b = s([
      [20, 100],
      [3020, 103, BAD],
    ]); // only window 0 has a good b
    const out = alignSeries(
      new Map([
        ['a', a],
        ['b', b],
      ]),
      ['a', 'b'],
      { windowMs: 1000, fillLimit: 2 },
    );
    expect(out.start).toEqual([0, 1000, 2000]);
    expect(out.rows.map((r) => r[1])).toEqual([100, 100, 100]);
    expect(out.dropped).toBe(3);
  });

  it('drops windows where a sensor has no series at all, and handles negative-free grid indices', () => {
    const out = alignSeries(new Map([['a', s([[0, 1]])]]), ['a', 'missing'], { windowMs: 1000 });
    expect(out.rows).toHaveLength(0);
    expect(out.dropped).toBe(1);
    expect(windowIndex(59_999, 60_000)).toBe(0);
    expect(windowIndex(60_000, 60_000)).toBe(1);
    expect(() => alignSeries(new Map(), ['a'], { windowMs: 0 })).toThrow();
  });
});
