/**
 * Prognostic accuracy metrics of the PHM08 challenge (Saxena et al. 2008): d = predicted − true RUL at the last
 * cycle of each test engine.
 */

/** Root-mean-square error of predicted vs true RUL. */
export function rmse(predicted: readonly number[], truth: readonly number[]): number {
  if (predicted.length !== truth.length || predicted.length === 0) throw new Error('rmse: lengths differ or empty');
  let s = 0;
  for (let i = 0; i < predicted.length; i++) s += ((predicted[i] as number) - (truth[i] as number)) ** 2;
  return Math.sqrt(s / predicted.length);
}

/**
 * PHM08 score (Saxena et al. 2008, eq. 1): Σ exp(−d/13) − 1 for early predictions (d < 0) and exp(d/10) − 1 for
 * late ones, so a late prediction (the engine fails before it was expected to) costs more than an equally early one.
 * A sum, so it grows with the number of engines.
 */
export function phm08Score(predicted: readonly number[], truth: readonly number[]): number {
  if (predicted.length !== truth.length) throw new Error('phm08Score: lengths differ');
  let s = 0;
  for (let i = 0; i < predicted.length; i++) {
    const d = (predicted[i] as number) - (truth[i] as number);
    s += d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1;
  }
  return s;
}

/** Share of true values inside [lower, upper] (both ends included). */
export function intervalCoverage(lower: readonly number[], upper: readonly number[], truth: readonly number[]): number {
  if (truth.length === 0) return Number.NaN;
  let n = 0;
  for (let i = 0; i < truth.length; i++) {
    const y = truth[i] as number;
    if (y >= (lower[i] as number) && y <= (upper[i] as number)) n++;
  }
  return n / truth.length;
}
