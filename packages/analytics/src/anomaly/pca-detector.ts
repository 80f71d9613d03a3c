import { columnStats, type Matrix, matVec, type Row, standardise, symmetricEigen, zeros } from '../linalg/matrix';
import { covarianceOfCentred } from '../linalg/matrix';
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
 * Explanation:
 * - contributions: φ splits exactly into per-sensor parts c_i = e_i²/δ² + a_i²/τ² with e the SPE residual and
 *   a = PΛ^(−1/2)Pᵀz (the "complete decomposition" of T², Alcalá & Qin 2011); both parts are ≥ 0 and the two
 *   subspaces are orthogonal, so Σc_i = φ and the shares are exact.
 * - expected value: the value of sensor i that minimises φ with the other sensors held fixed,
 *   z_i* = z_i − (Mz)_i/M_ii with M = PΛ⁻¹Pᵀ/τ² + (I − PPᵀ)/δ² (reconstruction along the sensor direction,
 *   Dunia & Qin 1998; Alcalá & Qin 2009). Unlike the plain reconstruction PPᵀz it does not depend on the sensor's
 *   own reading, so a faulty sensor does not drag its own "expected" value towards the fault.
 */
export class PcaDetector extends BaseDetector {
  readonly kind = 'pca';
  private readonly varianceTarget: number;
  private readonly bandSigmas: number;
  private mu = new Float64Array(0);
  private sd = new Float64Array(0);
  private eig = new Float64Array(0);
  private comps: Float64Array[] = [];
  private tau2 = 0;
  private delta2 = 0;
  private resSigma = new Float64Array(0);
  /** The combined-index metric M (p × p), precomputed. */
  private m: Matrix = [];

  constructor(opts: PcaOptions = {}) {
    super({ falseAlarmRate: opts.falseAlarmRate, margin: opts.margin });
    this.varianceTarget = opts.varianceTarget ?? DEFAULT_VARIANCE_TARGET;
    this.bandSigmas = opts.bandSigmas ?? DEFAULT_BAND_SIGMAS;
    if (!(this.varianceTarget >= 0.5 && this.varianceTarget <= 1)) throw new RangeError('varianceTarget must be in [0.5, 1]');
  }

  get dimension(): number {
    return this.mu.length;
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
    this.setModel(mean, std, values, vectors.slice(0, k), t2Limit(k), speLimit(values.slice(k).map((l) => Math.max(l, EIGEN_FLOOR))));
    // Residual σ of each column's reconstruction on the training rows, in engineering units.
    const ss = new Float64Array(p);
    for (const zi of z) {
      const mz = matVec(this.m, zi);
      for (let j = 0; j < p; j++) ss[j] += ((std[j] * mz[j]) / this.m[j][j]) ** 2;
    }
    this.resSigma = Float64Array.from(ss, (s, j) => Math.max(Math.sqrt(s / z.length), 1e-12 * Math.max(1, Math.abs(mean[j]))));
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
    if (row.length !== this.dimension) throw new RangeError(`pca: expected ${this.dimension} columns, got ${row.length}`);
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

  /** The two monitoring statistics of one row, each in its own (unnormalised) units. */
  statistics(row: Row): { t2: number; spe: number; t2Limit: number; speLimit: number } {
    const { t, e } = this.project(row);
    let t2 = 0;
    t.forEach((ta, a) => {
      t2 += (ta * ta) / Math.max(this.eig[a], EIGEN_FLOOR);
    });
    let spe = 0;
    for (const ej of e) spe += ej * ej;
    return { t2, spe, t2Limit: this.tau2, speLimit: this.delta2 };
  }

  rawScore(row: Row): number {
    const s = this.statistics(row);
    return (s.t2Limit > 0 ? s.t2 / s.t2Limit : 0) + s.spe / s.speLimit;
  }

  explain(row: Row): DetectorExplanation {
    const { z, t, e } = this.project(row);
    const p = z.length;
    // a = PΛ^(−1/2)t / τ: the T² part, spread over the sensors (complete decomposition).
    const a = new Float64Array(p);
    this.comps.forEach((v, k) => {
      const w = t[k] / Math.sqrt(Math.max(this.eig[k], EIGEN_FLOOR) * this.tau2);
      for (let j = 0; j < p; j++) a[j] += w * v[j];
    });
    const c = Float64Array.from(e, (ej, j) => (ej * ej) / this.delta2 + a[j] * a[j]);
    const phi = c.reduce((s, x) => s + x, 0);
    const mz = matVec(this.m, z);
    const columns: ColumnContribution[] = [];
    for (let j = 0; j < p; j++) {
      const expected = this.mu[j] + this.sd[j] * (z[j] - mz[j] / this.m[j][j]);
      const half = this.bandSigmas * this.resSigma[j];
      columns.push({
        share: phi > 0 ? c[j] / phi : 1 / p,
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
