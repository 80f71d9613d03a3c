import { useCallback, useRef, useState } from 'react';
import type uPlot from 'uplot';
import { api } from './api';
import type { HealthEvent, HealthRul, RulHistoryPoint } from './api-types';
import { timeAxis, useUPlot, valueAxis } from './chart-core';
import { ChartOverlays, useRangeLoad } from './chart-load';
import { fmtDuration, fmtNumber, fmtPercent } from './format';
import { useLiveEvent } from './live';

const RUL = '#7c3aed';
const HOUR_MS = 3_600_000;
/** A live prediction is appended at most this often (health updates come every window). */
const LIVE_STEP_MS = 60_000;

interface Rows {
  ts: number[];
  rul: number[];
  lower: number[];
  upper: number[];
  /** The newest prediction in full (its failure probability and horizon go in the chart's heading). */
  last?: HealthRul;
}

const empty = (): Rows => ({ ts: [], rul: [], lower: [], upper: [] });

function push(r: Rows, p: HealthRul) {
  r.ts.push(p.ts);
  r.rul.push(p.hours);
  r.lower.push(p.lowerHours);
  r.upper.push(p.upperHours);
  r.last = p;
}

/** Keeps about `n` predictions of a long history: the last one of each time bucket (the latest estimate then). */
export function thinRul(points: readonly RulHistoryPoint[], from: number, to: number, n: number): Rows {
  const out = empty();
  const width = (to - from) / n;
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as RulHistoryPoint;
    const next = points[i + 1];
    if (next && Math.floor((next.ts - from) / width) === Math.floor((p.ts - from) / width)) continue;
    push(out, p);
  }
  return out;
}

/** Decimals for the hours axis: whole hours unless the ticks are closer than an hour apart. */
const hourDigits = (splits: number[]) => ((splits[1] ?? 0) - (splits[0] ?? 0) < 1 ? 1 : 0);

/**
 * Top of the hours axis: the interval's upper ends, but no more than twice the largest estimate — an early,
 * uncertain prediction's upper end (up to 90 days) would otherwise flatten every later estimate against zero.
 */
export function rulAxisMax(rul: readonly number[], upper: readonly number[]): number {
  const top = Math.max(0, ...rul);
  return Math.max(1, Math.min(Math.max(0, ...upper), 2 * top) * 1.05, top * 1.05);
}

/**
 * How the remaining-useful-life estimate moved: the RUL by the health trend (hours, line) with its 90 % interval
 * (shaded), over the chosen range. A prediction that holds steady while time passes is a machine degrading as
 * foreseen; one that drops sharply says the degradation sped up.
 */
export function RulChart({ assetId, rangeMs, reloadKey }: { assetId: string; rangeMs: number; reloadKey: number }) {
  const el = useRef<HTMLDivElement>(null);
  const rows = useRef<Rows>(empty());
  const win = useRef({ from: Date.now() - rangeMs, to: Date.now() });
  const [latest, setLatest] = useState<{ n: number; last?: HealthRul }>({ n: 0 });
  const yMax = useRef(1);

  const plot = useUPlot(
    el,
    (width) => ({
      width,
      height: 180,
      ms: 1,
      legend: { show: false },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 6 } },
      scales: {
        x: { time: true, range: () => [win.current.from, win.current.to] },
        h: { range: () => [0, yMax.current] },
      },
      series: [
        {},
        { label: 'RUL', scale: 'h', stroke: RUL, width: 2, points: { show: false } },
        { label: '90 % low', scale: 'h', stroke: 'rgba(124, 58, 237, 0.35)', width: 1, points: { show: false } },
        { label: '90 % high', scale: 'h', stroke: 'rgba(124, 58, 237, 0.35)', width: 1, points: { show: false } },
      ],
      bands: [{ series: [3, 2], fill: 'rgba(124, 58, 237, 0.12)' }],
      axes: [
        timeAxis(),
        valueAxis({ scale: 'h', values: (_u, splits) => splits.map((v) => `${fmtNumber(v, hourDigits(splits))} h`) }),
      ],
    }),
    [[], [], [], []],
    assetId,
  );

  const redraw = useCallback(() => {
    const t = Date.now();
    win.current = { from: t - rangeMs, to: t };
    const r = rows.current;
    let k = 0;
    while (k < r.ts.length && (r.ts[k] ?? 0) < win.current.from) k++;
    if (k > 0) {
      rows.current = {
        ts: r.ts.slice(k),
        rul: r.rul.slice(k),
        lower: r.lower.slice(k),
        upper: r.upper.slice(k),
        ...(k < r.ts.length && r.last ? { last: r.last } : {}),
      };
    }
    const cur = rows.current;
    yMax.current = rulAxisMax(cur.rul, cur.upper);
    plot.current?.setData([cur.ts, cur.rul, cur.lower, cur.upper] as uPlot.AlignedData);
    setLatest({ n: cur.ts.length, ...(cur.last ? { last: cur.last } : {}) });
  }, [plot, rangeMs]);

  const { state, retry } = useRangeLoad(
    `${assetId}|${reloadKey}`,
    rangeMs,
    (from, to) => api.assetRul(assetId, from, to),
    (h, from, to) => {
      rows.current = thinRul(h, from, to, 600);
      redraw();
    },
  );

  useLiveEvent(
    'health',
    useCallback(
      (h: HealthEvent) => {
        const p = h.detail?.rul;
        if (h.assetId !== assetId || !p) return;
        const r = rows.current;
        const last = r.ts[r.ts.length - 1];
        if (last !== undefined && p.ts < last + LIVE_STEP_MS) return;
        push(r, p);
        redraw();
      },
      [assetId, redraw],
    ),
  );

  const { n, last } = latest;
  return (
    <div className="card chart-card" data-testid="rul-chart" data-points={n} data-state={state.s}>
      <div className="chart-head">
        <div className="chart-title">
          <div className="chart-name">Remaining useful life</div>
          <div className="chart-sub">
            {n > 0 && last ? (
              <span data-testid="rul-latest" data-hours={last.hours}>
                {last.hours > 0 ? (
                  <>
                    latest ≈ {fmtDuration(last.hours * HOUR_MS)} (90 %: {fmtDuration(last.lowerHours * HOUR_MS)} –{' '}
                    {fmtDuration(last.upperHours * HOUR_MS)}) · {fmtPercent(last.failureProbability)} chance of failure
                    within {last.horizonHours} h
                  </>
                ) : (
                  <>health has reached the failure threshold ({last.threshold}): repair now</>
                )}
              </span>
            ) : (
              'Predictions by the health trend, with their 90 % interval'
            )}
          </div>
        </div>
      </div>
      <div className="chart-plot" ref={el} />
      <div className="chart-foot">
        <span className="legend">
          <span className="lg lg-rul" /> predicted RUL <span className="lg lg-rul-band" /> 90 % interval
        </span>
      </div>
      <ChartOverlays
        state={state}
        empty={n === 0}
        emptyText="No remaining-life estimate in this window: health is not falling"
        errorTitle="Could not load RUL history"
        onRetry={retry}
      />
    </div>
  );
}
