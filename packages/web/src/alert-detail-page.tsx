import { useCallback } from 'react';
import { AlertComments } from './alert-comments';
import { AlertWorkflowPanel } from './alert-workflow';
import type { AlertEvent } from './api-types';
import { AlertStateBadge, SeverityBadge } from './badges';
import { ContributionsTable } from './contributions-table';
import { FailureModeRanking } from './failure-mode-ranking';
import { fmtDuration, fmtFullTime, fmtNumber, fmtTime } from './format';
import { PastFindings } from './knowledge-hit';
import { useLiveEvent } from './live';
import { mapi } from './maintenance-api';
import { routes } from './router';
import { SimilarEpisodes } from './similar-episodes';
import { EmptyState, ErrorState, Loading } from './state-views';
import { useAsync, useNow } from './use-async';
import { UserField } from './user-field';
import { WhyPanel } from './why-panel';

/** One alert: the evidence, its likely causes ranked, and what people do about it. */
export function AlertDetailPage({ id }: { id: string }) {
  const state = useAsync(`alert:${id}`, () => mapi.alert(id));
  const { data: alert, error, reload } = state;
  const now = useNow(1000);
  useLiveEvent(
    'alert',
    useCallback((e: AlertEvent) => e.alert.id === id && reload(), [id, reload]),
  );
  useLiveEvent('reconnect', reload);

  if (!alert) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load the alert" />;
    return <Loading label="Loading alert…" />;
  }
  const wf = alert.workflow;
  const end = alert.closedAt ?? (alert.state === 'closed' ? alert.updatedAt : now);
  return (
    <div className="page alert-detail" data-testid="alert-page" data-alert-id={alert.id}>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={routes.alerts()}>Alerts</a>
        <a href={routes.asset(alert.assetId)}>{alert.assetId}</a>
        <span className="mono">{alert.id}</span>
      </nav>
      <div className="page-head">
        <div>
          <div className="alert-panel-badges">
            <SeverityBadge severity={alert.severity} />
            <AlertStateBadge state={alert.state} />
            <span className="muted small">{alert.kind} alert</span>
          </div>
          <h1 className="alert-title">{alert.title}</h1>
          <div className="alert-times">
            <span title={fmtFullTime(alert.startedAt)}>Since {fmtTime(alert.startedAt, now)}</span>
            <span>· {fmtDuration(end - alert.startedAt)}</span>
            <span>· peak score {fmtNumber(alert.peakScore, 2)}</span>
          </div>
        </div>
        <UserField />
      </div>
      <section className="card pad why-card" aria-label="Why this alert">
        <h2>Why this alert?</h2>
        {/* Reloaded when the state or the most likely cause changes, not on every score update. */}
        <WhyPanel alertId={alert.id} reloadKey={`${alert.state}:${wf?.failureModes[0]?.failureModeId ?? ''}`} />
      </section>
      {wf ? (
        <AlertWorkflowPanel
          key={`${wf.status}:${wf.updatedAt}`}
          alertId={alert.id}
          workflow={wf}
          modes={wf.failureModes}
          now={now}
          onChange={reload}
        />
      ) : (
        <EmptyState title="No workflow yet">This server does not track the alert workflow.</EmptyState>
      )}
      <div className="alert-detail-grid">
        <section className="card pad">
          <h2>Likely causes</h2>
          <p className="muted small">
            Failure modes of the library for this asset type, ranked by how well the alert's deviations match their
            symptoms.
          </p>
          {wf ? <FailureModeRanking modes={wf.failureModes} /> : <Loading />}
          {/* What came of it before: episodes that deviated the same way, and findings for these causes. */}
          <SimilarEpisodes episodes={alert.similar} assetId={alert.assetId} />
          <PastFindings hits={alert.knowledge} />
        </section>
        <div className="stack">
          <section className="card pad">
            <h2>Evidence</h2>
            <p className="explanation" data-testid="alert-explanation">
              {alert.explanation}
            </p>
            <ContributionsTable contributions={alert.contributions} />
          </section>
          <AlertComments alertId={alert.id} now={now} />
        </div>
      </div>
    </div>
  );
}
