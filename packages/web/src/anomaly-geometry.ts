/**
 * Pure geometry for the anomaly views: how wide each (possibly merged) window is, where the machine was stopped,
 * a sensor's normal band as per-window segments, and where value, expected value and band sit on a gauge.
 */
import type { AnomalyPoint } from './api-types';

/** A stretch of time [from, to). */
export interface Span {
  from: number;
  to: number;
}

/** One window of a sensor's normal band, in the sensor's unit. */
export interface BandSegment extends Span {
  low: number;
  high: number;
  expected: number;
  value: number;
}

/** Median of a non-empty list (the typical spacing of windows, robust to gaps where nothing was stored). */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/**
 * How long each point lasts. The server merges windows evenly when there are more than maxPoints, so a point can
 * stand for several windows: its span is the typical spacing of the points (never less than one window), cut
 * short where the next point starts earlier. A gap in the data (no readings stored) stays a gap.
 */
export function pointWidths(ts: readonly number[], windowMs: number): number[] {
  const diffs: number[] = [];
  for (let i = 1; i < ts.length; i++) {
    const d = (ts[i] ?? 0) - (ts[i - 1] ?? 0);
    if (d > 0) diffs.push(d);
  }
  const stride = Math.max(windowMs, 0, diffs.length ? median(diffs) : 0) || 1;
  return ts.map((t, i) => {
    const next = ts[i + 1];
    return next !== undefined && next > t ? Math.min(stride, next - t) : stride;
  });
}

/** Runs of consecutive stopped windows, merged into spans (drawn grey: no anomaly score while stopped). */
export function stoppedSpans(points: readonly AnomalyPoint[], widths: readonly number[]): Span[] {
  const out: Span[] = [];
  points.forEach((p, i) => {
    if (p.running) return;
    const to = p.t + (widths[i] ?? 0);
    const last = out[out.length - 1];
    if (last && p.t <= last.to) last.to = Math.max(last.to, to);
    else out.push({ from: p.t, to });
  });
  return out;
}

/** Score per point for a chart, null where the machine was stopped (a stopped machine has no score to read). */
export function scoreSeries(
  points: readonly AnomalyPoint[],
  widths: readonly number[],
): { ts: number[]; score: (number | null)[] } {
  return {
    // Plotted at the middle of the window it summarises.
    ts: points.map((p, i) => p.t + (widths[i] ?? 0) / 2),
    score: points.map((p) => (p.running && Number.isFinite(p.score) ? p.score : null)),
  };
}

/** The band of one sensor, window by window; none where the machine was stopped or the band is not finite. */
export function sensorBand(points: readonly AnomalyPoint[], widths: readonly number[], sensor: string): BandSegment[] {
  const out: BandSegment[] = [];
  points.forEach((p, i) => {
    if (!p.running) return;
    const b = p.bands.find((x) => x.sensor === sensor);
    if (!b || !Number.isFinite(b.low) || !Number.isFinite(b.high) || !Number.isFinite(b.expected)) return;
    const low = Math.min(b.low, b.high);
    const high = Math.max(b.low, b.high);
    out.push({ from: p.t, to: p.t + (widths[i] ?? 0), low, high, expected: b.expected, value: b.value });
  });
  return out;
}

/** Every sensor's band, keyed by sensor id (for the asset page's charts). */
export function sensorBands(points: readonly AnomalyPoint[], windowMs: number): Map<string, BandSegment[]> {
  const widths = pointWidths(
    points.map((p) => p.t),
    windowMs,
  );
  const ids = new Set<string>();
  for (const p of points) for (const b of p.bands) ids.add(b.sensor);
  return new Map([...ids].map((id) => [id, sensorBand(points, widths, id)]));
}

/** Lowest low and highest high of the segments overlapping [from, to]; undefined when none do. */
export function bandExtent(
  segments: readonly BandSegment[],
  from: number,
  to: number,
): { low: number; high: number } | undefined {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const s of segments) {
    if (s.to <= from || s.from >= to) continue;
    low = Math.min(low, s.low);
    high = Math.max(high, s.high);
  }
  return low <= high ? { low, high } : undefined;
}

/** Where a value sits against its band on a horizontal gauge, in percent of the gauge's width. */
export interface Gauge {
  low: number;
  high: number;
  expected: number;
  value: number;
  side: 'below' | 'inside' | 'above';
}

/**
 * Gauge positions for a value against its normal band: the scale spans band, expected and value with 10 % of
 * margin on either side, so a value far outside still lands on the gauge and the band keeps a readable width.
 */
export function gauge(c: { value: number; expected: number; low: number; high: number }): Gauge {
  const lo = Math.min(c.low, c.high);
  const hi = Math.max(c.low, c.high);
  const finite = [lo, hi, c.expected, c.value].filter(Number.isFinite);
  let min = finite.length ? Math.min(...finite) : 0;
  let max = finite.length ? Math.max(...finite) : 1;
  if (max - min <= 0) {
    const pad = Math.abs(max) * 0.05 || 1;
    min -= pad;
    max += pad;
  }
  const margin = (max - min) * 0.1;
  min -= margin;
  max += margin;
  const pct = (v: number) => (Number.isFinite(v) ? Math.max(0, Math.min(100, ((v - min) / (max - min)) * 100)) : 50);
  return {
    low: pct(lo),
    high: pct(hi),
    expected: pct(c.expected),
    value: pct(c.value),
    side: c.value > hi ? 'above' : c.value < lo ? 'below' : 'inside',
  };
}
