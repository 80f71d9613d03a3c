import { type HealthRul, WATCH_HEALTH } from '@prognos/core';
import { normalCdf } from '../linalg/stats';
import { extrapolateHealth } from '../prognostics/health-extrapolation';

export type { HealthRul };

/**
 * Health at which a machine counts as failed when no run-to-failure history says otherwise: a score about three
 * times the alert level (health 50 is the alert level itself). The simulated faults of the demo trip their machine
 * at health 3–10.
 */
export const FAILURE_HEALTH = 10;
/**
 * Health at or above which no remaining life is estimated: the watch level, so that a machine whose health reads
 * "ok" never shows a failure forecast. A higher gate (90 once) let one noisy window on a healthy machine — health
 * dipping to 88 and back — extrapolate into "fails within the hour".
 */
export const RUL_BELOW_HEALTH = WATCH_HEALTH;
/** A trend that loses less than this many health points per hour is no trend to extrapolate. */
export const RUL_MIN_FALL_PER_HOUR = 1;
/** Longest remaining life reported (beyond it the straight line says nothing useful). */
export const RUL_MAX_HOURS = 90 * 24;
/** Horizon of the failure probability shown in the fleet view. */
export const FAILURE_HORIZON_HOURS = 24;

/**
 * RUL for an asset without run-to-failure history: the recent (smoothed) health extrapolated in a straight line to
 * FAILURE_HEALTH, the interval and the failure probability from the slope's standard error (see
 * extrapolateHealth). Undefined while the asset is healthy (health above RUL_BELOW_HEALTH), the trend is not
 * falling, or there are fewer than 10 points.
 */
export function rulFromHealth(
  history: readonly { ts: number; health: number }[],
  horizonHours = FAILURE_HORIZON_HOURS,
): HealthRul | undefined {
  if (history.length < 10) return undefined;
  const last = history[history.length - 1] as { ts: number; health: number };
  if (!(last.health < RUL_BELOW_HEALTH)) return undefined;
  const times = history.map((p) => (p.ts - last.ts) / 3_600_000);
  const health = history.map((p) => p.health);
  let r: ReturnType<typeof extrapolateHealth>;
  try {
    r = extrapolateHealth(times, health, { threshold: FAILURE_HEALTH, level: 0.9, maxRul: RUL_MAX_HOURS });
  } catch {
    return undefined;
  }
  // At or past the threshold the line says failure now, however flat it has become (health flattens near 0).
  const failed = r.level <= FAILURE_HEALTH;
  if (!failed && !(r.slope < -RUL_MIN_FALL_PER_HOUR)) return undefined;
  // P(the line reaches the threshold within the horizon) = P(slope ≤ (threshold − level)/horizon).
  const level = r.level;
  const need = (FAILURE_HEALTH - level) / horizonHours;
  const p = r.slopeSe > 0 ? normalCdf((need - r.slope) / r.slopeSe) : r.slope <= need ? 1 : 0;
  return {
    method: 'health-trend',
    ts: last.ts,
    hours: r.rul,
    lowerHours: r.lower,
    upperHours: r.upper,
    failureProbability: failed ? 1 : p,
    horizonHours,
    threshold: FAILURE_HEALTH,
  };
}
