/**
 * Features of one vibration window that describe *which* bearing part is damaged without describing *how big* the
 * damage is, so a model trained on one fault size carries over to others: envelope-spectrum lines at the defect
 * frequencies relative to the envelope spectrum's own median level (a ratio, not an amplitude), and shape
 * statistics of the waveform (kurtosis, crest factor), all on a log scale.
 */
import type { BearingFrequencies } from './bearing-frequencies';
import { type EnvelopeSpectrum, envelopeSpectrum } from './envelope';
import { waveformStats } from './signal';
import { peakIn } from './spectrum';

/** A line searched for in the envelope spectrum. */
export interface LineEvidence {
  /** 'BPFO', 'BPFI' or 'BSF'. */
  name: string;
  /** Kinematic frequency (Hz) of the first harmonic. */
  expected: number;
  /** Where the largest first-harmonic bin was found (Hz). */
  found: number;
  /** Mean over the harmonics (and sidebands) of peak / median envelope level: 2–6 for noise, ≫ for a real line. */
  ratio: number;
}

export interface BearingFeatures {
  /** Features in the order of BEARING_FEATURE_NAMES. */
  values: number[];
  lines: LineEvidence[];
  band: [number, number];
  kurtosis: number;
  crestFactor: number;
}

/**
 * The line pattern says *which* part is damaged, independent of *how much*: each defect's log line ratio minus the
 * strongest of the three, so the dominant defect reads 0 and the others negative whatever the fault size. The
 * strongest log ratio itself says whether any defect line is there at all. Kurtosis and crest factor measure how
 * impulsive the waveform is (3 and about 3.5 for Gaussian noise), which impacts on a defect raise.
 */
export const BEARING_FEATURE_NAMES = [
  'BPFO line vs strongest',
  'BPFI line vs strongest',
  'BSF line vs strongest',
  'log strongest defect line',
  'log kurtosis',
  'log crest factor',
] as const;

/** Relative weight of each feature in the classifier's distance: the line group and the impulsiveness group count
 * equally (each group's weights have unit sum of squares), so four line features do not outvote two statistics. */
export const BEARING_FEATURE_WEIGHTS: readonly number[] = [0.5, 0.5, 0.5, 0.5, Math.SQRT1_2, Math.SQRT1_2];

export interface BearingFeatureOptions {
  /** Demodulation band; default chosen by spectral kurtosis (envelope.ts selectBand). */
  band?: [number, number];
  /**
   * Relative half-width of the search around each line (plus one bin), default 0.01: the CWRU lines sit within
   * 0.3 % of their kinematic values, and a wider search starts to catch neighbouring defects' harmonics.
   */
  tolerance?: number;
}

function lineRatio(env: EnvelopeSpectrum, freqs: number[], floor: number, tol: number) {
  let sum = 0;
  let found = Number.NaN;
  for (const f of freqs) {
    const half = tol * f + env.df;
    const p = peakIn(env, f - half, f + half);
    if (Number.isNaN(found)) found = p.freq;
    sum += p.amplitude / floor;
  }
  return { ratio: sum / freqs.length, found };
}

function median(xs: Float64Array): number {
  const s = Float64Array.from(xs).sort();
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Features of one window; `f` are the defect frequencies at the window's shaft speed. */
export function bearingFeatures(
  signal: ArrayLike<number>,
  fs: number,
  f: BearingFrequencies,
  opts: BearingFeatureOptions = {},
): BearingFeatures {
  const tol = opts.tolerance ?? 0.01;
  const env = envelopeSpectrum(signal, fs, { band: opts.band });
  // Noise floor: median envelope level from half the cage frequency to 5 × BPFI, the range the lines live in.
  const k0 = Math.max(1, Math.floor((0.5 * f.ftf) / env.df));
  const k1 = Math.min(env.amplitudes.length, Math.ceil((5 * f.bpfi) / env.df));
  const floor = Math.max(median(env.amplitudes.subarray(k0, k1)), Number.MIN_VALUE);
  // Harmonics are chosen not to coincide: for a 9-ball bearing like the 6205, 3×BPFO ≈ 2×BPFI and
  // 3×BSF ≈ 2×BPFO within 1.5 %, so those are left out.
  const specs: { name: string; expected: number; freqs: number[] }[] = [
    { name: 'BPFO', expected: f.bpfo, freqs: [f.bpfo, 2 * f.bpfo] },
    // The inner-race defect turns with the shaft through the load zone: BPFI carries sidebands at ±1× shaft.
    { name: 'BPFI', expected: f.bpfi, freqs: [f.bpfi, f.bpfi - f.shaftHz, f.bpfi + f.shaftHz] },
    // A ball defect strikes both races once per spin, so 2×BSF is often the stronger line.
    { name: 'BSF', expected: f.bsf, freqs: [f.bsf, 2 * f.bsf] },
  ];
  const lines = specs.map((s) => ({ name: s.name, expected: s.expected, ...lineRatio(env, s.freqs, floor, tol) }));
  const logs = lines.map((l) => Math.log(l.ratio));
  const strongest = Math.max(...logs);
  const w = waveformStats(signal);
  const crestFactor = w.rms > 0 ? w.peak / w.rms : 0;
  return {
    values: [...logs.map((v) => v - strongest), strongest, Math.log(w.kurtosis), Math.log(crestFactor)],
    lines,
    band: env.band,
    kurtosis: w.kurtosis,
    crestFactor,
  };
}
