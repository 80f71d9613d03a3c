/**
 * The alert workflow as a pure state machine: new → acknowledged → in_work → closed, beside the alert's detection
 * state. Every action returns the next workflow or throws ALERT_STATE_CONFLICT (409) naming what is not allowed.
 */
import { type AlertLabel, type AlertWorkflow, PrognosError, type RankedFailureMode } from '@prognos/core';

export type WorkflowAction =
  | { type: 'acknowledge'; by: string }
  | { type: 'assign'; assignee: string; by: string }
  | { type: 'snooze'; until: number; reason: string; by: string }
  | { type: 'link_work_order'; workOrderId: string }
  | { type: 'start_work'; workOrderId: string }
  | { type: 'close'; label?: AlertLabel };

export function newWorkflow(alertId: string, failureModes: RankedFailureMode[], now: number): AlertWorkflow {
  return { alertId, status: 'new', failureModes, updatedAt: now };
}

const VERB: Record<WorkflowAction['type'], string> = {
  acknowledge: 'acknowledged',
  assign: 'assigned',
  snooze: 'snoozed',
  link_work_order: 'given a work order',
  start_work: 'put in work',
  close: 'closed',
};

function conflict(w: AlertWorkflow, a: WorkflowAction): PrognosError {
  return new PrognosError('ALERT_STATE_CONFLICT', [w.alertId, w.status.replace('_', ' '), VERB[a.type]]);
}

/** Applies one action at `now`; the input is not changed. */
export function applyWorkflow(w: AlertWorkflow, a: WorkflowAction, now: number): AlertWorkflow {
  // Nothing but comments happens to a closed alert: its outcome is recorded and feeds the models.
  if (w.status === 'closed') throw conflict(w, a);
  const next: AlertWorkflow = { ...w, updatedAt: now };
  switch (a.type) {
    case 'acknowledge':
      // Acknowledging again is harmless; acknowledging work already under way is a stale screen.
      if (w.status === 'in_work') throw conflict(w, a);
      next.status = 'acknowledged';
      return next;
    case 'assign':
      next.assignee = a.assignee;
      return next;
    case 'snooze':
      if (!(a.until > now)) throw new PrognosError('BAD_REQUEST', ['body.until must be in the future (epoch ms)']);
      next.snoozedUntil = a.until;
      next.snoozeReason = a.reason;
      return next;
    case 'link_work_order':
      if (w.workOrderId !== undefined && w.workOrderId !== a.workOrderId)
        throw new PrognosError('ALERT_STATE_CONFLICT', [
          w.alertId,
          `linked to work order ${w.workOrderId}`,
          'given a second work order',
        ]);
      next.workOrderId = a.workOrderId;
      return next;
    case 'start_work':
      next.status = 'in_work';
      next.workOrderId = a.workOrderId;
      return next;
    case 'close':
      next.status = 'closed';
      if (a.label) next.label = a.label;
      next.snoozedUntil = undefined;
      next.snoozeReason = undefined;
      return dropUndefined(next);
  }
}

/** Whether notifications about the alert are held back at `now` (it stays listed). */
export function isSnoozed(w: AlertWorkflow | undefined, now: number): boolean {
  return w?.snoozedUntil !== undefined && w.snoozedUntil > now && w.status !== 'closed';
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
