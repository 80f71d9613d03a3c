import type { Sensor } from '@prognos/core';

/**
 * Model-based virtual sensors: each sensor predicted from the other sensors of its asset and the few most
 * correlated sensors elsewhere in the plant, learnt from healthy data. A sensor that drifts out of calibration
 * drifts away from its virtual twin while the machine (seen by the other sensors) stays the same — the analytical
 * redundancy of classical sensor validation (Dunia et al. 1996; Hines & Garvey 2006, "Development and application
 * of fault detectability performance metrics for instrument calibration verification and anomaly detection").
 *
 * Features of a target, per minute ("frame") of process time, each sensor scaled by its span:
 *   - every other sensor of the asset: its frame mean, its square (power ∝ speed², head ∝ flow²), and two
 *     exponential averages with 10- and 40-min time constants (temperatures lag their heat source by the thermal
 *     time constant of a bearing or a winding, 10–30 min);
 *   - the 40-min average of the `related` sensors of other assets most correlated with the target (the hall's
 *     ambient temperature reaches every bearing; no plant has an ambient sensor on every machine);
 *   - the time of day as a daily harmonic (cos, sin): the hall warms and cools every day.
 */
export interface VirtualSensorModel {
  target: string;
  inputs: string[];
  related: string[];
  /** Weights over [1, cos, sin, inputs…(4 each), related…]. */
  weights: number[];
  /** Target span (max − min) used to scale. */
  span: number;
  /** Standard deviation of the residual's slow average (see DriftDetector), from two-fold cross-validation. */
  sigmaSlow: number;
  /** Standard deviation of the per-frame residual (cross-validated). */
  sigmaFrame: number;
  /** The same model without one input each (weights over the same features, 0 for the left-out input's). */
  reduced?: { without: string; weights: number[]; sigmaSlow: number }[];
}

export const EWMA_FAST_MS = 10 * 60_000;
export const EWMA_SLOW_MS = 40 * 60_000;
/** Time constant of the residual average the drift test watches: hours, so that it sees drift, not noise. */
export const RESIDUAL_TAU_MS = 4 * 3_600_000;

/** A frame: per-sensor means over one period, with the sensors whose readings in it were flagged. */
export interface Frame {
  /** Process-time start of the frame (drives the time-of-day feature). */
  t: number;
  values: ReadonlyMap<string, number>;
  flagged: ReadonlySet<string>;
}

/** Keeps the exponential averages every feature needs, updated once per frame. */
export class FeatureTracker {
  readonly last = new Map<string, number>();
  readonly fast = new Map<string, number>();
  readonly slow = new Map<string, number>();
  private readonly aFast: number;
  private readonly aSlow: number;
  constructor(frameProcessMs: number) {
    this.aFast = 1 - Math.exp(-frameProcessMs / EWMA_FAST_MS);
    this.aSlow = 1 - Math.exp(-frameProcessMs / EWMA_SLOW_MS);
  }
  update(frame: Frame): void {
    for (const [id, v] of frame.values) {
      if (!Number.isFinite(v) || frame.flagged.has(id)) continue;
      this.last.set(id, v);
      const f = this.fast.get(id);
      this.fast.set(id, f === undefined ? v : f + this.aFast * (v - f));
      const s = this.slow.get(id);
      this.slow.set(id, s === undefined ? v : s + this.aSlow * (v - s));
    }
  }
}

type Scale = ReadonlyMap<string, { min: number; span: number }>;

/** The feature vector of one target at the tracker's current state; undefined when an input is missing. */
export function features(
  m: Pick<VirtualSensorModel, 'inputs' | 'related'>,
  tr: FeatureTracker,
  tProcess: number,
  scale: Scale,
): Float64Array | undefined {
  const x = new Float64Array(3 + 4 * m.inputs.length + m.related.length);
  const h = (2 * Math.PI * (((tProcess % 86_400_000) + 86_400_000) % 86_400_000)) / 86_400_000;
  x[0] = 1;
  x[1] = Math.cos(h);
  x[2] = Math.sin(h);
  let k = 3;
  for (const id of m.inputs) {
    const sc = scale.get(id);
    const v = tr.last.get(id);
    const f = tr.fast.get(id);
    const s = tr.slow.get(id);
    if (!sc || v === undefined || f === undefined || s === undefined) return undefined;
    const z = (v - sc.min) / sc.span;
    x[k++] = z;
    x[k++] = z * z;
    x[k++] = (f - sc.min) / sc.span;
    x[k++] = (s - sc.min) / sc.span;
  }
  for (const id of m.related) {
    const sc = scale.get(id);
    const s = tr.slow.get(id);
    if (!sc || s === undefined) return undefined;
    x[k++] = (s - sc.min) / sc.span;
  }
  return x;
}

export function predict(weights: ArrayLike<number>, x: Float64Array): number {
  let y = 0;
  for (let i = 0; i < x.length; i++) y += (weights[i] as number) * (x[i] as number);
  return y;
}

export function scaleOf(sensors: readonly Sensor[]): Map<string, { min: number; span: number }> {
  return new Map(sensors.map((s) => [s.id, { min: s.min, span: s.max - s.min > 0 ? s.max - s.min : 1 }]));
}
