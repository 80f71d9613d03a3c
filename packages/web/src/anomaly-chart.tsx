import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import { pointWidths, type Span, scoreSeries, stoppedSpans } from './anomaly-geometry';
import { ApiError } from './api';
import type { AnomalyView } from './api-types';
import { drawLevel, timeAxis, useUPlot, valueAxis } from './chart-core';
import { fmtNumber } from './format';
import { routes } from './router';
import { ErrorState } from './state-views';

const SCORE = '#e11d48';
export const THRESHOLD = '#b91c1c';
const STOPPED_FILL = 'rgba(100, 116, 139, 0.16)';

interface Props {
  assetId: string;
  rangeMs: number;
  view: AnomalyView | undefined;
  error: unknown;
  loading: boolean;
  onRetry: () => void;
}

/** Shades the stopped spans grey over the plot's full height, behind the series. */
function stoppedHook(get: () => readonly Span[]): (u: uPlot) => void {
  return (u) => {
    const min = u.scales.x?.min;
    const max = u.scales.x?.max;
    const spans = get();
    if (!spans.length || min === undefined || max === undefined) return;
    const { left, top, width, height } = u.bbox;
    const px = devicePixelRatio || 1;
    u.ctx.save();
    u.ctx.fillStyle = STOPPED_FILL;
    for (const s of spans) {
      if (s.to <= min || s.from >= max) continue;
      const x0 = Math.max(left, u.valToPos(s.from, 'x', true));
      const x1 = Math.min(left + width, u.valToPos(s.to, 'x', true));
      if (Number.isFinite(x0) && Number.isFinite(x1)) u.ctx.fillRect(x0, top, Math.max(px, x1 - x0), height);
    }
    u.ctx.restore();
  };
}

/** The anomaly score per window of the active model, 1 = alert threshold; stopped windows greyed. */
export function AnomalyChart({ assetId, rangeMs, view, error, loading, onRetry }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLSpanElement>(null);
  const win = useRef({ from: Date.now() - rangeMs, to: Date.now() });
  const threshold = useRef(view?.threshold ?? 1);
  const geometry = useMemo(() => {
    const points = view?.points ?? [];
    const widths = pointWidths(
      points.map((p) => p.t),
      view?.windowMs ?? 0,
    );
    return {
      ...scoreSeries(points, widths),
      stopped: stoppedSpans(points, widths),
      running: points.map((p) => p.running),
    };
  }, [view]);
  const geo = useRef(geometry);
  useLayoutEffect(() => {
    geo.current = geometry;
    threshold.current = view?.threshold ?? 1;
  });

  const plot = useUPlot(
    el,
    (width) => ({
      width,
      height: 200,
      ms: 1,
      legend: { show: false },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 6 } },
      scales: {
        x: { time: true, range: () => [win.current.from, win.current.to] },
        s: { range: (_u, _min, max) => [0, Math.max(threshold.current * 1.5, (max ?? 0) * 1.1)] },
      },
      series: [
        {},
        {
          label: 'Anomaly score',
          scale: 's',
          stroke: SCORE,
          width: 1.5,
          fill: 'rgba(225, 29, 72, 0.06)',
          points: { show: false },
        },
      ],
      axes: [timeAxis(), valueAxis({ scale: 's', values: (_u, splits) => splits.map((v) => fmtNumber(v, 1)) })],
      hooks: {
        drawClear: [stoppedHook(() => geo.current.stopped)],
        draw: [
          (u) => {
            drawLevel(u, 's', threshold.current, THRESHOLD, 'alert threshold');
            // Where the line was drawn (device pixels), so a test can find it on the canvas.
            const y = u.valToPos(threshold.current, 's', true);
            el.current?.setAttribute('data-threshold-y', Number.isFinite(y) ? String(Math.round(y)) : '');
          },
        ],
        setCursor: [
          (u) => {
            const out = readout.current;
            if (!out) return;
            const i = u.cursor.idx;
            const ts = i == null ? undefined : u.data[0][i];
            if (i == null || ts === undefined) {
              out.textContent = '';
              return;
            }
            const score = u.data[1]?.[i];
            out.textContent = `${new Date(ts).toLocaleTimeString()} · ${
              geo.current.running[i] === false || score == null ? 'stopped' : `score ${fmtNumber(score, 2)}`
            }`;
          },
        ],
      },
    }),
    [[], []],
    assetId,
  );

  const redraw = useCallback(() => {
    const t = Date.now();
    win.current = { from: t - rangeMs, to: t };
    const g = geo.current;
    plot.current?.setData([g.ts, g.score] as uPlot.AlignedData);
  }, [plot, rangeMs]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new view is drawn at once.
  useEffect(redraw, [redraw, geometry]);
  useEffect(() => {
    const t = setInterval(redraw, 5000);
    return () => clearInterval(t);
  }, [redraw]);

  const noModel = error instanceof ApiError && error.code === 'NO_MODEL';
  const points = view?.points.length ?? 0;
  const peak = geometry.score.reduce<number>((m, s) => (s !== null && s > m ? s : m), 0);
  const state = view ? 'ready' : noModel ? 'no-model' : error ? 'error' : 'loading';
  return (
    <div
      className="card chart-card"
      data-testid="anomaly-chart"
      data-state={state}
      data-points={points}
      data-stopped={geometry.stopped.length}
      data-model-version={view?.modelVersion ?? ''}
    >
      <div className="chart-head">
        <div className="chart-title">
          <div className="chart-name">Anomaly score per window</div>
          <div className="chart-sub">
            1 = alert threshold
            {view?.modelVersion !== undefined && <> · model v{view.modelVersion}</>}
            {loading && view && <span className="refreshing"> · refreshing…</span>}
          </div>
        </div>
        {view && points > 0 && (
          <div className="chart-latest">
            <div className={`chart-value ${peak >= (view.threshold ?? 1) ? 'text-alarm' : ''}`}>
              {fmtNumber(peak, 2)}
            </div>
            <div className="chart-when">peak in window</div>
          </div>
        )}
      </div>
      <div className="chart-plot" ref={el} />
      <div className="chart-foot">
        <span className="legend">
          <span className="lg lg-score" /> anomaly score <span className="lg lg-threshold" /> alert threshold
          <span className="lg lg-stopped" /> stopped
        </span>
        <span ref={readout} className="readout" />
      </div>
      {state === 'loading' && <div className="chart-overlay">Loading…</div>}
      {state === 'ready' && points === 0 && <div className="chart-overlay">No windows in this range</div>}
      {state === 'no-model' && (
        <div className="chart-overlay chart-overlay-error" data-testid="anomaly-no-model">
          <div className="state state-empty">
            <div className="state-title">No model for this asset yet</div>
            <div className="state-text">
              Train one on the <a href={routes.models()}>Models page</a> to see its anomaly score and normal bands.
            </div>
          </div>
        </div>
      )}
      {state === 'error' && (
        <div className="chart-overlay chart-overlay-error">
          <ErrorState error={error} onRetry={onRetry} title="Could not load the anomaly score" />
        </div>
      )}
    </div>
  );
}
