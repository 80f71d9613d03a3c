import type { Alert } from '@prognos/core';
import { useState } from 'react';
import { AlertActions } from './alert-actions';
import { AlertStateBadge, SeverityBadge } from './badges';
import { ContributionsTable } from './contributions-table';
import { fmtDuration, fmtFullTime, fmtNumber, fmtTime } from './format';
import { routes } from './router';
import { SensorAlertBadge, SensorAlertNote } from './sensor-alert';

export function AlertRow({
  alert,
  assetName,
  now,
  onChange,
}: {
  alert: Alert;
  assetName?: string;
  now: number;
  onChange: (a: Alert) => void;
}) {
  const [open, setOpen] = useState(false);
  const end = alert.closedAt ?? (alert.state === 'closed' ? alert.updatedAt : now);
  const detailId = `alert-detail-${alert.id}`;
  return (
    <div
      className={`alert-row state-${alert.state} sev-border-${alert.severity} ${open ? 'expanded' : ''}`}
      data-testid="alert-row"
      data-alert-id={alert.id}
      data-state={alert.state}
      data-severity={alert.severity}
      data-asset-id={alert.assetId}
      data-kind={alert.kind}
    >
      <div className="alert-row-main">
        <button
          type="button"
          className="expander"
          aria-expanded={open}
          aria-controls={detailId}
          onClick={() => setOpen((o) => !o)}
          title={open ? 'Hide explanation' : 'Show explanation'}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        </button>
        <div className="ar-sev">
          <SeverityBadge severity={alert.severity} />
        </div>
        <div className="ar-title">
          <button type="button" className="linklike" onClick={() => setOpen((o) => !o)}>
            {alert.title}
          </button>
          {alert.kind === 'sensor' && (
            <>
              {' '}
              <SensorAlertBadge />
            </>
          )}
          <div className="ar-asset">
            <a href={routes.asset(alert.assetId)}>{assetName ?? alert.assetId}</a>
            {assetName && <span className="mono muted"> {alert.assetId}</span>}
            {alert.kind === 'sensor' && <span className="muted"> · data problem, machine not affected</span>}
            {' · '}
            <a href={routes.alert(alert.id)} data-testid="alert-open">
              Causes &amp; actions
            </a>
          </div>
        </div>
        <div className="ar-state">
          <AlertStateBadge state={alert.state} />
        </div>
        <div className="ar-times">
          <div className="ar-time" title={fmtFullTime(alert.startedAt)}>
            <span className="ar-label">Started</span>
            {fmtTime(alert.startedAt, now)}
          </div>
          <div className="ar-time" title={fmtFullTime(alert.updatedAt)}>
            <span className="ar-label">Updated</span>
            {fmtTime(alert.updatedAt, now)}
          </div>
          <div className="ar-time">
            <span className="ar-label">Duration</span>
            {fmtDuration(end - alert.startedAt)}
          </div>
        </div>
        <div className="ar-actions">
          <AlertActions alert={alert} onChange={onChange} />
        </div>
      </div>
      {open && (
        <div className="alert-row-detail" id={detailId} data-testid="alert-detail">
          {alert.kind === 'sensor' && <SensorAlertNote alert={alert} />}
          <p className="explanation">{alert.explanation}</p>
          <div className="muted small detail-meta">
            {alert.kind} alert · score {fmtNumber(alert.score, 2)} · peak {fmtNumber(alert.peakScore, 2)}
            {alert.closedAt !== undefined && <> · closed {fmtTime(alert.closedAt, now)}</>}
          </div>
          <ContributionsTable contributions={alert.contributions} />
        </div>
      )}
    </div>
  );
}
