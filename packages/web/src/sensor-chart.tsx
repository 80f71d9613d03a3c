import type { Reading, Sensor } from '@prognos/core';
import { qualityReasonName, qualityState } from '@prognos/core';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import { type BandSegment, bandExtent } from './anomaly-geometry';
import { api } from './api';
import type { FlaggedInterval, LatestValue } from './api-types';
import { appendReading, type ChartBuffer, emptyBuffer, fromDownsample, pointCount, trimBuffer } from './chart-buffer';
import { drawLevel, timeAxis, useUPlot, valueAxis } from './chart-core';
import { ChartOverlays } from './chart-load';
import { flagBandsHook } from './flag-bands';
import { fmtAgo, fmtFullTime, fmtNumber, fmtValue, unitLabel } from './format';
import { useLiveEvent } from './live';
import { normalBandHooks } from './normal-band';

/** About one bucket per two pixels of a typical chart: detail without shipping more points than can be drawn. */
const BUCKETS = 600;
const FLUSH_MS = 1000;
const MAX_PENDING = 20_000;
const AVG = '#2563eb';
const EDGE = 'rgba(37, 99, 235, 0.35)';
const BAND_FILL = 'rgba(37, 99, 235, 0.13)';
const NORMAL = '#d97706';

export interface NormalBand {
  low: number;
  high: number;
}

interface Props {
  sensor: Sensor;
  rangeMs: number;
  latest?: LatestValue;
  /** The sensor's normal band from the active alert, drawn as dashed lines when there is no model band. */
  band?: NormalBand;
  /** The active model's normal band per running window (anomaly view), shaded behind the lines. */
  normal?: readonly BandSegment[];
  subtitle?: string;
  /** Bump to refetch (after a stream reconnect). */
  reloadKey: number;
  /** Intervals the data-quality checks flagged, shaded behind the lines (suspect amber, bad red). */
  flagged?: readonly FlaggedInterval[];
  /** Plot height in px (default 170). */
  height?: number;
  /** Draw bad readings too (the sensor detail, where the flagged data itself is what one looks at). */
  drawBad?: boolean;
}

function toAligned(b: ChartBuffer): uPlot.AlignedData {
  return [b.ts, b.min, b.max, b.avg];
}

