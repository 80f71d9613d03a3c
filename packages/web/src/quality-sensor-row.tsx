import type { FlaggedInterval, SensorQuality } from './api-types';
import { fmtAgo, fmtFullTime, fmtTime } from './format';
import { QualityBadge } from './quality-badges';
import {
  CALIBRATION_REASON,
  calibrationLabel,
  flaggedSince,
  fmtScore,
  QUALITY_TONE,
  readingReasons,
  reasonLabel,
} from './quality-format';
import { QualityTimeline } from './quality-timeline';
import { routes } from './router';

/** Why the readings are flagged; the calibration due date is shown apart (see CALIBRATION_REASON). */
export function QualityReasons({ reasons: all, recent }: { reasons: SensorQuality['reasons']; recent?: boolean }) {
  const reasons = readingReasons(all);
  if (reasons.length === 0) return <span className="muted">No problem found</span>;
  return (
    <ul className={`qreasons ${recent ? 'qreasons-recent' : ''}`} data-testid="quality-reasons">
      {recent && <li className="muted small">Trusted again; recently:</li>}
      {reasons.map((r) => (
        <li key={`${r.code}-${r.name}`} data-reason={r.name}>
          <span className="qreason-name">{reasonLabel(r.name)}</span>
          {r.detail && <span className="qreason-detail"> · {r.detail}</span>}
        </li>
      ))}
    </ul>
  );
}

/** One sensor on the data-quality page; the sensor's name is a link that covers the row (opens its detail). */
export function QualitySensorRow({
  sensor: s,
  assetName,
  intervals,
  from,
  now,
}: {
  sensor: SensorQuality;
  assetName?: string;
  intervals: FlaggedInterval[] | undefined;
  from: number;
  now: number;
}) {
  const good = s.state === 'good';
  // A trusted sensor may still list what it was flagged for a moment ago: that is history, not "flagged since".
  const since = good ? undefined : flaggedSince(s);
  const calibration = calibrationLabel(s.calibrationDue, s.calibrationOverdue, now);
  const calibrationDetail = s.reasons.find((r) => r.name === CALIBRATION_REASON)?.detail;
  return (
    <div
      className={`qrow qrow-${QUALITY_TONE[s.state]}`}
      data-testid="quality-sensor-row"
      data-sensor-id={s.sensorId}
      data-state={s.state}
      data-score={s.score ?? ''}
      data-reasons={s.reasons.map((r) => r.name).join(' ')}
    >
      <div className="qr-state">
        <QualityBadge state={s.state} />
      </div>
      <div className="qr-sensor">
        <a className="qr-link" href={routes.sensor(s.sensorId)}>
          {s.name}
        </a>
        <div className="muted small">
          <span className="mono">{s.sensorId}</span> · {assetName ?? s.assetId}
        </div>
      </div>
      <div className="qr-score" title="Quality score, 0 – 100">
        <span className={`text-${QUALITY_TONE[s.state]}`}>{fmtScore(s.score)}</span>
      </div>
      <div className="qr-reasons">
        <QualityReasons reasons={s.reasons} recent={good} />
      </div>
      <div className="qr-since small">
        {since !== undefined ? (
          <span title={fmtFullTime(since)}>
            since {fmtTime(since, now)}
            <span className="muted"> · {fmtAgo(since, now)}</span>
          </span>
        ) : s.lastFlagAt ? (
          <span className="muted" title={fmtFullTime(s.lastFlagAt)}>
            last flag {fmtAgo(s.lastFlagAt, now)}
          </span>
        ) : (
          <span className="muted">never flagged</span>
        )}
        {calibration && (
          <div
            className={calibration.startsWith('Calibration overdue') ? 'cal-overdue' : 'muted'}
            data-testid="calibration"
            title={calibrationDetail}
          >
            {calibration}
          </div>
        )}
      </div>
      <div className="qr-timeline">
        <QualityTimeline intervals={intervals} from={from} to={now} now={now} />
      </div>
    </div>
  );
}
