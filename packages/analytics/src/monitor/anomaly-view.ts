import { isGood } from '@prognos/core';
import type { DetectorExplanation } from '../anomaly/detector';
import { RunGate } from '../features/operating-state';
import { fillRow, type SeriesLike, windowIndex } from '../features/windowing';
import type { AssetModel } from '../model/asset-model';

/** Points returned when the caller does not say (about one per pixel column of a typical chart). */
export const DEFAULT_ANOMALY_POINTS = 500;
/** Upper bound on points, whatever the caller asks: beyond this a chart cannot show more, only get slower. */
export const MAX_ANOMALY_POINTS = 5000;

/** One sensor in one window: its value, what the model expects, and the normal band around that. */
export interface AnomalyBand {
  sensor: string;
  value: number;
  expected: number;
  low: number;
  high: number;
  /** The sensor had no usable reading: value is its reconstruction from the other sensors (as the monitor does). */
  imputed?: true;
}

export interface AnomalyPoint {
  /** Window start (epoch ms); for merged windows, the start of the first. */
  t: number;
  /** Score relative to the asset's alert level (1 = alert threshold); 0 when not running. */
  score: number;
  /** False for windows the monitor does not score (stopped, or starting up). */
  running: boolean;
  /** One per model sensor, in model order; empty when not running. */
  bands: AnomalyBand[];
  /** Running outside the model's operating envelope: the score is shown but could not open an alert. */
  outside?: true;
}

export interface AnomalyView {
  windowMs: number;
  points: AnomalyPoint[];
}

export interface AnomalyViewOptions {
  /** Range start (epoch ms, inclusive); the window containing it is the first shown. */
  from: number;
  /** Range end (epoch ms, exclusive): windows starting before it are shown. */
  to: number;
  /** At most this many points (default 500, capped at 5000); consecutive windows are merged evenly beyond. */
  maxPoints?: number;
}

/**
 * How long before the first window of a view the series should start, so that the view classifies and fills the
 * first windows as the live monitor did: the start-up grace needs to know whether the machine stopped within the
 * last `startupWindows` windows, and forward fill reaches back `fillLimit` windows.
 */
export function anomalyWarmupMs(model: AssetModel): number {
  return (Math.max(model.startupWindows, model.fillLimit) + 1) * model.windowMs;
}

/**
 * The model's explanation of one row at time t (epoch ms), as the monitor scores it: the detector sees the row
 * through the model's drift allowance (if any), and the explanation is put back in the sensors' real terms —
 * each value is the actual reading and each normal band is widened by that sensor's allowance.
 */
export function explainRow(model: AssetModel, row: ArrayLike<number>, t: number): DetectorExplanation {
  const d = model.sensors.length;
  const drift = model.drift;
  const own = Float64Array.from({ length: d }, (_, j) => row[j] as number);
  if (!drift) return model.detector.explain(own);
  const seen = drift.apply(own, t, own);
  const ex = model.detector.explain(seen);
  return {
    score: ex.score,
    columns: ex.columns.map((c, j) => {
      const a = drift.allowance(j, t);
      return a > 0 ? { ...c, value: row[j] as number, low: c.low - a, high: c.high + a } : c;
    }),
  };
}

/**
 * A window in which a few of the model's sensors have no usable value: each missing sensor takes its expected value
 * given the others (iterated when several are missing), as AssetMonitor does, so the view scores the same windows
 * the monitor scored. More than a quarter missing, or a missing running indicator: undefined (not scored).
 */
export function imputeRow(
  model: AssetModel,
  index: number,
  means: ArrayLike<number>,
  last: readonly ({ index: number; value: number } | undefined)[],
): { row: Float64Array; imputed: number[] } | undefined {
  const d = model.sensors.length;
  const missing: number[] = [];
  const row = new Float64Array(means.length);
  for (let j = 0; j < means.length; j++) {
    const m = means[j] as number;
    const prev = last[j];
    if (!Number.isNaN(m)) row[j] = m;
    else if (prev && index - prev.index <= model.fillLimit) row[j] = prev.value;
    else if (j >= d) return undefined;
    else {
      missing.push(j);
      row[j] = prev?.value ?? 0;
    }
  }
  if (missing.length === 0 || missing.length > Math.max(1, Math.floor(d / 4))) return undefined;
  const t = index * model.windowMs;
  for (let it = 0; it < (missing.length === 1 ? 1 : 5); it++) {
    const ex = explainRow(model, row, t);
    for (const j of missing) row[j] = ex.columns[j]?.expected ?? row[j];
  }
  return { row, imputed: missing };
}

