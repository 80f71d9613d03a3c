import { Rng } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { calibrateAlertLevel, calibrateThreshold } from './thresholds';

const MIN = 60_000;

/** Held-out healthy scores: the detector's calibrated score, mostly well below 1 with an exponential tail. */
function healthy(n: number, seed = 'h', scale = 0.25): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => -scale * Math.log(1 - rng.next()));
}

describe('calibrateAlertLevel (false-alarm budget per asset)', () => {
  it('extrapolates the tail to the budget: close to the exact level for an exponential tail', () => {
    // iid Exp(mean 0.25) scores, persistence 1, one window a minute, 4 alerts a year → q ≈ 7.6e-6 per window:
    // the exact level is 0.25·ln(1/q) ≈ 2.95.
    const cal = calibrateAlertLevel(healthy(20_000), { windowMs: MIN, persistence: 1, budgetPerYear: 4 });
    expect(cal.level).toBeGreaterThan(2.6);
    expect(cal.level).toBeLessThan(3.3);
    expect(cal.tail?.pu).toBeCloseTo(0.05, 2);
    // a more generous budget gives a lower level; persistence 3 too (three windows in a row are rarer)
    const lax = calibrateAlertLevel(healthy(20_000), { windowMs: MIN, persistence: 1, budgetPerYear: 400 });
    expect(lax.level).toBeLessThan(cal.level);
    const p3 = calibrateAlertLevel(healthy(20_000), { windowMs: MIN, persistence: 3, budgetPerYear: 4 });
    expect(p3.level).toBeLessThan(cal.level);
  });

  it('never goes below 1, nor below the highest held-out run', () => {
    const low = calibrateAlertLevel(healthy(1000, 'low', 0.01), { windowMs: MIN, persistence: 3 });
    expect(low.level).toBe(1);
    const scores = healthy(1000);
    scores.splice(500, 3, 5, 5, 5);
    expect(calibrateAlertLevel(scores, { windowMs: MIN, persistence: 3 }).level).toBeGreaterThanOrEqual(5);
  });

  it('handles empty input, a single point, NaN and ±Infinity, and irregular (short) series', () => {
    expect(calibrateAlertLevel([], { windowMs: MIN, persistence: 3 })).toMatchObject({ level: 1, samples: 0 });
    expect(calibrateAlertLevel([0.4], { windowMs: MIN, persistence: 1 }).level).toBe(1);
    expect(calibrateAlertLevel([0.4], { windowMs: MIN, persistence: 3 }).samples).toBe(0);
    const odd = [0.2, Number.NaN, 0.3, Number.POSITIVE_INFINITY, 0.1, Number.NEGATIVE_INFINITY, 0.2];
    const cal = calibrateAlertLevel(odd, { windowMs: MIN, persistence: 1 });
    expect(Number.isFinite(cal.level)).toBe(true);
    expect(cal.level).toBe(1);
    // fewer than 50 runs: no tail fit, the highest run sets it
    expect(calibrateAlertLevel([1.5, 1.6, 1.4], { windowMs: MIN, persistence: 2 }).level).toBeCloseTo(1.5, 9);
  });

  it('rejects a non-positive budget or window', () => {
    expect(() => calibrateAlertLevel([1], { windowMs: MIN, persistence: 1, budgetPerYear: 0 })).toThrow(RangeError);
    expect(() => calibrateAlertLevel([1], { windowMs: 0, persistence: 1 })).toThrow(RangeError);
  });
});

describe('calibrateThreshold', () => {
  it('puts the threshold at the quantile times the margin, and rejects bad options', () => {
    const c = calibrateThreshold(
      Array.from({ length: 1000 }, (_, i) => i / 1000),
      { falseAlarmRate: 0.01, margin: 1.1 },
    );
    expect(c.threshold).toBeCloseTo(0.99 * 1.1, 2);
    expect(() => calibrateThreshold([], {})).toThrow(RangeError);
    expect(() => calibrateThreshold([1], { margin: 0.5 })).toThrow(RangeError);
  });
});
