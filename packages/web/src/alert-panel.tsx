import type { Alert } from '@prognos/core';
import { AlertActions } from './alert-actions';
import { AlertStateBadge, SeverityBadge } from './badges';
import { ContributionsTable } from './contributions-table';
import { fmtDuration, fmtFullTime, fmtNumber, fmtTime } from './format';
import { routes } from './router';
import { SensorAlertBadge, SensorAlertNote } from './sensor-alert';
import { SimilarEpisodes } from './similar-episodes';

/** The active alert of an asset, explained: what deviates, by how much, since when, and which sensors. */
export function AlertPanel({ alert, now, onChange }: { alert: Alert; now: number; onChange: (a: Alert) => void }) {
  return (
    <section
      className={`card alert-panel sev-border-${alert.severity}`}
      data-testid="active-alert"
      data-alert-id={alert.id}
      data-kind={alert.kind}
    >
      <div className="alert-panel-head">
        <div className="alert-panel-badges">
          <SeverityBadge severity={alert.severity} />
          <AlertStateBadge state={alert.state} />
          {alert.kind === 'sensor' ? <SensorAlertBadge /> : <span className="muted small">{alert.kind} alert</span>}
        </div>
        <AlertActions alert={alert} onChange={onChange} />
      </div>
      <h2 className="alert-title">
        <a href={routes.alert(alert.id)} data-testid="alert-open">
          {alert.title}
        </a>
      </h2>
      {alert.kind === 'sensor' && <SensorAlertNote alert={alert} />}
      <div className="alert-times">
        <span title={fmtFullTime(alert.startedAt)}>Since {fmtTime(alert.startedAt, now)}</span>
        <span>· {fmtDuration(now - alert.startedAt)}</span>
        <span>
          · score {fmtNumber(alert.score, 2)} (peak {fmtNumber(alert.peakScore, 2)})
        </span>
        <span title={fmtFullTime(alert.updatedAt)}>· updated {fmtTime(alert.updatedAt, now)}</span>
      </div>
      <p className="explanation" data-testid="alert-explanation">
        {alert.explanation}
      </p>
      <h3 className="section-label">{alert.kind === 'sensor' ? 'Sensor' : 'Contributing sensors'}</h3>
      <ContributionsTable contributions={alert.contributions} />
      <SimilarEpisodes episodes={alert.similar} assetId={alert.assetId} />
    </section>
  );
}
