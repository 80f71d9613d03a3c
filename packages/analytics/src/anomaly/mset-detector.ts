import { columnStats, type Row } from '../linalg/matrix';
import { median } from '../linalg/stats';
import { BaseDetector, type ColumnContribution, type DetectorExplanation } from './detector';
import { DEFAULT_BAND_SIGMAS } from './pca-detector';
import { type Calibration, type CalibrationOptions, calibrateThreshold } from './thresholds';

/** Memory size cap: ~200 states cover an asset's operating envelope and keep one 8-column score near 10 µs. */
export const MSET_MEMORY_SIZE = 200;
/**
 * Kernel width as a multiple of the median distance between memory vectors (the "median heuristic", Gretton et
 * al. 2012). Much narrower and 200 states in 8 dimensions no longer overlap: the estimate falls back to the mean
 * between them and healthy residuals grow to several times the sensor noise (a quarter of the median: ≈ 2 noise σ
 * on the conformance plant data); on the pump curve of MSET_RIDGE, half or a quarter of the median flagged
 * fewer faults than the median itself.
 */
export const MSET_BANDWIDTH_FACTOR = 1;
/**
 * Ridge λ added to the similarity matrix (whose diagonal is 1). Besides keeping the inverse stable with
 * near-duplicate states, it sets how closely the estimator may follow its input: an auto-associative model that
 * reproduces its input also reproduces a fault, one that smooths too much misses a bend in a nonlinear relation.
 * Measured (median-distance kernel, 200 memory vectors): on a pump curve (flow, head ∝ 1 − q², efficiency
 * ∝ q(1 − q), power; 1,500 rows) λ = 0.1 flags 78–100 % of 7–10-noise-σ single-sensor faults, λ = 1 only 1–27 %
 * and λ = 0.03 55–100 %; on the linear conformance plant data λ = 0.1 pulls the expected value of a
 * 3σ-offset sensor about 60 % of the way towards the fault (λ = 1: about 35 %) but still flags every 5σ offset.
 */
export const MSET_RIDGE = 0.1;

export interface MsetOptions extends CalibrationOptions {
  /** Most memory vectors kept (default 200); each column's min and max rows are always kept. */
  memorySize?: number;
  /** Gaussian kernel width in standardised units; default MSET_BANDWIDTH_FACTOR × median memory distance. */
  bandwidth?: number;
  /** Ridge on the similarity matrix, relative to its unit diagonal (default 0.1). */
  ridge?: number;
  /** Normal band half-width in residual σ (default 3, shared with PCA). */
  bandSigmas?: number;
}

export interface MsetDetectorState {
  kind: 'mset';
  version: 1;
  mean: number[];
  std: number[];
  /** Memory vectors, standardised (m × p). */
  memory: number[][];
  /** Gaussian kernel width in standardised units. */
  bandwidth: number;
  ridge: number;
  memorySize: number;
  bandSigmas: number;
  /** Residual σ per column in engineering units (leave-one-out for the memory rows). */
  residualSigma: number[];
  calibration: Calibration;
}

