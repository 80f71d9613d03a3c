import { describe, expect, it } from 'vitest';
import type { Downsample } from './api-types';
import { appendReading, emptyBuffer, fromDownsample, pointCount, trimBuffer } from './chart-buffer';

function ds(ts: number[], avg: number[], bucketMs = 1000): Downsample {
  return {
    sensor: 's',
    from: ts[0] ?? 0,
    to: (ts[ts.length - 1] ?? 0) + bucketMs,
    bucketMs,
    source: 'raw',
    ts,
    min: avg.map((v) => v - 1),
    max: avg.map((v) => v + 1),
    avg,
    count: avg.map(() => 2),
  };
}

describe('chart buffer', () => {
  it('keeps downsampled buckets and marks a gap with a null row', () => {
    const b = fromDownsample(ds([0, 1000, 2000, 10_000], [1, 2, 3, 4]), 1000, 0);
    expect(b.ts).toEqual([0, 1000, 2000, 3000, 10_000]);
    expect(b.avg).toEqual([1, 2, 3, null, 4]);
    expect(pointCount(b)).toBe(4);
  });

  it('drops empty and non-finite buckets', () => {
    const d = ds([0, 1000, 2000], [1, Number.NaN, 3]);
    d.count[2] = 0;
    expect(fromDownsample(d, 1000, 0).ts).toEqual([0]);
  });

  it('merges live readings into the last bucket and opens the next one on the same grid', () => {
    const b = fromDownsample(ds([0, 1000], [10, 20]), 1000, 0);
    appendReading(b, 1500, 26); // same bucket as ts=1000 (count 2, avg 20)
    expect(b.avg[1]).toBeCloseTo((20 * 2 + 26) / 3);
    expect(b.max[1]).toBe(26);
    appendReading(b, 2400, 5);
    expect(b.ts[2]).toBe(2000);
    expect([b.min[2], b.max[2], b.avg[2]]).toEqual([5, 5, 5]);
    appendReading(b, 900, 99); // older than the last bucket: already covered by history
    expect(b.ts.length).toBe(3);
  });

  it('aligns the first live reading of an empty buffer to the bucket grid', () => {
    const b = emptyBuffer(1000, 3000);
    appendReading(b, 12_345, 1);
    expect(b.ts).toEqual([12_000]);
  });

  it('slides the window and drops a leading gap row', () => {
    const b = fromDownsample(ds([0, 1000, 9000, 10_000], [1, 2, 3, 4]), 1000, 0);
    trimBuffer(b, 1500);
    expect(b.ts).toEqual([9000, 10_000]);
    expect(pointCount(b)).toBe(2);
  });
});
