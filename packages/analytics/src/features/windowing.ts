import { isGood } from '@prognos/core';

/** Columnar readings of one sensor, sorted by time (the shape returned by the store's read()). */
export interface SeriesLike {
  ts: ArrayLike<number>;
  values: ArrayLike<number>;
  quality: ArrayLike<number>;
}

/** Default window: one minute, long enough to average out sample noise, short enough to follow a fault. */
export const DEFAULT_WINDOW_MS = 60_000;
/** Default forward-fill limit, in windows, for a sensor with no good reading in a window. */
export const DEFAULT_FILL_LIMIT = 2;

export interface WindowingOptions {
  windowMs?: number;
  /**
   * How many consecutive windows a sensor without a good reading may carry its last window value forward
   * (covers slow or jittery sample rates); beyond that the row is dropped. 0 disables filling.
   */
  fillLimit?: number;
}

/** Rows aligned on a common grid: rows[i][j] is the mean of sensor j in the window starting at start[i]. */
export interface AlignedRows {
  sensors: string[];
  windowMs: number;
  /** Window start times (epoch ms, multiples of windowMs), ascending. */
  start: number[];
  rows: Float64Array[];
  /** Windows skipped because a sensor had no usable value (none in the window and fill limit exceeded). */
  dropped: number;
}

/** Index of the window containing ts; windows are aligned on epoch multiples of windowMs. */
export function windowIndex(ts: number, windowMs: number): number {
  return Math.floor(ts / windowMs);
}

/**
 * Fills a row from per-sensor window means with forward fill limited to `fillLimit` windows, updating the
 * per-sensor "last value" memory. Returns undefined when a sensor has no usable value. Shared by the batch
 * windowing here and by the live AssetMonitor so that training and scoring build rows the same way.
 */
export function fillRow(
  index: number,
  means: ArrayLike<number>,
  last: { index: number; value: number }[],
  fillLimit: number,
): Float64Array | undefined {
  const row = new Float64Array(means.length);
  let complete = true;
  for (let j = 0; j < means.length; j++) {
    const m = means[j];
    if (!Number.isNaN(m)) {
      row[j] = m;
      last[j] = { index, value: m };
    } else if (last[j] && index - last[j].index <= fillLimit) {
      row[j] = last[j].value;
    } else {
      complete = false;
    }
  }
  return complete ? row : undefined;
}

/**
 * Aligns per-sensor series on a common grid of `windowMs` windows: each cell is the mean of the sensor's good
 * readings in that window (readings flagged suspect or bad are ignored, so flagged data never reaches a model).
 * Windows in which some sensor has no good reading are forward-filled for up to `fillLimit` windows, else dropped.
 */
export function alignSeries(
  series: ReadonlyMap<string, SeriesLike>,
  sensors: readonly string[],
  opts: WindowingOptions = {},
): AlignedRows {
  const windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
  const fillLimit = opts.fillLimit ?? DEFAULT_FILL_LIMIT;
  if (!(windowMs > 0)) throw new RangeError('windowMs must be > 0');
  const p = sensors.length;
  // window index → per-sensor [sum, count]
  const cells = new Map<number, Float64Array>();
  sensors.forEach((id, j) => {
    const s = series.get(id);
    if (!s) return;
    for (let i = 0; i < s.ts.length; i++) {
      const v = s.values[i];
      if (!isGood(s.quality[i]) || !Number.isFinite(v)) continue;
      const w = windowIndex(s.ts[i], windowMs);
      let cell = cells.get(w);
      if (!cell) {
        cell = new Float64Array(2 * p);
        cells.set(w, cell);
      }
      cell[2 * j] += v;
      cell[2 * j + 1] += 1;
    }
  });
  const indices = [...cells.keys()].sort((a, b) => a - b);
  const last: { index: number; value: number }[] = [];
  const out: AlignedRows = { sensors: [...sensors], windowMs, start: [], rows: [], dropped: 0 };
  const means = new Float64Array(p);
  for (const w of indices) {
    const cell = cells.get(w)!;
    for (let j = 0; j < p; j++) means[j] = cell[2 * j + 1] > 0 ? cell[2 * j] / cell[2 * j + 1] : Number.NaN;
    const row = fillRow(w, means, last, fillLimit);
    if (row) {
      out.start.push(w * windowMs);
      out.rows.push(row);
    } else {
      out.dropped++;
    }
  }
  return out;
}
