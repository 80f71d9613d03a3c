import type { AlertWorkflow, RankedFailureMode } from '@prognos/core';
import { useState } from 'react';
import { fmtFullTime, fmtTime } from './format';
import { type LabelOutcome, mapi } from './maintenance-api';
import { OUTCOME_LABEL, WORKFLOW_LABEL } from './maintenance-format';
import { routes } from './router';
import { useAction } from './use-action';

type Form = 'assign' | 'snooze' | 'close' | null;

/** datetime-local value for a time (local clock), for the snooze field's default. */
function localInput(ts: number): string {
  const d = new Date(ts - new Date(ts).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function WorkflowBadge({ status }: { status: AlertWorkflow['status'] }) {
  return (
    <span className={`wf wf-${status}`} data-testid="workflow-status" data-status={status}>
      {WORKFLOW_LABEL[status]}
    </span>
  );
}

/** What people do with an alert: acknowledge, assign, snooze, close with a label, or turn it into a work order. */
export function AlertWorkflowPanel({
  alertId,
  workflow,
  modes,
  now,
  onChange,
}: {
  alertId: string;
  workflow: AlertWorkflow;
  modes: RankedFailureMode[];
  now: number;
  onChange: () => void;
}) {
  const { busy, error, run } = useAction(onChange);
  const [form, setForm] = useState<Form>(null);
  const [assignee, setAssignee] = useState(workflow.assignee ?? '');
  const [until, setUntil] = useState(() => localInput(now + 4 * 3_600_000));
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<LabelOutcome>('confirmed');
  const [modeId, setModeId] = useState(modes[0]?.failureModeId ?? '');
  const closed = workflow.status === 'closed';
  const toggle = (f: Form) => setForm((x) => (x === f ? null : f));

  const createWorkOrder = async () => {
    const wo = await run('wo', () => mapi.createWorkOrderFromAlert(alertId));
    if (wo) window.location.hash = routes.workOrder(wo.id);
  };

  return (
    <section className="card wf-panel" data-testid="alert-workflow">
      <div className="wf-head">
        <WorkflowBadge status={workflow.status} />
        {workflow.assignee && (
          <span className="small" data-testid="alert-assignee">
            Assigned to <strong>{workflow.assignee}</strong>
          </span>
        )}
        {workflow.snoozedUntil !== undefined && workflow.snoozedUntil > now && (
          <span className="small muted" title={fmtFullTime(workflow.snoozedUntil)}>
            Snoozed until {fmtTime(workflow.snoozedUntil, now)}
            {workflow.snoozeReason ? ` — ${workflow.snoozeReason}` : ''}
          </span>
        )}
        {workflow.label && (
          <span
            className={`label-chip label-${workflow.label.outcome}`}
            data-testid="alert-label"
            data-outcome={workflow.label.outcome}
          >
            {OUTCOME_LABEL[workflow.label.outcome]}
            {workflow.label.failureModeId &&
              ` · ${modes.find((m) => m.failureModeId === workflow.label?.failureModeId)?.name ?? workflow.label.failureModeId}`}
            <span className="muted"> · {workflow.label.by}</span>
          </span>
        )}
      </div>
      <div className="wf-actions">
        {workflow.workOrderId ? (
          <a className="btn" href={routes.workOrder(workflow.workOrderId)} data-testid="open-work-order">
            Open work order
          </a>
        ) : (
          !closed && (
            <button
              type="button"
              className="btn"
              data-testid="create-work-order"
              disabled={busy !== null}
              onClick={createWorkOrder}
            >
              {busy === 'wo' ? 'Creating…' : 'Create work order'}
            </button>
          )
        )}
        {workflow.status === 'new' && (
          <button
            type="button"
            className="btn btn-ghost"
            data-testid="wf-acknowledge"
            disabled={busy !== null}
            onClick={() => run('ack', () => mapi.acknowledge(alertId))}
          >
            {busy === 'ack' ? 'Acknowledging…' : 'Acknowledge'}
          </button>
        )}
        {!closed && (
          <>
            <button
              type="button"
              className="btn btn-ghost"
              aria-expanded={form === 'assign'}
              onClick={() => toggle('assign')}
            >
              Assign
            </button>
            <button
              type="button"
              className="btn btn-ghost"
              aria-expanded={form === 'snooze'}
              onClick={() => toggle('snooze')}
            >
              Snooze
            </button>
            <button
              type="button"
              className="btn btn-ghost"
              data-testid="wf-close"
              aria-expanded={form === 'close'}
              onClick={() => toggle('close')}
            >
              Close…
            </button>
          </>
        )}
      </div>
      {form === 'assign' && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (assignee.trim()) run('assign', () => mapi.assign(alertId, assignee.trim())).then(() => setForm(null));
          }}
        >
          <label>
            Assignee
            <input value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder="Name" required />
          </label>
          <button type="submit" className="btn" disabled={busy !== null}>
            Assign
          </button>
        </form>
      )}
      {form === 'snooze' && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const t = new Date(until).getTime();
            if (Number.isFinite(t) && reason.trim())
              run('snooze', () => mapi.snooze(alertId, t, reason.trim())).then(() => setForm(null));
          }}
        >
          <label>
            Until
            <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} required />
          </label>
          <label className="grow">
            Reason
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="e.g. waiting for the planned stop"
              required
            />
          </label>
          <button type="submit" className="btn" disabled={busy !== null}>
            Snooze
          </button>
        </form>
      )}
      {form === 'close' && (
        <form
          className="inline-form"
          data-testid="close-form"
          onSubmit={(e) => {
            e.preventDefault();
            const label = { outcome, failureModeId: outcome === 'confirmed' && modeId ? modeId : undefined };
            run('close', () => mapi.closeAlert(alertId, label)).then(() => setForm(null));
          }}
        >
          <label>
            Outcome
            <select value={outcome} onChange={(e) => setOutcome(e.target.value as LabelOutcome)}>
              {(Object.keys(OUTCOME_LABEL) as LabelOutcome[]).map((o) => (
                <option key={o} value={o}>
                  {OUTCOME_LABEL[o]}
                </option>
              ))}
            </select>
          </label>
          {outcome === 'confirmed' && modes.length > 0 && (
            <label className="grow">
              Failure mode
              <select value={modeId} onChange={(e) => setModeId(e.target.value)}>
                {modes.map((m) => (
                  <option key={m.failureModeId} value={m.failureModeId}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="submit" className="btn" disabled={busy !== null}>
            {busy === 'close' ? 'Closing…' : 'Close alert'}
          </button>
        </form>
      )}
      {error && (
        <div className="action-error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
