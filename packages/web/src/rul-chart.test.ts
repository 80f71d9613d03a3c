import type { RulHistoryPoint } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { rulAxisMax, thinRul } from './rul-chart';

const p = (ts: number, hours: number): RulHistoryPoint => ({
  assetId: 'P-101',
  ts,
  method: 'health-trend',
  hours,
  lowerHours: hours - 1,
  upperHours: hours + 2,
  failureProbability: 0.1,
  horizonHours: 24,
  threshold: 10,
});

describe('thinRul', () => {
  it('keeps the newest prediction of each time bucket, with its interval, and remembers the last in full', () => {
    const points = [p(0, 50), p(4, 48), p(10, 40), p(19, 30), p(25, 20)];
    const r = thinRul(points, 0, 30, 3);
    expect(r.ts).toEqual([4, 19, 25]);
    expect(r.rul).toEqual([48, 30, 20]);
    expect(r.lower).toEqual([47, 29, 19]);
    expect(r.upper).toEqual([50, 32, 22]);
    expect(r.last).toEqual(p(25, 20));
  });

  it('is empty for no predictions', () => {
    const r = thinRul([], 0, 10, 5);
    expect(r.ts).toEqual([]);
    expect(r.last).toBeUndefined();
  });
});

describe('rulAxisMax', () => {
  it('shows the intervals, but an early 90-day upper end does not flatten later estimates', () => {
    expect(rulAxisMax([10, 8], [12, 9])).toBeCloseTo(12 * 1.05);
    expect(rulAxisMax([0.7, 0.2], [2160, 1.4])).toBeCloseTo(1.4 * 1.05);
    expect(rulAxisMax([5, 3], [2160, 4])).toBeCloseTo(10 * 1.05);
    expect(rulAxisMax([], [])).toBe(1);
  });
});
