import { describe, expect, it } from 'vitest';
import { binEdges, binOf } from './binning';
import { applyLinear, fitRidge } from './linear-health';

describe('fitRidge', () => {
  it('recovers an exact linear relation (tiny penalty) and shrinks weights with a large one', () => {
    const x = [
      [1, 0],
      [0, 1],
      [2, 1],
      [3, 5],
      [4, 2],
    ];
    const y = x.map((r) => 2 * r[0]! - 3 * r[1]! + 7);
    const m = fitRidge(x, y, 1e-9);
    expect(m.weights[0]).toBeCloseTo(2, 6);
    expect(m.weights[1]).toBeCloseTo(-3, 6);
    expect(m.intercept).toBeCloseTo(7, 6);
    expect(applyLinear(m, [1, 1])).toBeCloseTo(6, 6);
    expect(Math.abs(fitRidge(x, y, 1e3).weights[1]!)).toBeLessThan(1);
  });
});

describe('binning', () => {
  it('cuts between distinct values and bins by count of cut points below', () => {
    const e = binEdges([3, 1, 2, 2, 1]);
    expect(Array.from(e)).toEqual([1.5, 2.5]);
    expect([0, 1, 1.5, 2, 3, 9].map((v) => binOf(e, v))).toEqual([0, 0, 0, 1, 2, 2]);
  });
});