/**
 * The anomaly score and the per-sensor normal bands of an asset over a time range, computed from stored readings
 * with its model exactly as the live monitor computes them: window means of good, finite readings on the model's
 * window grid, forward fill up to its fill limit (else reconstruction of a few missing sensors), its running rule
 * and start-up grace, and detector.explain on each running window, the score divided by the alert level.
 *
 * `series` holds the readings of the model's sensors and of its running indicator; readings before `from` (see
 * anomalyWarmupMs) only set the running state and forward-fill memory. Windows with no complete row are left out
 * (a gap). More windows than `maxPoints`: consecutive windows are merged evenly on the grid, keeping the highest
 * score (and the bands of that window) so that no excursion is averaged away; merged points run if any window ran.
 */
export function anomalyView(
  model: AssetModel,
  series: ReadonlyMap<string, SeriesLike>,
  opts: AnomalyViewOptions,
): AnomalyView {
  const windowMs = model.windowMs;
  const first = windowIndex(opts.from, windowMs);
  const end = Math.ceil(opts.to / windowMs); // windows w < end start before `to`
  if (!(opts.to > opts.from) || end <= first) return { windowMs, points: [] };
  const maxPoints = Math.max(1, Math.min(MAX_ANOMALY_POINTS, Math.floor(opts.maxPoints ?? DEFAULT_ANOMALY_POINTS)));
  const perPoint = Math.max(1, Math.ceil((end - first) / maxPoints));

  const columns = model.sensors.map((s) => s.id);
  if (model.running && !columns.includes(model.running.sensor)) columns.push(model.running.sensor);
  const p = columns.length;

  // window index → per-column [sum, count] of good readings
  const cells = new Map<number, Float64Array>();
  columns.forEach((id, j) => {
    const s = series.get(id);
    if (!s) return;
    for (let i = 0; i < s.ts.length; i++) {
      const v = s.values[i] as number;
      if (!isGood(s.quality[i] as number) || !Number.isFinite(v)) continue;
      const w = windowIndex(s.ts[i] as number, windowMs);
      if (w >= end) continue;
      let cell = cells.get(w);
      if (!cell) {
        cell = new Float64Array(2 * p);
        cells.set(w, cell);
      }
      cell[2 * j] += v;
      cell[2 * j + 1] += 1;
    }
  });

  const gate = new RunGate(
    model.running,
    model.running ? columns.indexOf(model.running.sensor) : -1,
    model.startupWindows,
  );
  const level = model.alert?.level ?? 1;
  const last: { index: number; value: number }[] = [];
  const means = new Float64Array(p);
  const points: AnomalyPoint[] = [];
  let bucket = Number.NaN;
  for (const w of [...cells.keys()].sort((a, b) => a - b)) {
    const cell = cells.get(w) as Float64Array;
    for (let j = 0; j < p; j++) means[j] = cell[2 * j + 1] > 0 ? cell[2 * j] / cell[2 * j + 1] : Number.NaN;
    const filled = fillRow(w, means, last, model.fillLimit);
    const built = filled ? { row: filled, imputed: [] } : imputeRow(model, w, means, last);
    if (!built) continue;
    const running = gate.next(built.row) === 'running';
    if (w < first) continue; // warm-up: state only
    let point: AnomalyPoint = { t: w * windowMs, score: 0, running: false, bands: [] };
    if (running) {
      const ex = explainRow(model, built.row, w * windowMs);
      const env = model.envelope;
      const v = env ? (built.row[columns.indexOf(env.sensor)] as number) : Number.NaN;
      // Relative to the asset's alert level (calibrated to its false-alarm budget): 1.0 = alert threshold.
      point = {
        t: point.t,
        score: ex.score / level,
        running: true,
        bands: ex.columns.map((c, j) => ({
          sensor: model.sensors[j].id,
          value: c.value,
          expected: c.expected,
          low: c.low,
          high: c.high,
          ...(built.imputed.includes(j) ? { imputed: true as const } : {}),
        })),
        ...(env && (v < env.low || v > env.high) ? { outside: true as const } : {}),
      };
    }
    const b = Math.floor((w - first) / perPoint);
    if (b !== bucket) {
      bucket = b;
      points.push({ ...point, t: (first + b * perPoint) * windowMs });
      continue;
    }
    const merged = points[points.length - 1] as AnomalyPoint;
    if (point.running && (!merged.running || point.score > merged.score)) {
      merged.score = point.score;
      merged.bands = point.bands;
    }
    merged.running ||= point.running;
  }
  return { windowMs, points };
}