/**
 * Similarity-based state estimation of the MSET family (Gross, Singer et al. 1997, "Application of a model-based
 * fault detection system to nuclear plant signals"; Wegerich 2004, similarity-based modelling; the MSET baseline
 * of the SKAB benchmark, Katser & Kozitsin 2020). A memory matrix D holds healthy states (standardised rows);
 * a new state x is estimated as x̂ = Dᵀw with w = (D⊗Dᵀ + λI)⁻¹(D⊗x), ⊗ the Gaussian similarity
 * exp(−‖a − b‖²/2h²). Unlike PCA the estimate follows nonlinear relations between sensors (a pump curve, a
 * temperature that lags the load), because it is a locally weighted blend of remembered states.
 *
 * With the Gaussian operator this is kernel ridge regression of the identity map, so:
 * - far from every remembered state the similarities vanish and x̂ falls back to the training mean — a state
 *   the memory has never seen scores high. The weights are deliberately not normalised to add up to 1 (as in
 *   some SBM variants): normalised weights follow a far-off row to the nearest edge of the memory, which on the
 *   conformance plant data pulled the expected value of an offset sensor 2–3 times further towards the fault;
 * - the memory rows' own residuals are optimistic (the estimator nearly reproduces them), but their exact
 *   leave-one-out residual is (G⁻¹D)ᵢ/(G⁻¹)ᵢᵢ (the KRR/PRESS identity, Wahba 1990), so the residual σ and the
 *   threshold are computed from honest residuals on every training row.
 *
 * Raw score = Σⱼ (xⱼ − x̂ⱼ)²/σⱼ², σⱼ the residual RMS of column j. Explanation: expected = x̂ⱼ in engineering
 * units, share ∝ (xⱼ − x̂ⱼ)²/σⱼ², band = x̂ⱼ ± 3σⱼ. Note that x̂ depends on the whole row, the column's own
 * reading included (unlike PCA's reconstruction-based expected value), so a fault pulls the estimate partly
 * towards itself (see MSET_RIDGE) and smears a little into correlated columns. On linear Gaussian data PCA,
 * which also sees an unusual operating point (T²), is the more sensitive of the two; MSET earns its place where
 * sensors are related nonlinearly (on the pump curve of MSET_RIDGE it flags 78–100 % of the faults against
 * PCA's 6–100 %, and 6–13 % for a fault on efficiency, the most curved relation).
 */
export class MsetDetector extends BaseDetector {
  readonly kind = 'mset';
  private readonly memorySize: number;
  private readonly bandwidthOption: number | undefined;
  private readonly ridge: number;
  private readonly bandSigmas: number;
  private mu: Float64Array = new Float64Array(0);
  private sd: Float64Array = new Float64Array(0);
  /** Memory vectors, standardised, row-major (m × p). */
  private mem: Float64Array = new Float64Array(0);
  private m = 0;
  private h = 0;
  /** A = Dᵀ(G + λI)⁻¹ (p × m, row-major), so that x̂ = A·k(x): one p × m product per row. */
  private a: Float64Array = new Float64Array(0);
  /** Diagonal of (G + λI)⁻¹, for the leave-one-out residuals. */
  private ginvDiag: Float64Array = new Float64Array(0);
  /** Residual σ per column, engineering units, and 1/σ² in standardised units. */
  private resSigma: Float64Array = new Float64Array(0);
  private invVar: Float64Array = new Float64Array(0);
  /** Scratch buffers, so that scoring a row allocates nothing. */
  private zBuf: Float64Array = new Float64Array(0);
  private kBuf: Float64Array = new Float64Array(0);
  private xhBuf: Float64Array = new Float64Array(0);
  /** Raw scores of the training rows from honest residuals (leave-one-out for memory rows), for calibration. */
  private honestScores: Float64Array = new Float64Array(0);

  constructor(opts: MsetOptions = {}) {
    super({ falseAlarmRate: opts.falseAlarmRate, margin: opts.margin });
    this.memorySize = opts.memorySize ?? MSET_MEMORY_SIZE;
    this.bandwidthOption = opts.bandwidth;
    this.ridge = opts.ridge ?? MSET_RIDGE;
    this.bandSigmas = opts.bandSigmas ?? DEFAULT_BAND_SIGMAS;
    if (!(Number.isInteger(this.memorySize) && this.memorySize >= 2))
      throw new RangeError('memorySize must be an integer ≥ 2');
    if (this.bandwidthOption !== undefined && !(this.bandwidthOption > 0))
      throw new RangeError('bandwidth must be > 0');
    if (!(this.ridge > 0)) throw new RangeError('ridge must be > 0');
  }

  get dimension(): number {
    return this.mu.length;
  }
  /** Number of memory vectors. */
  get memoryVectors(): number {
    return this.m;
  }
  /** Gaussian kernel width in standardised units. */
  get bandwidth(): number {
    return this.h;
  }

