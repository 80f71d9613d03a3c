import {
  columnStats,
  covarianceOfCentred,
  type Matrix,
  matVec,
  type Row,
  standardise,
  symmetricEigen,
  zeros,
} from '../linalg/matrix';
import { speLimit, t2Limit } from './control-limits';
import { BaseDetector, type ColumnContribution, type DetectorExplanation } from './detector';
import type { Calibration, CalibrationOptions } from './thresholds';

/** Share of the (standardised) variance the retained principal components must explain. */
export const DEFAULT_VARIANCE_TARGET = 0.95;
/** Half-width of the normal band in residual standard deviations (the classical 3σ of Shewhart charts). */
export const DEFAULT_BAND_SIGMAS = 3;
/** Eigenvalue floor (standardised data: the eigenvalues add up to the number of columns). */
const EIGEN_FLOOR = 1e-6;

export interface PcaOptions extends CalibrationOptions {
  /** Cumulative explained-variance target for the retained components, 0.5..1 (default 0.95). */
  varianceTarget?: number;
  /** Normal band half-width in residual σ (default 3). */
  bandSigmas?: number;
  /** Calibrate the threshold on cross-validated scores instead of the training rows' own (default false). */
  crossValidate?: boolean;
}

export interface PcaDetectorState {
  kind: 'pca';
  version: 1;
  mean: number[];
  std: number[];
  /** All eigenvalues of the correlation matrix, descending. */
  eigenvalues: number[];
  /** The k retained loading vectors (each of length p). */
  components: number[][];
  varianceTarget: number;
  t2Limit: number;
  speLimit: number;
  bandSigmas: number;
  residualSigma: number[];
  calibration: Calibration;
}

/**
 * PCA monitoring (MacGregor & Kourti 1995; Qin 2003, "Statistical process monitoring: basics and beyond").
 * Healthy rows are standardised and decomposed; the retained components model the normal correlation between
 * sensors, and two statistics measure how far a new row departs from it:
 * - Hotelling T² = Σ t_a²/λ_a in the retained subspace (an unusual but *consistent* operating point), and
 * - SPE (Q) = ‖(I − PPᵀ) z‖², the residual (the sensors no longer agree with each other).
 * Each is divided by its control limit and the two are added, the combined index φ = T²/τ² + SPE/δ²
 * (Yue & Qin 2001), which the shared thresholds calibrate so that 1.0 = alert threshold.
 *
 * Explanation, per sensor i, with M = PΛ⁻¹Pᵀ/τ² + (I − PPᵀ)/δ² (so that φ = zᵀMz):
 * - expected value: the value of sensor i that minimises φ with the other sensors held fixed,
 *   z_i* = z_i − (Mz)_i/M_ii (reconstruction along the sensor direction, Dunia & Qin 1998). It does not depend
 *   on the sensor's own reading, so a faulty sensor does not drag its own "expected" value towards the fault.
 * - contribution: how much φ drops when sensor i is reconstructed, RBC_i = (Mz)_i²/M_ii (reconstruction-based
 *   contribution, Alcalá & Qin 2009), normalised to shares that add up to 1. We use RBC rather than the additive
 *   split of SPE and T² into per-sensor squares because those smear a single-sensor fault over every correlated
 *   sensor (Westerhuis, Gurden & Smilde 2000): on a pump whose sensors all follow the load, a vibration drift
 *   got ~45 % of the additive split with ~20 % blamed on speed, against ~75 % with RBC. For a fault on one
 *   sensor, RBC is provably largest on that sensor (Alcalá & Qin 2009, by Cauchy–Schwarz on M).
 * - normal band: expected ± k·σ_i, σ_i the RMS of the reconstruction residual x_i − x̂_i on the training rows.
 */
export class PcaDetector extends BaseDetector {
  readonly kind = 'pca';
  private readonly varianceTarget: number;
  private readonly bandSigmas: number;
  private readonly crossValidate: boolean;
  private mu: Float64Array = new Float64Array(0);
  private sd: Float64Array = new Float64Array(0);
  private eig: Float64Array = new Float64Array(0);
  private comps: Float64Array[] = [];
  private tau2 = 0;
  private delta2 = 0;
  private resSigma: Float64Array = new Float64Array(0);
  /** The combined-index metric M (p × p), precomputed. */
  private m: Matrix = [];

