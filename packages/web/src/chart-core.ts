/** Shared uPlot setup: one instance per container, sized to it, destroyed with it. */
import { type RefObject, useEffect, useRef } from 'react';
import uPlot from 'uplot';

export const CHART_FONT = '11px Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const AXIS_STROKE = '#64748b';
export const GRID_STROKE = 'rgba(100, 116, 139, 0.15)';

export function timeAxis(): uPlot.Axis {
  return {
    stroke: AXIS_STROKE,
    font: CHART_FONT,
    grid: { stroke: GRID_STROKE, width: 1 },
    ticks: { stroke: GRID_STROKE, width: 1 },
  };
}

export function valueAxis(opts: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    stroke: AXIS_STROKE,
    font: CHART_FONT,
    size: 52,
    grid: { stroke: GRID_STROKE, width: 1 },
    ticks: { show: false },
    ...opts,
  };
}

/** Draws a dashed horizontal line at `value` on scale `scale`, with a small label. */
export function drawLevel(u: uPlot, scale: string, value: number, color: string, label: string): void {
  const y = u.valToPos(value, scale, true);
  const { left, top, width, height } = u.bbox;
  if (!Number.isFinite(y) || y < top || y > top + height) return;
  const ctx = u.ctx;
  const px = devicePixelRatio || 1;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = px;
  ctx.setLineDash([5 * px, 4 * px]);
  ctx.beginPath();
  ctx.moveTo(left, y);
  ctx.lineTo(left + width, y);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = color;
  ctx.font = `${10 * px}px Inter, system-ui, sans-serif`;
  ctx.textAlign = 'right';
  ctx.fillText(label, left + width - 4 * px, y - 3 * px);
  ctx.restore();
}

/**
 * Creates the chart when `key` changes and keeps its width equal to the container's.
 * `makeOptions` is read at creation only; pass anything that must change later through refs.
 */
export function useUPlot(
  container: RefObject<HTMLDivElement | null>,
  makeOptions: (width: number) => uPlot.Options,
  initial: uPlot.AlignedData,
  key: string,
): RefObject<uPlot | null> {
  const plot = useRef<uPlot | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the chart is rebuilt only when `key` changes.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const u = new uPlot(makeOptions(Math.max(200, el.clientWidth)), initial, el);
    plot.current = u;
    let last = el.clientWidth;
    const ro = new ResizeObserver(() => {
      const w = el.clientWidth;
      if (w > 0 && w !== last) {
        last = w;
        u.setSize({ width: w, height: u.height });
      }
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [key]);
  return plot;
}
