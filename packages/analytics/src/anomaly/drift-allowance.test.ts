import { describe, expect, it } from 'vitest';
import { DriftAllowance } from './drift-allowance';

const MIN = 60_000;

describe('DriftAllowance', () => {
  // Column 0 rises 0.01 per minute over 100 minutes (mean 0.495 over rows at t = 0..99 min); column 1 is constant.
  const times = Array.from({ length: 100 }, (_, i) => i * MIN);
  const rows = times.map((_, i) => [0.01 * i, 5]);
  const drift = DriftAllowance.fit(rows, times);

  it('grows the band of a column that trended in training at its training rate, from the training centre', () => {
    const centre = 49.5 * MIN;
    expect(drift.allowance(0, centre)).toBe(0);
    expect(drift.allowance(0, centre - 10 * MIN)).toBe(0);
    expect(drift.allowance(0, centre + 20 * MIN)).toBeCloseTo(0.2, 10);
    expect(drift.allowance(1, centre + 20 * MIN)).toBe(0);
    expect(drift.isNone).toBe(false);
  });

  it('never lets the band grow wider than the column moved in training', () => {
    expect(drift.allowance(0, 1e6 * MIN)).toBeCloseTo(0.99, 10);
  });

  it('shrinks deviations from the training mean by the band, never past the mean, and leaves steady columns alone', () => {
    const t = 49.5 * MIN + 20 * MIN; // band 0.2 on column 0
    const mean = 0.495;
    const out = drift.apply([mean + 0.5, 7], t);
    expect(out[0]).toBeCloseTo(mean + 0.3, 10);
    expect(out[1]).toBe(7);
    expect(drift.apply([mean - 0.1, 5], t)[0]).toBeCloseTo(mean, 10);
    expect(drift.apply([mean - 0.5, 5], t)[0]).toBeCloseTo(mean - 0.3, 10);
  });

  it('gives stationary noise almost no room', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    const ts = Array.from({ length: 2000 }, (_, i) => i * MIN);
    const noisy = DriftAllowance.fit(
      ts.map(() => [rnd()]),
      ts,
    );
    // σ ≈ 0.29; a training length later the band is a small fraction of σ.
    expect(noisy.allowance(0, 3000 * MIN)).toBeLessThan(0.05);
  });

  it('survives a round trip through JSON and rejects anything else', () => {
    const back = DriftAllowance.fromJSON(JSON.parse(JSON.stringify(drift)));
    expect(back.allowance(0, 80 * MIN)).toBeCloseTo(drift.allowance(0, 80 * MIN), 12);
    expect(() => DriftAllowance.fromJSON({ kind: 'nope' } as never)).toThrow(/drift allowance/);
  });

  it('handles degenerate input: one row, identical times, mismatched lengths', () => {
    expect(DriftAllowance.fit([[1, 2]], [0]).isNone).toBe(true);
    const same = DriftAllowance.fit(
      [
        [1, 2],
        [3, 4],
      ],
      [5, 5],
    );
    expect(same.isNone).toBe(true);
    expect(Array.from(same.apply([9, 9], 1e9))).toEqual([9, 9]);
    expect(() => DriftAllowance.fit([[1]], [0, 1])).toThrow(RangeError);
  });
});
