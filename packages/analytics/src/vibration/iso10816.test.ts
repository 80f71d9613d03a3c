import { describe, expect, it } from 'vitest';
import { iso10816Zone, STANDARD_GRAVITY, velocityRms } from './iso10816';

describe('iso10816Zone', () => {
  it.each([
    ['group2-rigid', [1.4, 2.8, 4.5]],
    ['group2-flexible', [2.3, 4.5, 7.1]],
    ['group1-rigid', [2.3, 4.5, 7.1]],
    ['group1-flexible', [3.5, 7.1, 11]],
  ] as const)('%s: boundaries %j (a value on a boundary stays in the better zone)', (cls, [ab, bc, cd]) => {
    expect(iso10816Zone(0, cls)).toBe('A');
    expect(iso10816Zone(ab, cls)).toBe('A');
    expect(iso10816Zone(ab + 0.01, cls)).toBe('B');
    expect(iso10816Zone(bc, cls)).toBe('B');
    expect(iso10816Zone(bc + 0.01, cls)).toBe('C');
    expect(iso10816Zone(cd, cls)).toBe('C');
    expect(iso10816Zone(cd + 0.01, cls)).toBe('D');
  });

  it('rejects a negative or missing reading', () => {
    expect(() => iso10816Zone(-1, 'group2-rigid')).toThrow(RangeError);
    expect(() => iso10816Zone(Number.NaN, 'group2-rigid')).toThrow(RangeError);
  });
});

describe('velocityRms', () => {
  const fs = 12000;
  const n = 12000;
  const sine = (ampG: number, f: number) =>
    Array.from({ length: n }, (_, i) => ampG * Math.sin((2 * Math.PI * f * i) / fs));

  it('integrates a sine: v = a / (2πf), r.m.s. = peak / √2, in mm/s', () => {
    // 0.1 g at 100 Hz: 0.981 m/s² / 628.3 rad/s = 1.561 mm/s peak, 1.104 mm/s r.m.s.
    const expected = ((0.1 * STANDARD_GRAVITY) / (2 * Math.PI * 100) / Math.SQRT2) * 1000;
    expect(velocityRms(sine(0.1, 100), fs)).toBeCloseTo(expected, 6);
    expect(expected).toBeCloseTo(1.104, 3);
  });

  it('counts only 10–1000 Hz, and ignores a sensor offset', () => {
    const inBand = sine(0.1, 100);
    const mixed = inBand.map(
      (v, i) => v + 0.5 + 1 * Math.sin((2 * Math.PI * 3000 * i) / fs) + 0.2 * Math.sin((2 * Math.PI * 5 * i) / fs),
    );
    expect(velocityRms(mixed, fs)).toBeCloseTo(velocityRms(inBand, fs), 6);
    expect(velocityRms(mixed, fs, { band: [2, 1000] })).toBeGreaterThan(velocityRms(inBand, fs) * 5);
  });
});
