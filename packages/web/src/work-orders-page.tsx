import type { WorkOrder, WorkOrderPriority, WorkOrderStatus } from '@prognos/core';
import { useMemo, useState } from 'react';
import { api } from './api';
import type { AssetSummary } from './api-types';
import { fmtFullTime } from './format';
import { useLiveEvent } from './live';
import { mapi } from './maintenance-api';
import { byPriorityThenDue, dueVsRul, fmtDue, PRIORITY_LABEL } from './maintenance-format';
import { routes } from './router';
import { EmptyState, ErrorState, Loading } from './state-views';
import { useAsync, useNow } from './use-async';
import { PriorityBadge, WorkOrderStatusBadge } from './work-order-badges';

type StatusFilter = 'active' | WorkOrderStatus | 'all';

const STATUS_TABS: { id: StatusFilter; label: string }[] = [
  { id: 'active', label: 'To do' },
  { id: 'open', label: 'Open' },
  { id: 'in_progress', label: 'In progress' },
  { id: 'done', label: 'Done' },
  { id: 'all', label: 'All' },
];

function matches(w: WorkOrder, status: StatusFilter): boolean {
  if (status === 'all') return true;
  if (status === 'active') return w.status === 'open' || w.status === 'in_progress';
  return w.status === status;
}

/** Open work, most urgent first (priority, then due date), with the due date against each asset's RUL. */
export function WorkOrdersPage() {
  const state = useAsync('work-orders', async () => {
    const [orders, assets] = await Promise.all([mapi.workOrders(), api.assets().catch(() => [] as AssetSummary[])]);
    return { orders, assets: new Map(assets.map((a) => [a.id, a])) };
  });
  const { data, error, reload } = state;
  useLiveEvent('reconnect', reload);
  const now = useNow(10_000);
  const [status, setStatus] = useState<StatusFilter>('active');
  const [asset, setAsset] = useState('');
  const [priority, setPriority] = useState<WorkOrderPriority | ''>('');

  const rows = useMemo(
    () =>
      (data?.orders ?? [])
        .filter((w) => matches(w, status) && (!asset || w.assetId === asset) && (!priority || w.priority === priority))
        .sort(byPriorityThenDue),
    [data?.orders, status, asset, priority],
  );
  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load work orders" />;
    return <Loading label="Loading work orders…" />;
  }
  const assetIds = [...new Set(data.orders.map((w) => w.assetId))].sort();
  return (
    <div className="page" data-testid="work-orders-page">
      <div className="page-head">
        <div>
          <h1>Work orders</h1>
          <div className="page-sub">
            {data.orders.filter((w) => matches(w, 'active')).length} to do · most urgent first, then the earliest due
          </div>
        </div>
      </div>
      <div className="toolbar">
        <div className="segmented segmented-wrap" role="tablist" aria-label="Status">
          {STATUS_TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={status === t.id}
              className={status === t.id ? 'active' : ''}
              onClick={() => setStatus(t.id)}
            >
              {t.label} <span className="count">{data.orders.filter((w) => matches(w, t.id)).length}</span>
            </button>
          ))}
        </div>
        <div className="toolbar-filters">
          <select className="select" value={asset} onChange={(e) => setAsset(e.target.value)} aria-label="Asset">
            <option value="">All assets</option>
            {assetIds.map((id) => (
              <option key={id} value={id}>
                {data.assets.get(id)?.name ?? id}
              </option>
            ))}
          </select>
          <select
            className="select"
            value={priority}
            onChange={(e) => setPriority(e.target.value as WorkOrderPriority | '')}
            aria-label="Priority"
          >
            <option value="">All priorities</option>
            {(Object.keys(PRIORITY_LABEL) as WorkOrderPriority[]).map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABEL[p]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No work orders here">
          Work orders are created from alerts (open an alert and choose “Create work order”) or by hand.
        </EmptyState>
      ) : (
        <ul className="card wo-list">
          {rows.map((w) => {
            const a = data.assets.get(w.assetId);
            const margin = dueVsRul(w.dueAt, a?.rul);
            const overdue = w.dueAt !== undefined && w.dueAt < now && w.status !== 'done';
            return (
              <li key={w.id} className="wo-row" data-testid="wo-row" data-wo-id={w.id} data-status={w.status}>
                <PriorityBadge priority={w.priority} />
                <div className="wo-row-main">
                  <a className="strong" href={routes.workOrder(w.id)}>
                    {w.title}
                  </a>
                  <div className="muted small">
                    <a href={routes.asset(w.assetId)}>{a?.name ?? w.assetId}</a> · <span className="mono">{w.id}</span>
                  </div>
                </div>
                <div className="wo-row-due small" title={fmtFullTime(w.dueAt)}>
                  <span className={overdue ? 'text-alarm strong' : ''}>{fmtDue(w.dueAt, now)}</span>
                  {margin && <div className="muted">{margin}</div>}
                </div>
                <WorkOrderStatusBadge status={w.status} />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