  /**
   * Calibrates on honest residuals rather than on rawScore(training row): a memory row scores near 0 in-sample,
   * and with a few hundred rows most of them can be memory rows, which would put the threshold far too low.
   * The threshold itself still comes from the shared calibrateThreshold.
   */
  override fit(rows: readonly Row[]): this {
    if (rows.length < 2) throw new RangeError(`mset: need at least 2 rows to fit, got ${rows.length}`);
    this.fitModel(rows);
    this.cal = calibrateThreshold(this.honestScores, this.calibrationOptions);
    this.honestScores = new Float64Array(0);
    return this;
  }

  protected fitModel(rows: readonly Row[]): void {
    const p = rows[0].length;
    if (p < 1) throw new RangeError('mset: rows have no columns');
    for (const r of rows) {
      if (r.length !== p) throw new RangeError(`mset: all rows must have ${p} columns`);
      for (let j = 0; j < p; j++) if (!Number.isFinite(r[j])) throw new RangeError('mset: rows must be finite numbers');
    }
    const { mean, std } = columnStats(rows);
    // A (near-)constant column would divide by ~0; floor its scale relative to its magnitude (as PCA does).
    for (let j = 0; j < p; j++) std[j] = Math.max(std[j], 1e-9 * Math.max(1, Math.abs(mean[j])));
    const n = rows.length;
    const z = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) z[i * p + j] = (rows[i][j] - mean[j]) / std[j];
    const picked = selectMemory(z, n, p, this.memorySize);
    const mem = new Float64Array(picked.length * p);
    for (let i = 0; i < picked.length; i++) mem.set(z.subarray(picked[i] * p, picked[i] * p + p), i * p);
    const h = this.bandwidthOption ?? MSET_BANDWIDTH_FACTOR * medianDistance(mem, p);
    this.setModel(mean, std, mem, h > 0 ? h : 1);

