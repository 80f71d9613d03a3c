/**
 * The model's normal band drawn on a sensor chart: each running window shaded from low to high behind the series,
 * its edges and the expected value drawn over them as step lines (the band is a band of window means, often
 * narrower than the raw readings' min–max, which would hide a shading alone). Nothing where the machine was
 * stopped: there is no segment there, and the lines break.
 */
import type uPlot from 'uplot';
import type { BandSegment } from './anomaly-geometry';

/** The "ok" green of the theme, light enough that the min–max band and the average read through it. */
export const NORMAL_FILL = 'rgba(22, 163, 74, 0.16)';
export const EDGE_STROKE = 'rgba(22, 163, 74, 0.7)';
export const EXPECTED_STROKE = '#15803d';

/** A segment in canvas pixels. */
interface PxSegment {
  x0: number;
  x1: number;
  high: number;
  low: number;
  expected: number;
  /** Starts where the previous one ended: the step lines continue instead of breaking. */
  joined: boolean;
}

function toPixels(u: uPlot, segs: readonly BandSegment[] | undefined): PxSegment[] {
  const min = u.scales.x?.min;
  const max = u.scales.x?.max;
  if (!segs?.length || min === undefined || max === undefined) return [];
  const { left, width } = u.bbox;
  const px = devicePixelRatio || 1;
  const out: PxSegment[] = [];
  let prevTo = Number.NaN;
  for (const s of segs) {
    if (s.to <= min || s.from >= max) continue;
    const x0 = Math.max(left, u.valToPos(s.from, 'x', true));
    const x1 = Math.max(x0 + px, Math.min(left + width, u.valToPos(s.to, 'x', true)));
    const high = u.valToPos(s.high, 'y', true);
    const low = u.valToPos(s.low, 'y', true);
    const expected = u.valToPos(s.expected, 'y', true);
    if (![x0, x1, high, low, expected].every(Number.isFinite)) continue;
    out.push({ x0, x1, high, low, expected, joined: s.from === prevTo });
    prevTo = s.to;
  }
  return out;
}

function clipToPlot(u: uPlot): void {
  const { left, top, width, height } = u.bbox;
  u.ctx.beginPath();
  u.ctx.rect(left, top, width, height);
  u.ctx.clip();
}

/** Step line through one y of each segment, broken where segments are not adjacent. */
function stepLine(ctx: CanvasRenderingContext2D, segs: readonly PxSegment[], y: (s: PxSegment) => number): void {
  ctx.beginPath();
  for (const s of segs) {
    if (s.joined) ctx.lineTo(s.x0, y(s));
    else ctx.moveTo(s.x0, y(s));
    ctx.lineTo(s.x1, y(s));
  }
  ctx.stroke();
}

/**
 * uPlot hooks for the band from `get()`, read on every draw (swap it and call `u.redraw()`): `fill` for
 * `drawClear` (behind the series), `lines` for `draw` (over them). `onDrawn` gets how many windows were drawn.
 */
export function normalBandHooks(
  get: () => readonly BandSegment[] | undefined,
  onDrawn?: (windows: number) => void,
): { fill: (u: uPlot) => void; lines: (u: uPlot) => void } {
  return {
    fill: (u) => {
      const segs = toPixels(u, get());
      onDrawn?.(segs.length);
      if (!segs.length) return;
      const px = devicePixelRatio || 1;
      const ctx = u.ctx;
      ctx.save();
      clipToPlot(u);
      ctx.fillStyle = NORMAL_FILL;
      // At least 1 px tall: a very tight band is still a band.
      for (const s of segs) ctx.fillRect(s.x0, s.high, s.x1 - s.x0, Math.max(px, s.low - s.high));
      ctx.restore();
    },
    lines: (u) => {
      const segs = toPixels(u, get());
      if (!segs.length) return;
      const px = devicePixelRatio || 1;
      const ctx = u.ctx;
      ctx.save();
      clipToPlot(u);
      ctx.lineWidth = px;
      ctx.strokeStyle = EDGE_STROKE;
      stepLine(ctx, segs, (s) => s.high);
      stepLine(ctx, segs, (s) => s.low);
      ctx.lineWidth = 1.5 * px;
      ctx.strokeStyle = EXPECTED_STROKE;
      ctx.setLineDash([4 * px, 3 * px]);
      stepLine(ctx, segs, (s) => s.expected);
      ctx.restore();
    },
  };
}
