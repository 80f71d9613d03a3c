/**
 * The data behind one sensor chart: min / max / avg per time bucket, as returned by the downsample endpoint and
 * then extended by live readings merged into buckets of the same width, so the series stays uniform however long
 * the page stays open. A gap in the data (no readings for several buckets) becomes a null row so the chart shows
 * a break instead of drawing a straight line across missing data.
 */
import type { Downsample } from './api-types';

export interface ChartBuffer {
  bucketMs: number;
  /** Rows further apart than this are a gap. */
  gapMs: number;
  ts: number[];
  min: (number | null)[];
  max: (number | null)[];
  avg: (number | null)[];
  count: number[];
}

export function emptyBuffer(bucketMs: number, gapMs: number): ChartBuffer {
  return { bucketMs, gapMs, ts: [], min: [], max: [], avg: [], count: [] };
}

function pushGap(b: ChartBuffer, ts: number): void {
  b.ts.push(ts);
  b.min.push(null);
  b.max.push(null);
  b.avg.push(null);
  b.count.push(0);
}

function lastRealTs(b: ChartBuffer): number | undefined {
  for (let i = b.ts.length - 1; i >= 0; i--) if (b.avg[i] !== null) return b.ts[i];
  return undefined;
}

function pushRow(b: ChartBuffer, ts: number, min: number, max: number, avg: number, count: number): void {
  const prev = lastRealTs(b);
  if (prev !== undefined && ts - prev > b.gapMs && b.avg[b.avg.length - 1] !== null) pushGap(b, prev + b.bucketMs);
  b.ts.push(ts);
  b.min.push(min);
  b.max.push(max);
  b.avg.push(avg);
  b.count.push(count);
}

/** Builds a buffer from a downsample answer; empty or non-finite buckets are dropped. */
export function fromDownsample(d: Downsample, fallbackBucketMs: number, minGapMs: number): ChartBuffer {
  const bucketMs = d.bucketMs > 0 ? d.bucketMs : fallbackBucketMs;
  const b = emptyBuffer(bucketMs, Math.max(3 * bucketMs, minGapMs));
  for (let i = 0; i < d.ts.length; i++) {
    const ts = d.ts[i];
    const avg = d.avg[i];
    if (ts === undefined || avg === undefined || avg === null || !Number.isFinite(avg)) continue;
    const count = d.count[i] ?? 1;
    if (count <= 0) continue;
    const min = d.min[i];
    const max = d.max[i];
    pushRow(
      b,
      ts,
      min !== undefined && min !== null && Number.isFinite(min) ? min : avg,
      max !== undefined && max !== null && Number.isFinite(max) ? max : avg,
      avg,
      count,
    );
  }
  return b;
}

/** Merges one reading into the last bucket, or opens the next bucket on the same grid. */
export function appendReading(b: ChartBuffer, ts: number, value: number): void {
  if (!Number.isFinite(value)) return;
  const i = b.ts.length - 1;
  const lastTs = b.ts[i];
  const lastAvg = b.avg[i];
  if (lastTs !== undefined && ts < lastTs) return; // older than what we show: the history already covers it
  if (lastTs !== undefined && lastAvg !== null && lastAvg !== undefined && ts < lastTs + b.bucketMs) {
    const n = b.count[i] ?? 1;
    b.avg[i] = (lastAvg * n + value) / (n + 1);
    b.min[i] = Math.min(b.min[i] ?? value, value);
    b.max[i] = Math.max(b.max[i] ?? value, value);
    b.count[i] = n + 1;
    return;
  }
  const start =
    lastTs === undefined
      ? Math.floor(ts / b.bucketMs) * b.bucketMs
      : lastTs + Math.floor((ts - lastTs) / b.bucketMs) * b.bucketMs;
  pushRow(b, start, value, value, value, 1);
}

/** Drops rows before `from` (the window slides); a leading gap row is dropped too. */
export function trimBuffer(b: ChartBuffer, from: number): void {
  let k = 0;
  while (k < b.ts.length && ((b.ts[k] ?? 0) < from || b.avg[k] === null)) k++;
  if (k === 0) return;
  b.ts.splice(0, k);
  b.min.splice(0, k);
  b.max.splice(0, k);
  b.avg.splice(0, k);
  b.count.splice(0, k);
}

/** Number of points drawn (gap rows are not points). */
export function pointCount(b: ChartBuffer): number {
  let n = 0;
  for (const v of b.avg) if (v !== null) n++;
  return n;
}
