import { describe, expect, it } from 'vitest';
import { envelopeSpectrum } from './envelope';
import { peakIn } from './spectrum';

function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

describe('envelopeSpectrum', () => {
  it('reads the modulation depth of an amplitude-modulated carrier at the modulating frequency', () => {
    const fs = 8192;
    const n = 8192; // 1 Hz bins
    const x = Array.from(
      { length: n },
      (_, i) => (1 + 0.5 * Math.cos((2 * Math.PI * 37 * i) / fs)) * Math.cos((2 * Math.PI * 2000 * i) / fs),
    );
    const env = envelopeSpectrum(x, fs, { band: [1500, 2500] });
    expect(env.amplitudes[37]).toBeCloseTo(0.5, 6);
    expect(env.amplitudes[0]).toBeLessThan(1e-9); // mean removed
    expect(peakIn(env, 50, 1000).amplitude).toBeLessThan(1e-6);
  });

  it('recovers the repetition frequency of a resonance-ringing impulse train buried in noise', () => {
    // A bearing-like signal: impacts at 97.3 Hz with ±1 % random jitter (slip), each ringing a 3.2 kHz resonance
    // with 300 Hz damping, amplitude-modulated once per 29 Hz shaft turn, plus broadband noise of similar RMS.
    const fs = 12000;
    const n = 16384;
    const r = rng(3);
    const x = new Float64Array(n);
    const rep = 97.3;
    for (let t0 = 0.01; t0 < n / fs; t0 += (1 + 0.02 * r()) / rep) {
      const a = 1 + 0.5 * Math.cos(2 * Math.PI * 29 * t0);
      for (let i = Math.ceil(t0 * fs); i < Math.min(n, (t0 + 0.02) * fs); i++) {
        const t = i / fs - t0;
        x[i] += a * Math.exp(-2 * Math.PI * 300 * t) * Math.sin(2 * Math.PI * 3200 * t);
      }
    }
    for (let i = 0; i < n; i++) x[i] += 0.6 * r();
    const env = envelopeSpectrum(x, fs);
    // The kurtosis-chosen band contains the resonance.
    expect(env.band[0]).toBeLessThan(3200);
    expect(env.band[1]).toBeGreaterThan(3200);
    expect(env.spectralKurtosis).toBeGreaterThan(1);
    const peak = peakIn(env, 20, 400);
    expect(Math.abs(peak.freq - rep)).toBeLessThan(2 * env.df);
    // Pure noise of the same RMS has no such line: its highest 20–400 Hz line is far weaker.
    const noise = Array.from({ length: n }, () => r());
    expect(peakIn(envelopeSpectrum(noise, fs), 20, 400).amplitude).toBeLessThan(peak.amplitude / 3);
  });
});