  constructor(opts: PcaOptions = {}) {
    super({ falseAlarmRate: opts.falseAlarmRate, margin: opts.margin });
    this.varianceTarget = opts.varianceTarget ?? DEFAULT_VARIANCE_TARGET;
    this.bandSigmas = opts.bandSigmas ?? DEFAULT_BAND_SIGMAS;
    this.crossValidate = opts.crossValidate ?? false;
    if (!(this.varianceTarget >= 0.5 && this.varianceTarget <= 1))
      throw new RangeError('varianceTarget must be in [0.5, 1]');
  }

  get dimension(): number {
    return this.mu.length;
  }
  /**
   * Cross-validated threshold calibration (BaseDetector.calibrationScores) when asked for: an asset's alert level
   * is calibrated on held-out scores anyway (trainAssetModel), so the default keeps the detector's own threshold
   * in-sample and the alert level carries the whole false-alarm budget.
   */
  protected override blank(): PcaDetector | undefined {
    if (!this.crossValidate) return undefined;
    return new PcaDetector({
      varianceTarget: this.varianceTarget,
      bandSigmas: this.bandSigmas,
      ...this.calibrationOptions,
    });
  }
  /** Number of retained principal components. */
  get components(): number {
    return this.comps.length;
  }
  /** Eigenvalues of the training correlation matrix, descending. */
  get eigenvalues(): readonly number[] {
    return Array.from(this.eig);
  }

  protected fitModel(rows: readonly Row[]): void {
    const p = rows[0].length;
    if (p < 1) throw new RangeError('pca: rows have no columns');
    for (const r of rows) {
      if (r.length !== p) throw new RangeError(`pca: all rows must have ${p} columns`);
      for (let j = 0; j < p; j++) if (!Number.isFinite(r[j])) throw new RangeError('pca: rows must be finite numbers');
    }
    const { mean, std } = columnStats(rows);
    // A (near-)constant column would divide by ~0; floor its scale relative to its magnitude.
    for (let j = 0; j < p; j++) std[j] = Math.max(std[j], 1e-9 * Math.max(1, Math.abs(mean[j])));
    const z = rows.map((r) => standardise(r, mean, std));
    const { values, vectors } = symmetricEigen(covarianceOfCentred(z));
    const total = values.reduce((s, v) => s + Math.max(0, v), 0);
    // Smallest k reaching the variance target, capped so that at least one residual dimension remains
    // (otherwise SPE, the statistic that sees broken correlations, would be identically zero).
    let k = 0;
    let acc = 0;
    while (k < p && acc < this.varianceTarget * total) acc += Math.max(0, values[k++]);
    k = Math.min(Math.max(k, p > 1 ? 1 : 0), p - 1);
    this.setModel(
      mean,
      std,
      values,
      vectors.slice(0, k),
      t2Limit(k),
      speLimit(values.slice(k).map((l) => Math.max(l, EIGEN_FLOOR))),
    );
    // Residual σ of each column's reconstruction on the training rows, in engineering units.
    const ss = new Float64Array(p);
    for (const zi of z) {
      const mz = matVec(this.m, zi);
      for (let j = 0; j < p; j++) ss[j] += ((std[j] * mz[j]) / this.m[j][j]) ** 2;
    }
    this.resSigma = Float64Array.from(ss, (s, j) =>
      Math.max(Math.sqrt(s / z.length), 1e-12 * Math.max(1, Math.abs(mean[j]))),
    );
  }

