import type { Sensor } from '@prognos/core';
import { RidgeAccumulator } from './ridge';
import {
  FeatureTracker,
  type Frame,
  features,
  predict,
  RESIDUAL_TAU_MS,
  scaleOf,
  type VirtualSensorModel,
} from './virtual-sensor';

/** Cross-validation block length (process ms). */
const BLOCK_MS = 2 * 3_600_000;

export interface TrainVirtualSensorsOptions {
  /** Process ms per frame (default 60 000). */
  frameProcessMs?: number;
  /** Related sensors of other assets per target (default 3). */
  related?: number;
  /** Ridge penalty per row (default 1e-4: features are scaled to their span, so this only steadies collinear inputs). */
  lambda?: number;
  /** Minimum usable frames to train a target (default 6 h worth). */
  minFrames?: number;
}

/**
 * Learns one virtual sensor per sensor from healthy frames. `usable[i]` says, per asset, whether frame i is
 * steady running (the caller's run gate: running and past the start-up transient); only those frames are fitted.
 * The residual scales come from two-fold cross-validation in time (fit on one half, predict the other), so the
 * drift test's threshold reflects how well the model does on data it has not seen.
 */
export function trainVirtualSensors(
  sensors: readonly Sensor[],
  frames: readonly Frame[],
  usable: ReadonlyMap<string, ArrayLike<boolean>>,
  options: TrainVirtualSensorsOptions = {},
): VirtualSensorModel[] {
  const frameMs = options.frameProcessMs ?? 60_000;
  const nRelated = options.related ?? 3;
  const lambda = options.lambda ?? 1e-4;
  const minFrames = options.minFrames ?? Math.ceil((6 * 3_600_000) / frameMs);
  const scale = scaleOf(sensors);
  // Replay the frames once, keeping the tracker's state per frame, so every target's features come from it.
  const tracker = new FeatureTracker(frameMs);
  const snaps: { last: Map<string, number>; fast: Map<string, number>; slow: Map<string, number> }[] = [];
  for (const f of frames) {
    tracker.update(f);
    snaps.push({ last: new Map(tracker.last), fast: new Map(tracker.fast), slow: new Map(tracker.slow) });
  }
  const view = new FeatureTracker(frameMs);
  const at = (i: number) => {
    const s = snaps[i] as (typeof snaps)[number];
    Object.assign(view, { last: s.last, fast: s.fast, slow: s.slow });
    return view;
  };
  const models: VirtualSensorModel[] = [];
  for (const target of sensors) {
    const ok = usable.get(target.assetId);
    if (!ok) continue;
    const inputs = sensors.filter((s) => s.assetId === target.assetId && s.id !== target.id).map((s) => s.id);
    if (inputs.length === 0) continue;
    const rows: number[] = [];
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i] as Frame;
      if (ok[i] && f.values.has(target.id) && !f.flagged.has(target.id)) rows.push(i);
    }
    if (rows.length < minFrames) continue;
    const related = mostCorrelated(
      target,
      sensors.filter((s) => s.assetId !== target.assetId),
      rows,
      frames,
      snaps,
      nRelated,
    );
    const spec = { inputs, related };
    const xs: (Float64Array | undefined)[] = rows.map((i) => features(spec, at(i), (frames[i] as Frame).t, scale));
    const ys = rows.map((i) => (frames[i] as Frame).values.get(target.id) as number);
    // Two-fold cross-validation over interleaved blocks of BLOCK_MS: both folds see every regime (shifts,
    // weekend), so the residual scale measures the model's noise on unseen data, not an extrapolation.
    const p = 3 + 4 * inputs.length + related.length;
    const blockOf = (r: number) => Math.floor((frames[rows[r] as number] as Frame).t / BLOCK_MS) % 2;
    const acc = [new RidgeAccumulator(p), new RidgeAccumulator(p)] as const;
    for (let r = 0; r < rows.length; r++) {
      const x = xs[r];
      if (x) acc[blockOf(r)].add(x, ys[r] as number);
    }
    const all = acc[0].merge(acc[1]);
    /** Fits with the given features; returns the weights and the cross-validated residual scales. */
    const fitted = (keep?: number[]) => {
      const w = all.solve(lambda, keep);
      // Fold f is predicted by the model trained on the other fold.
      const wf = [acc[1].solve(lambda, keep), acc[0].solve(lambda, keep)];
      if (!w || !wf[0] || !wf[1]) return undefined;
      const a = 1 - Math.exp(-frameMs / RESIDUAL_TAU_MS);
      const warm = Math.ceil(RESIDUAL_TAU_MS / frameMs);
      const res: number[] = [];
      const slow: number[] = [];
      let e = 0;
      for (let r = 0; r < rows.length; r++) {
        const x = xs[r];
        if (!x) continue;
        const d = (ys[r] as number) - predict(wf[blockOf(r)] as Float64Array, x);
        res.push(d);
        e += a * (d - e);
        if (res.length > warm) slow.push(e);
      }
      if (res.length < 2 || slow.length < 2) return undefined;
      return { weights: Array.from(w), sigmaFrame: rms(res), sigmaSlow: rms(slow) };
    };
    // The daily harmonic can only be learnt from at least a day of history; from less it would extrapolate.
    const spanMs = (frames[rows.at(-1) as number] as Frame).t - (frames[rows[0] as number] as Frame).t;
    const base = Array.from({ length: p }, (_, i) => i).filter((i) => spanMs >= 86_400_000 || (i !== 1 && i !== 2));
    const main = fitted(base);
    if (!main) continue;
    // Reduced models, each without one input: if a deviation of this target disappears once a suspect input is
    // left out, the suspect explains it (structured residuals; Gertler 1998, "Fault Detection and Diagnosis in
    // Engineering Systems", ch. 7).
    const reduced: NonNullable<VirtualSensorModel['reduced']> = [];
    inputs.forEach((without, k) => {
      const drop = new Set([3 + 4 * k, 4 + 4 * k, 5 + 4 * k, 6 + 4 * k]);
      const keep = base.filter((i) => !drop.has(i));
      const m = fitted(keep);
      if (m) reduced.push({ without, weights: m.weights, sigmaSlow: m.sigmaSlow });
    });
    models.push({
      target: target.id,
      inputs,
      related,
      weights: main.weights,
      span: (scale.get(target.id) as { span: number }).span,
      sigmaFrame: main.sigmaFrame,
      sigmaSlow: main.sigmaSlow,
      reduced,
    });
  }
  return models;
}

function rms(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x * x;
  return Math.sqrt(s / xs.length);
}

/** The `n` sensors of other assets whose slow average correlates most (in absolute value) with the target. */
function mostCorrelated(
  target: Sensor,
  others: readonly Sensor[],
  rows: readonly number[],
  frames: readonly Frame[],
  snaps: readonly { slow: Map<string, number> }[],
  n: number,
): string[] {
  if (n <= 0) return [];
  const y = rows.map((i) => (frames[i] as Frame).values.get(target.id) as number);
  const scored: [string, number][] = [];
  for (const o of others) {
    const x: number[] = [];
    const yy: number[] = [];
    rows.forEach((i, k) => {
      const v = snaps[i]?.slow.get(o.id);
      if (v !== undefined) {
        x.push(v);
        yy.push(y[k] as number);
      }
    });
    if (x.length < rows.length * 0.9) continue;
    const c = Math.abs(correlation(x, yy));
    if (Number.isFinite(c)) scored.push([o.id, c]);
  }
  return scored
    .sort((p, q) => q[1] - p[1])
    .slice(0, n)
    .map(([id]) => id);
}

function correlation(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}
