import { chiSquareQuantile, normalQuantile } from '../linalg/stats';

/**
 * Parametric control limits for the two PCA monitoring statistics. They are used to put T² and SPE on a common
 * scale (each divided by its own limit) before the two are combined; the final alert threshold is then
 * calibrated empirically on the training scores in thresholds.ts, so these limits need not be exact.
 */

/** Confidence level of the per-statistic normalising limits (the classical 99 %). */
export const STATISTIC_LIMIT_CONFIDENCE = 0.99;

/**
 * Hotelling T² limit for k retained components. The exact limit for a new observation is
 * k(n²−1)/(n(n−k))·F(k, n−k) (Tracy, Young & Mason 1992); for the training sizes used here (n ≥ 50, usually
 * thousands of windows) it is close to its large-sample limit χ²_k, which we use.
 */
export function t2Limit(k: number, confidence = STATISTIC_LIMIT_CONFIDENCE): number {
  return k > 0 ? chiSquareQuantile(confidence, k) : 0;
}

/**
 * SPE (Q) limit from the eigenvalues of the residual subspace, by Jackson & Mudholkar (1979):
 *   Q_α = θ₁ [ c_α √(2θ₂h₀²)/θ₁ + 1 + θ₂h₀(h₀−1)/θ₁² ]^(1/h₀),  θ_i = Σ λ_j^i,  h₀ = 1 − 2θ₁θ₃/(3θ₂²).
 * When the residual eigenvalues are very uneven h₀ approaches or drops below 0 and the formula breaks down;
 * we then fall back to Box's (1954) scaled χ² approximation Q ~ g·χ²_h with g = θ₂/θ₁, h = θ₁²/θ₂
 * (as used for PCA monitoring by Nomikos & MacGregor 1995).
 */
export function speLimit(residualEigenvalues: ArrayLike<number>, confidence = STATISTIC_LIMIT_CONFIDENCE): number {
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  for (let i = 0; i < residualEigenvalues.length; i++) {
    const l = Math.max(0, residualEigenvalues[i]);
    t1 += l;
    t2 += l * l;
    t3 += l * l * l;
  }
  if (!(t1 > 0) || !(t2 > 0)) return 0;
  const h0 = 1 - (2 * t1 * t3) / (3 * t2 * t2);
  if (h0 > 0.05) {
    const ca = normalQuantile(confidence);
    const inner = (ca * Math.sqrt(2 * t2 * h0 * h0)) / t1 + 1 + (t2 * h0 * (h0 - 1)) / (t1 * t1);
    if (inner > 0) return t1 * inner ** (1 / h0);
  }
  const g = t2 / t1;
  const h = (t1 * t1) / t2;
  return g * chiSquareQuantile(confidence, h);
}
