/**
 * Ridge regression by the normal equations and a Cholesky factorisation: (XᵀX + λI)w = Xᵀy. The virtual
 * sensors have a few dozen features and thousands of rows, so accumulating XᵀX (p×p) and solving it is exact
 * enough and far cheaper than a general QR; the ridge term keeps it positive definite when inputs are
 * collinear (current and power of the same motor). Written here because it is twenty lines and the math
 * libraries on npm that offer it are large.
 */
export class RidgeAccumulator {
  readonly xtx: Float64Array;
  readonly xty: Float64Array;
  rows = 0;
  constructor(readonly p: number) {
    this.xtx = new Float64Array(p * p);
    this.xty = new Float64Array(p);
  }
  add(x: ArrayLike<number>, y: number): void {
    const p = this.p;
    for (let i = 0; i < p; i++) {
      const xi = x[i] as number;
      if (xi === 0) continue;
      this.xty[i] += xi * y;
      const row = i * p;
      for (let j = 0; j <= i; j++) this.xtx[row + j] += xi * (x[j] as number);
    }
    this.rows++;
  }
  /** Adds another accumulator's rows (same features). */
  merge(o: RidgeAccumulator): RidgeAccumulator {
    const out = new RidgeAccumulator(this.p);
    for (let i = 0; i < this.xtx.length; i++) out.xtx[i] = (this.xtx[i] as number) + (o.xtx[i] as number);
    for (let i = 0; i < this.p; i++) out.xty[i] = (this.xty[i] as number) + (o.xty[i] as number);
    out.rows = this.rows + o.rows;
    return out;
  }
  /**
   * Solves for the weights; feature 0 is the intercept and is not penalised. With `keep`, only those features
   * are used (the others get weight 0): a reduced model from the same sums. Undefined when singular.
   */
  solve(lambda: number, keep?: readonly number[]): Float64Array | undefined {
    const idx = keep ?? Array.from({ length: this.p }, (_, i) => i);
    const full = this.p;
    const p = idx.length;
    const a = new Float64Array(p * p);
    const b = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      const fi = idx[i] as number;
      b[i] = this.xty[fi] as number;
      for (let j = 0; j <= i; j++) {
        const fj = idx[j] as number;
        a[i * p + j] = this.xtx[fi >= fj ? fi * full + fj : fj * full + fi] as number;
      }
      if (fi > 0) a[i * p + i] += lambda * this.rows;
    }
    // In-place Cholesky, lower triangle: a = L·Lᵀ.
    for (let j = 0; j < p; j++) {
      let d = a[j * p + j] as number;
      for (let k = 0; k < j; k++) d -= (a[j * p + k] as number) ** 2;
      // Singular (or numerically so) relative to the pivot's own scale.
      if (!(d > 1e-10 * Math.max(1e-300, a[j * p + j] as number))) return undefined;
      const l = Math.sqrt(d);
      a[j * p + j] = l;
      for (let i = j + 1; i < p; i++) {
        let s = a[i * p + j] as number;
        for (let k = 0; k < j; k++) s -= (a[i * p + k] as number) * (a[j * p + k] as number);
        a[i * p + j] = s / l;
      }
    }
    const z = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      let s = b[i] as number;
      for (let k = 0; k < i; k++) s -= (a[i * p + k] as number) * (z[k] as number);
      z[i] = s / (a[i * p + i] as number);
    }
    const w = new Float64Array(p);
    for (let i = p - 1; i >= 0; i--) {
      let s = z[i] as number;
      for (let k = i + 1; k < p; k++) s -= (a[k * p + i] as number) * (w[k] as number);
      w[i] = s / (a[i * p + i] as number);
    }
    if (!keep) return w;
    const out = new Float64Array(full);
    idx.forEach((fi, i) => {
      out[fi] = w[i] as number;
    });
    return out;
  }
}
