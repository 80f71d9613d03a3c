import { Rng } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { RidgeAccumulator } from './ridge';

describe('RidgeAccumulator', () => {
  it('recovers a linear law, with and without a feature subset', () => {
    const rng = new Rng('ridge');
    const acc = new RidgeAccumulator(4);
    for (let i = 0; i < 2000; i++) {
      const a = rng.next();
      const b = rng.next();
      const c = rng.next();
      acc.add([1, a, b, c], 2 + 3 * a - 1.5 * b + 0.01 * rng.normal());
    }
    const w = acc.solve(1e-9) as Float64Array;
    expect(w[0]).toBeCloseTo(2, 2);
    expect(w[1]).toBeCloseTo(3, 2);
    expect(w[2]).toBeCloseTo(-1.5, 2);
    expect(w[3]).toBeCloseTo(0, 2);
    const reduced = acc.solve(1e-9, [0, 1, 3]) as Float64Array;
    expect(reduced).toHaveLength(4);
    expect(reduced[2]).toBe(0);
    expect(reduced[1]).toBeCloseTo(3, 0);
    // merge() of two halves equals one accumulator over both.
    const half = new RidgeAccumulator(2);
    const other = new RidgeAccumulator(2);
    half.add([1, 1], 3);
    other.add([1, 2], 5);
    expect(Array.from(half.merge(other).solve(0) as Float64Array).map((x) => +x.toFixed(9))).toEqual([1, 2]);
  });
  it('returns undefined with no rows or a singular system, and survives collinear inputs with a penalty', () => {
    expect(new RidgeAccumulator(3).solve(0.1)).toBeUndefined();
    const acc = new RidgeAccumulator(3);
    for (let i = 0; i < 50; i++) acc.add([1, i, 2 * i], i);
    expect(acc.solve(0)).toBeUndefined();
    const w = acc.solve(1e-6) as Float64Array;
    expect(w.every(Number.isFinite)).toBe(true);
    expect(w[1] + 2 * w[2]).toBeCloseTo(1, 3);
  });
  it('ignores nothing silently: a single row with an unpenalised intercept is solvable', () => {
    const acc = new RidgeAccumulator(1);
    acc.add([1], 7);
    expect(acc.solve(0)?.[0]).toBe(7);
  });
});
