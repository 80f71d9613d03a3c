/**
 * Flagged intervals of a sensor (suspect / bad), clipped to a time window: shaded behind a uPlot chart's series
 * and drawn as segments on the compact timelines of the data-quality page.
 */
import type uPlot from 'uplot';
import type { FlaggedInterval } from './api-types';

export interface Band {
  from: number;
  to: number;
  state: 'suspect' | 'bad';
  reason: string;
}

/** Fill colours: suspect amber, bad red (the watch / alarm colours of the theme), light enough to read through. */
export const BAND_FILL: Record<Band['state'], string> = {
  suspect: 'rgba(217, 119, 6, 0.18)',
  bad: 'rgba(220, 38, 38, 0.2)',
};

/**
 * Intervals overlapping [from, to], clipped to it, oldest first. An interval without an end still lasts: it runs
 * to `now`. Empty, reversed or non-finite intervals are dropped, so a bad answer never breaks a chart.
 */
export function clipIntervals(intervals: readonly FlaggedInterval[], from: number, to: number, now: number): Band[] {
  const out: Band[] = [];
  for (const iv of intervals) {
    const end = iv.to ?? now;
    if (!Number.isFinite(iv.from) || !Number.isFinite(end) || end < iv.from) continue;
    const a = Math.max(iv.from, from);
    const b = Math.min(end, to);
    if (b < a || (b === a && iv.from !== end)) continue;
    out.push({ from: a, to: b, state: iv.state === 'bad' ? 'bad' : 'suspect', reason: iv.reason });
  }
  return out.sort((x, y) => x.from - y.from);
}

export interface Segment extends Band {
  /** Percent of the window's width. */
  left: number;
  width: number;
}

/** Timeline segments in percent of [from, to]; at least `minWidth` % wide so a one-reading flag stays visible. */
export function timelineSegments(bands: readonly Band[], from: number, to: number, minWidth = 0.6): Segment[] {
  const span = to - from;
  if (!(span > 0)) return [];
  return bands.map((b) => {
    const left = Math.min(100 - minWidth, Math.max(0, ((b.from - from) / span) * 100));
    const width = Math.min(100 - left, Math.max(minWidth, ((b.to - b.from) / span) * 100));
    return { ...b, left, width };
  });
}

/**
 * A uPlot `drawClear` hook that shades each flagged interval over the plot's full height, behind the series.
 * The intervals are read on every draw, so the caller can change them and call `u.redraw()`.
 */
export function flagBandsHook(get: () => readonly FlaggedInterval[] | undefined): (u: uPlot) => void {
  return (u) => {
    const intervals = get();
    const min = u.scales.x?.min;
    const max = u.scales.x?.max;
    if (!intervals?.length || min === undefined || max === undefined) return;
    const { left, top, width, height } = u.bbox;
    const px = devicePixelRatio || 1;
    const ctx = u.ctx;
    ctx.save();
    for (const b of clipIntervals(intervals, min, max, Date.now())) {
      const x0 = Math.max(left, u.valToPos(b.from, 'x', true));
      const x1 = Math.min(left + width, u.valToPos(b.to, 'x', true));
      if (!Number.isFinite(x0) || !Number.isFinite(x1)) continue;
      ctx.fillStyle = BAND_FILL[b.state];
      // 2 px at least: a flag on a single reading must still show.
      ctx.fillRect(x0, top, Math.max(2 * px, x1 - x0), height);
    }
    ctx.restore();
  };
}
