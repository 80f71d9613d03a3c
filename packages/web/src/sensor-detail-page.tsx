import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, api } from './api';
import type { QualityEvent } from './api-types';
import { clipIntervals } from './flag-bands';
import { fmtAgo, fmtFullTime, fmtTime, unitLabel } from './format';
import { useLiveEvent } from './live';
import { QualityBadge } from './quality-badges';
import { CALIBRATION_REASON, calibrationLabel, flaggedSince, fmtScore, QUALITY_TONE } from './quality-format';
import { QualityReasons } from './quality-sensor-row';
import { routes } from './router';
import { SensorChart } from './sensor-chart';
import { FlaggedIntervalList, TransitionList } from './sensor-detail-parts';
import { EmptyState, ErrorState, Loading } from './state-views';
import { RangeSelect, TIME_RANGES } from './time-range';
import { useAnomaly } from './use-anomaly';
import { useAsync, useNow } from './use-async';
import { WaveformSnapshots } from './waveform-snapshots';

/** Flagged intervals grow while a fault lasts: refetch them this often even without a state change. */
const REFRESH_MS = 15_000;

/** One sensor's trust: its chart with the flagged intervals shaded, why it is flagged, and its state history. */
export function SensorDetailPage({ id }: { id: string }) {
  const sensor = useAsync(`sensor:${id}`, () => api.sensor(id));
  const [range, setRange] = useState(TIME_RANGES[0] ?? { id: '30m', label: '30 min', ms: 1_800_000 });
  const detail = useAsync(`sensor-quality:${id}:${range.ms}`, () => {
    const to = Date.now();
    return api.sensorQuality(id, to - range.ms, to);
  });
  const [reloadKey, setReloadKey] = useState(0);
  const now = useNow(1000);
  const reloadDetail = detail.reload;
  // The model's normal band for this sensor comes with its asset's anomaly view.
  const anomaly = useAnomaly(sensor.data?.assetId, range.ms, reloadKey);

  useEffect(() => {
    const t = setInterval(reloadDetail, REFRESH_MS);
    return () => clearInterval(t);
  }, [reloadDetail]);
  useLiveEvent(
    'quality',
    useCallback((e: QualityEvent) => e.sensorId === id && reloadDetail(), [id, reloadDetail]),
  );
  useLiveEvent(
    'reconnect',
    useCallback(() => {
      reloadDetail();
      setReloadKey((k) => k + 1);
    }, [reloadDetail]),
  );

  const intervals = detail.data?.intervals;
  const bands = useMemo(() => clipIntervals(intervals ?? [], now - range.ms, now, now), [intervals, now, range.ms]);

  const s = sensor.data;
  if (!s) {
    if (sensor.error instanceof ApiError && sensor.error.status === 404) {
      return (
        <div className="page">
          <EmptyState title="Sensor not found">
            There is no sensor <code>{id}</code>. <a href={routes.quality()}>Back to data quality</a>
          </EmptyState>
        </div>
      );
    }
    if (sensor.error)
      return <ErrorState error={sensor.error} onRetry={sensor.reload} title="Could not load the sensor" />;
    return <Loading label="Loading sensor…" />;
  }

  const q = detail.data;
  const since = q ? flaggedSince(q) : undefined;
  const calibration = q
    ? calibrationLabel(
        q.calibrationDue,
        q.reasons.some((r) => r.name === CALIBRATION_REASON),
        now,
      )
    : '';
  const tone = q ? QUALITY_TONE[q.state] : 'unknown';

  return (
    <div className="page" data-testid="sensor-detail" data-sensor-id={s.id} data-state={q?.state ?? ''}>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={routes.quality()}>Data quality</a>
        <a href={routes.asset(s.assetId)}>{s.assetId}</a>
        <span aria-current="page">{s.name}</span>
      </nav>

      <section className={`card asset-header status-${tone}`}>
        <div className="asset-header-main">
          <h1>{s.name}</h1>
          <div className="asset-facts">
            <span className="mono">{s.id}</span>
            <span>{s.kind}</span>
            <span>
              range {s.min} – {s.max} {unitLabel(s.unit)}
            </span>
            <span>{s.sampleRateHz} Hz</span>
            {calibration && (
              <span className={calibration.startsWith('Calibration overdue') ? 'cal-overdue' : ''}>{calibration}</span>
            )}
          </div>
        </div>
        <div className="sensor-trust">
          {q ? <QualityBadge state={q.state} /> : null}
          <div className="sensor-trust-score">
            <span className={`text-${tone}`}>{fmtScore(q?.score)}</span>
            <span className="muted small"> / 100 quality</span>
          </div>
          {since !== undefined && (
            <div className="muted small" title={fmtFullTime(since)}>
              flagged since {fmtTime(since, now)} · {fmtAgo(since, now)}
            </div>
          )}
        </div>
      </section>

      {detail.error !== undefined && (
        <ErrorState error={detail.error} onRetry={reloadDetail} title="Could not load the sensor's quality" />
      )}

      <div className="section-head">
        <h2>Readings</h2>
        <RangeSelect value={range.id} onChange={setRange} />
      </div>
      <SensorChart
        sensor={s}
        rangeMs={range.ms}
        reloadKey={reloadKey}
        flagged={bands}
        normal={anomaly.bands.get(s.id)}
        height={240}
        drawBad
      />

      <div className="detail-grid">
        <section className="card detail-card">
          <h3 className="section-label">
            Flagged intervals <span className="count">{bands.length}</span>
          </h3>
          <FlaggedIntervalList bands={bands} now={now} />
        </section>
        <section className="card detail-card">
          <h3 className="section-label">Why it is flagged now</h3>
          {q ? <QualityReasons reasons={q.reasons} /> : <span className="muted">—</span>}
          <h3 className="section-label">State changes</h3>
          <TransitionList transitions={q?.transitions ?? []} now={now} />
        </section>
      </div>

      {s.kind === 'vibration' && <WaveformSnapshots sensorId={s.id} />}
    </div>
  );
}