/** One sensor: min/max band and average line over a sliding window, history from the server, then live. */
export function SensorChart({
  sensor,
  rangeMs,
  latest,
  band,
  normal,
  subtitle,
  reloadKey,
  flagged,
  height = 170,
  drawBad = false,
}: Props) {
  const el = useRef<HTMLDivElement>(null);
  const card = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLSpanElement>(null);
  const sampleMs = 1000 / (sensor.sampleRateHz > 0 ? sensor.sampleRateHz : 1);
  const minGapMs = 5 * sampleMs + 5000;
  const buf = useRef<ChartBuffer>(emptyBuffer(rangeMs / BUCKETS, minGapMs));
  const pending = useRef<Reading[]>([]);
  const loaded = useRef(false);
  const win = useRef({ from: Date.now() - rangeMs, to: Date.now(), rangeMs });
  const bandRef = useRef(band);
  const flaggedRef = useRef(flagged);
  const normalRef = useRef(normal);
  // How many windows of the band the last draw shaded: a data attribute, set without a re-render per draw.
  const [normalBand] = useState(() =>
    normalBandHooks(
      () => normalRef.current,
      (n) => card.current?.setAttribute('data-band-windows', String(n)),
    ),
  );
  const [status, setStatus] = useState<{ state: 'loading' | 'ready' | 'error'; error?: unknown }>({ state: 'loading' });
  const [points, setPoints] = useState(0);
  const [last, setLast] = useState<LatestValue | undefined>(latest);
  const [hiddenBad, setHiddenBad] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [retry, setRetry] = useState(0);

  useLayoutEffect(() => {
    // With the model's band per window on the chart, the alert's single band would only repeat it.
    bandRef.current = normal?.length ? undefined : band;
    win.current.rangeMs = rangeMs;
  });

  const plot = useUPlot(
    el,
    (width) => ({
      width,
      height,
      ms: 1,
      legend: { show: false },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 6 } },
      scales: {
        x: { time: true, range: () => [win.current.from, win.current.to] },
        y: {
          range: (_u, dmin, dmax) => {
            const b = bandRef.current ?? bandExtent(normalRef.current ?? [], win.current.from, win.current.to);
            let lo = dmin ?? b?.low ?? sensor.min;
            let hi = dmax ?? b?.high ?? sensor.max;
            if (b) {
              lo = Math.min(lo, b.low);
              hi = Math.max(hi, b.high);
            }
            const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.05 || 1;
            return [lo - pad, hi + pad];
          },
        },
      },
      series: [
        {},
        { label: 'Min', stroke: EDGE, width: 1, points: { show: false } },
        { label: 'Max', stroke: EDGE, width: 1, points: { show: false } },
        { label: 'Avg', stroke: AVG, width: 1.75, points: { show: false } },
      ],
      bands: [{ series: [2, 1], fill: BAND_FILL }],
      axes: [timeAxis(), valueAxis({ values: (_u, splits) => splits.map((v) => fmtNumber(v)) })],
      hooks: {
        drawClear: [normalBand.fill, flagBandsHook(() => flaggedRef.current)],
        draw: [
          normalBand.lines,
          (u) => {
            const b = bandRef.current;
            if (!b) return;
            drawLevel(u, 'y', b.high, NORMAL, 'normal high');
            drawLevel(u, 'y', b.low, NORMAL, 'normal low');
          },
        ],
        setCursor: [
          (u) => {
            const out = readout.current;
            if (!out) return;
            const i = u.cursor.idx;
            const ts = i == null ? undefined : u.data[0][i];
            const avg = i == null ? undefined : u.data[3]?.[i];
            if (i == null || ts === undefined || avg === undefined || avg === null) {
              out.textContent = '';
              return;
            }
            const lo = u.data[1]?.[i];
            const hi = u.data[2]?.[i];
            const range = lo !== null && lo !== undefined && hi !== null && hi !== undefined && hi !== lo;
            out.textContent = `${new Date(ts).toLocaleTimeString()} · avg ${fmtValue(avg, sensor.unit)}${
              range ? ` (${fmtNumber(lo)} – ${fmtNumber(hi)})` : ''
            }`;
          },
        ],
      },
    }),
    [[], [], [], []],
    sensor.id,
  );

  useEffect(() => {
    flaggedRef.current = flagged;
    plot.current?.redraw(false, false);
  }, [flagged, plot]);
  useEffect(() => {
    normalRef.current = normal;
    // The band can widen the value scale: rescale (setData re-runs the range functions), not just repaint.
    const u = plot.current;
    if (u) u.setData(u.data);
  }, [normal, plot]);

  const flush = useCallback(() => {
    const t = Date.now();
    setNow(t);
    if (!loaded.current) return;
    const rs = pending.current;
    pending.current = [];
    const b = buf.current;
    let newest: Reading | undefined;
    let bad = 0;
    rs.sort((a, c) => a.ts - c.ts);
    for (const r of rs) {
      if (!newest || r.ts >= newest.ts) newest = r;
      // Bad readings stay in the store, flagged; they are left off the line (and counted) so one failed
      // transmitter value does not flatten the scale for everything else (unless drawBad: the sensor detail).
      if (!drawBad && qualityState(r.quality) === 'bad') bad++;
      else appendReading(b, r.ts, r.value);
    }
    win.current = { ...win.current, from: t - win.current.rangeMs, to: t };
    trimBuffer(b, win.current.from);
    plot.current?.setData(toAligned(b));
    setPoints(pointCount(b));
    if (newest) {
      const n = newest;
      setLast((prev) => (!prev || n.ts >= prev.ts ? { ts: n.ts, value: n.value, quality: n.quality } : prev));
    }
    if (bad) setHiddenBad((h) => h + bad);
  }, [plot, drawBad]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey and retry are refetch triggers.
  useEffect(() => {
    let cancelled = false;
    loaded.current = false;
    setStatus({ state: 'loading' });
    const to = Date.now();
    const from = to - rangeMs;
    api.downsample(sensor.id, from, to, BUCKETS).then(
      (d) => {
        if (cancelled) return;
        buf.current = fromDownsample(d, rangeMs / BUCKETS, minGapMs);
        // Readings that arrived while loading and are already in the history are skipped by appendReading.
        loaded.current = true;
        setHiddenBad(0);
        setStatus({ state: 'ready' });
        flush();
      },
      (error: unknown) => {
        if (!cancelled) setStatus({ state: 'error', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [sensor.id, rangeMs, reloadKey, retry, minGapMs, flush]);

  useEffect(() => {
    const t = setInterval(flush, FLUSH_MS);
    return () => clearInterval(t);
  }, [flush]);

  useLiveEvent(
    'readings',
    useCallback(
      (rs: Reading[]) => {
        for (const r of rs) if (r.sensor === sensor.id) pending.current.push(r);
        if (pending.current.length > MAX_PENDING) pending.current.splice(0, pending.current.length - MAX_PENDING);
      },
      [sensor.id],
    ),
  );

  const cur = last ?? latest;
  const q = cur ? qualityState(cur.quality) : 'good';
  const stale = cur ? now - cur.ts > Math.max(60_000, 10 * sampleMs) : false;
  const unit = unitLabel(sensor.unit);

  return (
    <div
      ref={card}
      className="card chart-card"
      data-testid="sensor-chart"
      data-sensor-id={sensor.id}
      data-points={points}
      data-last-ts={last?.ts ?? 0}
      data-state={status.state}
      data-flagged={flagged?.length ?? 0}
    >
      <div className="chart-head">
        <div className="chart-title">
          <div className="chart-name">{sensor.name}</div>
          <div className="chart-sub">
            <span className="mono">{sensor.id}</span>
            {unit && <> · {unit}</>}
            {subtitle && <> · {subtitle}</>}
          </div>
        </div>
        <div className="chart-latest" title={cur ? fmtFullTime(cur.ts) : undefined}>
          <div className={`chart-value ${q !== 'good' ? `q-${q}` : ''}`} data-testid="sensor-latest">
            {fmtValue(cur?.value, sensor.unit)}
          </div>
          <div className="chart-when">
            {q !== 'good' && cur && (
              <span className={`qchip q-${q}`}>
                {q} · {qualityReasonName(cur.quality).toLowerCase().replace(/_/g, ' ')}
              </span>
            )}
            {stale ? (
              <span className="stale">no data {fmtAgo(cur?.ts, now)}</span>
            ) : cur ? (
              fmtAgo(cur.ts, now)
            ) : (
              'no data'
            )}
          </div>
        </div>
      </div>
      <div className="chart-plot" ref={el} />
      <div className="chart-foot">
        <span className="legend">
          <span className="lg lg-avg" /> avg <span className="lg lg-band" /> min–max
          {normal?.length ? (
            <>
              <span className="lg lg-model-band" /> normal band <span className="lg lg-expected" /> expected
            </>
          ) : (
            band && (
              <>
                <span className="lg lg-normal" /> normal band
              </>
            )
          )}
          {flagged?.some((f) => f.state === 'suspect') && (
            <>
              <span className="lg lg-suspect" /> suspect
            </>
          )}
          {flagged?.some((f) => f.state === 'bad') && (
            <>
              <span className="lg lg-bad" /> bad
            </>
          )}
        </span>
        <span ref={readout} className="readout" />
        {hiddenBad > 0 && <span className="qchip q-bad">{hiddenBad} bad readings not drawn</span>}
      </div>
      <ChartOverlays
        state={{ s: status.state, error: status.error }}
        empty={points === 0}
        emptyText="No readings in this window"
        errorTitle="Could not load readings"
        onRetry={() => setRetry((r) => r + 1)}
      />
    </div>
  );
}
