import { describe, expect, it } from 'vitest';
import type { FlaggedInterval } from './api-types';
import { clipIntervals, timelineSegments } from './flag-bands';

const iv = (from: number, to: number | null | undefined, state: 'suspect' | 'bad' = 'bad'): FlaggedInterval => ({
  from,
  to,
  state,
  reason: 'FLATLINE',
});

describe('clipIntervals', () => {
  it('clips to the window, drops what lies outside, and sorts oldest first', () => {
    const bands = clipIntervals(
      [iv(900, 950), iv(1500, 2500, 'suspect'), iv(500, 1200), iv(3000, 4000)],
      1000,
      2000,
      5000,
    );
    expect(bands).toEqual([
      { from: 1000, to: 1200, state: 'bad', reason: 'FLATLINE' },
      { from: 1500, to: 2000, state: 'suspect', reason: 'FLATLINE' },
    ]);
  });

  it('runs an interval without an end up to now', () => {
    expect(clipIntervals([iv(1200, null), iv(1300, undefined)], 1000, 2000, 1800).map((b) => b.to)).toEqual([
      1800, 1800,
    ]);
  });

  it('keeps a zero-length flag (one reading) but drops reversed and non-finite intervals', () => {
    const bands = clipIntervals(
      [iv(1500, 1500), iv(1600, 1400), iv(Number.NaN, 1500), iv(1000, Infinity)],
      1000,
      2000,
      0,
    );
    expect(bands).toEqual([{ from: 1500, to: 1500, state: 'bad', reason: 'FLATLINE' }]);
  });

  it('returns nothing for empty input', () => {
    expect(clipIntervals([], 0, 1, 1)).toEqual([]);
  });
});

describe('timelineSegments', () => {
  it('places bands in percent of the window', () => {
    const [s] = timelineSegments([{ from: 1250, to: 1500, state: 'bad', reason: 'SPIKE' }], 1000, 2000);
    expect(s?.left).toBeCloseTo(25);
    expect(s?.width).toBeCloseTo(25);
  });

  it('gives a one-reading flag a minimum width and keeps it inside the bar', () => {
    const [a, b] = timelineSegments(
      [
        { from: 1500, to: 1500, state: 'bad', reason: 'SPIKE' },
        { from: 2000, to: 2000, state: 'bad', reason: 'SPIKE' },
      ],
      1000,
      2000,
      1,
    );
    expect(a?.width).toBe(1);
    expect(b?.left).toBe(99);
    expect((b?.left ?? 0) + (b?.width ?? 0)).toBeLessThanOrEqual(100);
  });

  it('returns nothing for an empty window', () => {
    expect(timelineSegments([{ from: 1, to: 2, state: 'bad', reason: 'GAP' }], 5, 5)).toEqual([]);
  });
});
