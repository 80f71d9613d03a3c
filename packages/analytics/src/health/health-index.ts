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

/** A part of the asset (a bearing, the motor, the filter …) and the sensors that watch it. */
export interface HealthGroup {
  id: string;
  name: string;
  sensors: readonly string[];
}

/** Health of one component: same scale as the asset's, with its own trend and drivers. */
export interface ComponentHealth {
  id: string;
  name: string;
  health: number;
  /** Health points per hour over the trend horizon (negative = degrading). */
  trendPerHour: number;
  /** The component's own top contributors (shares are of the whole asset's score). */
  drivers: SensorContribution[];
}

/** Id of the group of sensors mounted on the asset itself rather than on one of its components. */
export const PROCESS_GROUP_ID = '_process';

export interface HealthTrackerOptions {
  assetId: string;
  /**
   * Components with their sensors. Sensors of the model in none of them form one more group ("Process": flow,
   * pressure and the like, mounted on the asset). Without components there is no per-component health.
   */
  components?: readonly HealthGroup[];
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
  /**
   * Health per component (see componentScores), worst first; empty when the asset has no components. The
   * component that carries most of the deviation gets the asset's score, the others less in proportion to their
   * share of it.
   */
  components: ComponentHealth[];
}

/**
 * Each group's score from one window: the group carrying the largest share of the deviation gets the asset's
 * score, every other group that score times its share relative to the largest. A deviation spread evenly leaves
 * every component at the asset's score; one carried by the DE bearing's sensors leaves the others near normal.
 */
export function componentScores(
  score: number,
  contributions: readonly SensorContribution[],
  groups: readonly HealthGroup[],
): number[] {
  const share = new Map(contributions.map((c) => [c.sensor, Number.isFinite(c.share) && c.share > 0 ? c.share : 0]));
  const shares = groups.map((g) => g.sensors.reduce((a, id) => a + (share.get(id) ?? 0), 0));
  const top = Math.max(0, ...shares);
  return shares.map((x) => (top > 0 ? (score * x) / top : score));
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
  private readonly groups: HealthGroup[];
  private readonly groupSmoothed: (number | undefined)[];
  private readonly groupHistory: { ts: number; health: number }[][];

  constructor(opts: HealthTrackerOptions) {
    this.assetId = opts.assetId;
    this.groups = [...(opts.components ?? [])].filter((g) => g.sensors.length > 0);
    this.groupSmoothed = this.groups.map(() => undefined);
    this.groupHistory = this.groups.map(() => []);
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
    const scores = componentScores(score, contributions, this.groups);
    const components: ComponentHealth[] = this.groups.map((g, k) => {
      const hk = healthFromScore(scores[k] as number, this.normalScore);
      const prev = this.groupSmoothed[k];
      const sm = prev === undefined ? hk : this.alpha * hk + (1 - this.alpha) * prev;
      this.groupSmoothed[k] = sm;
      const hist = this.groupHistory[k] as { ts: number; health: number }[];
      hist.push({ ts, health: sm });
      while (hist.length > 0 && (hist[0] as { ts: number }).ts < ts - this.horizon) hist.shift();
      const own = new Set(g.sensors);
      return {
        id: g.id,
        name: g.name,
        health: sm,
        trendPerHour: slopePerHour(hist),
        drivers: topDrivers(sorted.filter((c) => own.has(c.sensor))),
      };
    });
    components.sort((a, b) => a.health - b.health);
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
      components,
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

  /** The smoothed health over the trend horizon, oldest first (running windows only). */
  recent(): readonly { ts: number; health: number }[] {
    return this.history;
  }

  /** Ordinary least-squares slope of smoothed health against time (hours) over the horizon. */
  private trend(): number {
    return slopePerHour(this.history);
  }
}

/** Ordinary least-squares slope of health against time, in points per hour (0 with fewer than 3 points). */
function slopePerHour(history: readonly { ts: number; health: number }[]): number {
  const n = history.length;
  if (n < 3) return 0;
  const t0 = (history[0] as { ts: number }).ts;
  let st = 0;
  let sh = 0;
  for (const p of history) {
    st += (p.ts - t0) / 3_600_000;
    sh += p.health;
  }
  const mt = st / n;
  const mh = sh / n;
  let num = 0;
  let den = 0;
  for (const p of history) {
    const dt = (p.ts - t0) / 3_600_000 - mt;
    num += dt * (p.health - mh);
    den += dt * dt;
  }
  return den > 0 ? num / den : 0;
}
