import type { MaintenancePlan, MaintenanceWindow, Technician, WorkOrder } from '@prognos/core';
import { fmtNumber, fmtTime } from './format';
import { mapi } from './maintenance-api';
import { PRIORITY_LABEL } from './maintenance-format';
import { PlanGantt } from './plan-gantt';
import { planSpan } from './plan-geometry';
import { routes } from './router';
import { EmptyState, ErrorState, Loading } from './state-views';
import { useAction } from './use-action';
import { useAsync, useNow } from './use-async';

interface PlanData {
  plan: MaintenancePlan;
  windows: MaintenanceWindow[];
  technicians: Technician[];
  orders: Map<string, WorkOrder>;
}

/** The maintenance plan: open work placed into windows by crew skill, capacity and parts, at least risk. */
export function PlanPage() {
  const state = useAsync<PlanData>('plan', async () => {
    const [plan, windows, technicians, orders] = await Promise.all([
      mapi.plan(),
      mapi.windows().catch(() => [] as MaintenanceWindow[]),
      mapi.technicians().catch(() => [] as Technician[]),
      mapi.workOrders().catch(() => [] as WorkOrder[]),
    ]);
    return { plan, windows, technicians, orders: new Map(orders.map((w) => [w.id, w])) };
  });
  const { data, error, reload, setData } = state;
  const now = useNow(60_000);
  const replan = useAction();

  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load the plan" />;
    return <Loading label="Loading the maintenance plan…" />;
  }
  const { plan, windows, technicians, orders } = data;
  const span = planSpan(plan, windows);
  const saving = plan.eddCost > 0 ? 1 - plan.cost / plan.eddCost : undefined;
  const onReplan = async () => {
    const next = await replan.run('replan', () => mapi.replan());
    if (next) setData((d) => (d ? { ...d, plan: next } : d));
  };
  return (
    <div className="page" data-testid="plan-page">
      <div className="page-head">
        <div>
          <h1>Maintenance plan</h1>
          <div className="page-sub">
            Planned {fmtTime(plan.createdAt, now)} · {plan.jobs.length} jobs · {plan.unplanned.length} not placed
          </div>
        </div>
        <div className="actions">
          <button type="button" className="btn" onClick={onReplan} disabled={replan.busy !== null} data-testid="replan">
            {replan.busy ? 'Planning…' : 'Re-plan'}
          </button>
          {replan.error && (
            <span className="action-error" role="alert">
              {replan.error}
            </span>
          )}
        </div>
      </div>
      <div className="kpis">
        <div className="kpi card">
          <div className="kpi-label">Risk-weighted cost</div>
          <div className="kpi-value" data-testid="plan-cost">
            {fmtNumber(plan.cost, 0)}
          </div>
          <div className="kpi-hint">lower is better</div>
        </div>
        <div className="kpi card">
          <div className="kpi-label">Earliest-due-date plan</div>
          <div className="kpi-value">{fmtNumber(plan.eddCost, 0)}</div>
          <div className="kpi-hint">
            {saving === undefined ? 'for comparison' : `${fmtNumber(100 * saving, 0)} % saved by this plan`}
          </div>
        </div>
        <div className={`kpi card ${plan.violations > 0 ? 'kpi-alarm' : 'kpi-ok'}`}>
          <div className="kpi-label">Constraint violations</div>
          <div className="kpi-value">{plan.violations}</div>
          <div className="kpi-hint">skills, capacity, parts, windows</div>
        </div>
      </div>
      <section className="card pad">
        <div className="section-head">
          <h2>Schedule</h2>
          <div className="plan-legend small">
            {(Object.keys(PRIORITY_LABEL) as (keyof typeof PRIORITY_LABEL)[]).map((p) => (
              <span key={p} className="plan-lg">
                <span className={`lg-swatch prio-bg-${p}`} /> {PRIORITY_LABEL[p]}
              </span>
            ))}
            <span className="plan-lg">
              <span className="lg-swatch gw-planned_stop" /> Planned stop
            </span>
            <span className="plan-lg">
              <span className="lg-swatch gw-shift" /> Shift
            </span>
          </div>
        </div>
        {span && plan.jobs.length > 0 ? (
          <PlanGantt plan={plan} span={span} windows={windows} technicians={technicians} orders={orders} now={now} />
        ) : (
          <EmptyState title="Nothing scheduled">No open work order is placed in a maintenance window.</EmptyState>
        )}
      </section>
      <section className="card pad" data-testid="plan-unplanned">
        <h2>Not placed</h2>
        {plan.unplanned.length === 0 ? (
          <div className="muted small">Every open work order has a place in the plan.</div>
        ) : (
          <ul className="plain-list">
            {plan.unplanned.map((u) => (
              <li key={u.workOrderId}>
                <a href={routes.workOrder(u.workOrderId)}>{orders.get(u.workOrderId)?.title ?? u.workOrderId}</a>
                <span className="muted"> — {u.reason}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
