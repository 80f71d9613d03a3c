/**
 * An exponentially weighted level with a robust scale: the scale is an exponentially weighted mean absolute
 * prediction error whose input is clipped at `clip` × the current scale (a Huber-type update), so one spike cannot
 * inflate it while a lasting change in noise still re-scales it within about 1/beta rows. Mean absolute error ×
 * √(π/2) estimates σ for Gaussian errors (the MAD-style consistency factor).
 */

export interface RobustEwmaState {
  level: number;
  /** Mean absolute one-step prediction error. */
  mae: number;
  n: number;
}

const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);

export function newRobustEwma(): RobustEwmaState {
  return { level: 0, mae: 0, n: 0 };
}

/** |x − level| in σ units; 0 before two samples. `floor` keeps flat signals from dividing by 0. */
export function robustZ(s: RobustEwmaState, x: number, floor: number): number {
  if (s.n < 2) return 0;
  return Math.abs(x - s.level) / Math.max(s.mae * SQRT_HALF_PI, floor);
}

/**
 * Learns x. `alpha` is the level's smoothing (already adjusted for the time step), `beta` the scale's; `clip`
 * bounds the scale's input. Early rows use 1/n so the start-up value does not linger.
 */
export function learnRobustEwma(s: RobustEwmaState, x: number, alpha: number, beta: number, clip = 4): void {
  if (s.n === 0) {
    s.level = x;
    s.n = 1;
    return;
  }
  const delta = x - s.level;
  learnError(s, Math.abs(delta), beta, clip);
  s.level += Math.max(alpha, 1 / s.n) * delta;
}

/** Updates only the scale with an absolute error from elsewhere (e.g. a shared scale over several levels). */
export function learnError(s: RobustEwmaState, err: number, beta: number, clip = 4): void {
  const b = Math.max(beta, 1 / Math.max(1, s.n));
  s.mae += b * ((s.n < 3 || s.mae === 0 ? err : Math.min(err, clip * s.mae)) - s.mae);
  s.n++;
}
