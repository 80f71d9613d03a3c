import { fft } from './fft';

export type WindowName = 'hann' | 'rect';

/** One-sided amplitude spectrum: amplitudes[k] is the peak amplitude of the component at freqs[k] = k·df. */
export interface Spectrum {
  freqs: Float64Array;
  amplitudes: Float64Array;
  /** Bin spacing fs/n (Hz). */
  df: number;
}

export interface SpectrumOptions {
  /** Default 'hann': its sidelobes fall fast, so a weak fault line next to a strong shaft line stays visible. */
  window?: WindowName;
}

export function windowFunction(name: WindowName, n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  // Periodic Hann (denominator n, not n − 1): the DFT-even form, whose coherent gain is exactly 1/2.
  if (name === 'hann') for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

/**
 * One-sided amplitude spectrum of a real signal. Scaled by the window's coherent gain (2/Σw away from DC and
 * Nyquist), so a sine of amplitude A whose frequency falls on a bin reads A there, whichever the window.
 */
export function spectrum(signal: ArrayLike<number>, fs: number, opts: SpectrumOptions = {}): Spectrum {
  const n = signal.length;
  const w = windowFunction(opts.window ?? 'hann', n);
  let gain = 0;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = signal[i] * w[i];
    gain += w[i];
  }
  const X = fft(x);
  const bins = Math.floor(n / 2) + 1;
  const freqs = new Float64Array(bins);
  const amplitudes = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    freqs[k] = (k * fs) / n;
    const single = k === 0 || (n % 2 === 0 && k === n / 2);
    amplitudes[k] = ((single ? 1 : 2) * Math.hypot(X.re[k], X.im[k])) / gain;
  }
  return { freqs, amplitudes, df: fs / n };
}

/** Largest amplitude (and its frequency) of the bins within [lo, hi] Hz. */
export function peakIn(s: Spectrum, lo: number, hi: number): { freq: number; amplitude: number } {
  const k0 = Math.max(0, Math.ceil(lo / s.df));
  const k1 = Math.min(s.amplitudes.length - 1, Math.floor(hi / s.df));
  let best = { freq: Number.NaN, amplitude: 0 };
  for (let k = k0; k <= k1; k++) {
    if (s.amplitudes[k] > best.amplitude || Number.isNaN(best.freq))
      best = { freq: s.freqs[k], amplitude: s.amplitudes[k] };
  }
  return best;
}
