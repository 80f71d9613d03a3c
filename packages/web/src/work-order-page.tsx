import type { FailureMode, WorkOrderDetail } from '@prognos/core';
import { useState } from 'react';
import { ApiError, api, errorMessage } from './api';
import { fmtFullTime, fmtNumber, fmtPercent, fmtTime } from './format';
import { useLiveEvent } from './live';
import { mapi } from './maintenance-api';
import { dueVsRul, fmtDue, latestResults } from './maintenance-format';
import { routes } from './router';
import { ErrorState, Loading } from './state-views';
import { pendingSteps, type QueuedAction, withPending } from './step-queue';
import { useAsync, useNow } from './use-async';
import { useOnline, useStepSync } from './use-step-sync';
import { currentUser } from './user';
import { UserField } from './user-field';
import { PriorityBadge, WorkOrderStatusBadge } from './work-order-badges';
import { CompletionForm } from './work-order-complete';
import { ProcedureChecklist } from './work-order-procedure';
import { WorkOrderResources } from './work-order-resources';

/** One work order, for the technician at the machine: why, by when, how (the checklist), and what was found. */
export function WorkOrderPage({ id }: { id: string }) {
  const state = useAsync(`work-order:${id}`, async () => {
    const wo = await mapi.workOrder(id);
    const asset = await api.asset(wo.assetId).catch(() => undefined);
    const [modes, summary] = await Promise.all([
      mapi.failureModes(asset?.asset.type).catch(() => [] as FailureMode[]),
      api
        .assets()
        .then((l) => l.find((a) => a.id === wo.assetId))
        .catch(() => undefined),
    ]);
    return { wo, asset, modes, rul: summary?.rul };
  });
  const { data, error, reload, setData } = state;
  useLiveEvent('reconnect', reload);
  const now = useNow(10_000);
  const [busyStep, setBusyStep] = useState<number | null>(null);
  const [stepError, setStepError] = useState<string | null>(null);
  const online = useOnline();
  // Results sent from this device's queue: show the server's answer, then load the order afresh (a reload started
  // while the queue was on its way may hold an older state).
  const sync = useStepSync(id, (next) => {
    if (next) setData((d) => (d ? { ...d, wo: next } : d));
    reload();
  });

  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load the work order" />;
    return <Loading label="Loading work order…" />;
  }
  const server = data.wo;
  const { asset, modes, rul } = data;
  // What this device knows: the server's record with the results still waiting to be sent on top.
  const wo = withPending(server, sync.queue);
  const pending = new Set(pendingSteps(sync.queue).keys());
  const put = (next: WorkOrderDetail | undefined) => next && setData((d) => (d ? { ...d, wo: next } : d));
  const done = new Set([...latestResults(wo.stepResults).values()].filter((r) => r.done).map((r) => r.step));
  const stepsLeft = wo.procedure.length - wo.procedure.filter((_, i) => done.has(i)).length;

  /** Queues the result (and the start, on the first tick) on this device, to be sent when the connection is back. */
  const queue = (n: number, r: { done: boolean; value?: number }, startToo: boolean) => {
    const at = Date.now();
    const by = currentUser();
    const actions: QueuedAction[] = [
      ...(startToo ? [{ kind: 'start' as const, by, at }] : []),
      { kind: 'step', step: n, ...r, by, at },
    ];
    for (const a of actions) sync.add(a);
  };

  const saveStep = async (n: number, r: { done: boolean; value?: number }) => {
    setStepError(null);
    // Offline, or earlier results still waiting: queue behind them, so that the server gets them in order.
    if (!navigator.onLine || sync.queue.length > 0) return queue(n, r, wo.status === 'open');
    setBusyStep(n);
    let started = wo.status !== 'open';
    try {
      // The first tick starts the job: the order moves to "in progress" with its start time.
      if (!started) {
        put(await mapi.startWorkOrder(wo.id));
        started = true;
      }
      put(await mapi.saveStep(wo.id, n, r));
    } catch (e) {
      if (e instanceof ApiError && e.status === 0) queue(n, r, !started);
      else setStepError(errorMessage(e));
    } finally {
      setBusyStep(null);
    }
  };
  const margin = dueVsRul(wo.dueAt, rul);
  const error2 = stepError ?? sync.rejected;

  return (
    <div className="page work-order" data-testid="work-order-page" data-wo-id={wo.id} data-status={server.status}>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={routes.workOrders()}>Work orders</a>
        <a href={routes.asset(wo.assetId)}>{asset?.asset.name ?? wo.assetId}</a>
        <span className="mono">{wo.id}</span>
      </nav>
      <div className="page-head">
        <div className="wo-head-main">
          <div className="alert-panel-badges">
            <PriorityBadge priority={wo.priority} />
            <WorkOrderStatusBadge status={wo.status} />
            <span className="muted small">{wo.type}</span>
          </div>
          <h1>{wo.title}</h1>
          {wo.alertId && (
            <div className="small">
              From <a href={routes.alert(wo.alertId)}>alert {wo.alertId}</a>
            </div>
          )}
        </div>
        <UserField />
      </div>
      <section className="card pad wo-facts">
        <div className="fact" data-testid="wo-due" data-due-at={wo.dueAt ?? ''}>
          <div className="kpi-label">Due</div>
          <div className="strong">{wo.dueAt ? fmtTime(wo.dueAt, now) : '—'}</div>
          <div className="small muted" title={fmtFullTime(wo.dueAt)}>
            {fmtDue(wo.dueAt, now)}
          </div>
          {margin && <div className="small muted">{margin}</div>}
        </div>
        <div className="fact" data-testid="wo-risk">
          <div className="kpi-label">Risk</div>
          {wo.risk ? (
            <>
              <div className="strong">
                {fmtPercent(wo.risk.failureProbability)} × {fmtNumber(wo.risk.consequence, 0)} · crit.{' '}
                {wo.risk.criticality}
              </div>
              <div className="small" data-testid="wo-risk-reason">
                {wo.risk.reason}
              </div>
            </>
          ) : (
            <div className="muted small">No risk estimate (created by hand)</div>
          )}
        </div>
        <div className="fact">
          <div className="kpi-label">Job</div>
          <div className="strong">
            {fmtNumber(wo.estimatedHours, 1)} h · {wo.skill || 'any skill'}
          </div>
          <div className="small muted">{wo.assignee ? `Assigned to ${wo.assignee}` : 'Not assigned'}</div>
        </div>
      </section>
      {wo.description && <p className="explanation">{wo.description}</p>}
      {(!online || sync.queue.length > 0) && (
        <div
          className={`sync-banner ${online ? 'sync-banner-sending' : 'sync-banner-offline'}`}
          role="status"
          data-testid="offline-banner"
          data-online={online ? 'true' : 'false'}
          data-pending={sync.queue.length}
        >
          {online
            ? `Sending ${sync.queue.length} result${sync.queue.length === 1 ? '' : 's'} saved on this device…`
            : `Offline. Step results are saved on this device${
                sync.queue.length > 0 ? ` (${sync.queue.length} waiting)` : ''
              } and sent when the connection returns.`}
        </div>
      )}
      <section className="card pad">
        <div className="section-head">
          <h2>Procedure</h2>
          <span className="muted small" data-testid="steps-left">
            {stepsLeft === 0 ? 'All steps done' : `${stepsLeft} of ${wo.procedure.length} steps left`}
          </span>
        </div>
        {wo.procedureRef && (
          <div className="small wo-procedure-ref">
            Follows{' '}
            <a
              href={routes.procedure(wo.procedureRef.id)}
              data-testid="wo-procedure-ref"
              data-procedure-id={wo.procedureRef.id}
              data-version={wo.procedureRef.version}
            >
              procedure {wo.procedureRef.id}, version {wo.procedureRef.version}
            </a>
          </div>
        )}
        <ProcedureChecklist wo={wo} now={now} busyStep={busyStep} pending={pending} onSave={saveStep} />
        {error2 && (
          <div className="action-error" role="alert">
            {error2}
          </div>
        )}
      </section>
      <WorkOrderResources wo={wo} onChange={reload} />
      {wo.findings ? (
        <section className="card pad" data-testid="wo-findings">
          <h2>Findings</h2>
          <dl className="findings">
            <dt>Failure confirmed</dt>
            <dd>{wo.findings.failureConfirmed ? 'Yes' : 'No'}</dd>
            {wo.findings.failureModeId && (
              <>
                <dt>Failure mode</dt>
                <dd>{modes.find((m) => m.id === wo.findings?.failureModeId)?.name ?? wo.findings.failureModeId}</dd>
              </>
            )}
            <dt>Root cause</dt>
            <dd>{wo.findings.rootCause}</dd>
            <dt>Action taken</dt>
            <dd>{wo.findings.actionTaken}</dd>
            <dt>Downtime</dt>
            <dd>
              {fmtNumber(wo.findings.downtimeHours, 1)} h
              {wo.findings.downtimeReason && ` — ${wo.findings.downtimeReason}`}
            </dd>
          </dl>
          {wo.completedAt && <div className="small muted">Completed {fmtTime(wo.completedAt, now)}</div>}
        </section>
      ) : (
        (wo.status === 'open' || wo.status === 'in_progress') && (
          <CompletionForm wo={wo} modes={modes} stepsLeft={stepsLeft} onDone={reload} />
        )
      )}
    </div>
  );
}
