/**
 * RUL for assets without run-to-failure history: extrapolate the recent trend of a health index to a failure
 * threshold. A straight line is fitted by least squares to the last points; the time it crosses the threshold is
 * the RUL, and the interval is where the line's confidence band crosses the threshold (inverse regression,
 * Montgomery & Runger, Applied Statistics §11.4 for the band; a normal quantile instead of Student's t) — the
 * lower edge of the band reaches the threshold first. An exponential trend is the same fit on log(health) (Gebraeel et al. 2005's
 * exponential degradation model), used when `model: 'exponential'`.
 */
import { normalQuantile } from '../linalg/stats';

export interface ExtrapolationOptions {
  /** Health at (or below) which the asset counts as failed. */
  threshold: number;
  /** Central interval level. */
  level: number;
  model: 'linear' | 'exponential';
  /** Longest RUL reported (a flat or improving trend never reaches the threshold). */
  maxRul: number;
}

export interface ExtrapolatedRul {
  rul: number;
  lower: number;
  upper: number;
  /** Fitted slope (health units, or log-units for the exponential model, per time unit). */
  slope: number;
  /** Standard error of the slope. */
  slopeSe: number;
  /** The fitted line's value at the last time (same units as the slope). */
  level: number;
}

/**
 * `times` and `health` are the recent history (time ascending, any unit; RUL comes back in the same unit, counted
 * from the last time). Health is assumed to fall toward the threshold.
 */
export function extrapolateHealth(
  times: readonly number[],
  health: readonly number[],
  options: Partial<ExtrapolationOptions> = {},
): ExtrapolatedRul {
  const o: ExtrapolationOptions = {
    threshold: 0,
    level: 0.9,
    model: 'linear',
    maxRul: Number.POSITIVE_INFINITY,
    ...options,
  };
  const n = times.length;
  if (n < 3 || health.length !== n) throw new Error('extrapolateHealth: need at least 3 points of equal length');
  const tf = (v: number) => (o.model === 'exponential' ? Math.log(Math.max(v, 1e-12)) : v);
  const y = health.map(tf);
  const thr = tf(o.threshold);
  const tm = times.reduce((a, b) => a + b, 0) / n;
  const ym = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += ((times[i] as number) - tm) ** 2;
    sxy += ((times[i] as number) - tm) * ((y[i] as number) - ym);
  }
  if (sxx === 0) throw new Error('extrapolateHealth: all times are equal');
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += ((y[i] as number) - ym - slope * ((times[i] as number) - tm)) ** 2;
  const s2 = sse / (n - 2);
  const last = times[n - 1] as number;
  const line = (t: number) => ym + slope * (t - tm);
  const slopeSe = Math.sqrt(s2 / sxx);
  const level = line(last);
  if (level <= thr) return { rul: 0, lower: 0, upper: 0, slope, slopeSe, level };
  const z = normalQuantile(1 - (1 - o.level) / 2);
  // Confidence band of the fitted line: ŷ(t) ± z·s·√(1/n + (t − t̄)²/Sxx).
  const band = (t: number) => z * Math.sqrt(s2 * (1 / n + (t - tm) ** 2 / sxx));
  const cross = (f: (t: number) => number) => firstCrossing(f, thr, last, o.maxRul);
  return {
    rul: slope < 0 ? Math.min(o.maxRul, (thr - line(last)) / slope) : o.maxRul,
    // The lower band reaches the threshold first (earliest plausible failure), the upper band last.
    lower: cross((t) => line(t) - band(t)),
    upper: cross((t) => line(t) + band(t)),
    slope,
    slopeSe,
    level,
  };
}

/** Cycles after `from` until f first falls to `thr` (f decreasing once it starts to); `max` if it never does. */
function firstCrossing(f: (t: number) => number, thr: number, from: number, max: number): number {
  if (f(from) <= thr) return 0;
  // Bracket by doubling, then bisect.
  let hi = 1;
  const cap = Number.isFinite(max) ? max : 1e12;
  while (f(from + hi) > thr) {
    if (hi >= cap) return max;
    hi = Math.min(cap, hi * 2);
  }
  let lo = hi === 1 ? 0 : hi / 2;
  for (let i = 0; i < 100 && hi - lo > 1e-9 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (f(from + mid) > thr) lo = mid;
    else hi = mid;
  }
  return Math.min(max, (lo + hi) / 2);
}