    // Honest residuals: leave-one-out for the memory rows, the plain estimate for all the others.
    const inMemory = new Int32Array(n).fill(-1);
    picked.forEach((r, i) => {
      inMemory[r] = i;
    });
    const res = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      const mi = inMemory[i];
      if (mi >= 0) {
        // LOO residual of kernel ridge regression: (G⁻¹D)ᵢⱼ/(G⁻¹)ᵢᵢ, and (G⁻¹D)ᵢⱼ = A[j][i].
        for (let j = 0; j < p; j++) res[i * p + j] = this.a[j * this.m + mi] / this.ginvDiag[mi];
      } else {
        this.estimate(z.subarray(i * p, i * p + p), false);
        for (let j = 0; j < p; j++) res[i * p + j] = z[i * p + j] - this.xhBuf[j];
      }
    }
    const ss = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) ss[j] += res[i * p + j] ** 2;
    const sigmaZ = Float64Array.from(ss, (s) => Math.max(Math.sqrt(s / n), 1e-9));
    this.setResidualSigma(Float64Array.from(sigmaZ, (s, j) => s * std[j]));
    this.honestScores = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let q = 0;
      for (let j = 0; j < p; j++) q += res[i * p + j] ** 2 * this.invVar[j];
      this.honestScores[i] = q;
    }
  }

  /** Builds everything scoring needs from the standardisation, the memory and the kernel width. */
  private setModel(mean: Float64Array, std: Float64Array, mem: Float64Array, h: number): void {
    const p = mean.length;
    const m = mem.length / p;
    this.mu = mean;
    this.sd = std;
    this.mem = mem;
    this.m = m;
    this.h = h;
    const gamma = 1 / (2 * h * h);
    const g = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      g[i * m + i] = 1 + this.ridge;
      for (let l = 0; l < i; l++) {
        const s = Math.exp(-squaredDistance(mem, i * p, mem, l * p, p) * gamma);
        g[i * m + l] = s;
        g[l * m + i] = s;
      }
    }
    const ginv = spdInverse(g, m);
    this.ginvDiag = Float64Array.from({ length: m }, (_, i) => ginv[i * m + i]);
    const a = new Float64Array(p * m);
    for (let j = 0; j < p; j++)
      for (let l = 0; l < m; l++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += mem[i * p + j] * ginv[i * m + l];
        a[j * m + l] = s;
      }
    this.a = a;
    this.zBuf = new Float64Array(p);
    this.kBuf = new Float64Array(m);
    this.xhBuf = new Float64Array(p);
  }

  private setResidualSigma(sigma: Float64Array): void {
    this.resSigma = sigma;
    this.invVar = Float64Array.from(sigma, (s, j) => (this.sd[j] / s) ** 2);
  }

  /**
   * Writes the estimate x̂ (standardised) of a row into xhBuf; `raw` rows are standardised first into zBuf.
   * The hot path: m distances, m exponentials and one p × m product, in local variables, allocating nothing.
   */
  private estimate(row: Row, raw = true): void {
    const { mu, sd, mem, a, m, zBuf, kBuf: k, xhBuf: xh } = this;
    const p = mu.length;
    if (p === 0) throw new Error('mset: detector is not fitted');
    if (row.length !== p) throw new RangeError(`mset: expected ${p} columns, got ${row.length}`);
    if (raw) for (let j = 0; j < p; j++) zBuf[j] = (row[j] - mu[j]) / sd[j];
    const z = raw ? zBuf : row;
    const gamma = 1 / (2 * this.h * this.h);
    for (let i = 0, base = 0; i < m; i++, base += p) {
      let d = 0;
      for (let j = 0; j < p; j++) {
        const t = z[j] - mem[base + j];
        d += t * t;
      }
      k[i] = Math.exp(-d * gamma);
    }
    for (let j = 0, base = 0; j < p; j++, base += m) {
      let s = 0;
      for (let i = 0; i < m; i++) s += a[base + i] * k[i];
      xh[j] = s;
    }
  }

  rawScore(row: Row): number {
    this.estimate(row);
    const { zBuf: z, xhBuf: xh, invVar } = this;
    let q = 0;
    for (let j = 0; j < z.length; j++) {
      const r = z[j] - xh[j];
      q += r * r * invVar[j];
    }
    return q;
  }

  explain(row: Row): DetectorExplanation {
    const threshold = this.calibration.threshold;
    this.estimate(row);
    const p = this.mu.length;
    const q = Float64Array.from(this.zBuf, (z, j) => (z - this.xhBuf[j]) ** 2 * this.invVar[j]);
    const total = q.reduce((s, x) => s + x, 0);
    const columns: ColumnContribution[] = [];
    for (let j = 0; j < p; j++) {
      const expected = this.mu[j] + this.sd[j] * this.xhBuf[j];
      const half = this.bandSigmas * this.resSigma[j];
      columns.push({
        share: total > 0 ? q[j] / total : 1 / p,
        value: row[j],
        expected,
        low: expected - half,
        high: expected + half,
      });
    }
    return { score: total / threshold, columns };
  }

  toJSON(): MsetDetectorState {
    const p = this.mu.length;
    return {
      kind: 'mset',
      version: 1,
      mean: Array.from(this.mu),
      std: Array.from(this.sd),
      memory: Array.from({ length: this.m }, (_, i) => Array.from(this.mem.subarray(i * p, i * p + p))),
      bandwidth: this.h,
      ridge: this.ridge,
      memorySize: this.memorySize,
      bandSigmas: this.bandSigmas,
      residualSigma: Array.from(this.resSigma),
      calibration: { ...this.calibration },
    };
  }

  /** Restores a detector from toJSON() output (an object or its JSON string); the inverse is rebuilt. */
  static fromJSON(input: MsetDetectorState | string): MsetDetector {
    const s = (typeof input === 'string' ? JSON.parse(input) : input) as MsetDetectorState;
    if (s?.kind !== 'mset' || s.version !== 1)
      throw new Error('not a serialized MSET detector (kind "mset", version 1)');
    const p = s.mean.length;
    if (
      s.std.length !== p ||
      s.residualSigma.length !== p ||
      s.memory.length < 1 ||
      s.memory.some((v) => v.length !== p)
    )
      throw new Error('serialized MSET detector is inconsistent (column counts differ)');
    const d = new MsetDetector({
      memorySize: s.memorySize,
      bandwidth: s.bandwidth,
      ridge: s.ridge,
      bandSigmas: s.bandSigmas,
      falseAlarmRate: s.calibration.falseAlarmRate,
      margin: s.calibration.margin,
    });
    const mem = new Float64Array(s.memory.length * p);
    for (let i = 0; i < s.memory.length; i++) mem.set(s.memory[i], i * p);
    d.setModel(Float64Array.from(s.mean), Float64Array.from(s.std), mem, s.bandwidth);
    d.setResidualSigma(Float64Array.from(s.residualSigma));
    d.cal = { ...s.calibration };
    return d;
  }
}

