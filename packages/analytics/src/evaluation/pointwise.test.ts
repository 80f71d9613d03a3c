import { describe, expect, it } from 'vitest';
import { countBinary, metricsFromCounts, pointwiseMetrics, poolCounts } from './pointwise';

describe('pointwiseMetrics', () => {
  it('counts and ratios on a small hand-checked case', () => {
    //            tp tp fn fp tn tn tn tn
    const truth = [1, 1, 1, 0, 0, 0, 0, 0];
    const pred = [1, 1, 0, 1, 0, 0, 0, 0];
    const m = pointwiseMetrics(truth, pred);
    expect(m).toMatchObject({ tp: 2, fp: 1, tn: 4, fn: 1 });
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
    expect(m.far).toBeCloseTo(1 / 5, 12);
    expect(m.mar).toBeCloseTo(1 / 3, 12);
  });

  it('accepts booleans and treats any non-zero number as anomalous', () => {
    expect(countBinary([true, false, 2], [1, true, false])).toEqual({ tp: 1, fp: 1, tn: 0, fn: 1 });
  });

  it('returns 0 for every undefined ratio', () => {
    const empty = pointwiseMetrics([], []);
    expect(empty).toEqual({ tp: 0, fp: 0, tn: 0, fn: 0, precision: 0, recall: 0, f1: 0, far: 0, mar: 0 });
    // No anomalies and a silent detector: precision, recall, F1 and MAR are undefined → 0; FAR is a real 0.
    const quiet = pointwiseMetrics([0, 0, 0], [0, 0, 0]);
    expect(quiet).toMatchObject({ tn: 3, precision: 0, recall: 0, f1: 0, far: 0, mar: 0 });
    // All anomalous, detector always fires: FAR undefined (no negatives) → 0, MAR 0, F1 1.
    const all = pointwiseMetrics([1, 1], [1, 1]);
    expect(all).toMatchObject({ tp: 2, precision: 1, recall: 1, f1: 1, far: 0, mar: 0 });
  });

  it('throws when lengths differ', () => {
    expect(() => pointwiseMetrics([1, 0], [1])).toThrow(RangeError);
  });
});

describe('poolCounts', () => {
  it('sums counts over files before computing the ratios (micro-average)', () => {
    const a = countBinary([1, 1, 0, 0], [1, 0, 0, 0]); // tp1 fn1 tn2
    const b = countBinary([0, 0, 0, 1], [1, 1, 0, 1]); // fp2 tn1 tp1
    const pooled = poolCounts([a, b]);
    expect(pooled).toMatchObject({ tp: 2, fp: 2, tn: 3, fn: 1 });
    expect(pooled.precision).toBeCloseTo(0.5, 12);
    expect(pooled.recall).toBeCloseTo(2 / 3, 12);
    expect(pooled.far).toBeCloseTo(2 / 5, 12);
    expect(pooled.mar).toBeCloseTo(1 / 3, 12);
    // Different from averaging the per-file ratios (file a has precision 1, file b 1/3).
    expect(pooled.precision).not.toBeCloseTo((metricsFromCounts(a).precision + metricsFromCounts(b).precision) / 2, 3);
  });

  it('pools nothing to zeros', () => {
    expect(poolCounts([])).toMatchObject({ tp: 0, fp: 0, tn: 0, fn: 0, f1: 0, far: 0, mar: 0 });
  });
});
