/** Time-domain helpers for vibration records: decimation, segmentation, statistics. */

/**
 * Keeps every `factor`-th sample after an anti-alias low-pass: a linear-phase windowed-sinc FIR (Blackman window,
 * 64·factor + 1 taps) with its −6 dB point at 0.9 × the new Nyquist frequency. The Blackman window's transition
 * (≈ 5.5·fs/taps wide) then ends just below the new Nyquist, where its stop-band attenuation is about 74 dB, so
 * nothing folds back into the band that is kept. Only the kept outputs are computed. Zero-phase (the filter is
 * centred), and the ends are filtered as if the signal were zero outside the record.
 */
export function decimate(signal: ArrayLike<number>, factor: number): Float64Array {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`decimation factor must be a positive integer`);
  if (factor === 1) return Float64Array.from(signal);
  const half = 32 * factor;
  const taps = 2 * half + 1;
  const cutoff = 0.9 / factor; // fraction of the old Nyquist frequency
  const h = new Float64Array(taps);
  let sum = 0;
  for (let i = 0; i < taps; i++) {
    const t = i - half;
    const sinc = t === 0 ? cutoff : Math.sin(Math.PI * cutoff * t) / (Math.PI * t);
    const w = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (taps - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (taps - 1));
    h[i] = sinc * w;
    sum += h[i];
  }
  for (let i = 0; i < taps; i++) h[i] /= sum; // unit gain at DC
  const n = signal.length;
  const out = new Float64Array(Math.ceil(n / factor));
  for (let j = 0; j < out.length; j++) {
    const c = j * factor;
    let acc = 0;
    const i0 = Math.max(0, c - half);
    const i1 = Math.min(n - 1, c + half);
    for (let i = i0; i <= i1; i++) acc += h[i - c + half] * signal[i];
    out[j] = acc;
  }
  return out;
}

/** Windows of `size` samples every `hop` samples (the tail shorter than `size` is dropped). Views, not copies. */
export function segment(signal: Float64Array, size: number, hop = size): Float64Array[] {
  const out: Float64Array[] = [];
  for (let start = 0; start + size <= signal.length; start += hop) out.push(signal.subarray(start, start + size));
  return out;
}

/** Mean, r.m.s. about the mean, peak |x − mean|, and kurtosis (E(x−μ)⁴/σ⁴: 3 for Gaussian noise). */
export function waveformStats(x: ArrayLike<number>): { mean: number; rms: number; peak: number; kurtosis: number } {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let m2 = 0;
  let m4 = 0;
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    m2 += d * d;
    m4 += d * d * d * d;
    peak = Math.max(peak, Math.abs(d));
  }
  m2 /= n;
  m4 /= n;
  return { mean, rms: Math.sqrt(m2), peak, kurtosis: m2 > 0 ? m4 / (m2 * m2) : 0 };
}
