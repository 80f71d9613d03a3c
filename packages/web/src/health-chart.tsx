import type { AssetHealth } from '@prognos/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import { api } from './api';
import { drawLevel, timeAxis, useUPlot, valueAxis } from './chart-core';
import { ChartOverlays, useRangeLoad } from './chart-load';
import { fmtNumber } from './format';
import { useLiveEvent } from './live';

const MAX_POINTS = 1500;
const HEALTH = '#0d9488';
const SCORE = '#e11d48';

interface Rows {
  ts: number[];
  health: number[];
  score: number[];
}

/** Thins a long history to `n` time buckets: mean health, peak score (a spike must stay visible). */
function thin(rows: AssetHealth[], from: number, to: number, n: number): Rows {
  if (rows.length <= MAX_POINTS) {
    return { ts: rows.map((r) => r.ts), health: rows.map((r) => r.health), score: rows.map((r) => r.score) };
  }
  const width = (to - from) / n;
  const out: Rows = { ts: [], health: [], score: [] };
  let k = -1;
  let sum = 0;
  let cnt = 0;
  let peak = Number.NEGATIVE_INFINITY;
  const emit = () => {
    if (cnt === 0) return;
    out.ts.push(from + (k + 0.5) * width);
    out.health.push(sum / cnt);
    out.score.push(peak);
  };
  for (const r of rows) {
    const i = Math.floor((r.ts - from) / width);
    if (i !== k) {
      emit();
      k = i;
      sum = 0;
      cnt = 0;
      peak = Number.NEGATIVE_INFINITY;
    }
    sum += r.health;
    cnt++;
    peak = Math.max(peak, r.score);
  }
  emit();
  return out;
}

/** Health (0–100, left axis) and anomaly score relative to the alert threshold (right axis, 1 = threshold). */
export function HealthChart({ assetId, rangeMs, reloadKey }: { assetId: string; rangeMs: number; reloadKey: number }) {
  const el = useRef<HTMLDivElement>(null);
  const rows = useRef<Rows>({ ts: [], health: [], score: [] });
  const win = useRef({ from: Date.now() - rangeMs, to: Date.now() });
  const [points, setPoints] = useState(0);

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
        h: { range: [0, 100] },
        s: { range: (_u, _min, max) => [0, Math.max(1.5, (max ?? 0) * 1.1)] },
      },
      series: [
        {},
        {
          label: 'Health',
          scale: 'h',
          stroke: HEALTH,
          width: 2,
          fill: 'rgba(13, 148, 136, 0.08)',
          points: { show: false },
        },
        { label: 'Anomaly score', scale: 's', stroke: SCORE, width: 1.25, points: { show: false } },
      ],
      axes: [
        timeAxis(),
        valueAxis({ scale: 'h', values: (_u, splits) => splits.map((v) => fmtNumber(v, 0)) }),
        valueAxis({
          scale: 's',
          side: 1,
          grid: { show: false },
          stroke: SCORE,
          values: (_u, splits) => splits.map((v) => fmtNumber(v, 1)),
        }),
      ],
      hooks: { draw: [(u) => drawLevel(u, 's', 1, SCORE, 'alert threshold')] },
    }),
    [[], [], []],
    assetId,
  );

  const redraw = useCallback(() => {
    const t = Date.now();
    win.current = { from: t - rangeMs, to: t };
    const r = rows.current;
    let k = 0;
    while (k < r.ts.length && (r.ts[k] ?? 0) < win.current.from) k++;
    if (k > 0) rows.current = { ts: r.ts.slice(k), health: r.health.slice(k), score: r.score.slice(k) };
    const cur = rows.current;
    plot.current?.setData([cur.ts, cur.health, cur.score] as uPlot.AlignedData);
    setPoints(cur.ts.length);
  }, [plot, rangeMs]);

  const { state, retry } = useRangeLoad(
    `${assetId}|${reloadKey}`,
    rangeMs,
    (from, to) => api.assetHealth(assetId, from, to),
    (h, from, to) => {
      rows.current = thin(h, from, to, 1000);
      redraw();
    },
  );

  useEffect(() => {
    const t = setInterval(redraw, 5000);
    return () => clearInterval(t);
  }, [redraw]);

  useLiveEvent(
    'health',
    useCallback(
      (h: AssetHealth) => {
        if (h.assetId !== assetId) return;
        const r = rows.current;
        if (r.ts.length && h.ts <= (r.ts[r.ts.length - 1] ?? 0)) return;
        r.ts.push(h.ts);
        r.health.push(h.health);
        r.score.push(h.score);
        redraw();
      },
      [assetId, redraw],
    ),
  );

  return (
    <div className="card chart-card" data-testid="health-chart" data-points={points} data-state={state.s}>
      <div className="chart-head">
        <div className="chart-title">
          <div className="chart-name">Health and anomaly score</div>
          <div className="chart-sub">Health 0–100 (left) · anomaly score, 1 = alert threshold (right)</div>
        </div>
      </div>
      <div className="chart-plot" ref={el} />
      <div className="chart-foot">
        <span className="legend">
          <span className="lg lg-health" /> health <span className="lg lg-score" /> anomaly score
        </span>
      </div>
      <ChartOverlays
        state={state}
        empty={points === 0}
        emptyText="No health history in this window"
        errorTitle="Could not load health history"
        onRetry={retry}
      />
    </div>
  );
}
