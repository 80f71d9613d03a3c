import { describe, expect, it } from 'vitest';
import { featureCount, featureNames, windowFeatures } from './window-features';

describe('windowFeatures', () => {
  it('gives last value, window mean, least-squares slope and EWMAs, causally', () => {
    const series = [1, 3, 5, 7, 9].map((v) => [v]);
    const o = { window: 3, spans: [1, 3] };
    const f = windowFeatures(series, [1, 2, 3, 4, 5], o);
    const nf = featureCount(1, o);
    expect(nf).toBe(6);
    expect(featureNames(['s2'], o)).toEqual(['cycle', 's2.last', 's2.mean', 's2.slope', 's2.ewma1', 's2.ewma3']);
    const at = (t: number) => Array.from(f.subarray(t * nf, (t + 1) * nf));
    expect(at(0)).toEqual([1, 1, 1, 0, 1, 1]);
    // Cycle 5: window 5, 7, 9 → mean 7, slope 2; span 1 → α = 1 (last value); span 3 → α = 0.5.
    const r = at(4);
    expect(r.slice(0, 5)).toEqual([5, 9, 7, 2, 9]);
    expect(r[5]).toBeCloseTo(0.5 * 9 + 0.25 * 7 + 0.125 * 5 + 0.0625 * 3 + 0.0625 * 1, 12);
    // Cycle 2 uses only cycles 1–2 (no padding): mean 2, slope 2.
    expect(at(1).slice(2, 4)).toEqual([2, 2]);
  });

  it('adds the change since the first cycles when asked', () => {
    const series = [10, 10, 12, 20].map((v) => [v]);
    const o = { window: 2, spans: [1], baseline: 2 };
    const f = windowFeatures(series, [1, 2, 3, 4], o);
    const nf = featureCount(1, o);
    expect(nf).toBe(6);
    expect(featureNames(['hi'], o)).toEqual(['cycle', 'hi.last', 'hi.mean', 'hi.slope', 'hi.ewma1', 'hi.change']);
    // Cycle 4: EWMA with span 1 is the last value 20; the first two cycles average 10.
    expect(f[3 * nf + 5]).toBe(10);
    expect(f[0 * nf + 5]).toBe(0);
  });
});
