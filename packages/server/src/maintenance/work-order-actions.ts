/**
 * What a technician does to a work order, as pure functions with their state checks: open → in_progress → done.
 * Safety steps (lockout/tagout) come first: no later step may be recorded before every earlier safety step is done.
 */
import { PrognosError, type WorkOrderDetail, type WorkOrderFindings } from '@prognos/core';

function conflict(wo: WorkOrderDetail, what: string): PrognosError {
  return new PrognosError('WORK_ORDER_STATE_CONFLICT', [wo.id, wo.status.replace('_', ' '), what]);
}

/**
 * Parts, labour and completion are also taken on an order not started in the system: work done before it was
 * entered (a night-shift repair, a CMMS sync) is still recorded. The checklist itself is worked after the start.
 */
function requireNotClosed(wo: WorkOrderDetail, what: string): void {
  if (wo.status !== 'open' && wo.status !== 'in_progress') throw conflict(wo, `${what} is no longer possible`);
}

function requireInProgress(wo: WorkOrderDetail, what: string): void {
  if (wo.status !== 'in_progress')
    throw conflict(wo, wo.status === 'open' ? `start it before ${what}` : `${what} is no longer possible`);
}

export function startWorkOrder(wo: WorkOrderDetail, by: string): WorkOrderDetail {
  if (wo.status === 'in_progress') return wo;
  if (wo.status !== 'open') throw conflict(wo, 'it cannot be started again');
  return { ...wo, status: 'in_progress', assignee: wo.assignee ?? by };
}

/** The first safety step before `step` that is not done, if any. */
function pendingSafety(wo: WorkOrderDetail, before: number): number | undefined {
  for (let i = 0; i < Math.min(before, wo.procedure.length); i++) {
    if (!wo.procedure[i]!.safety) continue;
    const last = latestResult(wo, i);
    if (!last?.done) return i;
  }
  return undefined;
}

function latestResult(wo: WorkOrderDetail, step: number) {
  for (let i = wo.stepResults.length - 1; i >= 0; i--) if (wo.stepResults[i]!.step === step) return wo.stepResults[i];
  return undefined;
}

/**
 * Records a step (0-based index into the procedure); a later record of the same step replaces the earlier one.
 * `at` is when the step was done, for a result entered on a device without connection and sent later: it is kept
 * (at most `now`), a result older than the one stored for the step is ignored, and sending the same result again
 * changes nothing, so a device may resend its queue safely.
 */
export function recordStep(
  wo: WorkOrderDetail,
  step: number,
  r: { done: boolean; value?: number; note?: string; by: string; at?: number },
  now: number,
): WorkOrderDetail {
  requireInProgress(wo, 'recording steps');
  if (!(Number.isInteger(step) && step >= 0 && step < wo.procedure.length))
    throw new PrognosError('BAD_REQUEST', [
      `step ${step} does not exist; the procedure has steps 0 to ${wo.procedure.length - 1}`,
    ]);
  const pending = pendingSafety(wo, step);
  if (pending !== undefined)
    throw new PrognosError('WORK_ORDER_SAFETY_STEP_PENDING', [wo.id, pending, wo.procedure[pending]!.text, step]);
  const at = r.at !== undefined ? Math.min(r.at, now) : now;
  const stored = latestResult(wo, step);
  if (r.at !== undefined && stored && stored.at > at) return wo;
  const result = {
    step,
    done: r.done,
    ...(r.value !== undefined ? { value: r.value } : {}),
    ...(r.note !== undefined ? { note: r.note } : {}),
    at,
    by: r.by,
  };
  if (
    stored &&
    stored.at === at &&
    stored.done === result.done &&
    stored.value === result.value &&
    stored.note === result.note &&
    stored.by === result.by
  )
    return wo;
  return { ...wo, stepResults: [...wo.stepResults.filter((x) => x.step !== step), result] };
}

export function addPart(wo: WorkOrderDetail, partId: string, quantity: number): WorkOrderDetail {
  requireNotClosed(wo, 'logging parts');
  if (!(quantity > 0)) throw new PrognosError('BAD_REQUEST', ['body.quantity must be greater than 0']);
  const parts = wo.parts.map((p) => ({ ...p }));
  const same = parts.find((p) => p.partId === partId);
  if (same) same.quantity += quantity;
  else parts.push({ partId, quantity });
  return { ...wo, parts };
}

export function addLabour(wo: WorkOrderDetail, technician: string, hours: number, now: number): WorkOrderDetail {
  requireNotClosed(wo, 'logging labour');
  if (!(hours > 0 && hours <= 24 * 7)) throw new PrognosError('BAD_REQUEST', ['body.hours must be in (0, 168]']);
  return { ...wo, labour: [...wo.labour, { technician, hours, at: now }] };
}

export function completeWorkOrder(wo: WorkOrderDetail, findings: WorkOrderFindings, now: number): WorkOrderDetail {
  // No step order is checked here: recordStep already kept every recorded step behind its safety steps, and a
  // job that found nothing (a false alarm) may end before its procedure does.
  requireNotClosed(wo, 'completing it');
  if (!(findings.downtimeHours >= 0)) throw new PrognosError('BAD_REQUEST', ['findings.downtimeHours must be ≥ 0']);
  const failureModeId = findings.failureModeId ?? (findings.failureConfirmed ? wo.failureModeId : undefined);
  return {
    ...wo,
    status: 'done',
    completedAt: now,
    findings: { ...findings, ...(failureModeId !== undefined ? { failureModeId } : {}) },
  };
}
