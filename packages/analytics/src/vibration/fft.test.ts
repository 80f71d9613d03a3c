import { describe, expect, it } from 'vitest';
import { fft, ifft } from './fft';
import { spectrum } from './spectrum';

/** Deterministic pseudo-random numbers (mulberry32) so failures reproduce. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

function naiveDft(x: number[]) {
  const n = x.length;
  return x.map((_, k) => {
    let re = 0;
    let im = 0;
    x.forEach((v, j) => {
      re += v * Math.cos((2 * Math.PI * j * k) / n);
      im -= v * Math.sin((2 * Math.PI * j * k) / n);
    });
    return { re, im };
  });
}

describe('fft', () => {
  it.each([8, 12, 17, 100])('matches the textbook DFT for n = %i', (n) => {
    const r = rng(n);
    const x = Array.from({ length: n }, r);
    const X = fft(x);
    naiveDft(x).forEach((v, k) => {
      expect(X.re[k]).toBeCloseTo(v.re, 9);
      expect(X.im[k]).toBeCloseTo(v.im, 9);
    });
  });

  it.each([1024, 12000])('keeps Parseval (Σx² = Σ|X|²/n) and inverts exactly for n = %i', (n) => {
    const r = rng(7);
    const x = Array.from({ length: n }, r);
    const X = fft(x);
    const energy = x.reduce((s, v) => s + v * v, 0);
    let spectral = 0;
    for (let k = 0; k < n; k++) spectral += X.re[k] ** 2 + X.im[k] ** 2;
    expect(spectral / n / energy).toBeCloseTo(1, 10);
    const back = ifft(X.re, X.im);
    for (let i = 0; i < n; i += 97) {
      expect(back.re[i]).toBeCloseTo(x[i] as number, 10);
      expect(back.im[i]).toBeCloseTo(0, 10);
    }
  });

  it('puts a sine of amplitude A at its bin with amplitude A, with either window', () => {
    const fs = 12000;
    const n = 12000; // 1 Hz bins, not a power of two: Bluestein path
    const x = Array.from({ length: n }, (_, i) => 0.7 + 2.5 * Math.sin((2 * Math.PI * 162 * i) / fs + 0.3));
    for (const window of ['hann', 'rect'] as const) {
      const s = spectrum(x, fs, { window });
      expect(s.df).toBe(1);
      expect(s.freqs[162]).toBe(162);
      expect(s.amplitudes[162]).toBeCloseTo(2.5, 9);
      expect(s.amplitudes[0]).toBeCloseTo(0.7, 9);
      expect(s.amplitudes[500]).toBeLessThan(1e-9);
    }
  });
});