  private setModel(
    mean: Float64Array,
    std: Float64Array,
    eigenvalues: Float64Array,
    comps: Float64Array[],
    tau2: number,
    delta2: number,
  ): void {
    const p = mean.length;
    this.mu = mean;
    this.sd = std;
    this.eig = eigenvalues;
    this.comps = comps;
    this.tau2 = tau2;
    this.delta2 = Math.max(delta2, EIGEN_FLOOR);
    const m = zeros(p, p);
    for (let i = 0; i < p; i++) m[i][i] = 1 / this.delta2;
    comps.forEach((v, a) => {
      const w = 1 / (Math.max(eigenvalues[a], EIGEN_FLOOR) * tau2) - 1 / this.delta2;
      for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) m[i][j] += w * v[i] * v[j];
    });
    this.m = m;
  }

  /** Standardised row, its scores t (retained subspace) and its SPE residual e. */
  private project(row: Row): { z: Float64Array; t: Float64Array; e: Float64Array } {
    if (row.length !== this.dimension)
      throw new RangeError(`pca: expected ${this.dimension} columns, got ${row.length}`);
    const z = standardise(row, this.mu, this.sd);
    const t = new Float64Array(this.comps.length);
    const e = Float64Array.from(z);
    this.comps.forEach((v, a) => {
      let s = 0;
      for (let j = 0; j < z.length; j++) s += v[j] * z[j];
      t[a] = s;
      for (let j = 0; j < z.length; j++) e[j] -= s * v[j];
    });
    return { z, t, e };
  }

  /** The two monitoring statistics of one row, with their control limits. */
  statistics(row: Row): { t2: number; spe: number; t2Limit: number; speLimit: number } {
    const { t, e } = this.project(row);
    return { t2: this.t2(t), spe: e.reduce((s, x) => s + x * x, 0), t2Limit: this.tau2, speLimit: this.delta2 };
  }

  private t2(t: Float64Array): number {
    let t2 = 0;
    for (let a = 0; a < t.length; a++) t2 += (t[a] * t[a]) / Math.max(this.eig[a], EIGEN_FLOOR);
    return t2;
  }

  /** φ = T²/τ² + SPE/δ² (no T² term when no component is retained). */
  private combined(t: Float64Array, e: Float64Array): number {
    const spe = e.reduce((s, x) => s + x * x, 0);
    return (this.tau2 > 0 ? this.t2(t) / this.tau2 : 0) + spe / this.delta2;
  }

  rawScore(row: Row): number {
    const { t, e } = this.project(row);
    return this.combined(t, e);
  }

  explain(row: Row): DetectorExplanation {
    const { z, t, e } = this.project(row);
    const p = z.length;
    const phi = this.combined(t, e);
    const mz = matVec(this.m, z);
    const rbc = Float64Array.from(mz, (v, j) => (v * v) / this.m[j][j]);
    const total = rbc.reduce((s, x) => s + x, 0);
    const columns: ColumnContribution[] = [];
    for (let j = 0; j < p; j++) {
      const expected = this.mu[j] + this.sd[j] * (z[j] - mz[j] / this.m[j][j]);
      const half = this.bandSigmas * this.resSigma[j];
      columns.push({
        share: total > 0 ? rbc[j] / total : 1 / p,
        value: row[j],
        expected,
        low: expected - half,
        high: expected + half,
      });
    }
    return { score: phi / this.calibration.threshold, columns };
  }

  toJSON(): PcaDetectorState {
    return {
      kind: 'pca',
      version: 1,
      mean: Array.from(this.mu),
      std: Array.from(this.sd),
      eigenvalues: Array.from(this.eig),
      components: this.comps.map((v) => Array.from(v)),
      varianceTarget: this.varianceTarget,
      t2Limit: this.tau2,
      speLimit: this.delta2,
      bandSigmas: this.bandSigmas,
      residualSigma: Array.from(this.resSigma),
      calibration: { ...this.calibration },
    };
  }

  /** Restores a detector from toJSON() output (an object or its JSON string). */
  static fromJSON(input: PcaDetectorState | string): PcaDetector {
    const s = (typeof input === 'string' ? JSON.parse(input) : input) as PcaDetectorState;
    if (s?.kind !== 'pca' || s.version !== 1) throw new Error('not a serialized PCA detector (kind "pca", version 1)');
    const p = s.mean.length;
    if (s.std.length !== p || s.residualSigma.length !== p || s.components.some((v) => v.length !== p)) {
      throw new Error('serialized PCA detector is inconsistent (column counts differ)');
    }
    const d = new PcaDetector({
      varianceTarget: s.varianceTarget,
      bandSigmas: s.bandSigmas,
      falseAlarmRate: s.calibration.falseAlarmRate,
      margin: s.calibration.margin,
    });
    d.setModel(
      Float64Array.from(s.mean),
      Float64Array.from(s.std),
      Float64Array.from(s.eigenvalues),
      s.components.map((v) => Float64Array.from(v)),
      s.t2Limit,
      s.speLimit,
    );
    d.resSigma = Float64Array.from(s.residualSigma);
    d.cal = { ...s.calibration };
    return d;
  }
}
