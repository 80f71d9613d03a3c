/**
 * Envelope analysis (high-frequency resonance demodulation), the standard bearing diagnostic: each impact of a
 * rolling element on a defect rings a structural resonance in the kHz range; band-passing around that resonance and
 * taking the envelope (modulus of the analytic signal) leaves a signal that repeats at the fault frequency, so its
 * spectrum has lines at BPFO, BPFI, BSF. Randall & Antoni, "Rolling element bearing diagnostics—A tutorial",
 * Mechanical Systems and Signal Processing 25 (2011) 485–520, sections 3.2–3.4.
 */
import { type ComplexArray, fft, ifft, nextPowerOfTwo } from './fft';
import { type Spectrum, spectrum, type WindowName } from './spectrum';

export interface EnvelopeOptions {
  /** Demodulation band [lo, hi] in Hz; default: the candidate band of highest spectral kurtosis (see selectBand). */
  band?: [number, number];
  /** Window of the envelope's spectrum (default 'hann'). */
  window?: WindowName;
}

export interface EnvelopeSpectrum extends Spectrum {
  band: [number, number];
  /** Spectral kurtosis of the complex envelope in the band (0 for Gaussian noise, > 0 for repetitive impacts). */
  spectralKurtosis: number;
}

function binRange(n: number, fs: number, [lo, hi]: [number, number]): [number, number] {
  const k0 = Math.max(1, Math.ceil((lo * n) / fs));
  const k1 = Math.min(Math.ceil(n / 2) - 1, Math.floor((hi * n) / fs));
  if (k1 < k0) throw new RangeError(`band [${lo}, ${hi}] Hz holds no frequency bin at fs = ${fs} Hz, n = ${n}`);
  return [k0, k1];
}

/**
 * Spectral kurtosis E|z|⁴ / (E|z|²)² − 2 of the complex envelope z of one band (Antoni 2006, MSSP 20: 282–307).
 * The band's bins are shifted to baseband and inverse-transformed at a reduced length (2× the band's bin count,
 * so |z|² is not aliased): the modulus of the envelope does not depend on the shift, and the cost is tiny.
 */
export function bandKurtosis(X: ComplexArray, fs: number, band: [number, number]): number {
  const n = X.re.length;
  const [k0, k1] = binRange(n, fs, band);
  const len = nextPowerOfTwo(2 * (k1 - k0 + 1));
  const re = new Float64Array(len);
  const im = new Float64Array(len);
  for (let k = k0; k <= k1; k++) {
    re[k - k0] = X.re[k];
    im[k - k0] = X.im[k];
  }
  const z = ifft(re, im);
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < len; i++) {
    const p = z.re[i] * z.re[i] + z.im[i] * z.im[i];
    m2 += p;
    m4 += p * p;
  }
  m2 /= len;
  m4 /= len;
  return m2 > 0 ? m4 / (m2 * m2) - 2 : 0;
}

/**
 * Default demodulation band: the band of highest spectral kurtosis among a fixed set of candidates, a coarse
 * form of Antoni's kurtogram (Antoni 2007, "Fast computation of the kurtogram", MSSP 21: 108–124), which Randall
 * & Antoni (2011) recommend for choosing the band. Candidates are widths fs/4, fs/8 and fs/16 on a half-width
 * grid between fs/24 and fs/2.56 (500 Hz and 4.69 kHz at 12 kHz). Below fs/24 the shaft, gear and fault-frequency
 * harmonics themselves dominate, while the resonances excited by bearing impacts lie in the kHz range. Above
 * fs/2.56 — the usable bandwidth of vibration analysers, whose anti-alias filters roll off between it and fs/2 —
 * little signal is left, and the kurtosis of what remains can be high for reasons that have nothing to do with the
 * bearing (on the CWRU IR007 record the 5.25–6 kHz band holds a few per cent of the RMS, modulated at 60 Hz, and
 * has the highest kurtosis of all).
 *
 * Why not one fixed band: the resonance moves with the sensor mount and the machine, and a band without it has no
 * modulation to demodulate.
 */
export function selectBand(X: ComplexArray, fs: number): { band: [number, number]; spectralKurtosis: number } {
  let best = { band: [fs / 8, (3 * fs) / 8] as [number, number], spectralKurtosis: Number.NEGATIVE_INFINITY };
  for (const width of [fs / 4, fs / 8, fs / 16]) {
    for (let lo = width / 2; lo + width <= fs / 2.56 + 1e-9; lo += width / 2) {
      if (lo < fs / 24 - 1e-9) continue;
      const band: [number, number] = [lo, lo + width];
      const sk = bandKurtosis(X, fs, band);
      if (sk > best.spectralKurtosis) best = { band, spectralKurtosis: sk };
    }
  }
  return best;
}

/** Envelope (modulus of the analytic signal) of the signal band-passed to `band`, from its transform X. */
export function bandEnvelope(X: ComplexArray, fs: number, band: [number, number]): Float64Array {
  const n = X.re.length;
  const [k0, k1] = binRange(n, fs, band);
  // Analytic signal of the band-passed signal: its positive-frequency bins doubled, every other bin zero.
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = k0; k <= k1; k++) {
    re[k] = 2 * X.re[k];
    im[k] = 2 * X.im[k];
  }
  const z = ifft(re, im);
  const env = new Float64Array(n);
  for (let i = 0; i < n; i++) env[i] = Math.hypot(z.re[i], z.im[i]);
  return env;
}

/**
 * Envelope spectrum: FFT-domain band-pass, Hilbert envelope via the FFT, mean (DC) removed, then its one-sided
 * amplitude spectrum. A line at f with amplitude a means the envelope is modulated at f by a.
 */
export function envelopeSpectrum(signal: ArrayLike<number>, fs: number, opts: EnvelopeOptions = {}): EnvelopeSpectrum {
  const X = fft(signal);
  const chosen = opts.band ? { band: opts.band, spectralKurtosis: bandKurtosis(X, fs, opts.band) } : selectBand(X, fs);
  const env = bandEnvelope(X, fs, chosen.band);
  let m = 0;
  for (let i = 0; i < env.length; i++) m += env[i];
  m /= env.length;
  for (let i = 0; i < env.length; i++) env[i] -= m;
  return { ...spectrum(env, fs, { window: opts.window ?? 'hann' }), ...chosen };
}