function squaredDistance(x: ArrayLike<number>, xo: number, y: Float64Array, yo: number, p: number): number {
  let d = 0;
  for (let j = 0; j < p; j++) {
    const t = x[xo + j] - y[yo + j];
    d += t * t;
  }
  return d;
}

/**
 * Memory selection (Gross & Singer's min-max plus Wegerich's vector ordering): each column's minimum and
 * maximum rows first, so the memory spans every sensor's healthy range, then rows evenly spaced in the order of
 * their norm up to `cap`, so it also covers the interior. Deterministic: ties go to the earlier row.
 */
function selectMemory(z: Float64Array, n: number, p: number, cap: number): number[] {
  if (n <= cap) return Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  for (let j = 0; j < p; j++) {
    let lo = 0;
    let hi = 0;
    for (let i = 1; i < n; i++) {
      if (z[i * p + j] < z[lo * p + j]) lo = i;
      if (z[i * p + j] > z[hi * p + j]) hi = i;
    }
    picked.add(lo);
    picked.add(hi);
  }
  const norms = Float64Array.from({ length: n }, (_, i) => squaredDistance(z, i * p, new Float64Array(p), 0, p));
  const rest = Array.from({ length: n }, (_, i) => i)
    .filter((i) => !picked.has(i))
    .sort((x, y) => norms[x] - norms[y] || x - y);
  const slots = Math.max(0, cap - picked.size);
  for (let t = 0; t < slots; t++) picked.add(rest[Math.floor(((t + 0.5) * rest.length) / slots)]);
  return [...picked].sort((x, y) => x - y);
}

/** Median Euclidean distance between distinct memory vectors (0 when there are fewer than two). */
function medianDistance(mem: Float64Array, p: number): number {
  const m = mem.length / p;
  const d: number[] = [];
  for (let i = 0; i < m; i++) for (let l = 0; l < i; l++) d.push(Math.sqrt(squaredDistance(mem, i * p, mem, l * p, p)));
  return d.length > 0 ? median(d) : 0;
}

/** Inverse of a symmetric positive-definite matrix (row-major n × n) by Cholesky, A = LLᵀ, A⁻¹ = L⁻ᵀL⁻¹. */
function spdInverse(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) throw new RangeError('mset: similarity matrix is not positive definite');
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j];
    }
  }
  // L⁻¹ by forward substitution (lower triangular), then A⁻¹ = (L⁻¹)ᵀL⁻¹.
  const li = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    li[c * n + c] = 1 / l[c * n + c];
    for (let i = c + 1; i < n; i++) {
      let s = 0;
      for (let k = c; k < i; k++) s -= l[i * n + k] * li[k * n + c];
      li[i * n + c] = s / l[i * n + i];
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += li[k * n + i] * li[k * n + j];
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  return inv;
}
