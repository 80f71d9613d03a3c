import { describe, expect, it } from 'vitest';
import { parseBearingRecordName, parseSingleColumn } from './recording';
import { decimate, segment, waveformStats } from './signal';
import { spectrum } from './spectrum';

describe('decimate', () => {
  const fs = 48000;
  const n = 48000;
  const tone = (f: number, a = 1) => Array.from({ length: n }, (_, i) => a * Math.sin((2 * Math.PI * f * i) / fs));

  it('keeps a tone below the new Nyquist frequency and removes one above it instead of folding it back', () => {
    // 1 kHz stays; 7 kHz would alias to 12 − 7 = 5 kHz at 12 kHz without the low-pass.
    const high = tone(7000);
    const x = tone(1000).map((v, i) => v + high[i]!);
    const y = decimate(x, 4);
    expect(y.length).toBe(12000);
    const s = spectrum(y, 12000); // 1 Hz bins; the Hann window hides the filter's start-up at the ends
    expect(s.amplitudes[1000]).toBeCloseTo(1, 3);
    expect(s.amplitudes[5000]).toBeLessThan(1e-3);
  });

  it('is the identity for factor 1 and rejects a fractional factor', () => {
    expect(Array.from(decimate([1, 2, 3], 1))).toEqual([1, 2, 3]);
    expect(() => decimate([1, 2, 3], 1.5)).toThrow(RangeError);
  });
});

describe('segment and waveformStats', () => {
  it('cuts overlapping windows and drops the short tail', () => {
    const w = segment(
      Float64Array.from({ length: 10 }, (_, i) => i),
      4,
      3,
    );
    expect(w.map((x) => Array.from(x))).toEqual([
      [0, 1, 2, 3],
      [3, 4, 5, 6],
      [6, 7, 8, 9],
    ]);
  });

  it('gives kurtosis 1.5 and crest factor √2 for a sine', () => {
    const s = waveformStats(Array.from({ length: 1000 }, (_, i) => 3 + Math.sin((2 * Math.PI * i) / 100)));
    expect(s.mean).toBeCloseTo(3, 9);
    expect(s.kurtosis).toBeCloseTo(1.5, 9);
    expect(s.peak / s.rms).toBeCloseTo(Math.SQRT2, 9);
  });
});

describe('recording names and files', () => {
  it.each([
    ['IR007_0_DE.csv', { condition: 'inner-race', size: '007', load: 0 }],
    ['data/B021_0_DE.csv', { condition: 'ball', size: '021', load: 0 }],
    ['OR007_centered_at_6_0_DE.csv', { condition: 'outer-race', size: '007', load: 0 }],
    ['OR014@6_1.csv', { condition: 'outer-race', size: '014', load: 1 }],
    ['normal_0_DE.csv', { condition: 'normal', load: 0 }],
  ])('%s', (name, expected) => {
    expect(parseBearingRecordName(name)).toEqual(expected);
  });

  it('ignores names that do not say the condition', () => {
    expect(parseBearingRecordName('README.csv')).toBeUndefined();
  });

  it('reads one value per line with a header and names a bad line', () => {
    expect(parseSingleColumn('DE_accel_g\n0.5\n-1e-3\n\n')).toEqual({
      column: 'DE_accel_g',
      values: Float64Array.from([0.5, -1e-3]),
    });
    expect(() => parseSingleColumn('x\n1\noops\n', 'f.csv')).toThrow('f.csv:3');
  });
});
