/**
 * The little linear algebra the detectors need: column statistics, standardisation, covariance and the
 * eigen-decomposition of a symmetric matrix. Matrices are arrays of rows (Float64Array), which keeps the code
 * readable; the sizes here are small (one column per sensor of one asset, ≤ ~30).
 */
export type Row = ArrayLike<number>;
export type Matrix = Float64Array[];

export function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Float64Array(cols));
}

export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m[i][i] = 1;
  return m;
}

/** Per-column mean and sample standard deviation of a set of rows. */
export function columnStats(rows: readonly Row[]): { mean: Float64Array; std: Float64Array } {
  const n = rows.length;
  const p = n > 0 ? rows[0].length : 0;
  const mu = new Float64Array(p);
  const sd = new Float64Array(p);
  for (const r of rows) for (let j = 0; j < p; j++) mu[j] += r[j];
  for (let j = 0; j < p; j++) mu[j] /= Math.max(1, n);
  for (const r of rows) for (let j = 0; j < p; j++) sd[j] += (r[j] - mu[j]) ** 2;
  for (let j = 0; j < p; j++) sd[j] = Math.sqrt(sd[j] / Math.max(1, n - 1));
  return { mean: mu, std: sd };
}

/** (x − mean) / std, column by column. */
export function standardise(row: Row, mu: ArrayLike<number>, sd: ArrayLike<number>): Float64Array {
  const z = new Float64Array(row.length);
  for (let j = 0; j < row.length; j++) z[j] = (row[j] - mu[j]) / sd[j];
  return z;
}

/** Sample covariance (n − 1) of rows that are already centred (e.g. standardised → correlation matrix). */
export function covarianceOfCentred(rows: readonly Row[]): Matrix {
  const n = rows.length;
  const p = n > 0 ? rows[0].length : 0;
  const c = zeros(p, p);
  for (const r of rows) {
    for (let i = 0; i < p; i++) {
      const ri = r[i];
      const ci = c[i];
      for (let j = i; j < p; j++) ci[j] += ri * r[j];
    }
  }
  const d = Math.max(1, n - 1);
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      c[i][j] /= d;
      c[j][i] = c[i][j];
    }
  }
  return c;
}

export function matVec(m: Matrix, v: Row): Float64Array {
  const out = new Float64Array(m.length);
  for (let i = 0; i < m.length; i++) {
    let s = 0;
    const mi = m[i];
    for (let j = 0; j < mi.length; j++) s += mi[j] * v[j];
    out[i] = s;
  }
  return out;
}

export interface EigenDecomposition {
  /** Eigenvalues, sorted in descending order. */
  values: Float64Array;
  /** vectors[k] is the unit eigenvector of values[k]. */
  vectors: Float64Array[];
}

/**
 * Eigen-decomposition of a real symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan, Matrix
 * Computations, §8.5; rotation formulas as in Numerical Recipes §11.1).
 *
 * Why Jacobi rather than Householder tridiagonalisation + QR: it is a few dozen lines with no special cases,
 * it yields eigenvectors orthogonal to machine precision and small eigenvalues with high relative accuracy
 * (these are exactly the residual-space eigenvalues the SPE limit depends on), and its O(p³) cost per sweep
 * (typically 6–10 sweeps) is negligible for p ≤ ~30 sensors per asset. Past a few hundred columns a LAPACK-style
 * tridiagonal solver would be the better choice.
 */
export function symmetricEigen(a: readonly Row[], maxSweeps = 100): EigenDecomposition {
  const n = a.length;
  const m = a.map((r) => Float64Array.from(r));
  const v = identity(n);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += m[i][i] * m[i][i];
      for (let j = i + 1; j < n; j++) off += m[i][j] * m[i][j];
    }
    // Converged when the off-diagonal mass is negligible relative to the diagonal.
    if (off <= 1e-30 * Math.max(diag, 1e-300) || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p][q];
        if (apq === 0) continue;
        const theta = (m[q][q] - m[p][p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A ← Jᵀ A J, touching rows/columns p and q only.
        for (let k = 0; k < n; k++) {
          const akp = m[k][p];
          const akq = m[k][q];
          m[k][p] = c * akp - s * akq;
          m[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p][k];
          const aqk = m[q][k];
          m[p][k] = c * apk - s * aqk;
          m[q][k] = s * apk + c * aqk;
        }
        m[p][q] = 0;
        m[q][p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => m[y][y] - m[x][x]);
  const values = Float64Array.from(order, (i) => m[i][i]);
  const vectors = order.map((i) => Float64Array.from(v, (row) => row[i]));
  return { values, vectors };
}
