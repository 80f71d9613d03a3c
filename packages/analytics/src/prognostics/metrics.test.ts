import { describe, expect, it } from 'vitest';
import { intervalCoverage, phm08Score, rmse } from './metrics';

describe('PHM08 metrics', () => {
  it('scores an early prediction with exp(-d/13) - 1 and a late one with exp(d/10) - 1', () => {
    expect(phm08Score([90], [100])).toBeCloseTo(Math.exp(10 / 13) - 1, 12);
    expect(phm08Score([110], [100])).toBeCloseTo(Math.E - 1, 12);
    expect(phm08Score([90, 110, 50], [100, 100, 50])).toBeCloseTo(Math.exp(10 / 13) + Math.E - 2, 12);
    // Late is penalised more than equally early.
    expect(phm08Score([110], [100])).toBeGreaterThan(phm08Score([90], [100]));
  });

  it('computes RMSE', () => {
    expect(rmse([90, 110], [100, 100])).toBe(10);
    expect(rmse([3, 0], [0, 4])).toBeCloseTo(Math.sqrt(12.5), 12);
    expect(() => rmse([1], [1, 2])).toThrow();
  });

  it('counts coverage with both ends inside', () => {
    expect(intervalCoverage([0, 0, 5, 10], [10, 10, 6, 20], [10, 11, 5, 9])).toBe(0.5);
  });
});
