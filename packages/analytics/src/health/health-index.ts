import { type AssetHealth, healthStatus, type SensorContribution } from '@prognos/core';

/**
 * Health index 0–100 from a calibrated anomaly score s (1 = alert threshold):
 *
 *   x = max(0, (s − s₀) / (1 − s₀)),   health = 100 / (1 + x²)
 *
 * where s₀ is the asset's typical healthy score (the median training score, so ordinary noise reads 100).
 * It is 100 up to s₀, exactly 50 at the threshold (s = 1), about 10 at s ≈ 3 (with s₀ ≈ 0.4) and tends to 0
 * far beyond; it is continuous with a continuous first derivative (flat at s₀) and non-increasing in s.
 * The rational form (a Cauchy/log-logistic survival curve) falls more gently than an exponential, so scores
 * well past the threshold still differ in health instead of all reading 0.
 */
export function healthFromScore(score: number, normalScore = 0): number {
  if (!Number.isFinite(score)) return score > 0 ? 0 : 100;
  const s0 = Math.min(Math.max(normalScore, 0), 0.9);
  const x = Math.max(0, (score - s0) / (1 - s0));
  return 100 / (1 + x * x);
}

/** Top contributors worth naming: share ≥ minShare, at most n, the largest always included. */
export function topDrivers(contributions: readonly SensorContribution[], n = 3, minShare = 0.1): SensorContribution[] {
  const sorted = [...contributions].sort((a, b) => b.share - a.share);
  return sorted.filter((c, i) => i === 0 || c.share >= minShare).slice(0, n);
}

/** EWMA weight of the newest window: λ = 0.2, a common EWMA-chart choice (Montgomery, SQC §9.2), ~9-window memory. */
export const DEFAULT_HEALTH_ALPHA = 0.2;
/** Horizon of the trend regression. */
export const DEFAULT_TREND_HORIZON_MS = 2 * 3_600_000;

export interface HealthTrackerOptions {
  assetId: string;
  /** The model's typical healthy score s₀ (Calibration.normalScore). */
  normalScore?: number;
  alpha?: number;
  trendHorizonMs?: number;
}

/** Health of an asset plus what the monitor knows beyond the stored AssetHealth. */
export interface HealthSnapshot {
  health: AssetHealth;
  /** Least-squares slope of the smoothed health over the trend horizon, in health points per hour. */
  trendPerHour: number;
  /** Top drivers (see topDrivers). */
  drivers: SensorContribution[];
  /** False when the last window was stopped (health then keeps its last value). */
  running: boolean;
}

/** Smoothed health over time, with its trend. Feed it one scored window at a time, in time order. */
export class HealthTracker {
  private readonly assetId: string;
  private readonly normalScore: number;
  private readonly alpha: number;
  private readonly horizon: number;
  private smoothed: number | undefined;
  private history: { ts: number; health: number }[] = [];
  private last: HealthSnapshot | undefined;

  constructor(opts: HealthTrackerOptions) {
    this.assetId = opts.assetId;
    this.normalScore = opts.normalScore ?? 0;
    this.alpha = opts.alpha ?? DEFAULT_HEALTH_ALPHA;
    this.horizon = opts.trendHorizonMs ?? DEFAULT_TREND_HORIZON_MS;
    if (!(this.alpha > 0 && this.alpha <= 1)) throw new RangeError('alpha must be in (0, 1]');
  }

  /** A scored window. `contributions` are sorted by share (largest first) in the snapshot. */
  update(ts: number, score: number, contributions: readonly SensorContribution[], alarm: boolean): HealthSnapshot {
    const h = healthFromScore(score, this.normalScore);
    this.smoothed = this.smoothed === undefined ? h : this.alpha * h + (1 - this.alpha) * this.smoothed;
    this.history.push({ ts, health: this.smoothed });
    while (this.history.length > 0 && this.history[0].ts < ts - this.horizon) this.history.shift();
    const sorted = [...contributions].sort((a, b) => b.share - a.share);
    this.last = {
      health: {
        assetId: this.assetId,
        ts,
        health: this.smoothed,
        score,
        status: healthStatus(this.smoothed, alarm),
        contributions: sorted,
      },
      trendPerHour: this.trend(),
      drivers: topDrivers(sorted),
      running: true,
    };
    return this.last;
  }

  /**
   * A window in which the asset was stopped (or not scored): health keeps its last value, time moves on.
   * Returns undefined while nothing has been scored yet.
   */
  hold(ts: number, alarm: boolean): HealthSnapshot | undefined {
    if (!this.last) return undefined;
    const h = this.last.health;
    this.last = {
      ...this.last,
      health: { ...h, ts, status: healthStatus(h.health, alarm) },
      running: false,
    };
    return this.last;
  }

  current(): HealthSnapshot | undefined {
    return this.last;
  }

  /** Ordinary least-squares slope of smoothed health against time (hours) over the horizon. */
  private trend(): number {
    const n = this.history.length;
    if (n < 3) return 0;
    const t0 = this.history[0].ts;
    let st = 0;
    let sh = 0;
    for (const p of this.history) {
      st += (p.ts - t0) / 3_600_000;
      sh += p.health;
    }
    const mt = st / n;
    const mh = sh / n;
    let num = 0;
    let den = 0;
    for (const p of this.history) {
      const dt = (p.ts - t0) / 3_600_000 - mt;
      num += dt * (p.health - mh);
      den += dt * dt;
    }
    return den > 0 ? num / den : 0;
  }
}
