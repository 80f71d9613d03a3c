import type { Alert } from '@prognos/core';
import { useCallback, useMemo, useState } from 'react';
import { AlertRow } from './alert-row';
import { api } from './api';
import type { AlertEvent } from './api-types';
import { SEVERITY_RANK } from './format';
import { useLiveEvent } from './live';
import { PrecisionPanel } from './precision-panel';
import { EmptyState, ErrorState, Loading } from './state-views';
import { applyAlert } from './use-active-alerts';
import { useAsync, useNow } from './use-async';

const CLOSED_LIMIT = 50;

interface AlertsData {
  active: Alert[];
  closed: Alert[];
  names: Map<string, string>;
}

type Tab = 'all' | 'active' | 'closed';

/** Most urgent first: severity, then the most recently started. */
function byUrgency(a: Alert, b: Alert): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.startedAt - a.startedAt;
}

export function AlertsPage({ onAlertChange }: { onAlertChange: (a: Alert) => void }) {
  const state = useAsync<AlertsData>('alerts', async () => {
    const [active, closed, assets] = await Promise.all([
      api.alerts({ state: 'active' }),
      api.alerts({ state: 'closed', limit: CLOSED_LIMIT }),
      api.assets().catch(() => []),
    ]);
    return { active, closed, names: new Map(assets.map((a) => [a.id, a.name])) };
  });
  const { data, error, reload, setData } = state;
  const [tab, setTab] = useState<Tab>('all');
  const now = useNow(1000);

  const apply = useCallback(
    (alert: Alert) =>
      setData((d) =>
        d
          ? {
              ...d,
              active: applyAlert(d.active, alert, (a) => a.state !== 'closed'),
              closed: applyAlert(d.closed, alert, (a) => a.state === 'closed').slice(0, CLOSED_LIMIT),
            }
          : d,
      ),
    [setData],
  );
  useLiveEvent(
    'alert',
    useCallback((e: AlertEvent) => apply(e.alert), [apply]),
  );
  useLiveEvent('reconnect', reload);

  const active = useMemo(() => [...(data?.active ?? [])].sort(byUrgency), [data?.active]);
  const closed = useMemo(
    () => [...(data?.closed ?? [])].sort((a, b) => (b.closedAt ?? b.updatedAt) - (a.closedAt ?? a.updatedAt)),
    [data?.closed],
  );

  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load alerts" />;
    return <Loading label="Loading alerts…" />;
  }

  const onChange = (a: Alert) => {
    apply(a);
    onAlertChange(a);
  };
  const rows = tab === 'active' ? active : tab === 'closed' ? closed : [...active, ...closed];
  const tabs: { id: Tab; label: string; n: number }[] = [
    { id: 'all', label: 'All', n: active.length + closed.length },
    { id: 'active', label: 'Active', n: active.length },
    { id: 'closed', label: 'Recently closed', n: closed.length },
  ];

  return (
    <div className="page" data-testid="alerts">
      <div className="page-head">
        <div>
          <h1>Alerts</h1>
          <div className="page-sub">
            {active.length} active · {active.filter((a) => a.state === 'open').length} not yet acknowledged
          </div>
        </div>
        <div className="segmented" role="tablist" aria-label="Which alerts">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              className={tab === t.id ? 'active' : ''}
              onClick={() => setTab(t.id)}
            >
              {t.label} <span className="count">{t.n}</span>
            </button>
          ))}
        </div>
      </div>

      {error !== undefined && <ErrorState error={error} onRetry={reload} title="Showing the last data received" />}

      {rows.length === 0 ? (
        <EmptyState title={tab === 'closed' ? 'No closed alerts yet' : 'No active alerts'}>
          {tab === 'closed'
            ? 'Closed alerts appear here.'
            : 'Every monitored asset is behaving within its normal range.'}
        </EmptyState>
      ) : (
        <div className="card alert-list">
          <div className="alert-list-head" aria-hidden="true">
            <span />
            <span>Severity</span>
            <span>Alert · asset</span>
            <span>State</span>
            <span>Started</span>
            <span>Updated</span>
            <span>Duration</span>
            <span />
          </div>
          {rows.map((a) => (
            <AlertRow key={a.id} alert={a} assetName={data.names.get(a.assetId)} now={now} onChange={onChange} />
          ))}
        </div>
      )}
      <PrecisionPanel />
    </div>
  );
}
