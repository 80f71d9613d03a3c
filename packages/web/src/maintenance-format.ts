/** Display rules of the maintenance loop: priorities, due dates, readings in range, step order, precision. */
import type {
  AlertLabel,
  AlertWorkflow,
  HealthRul,
  ProcedureStep,
  WorkOrder,
  WorkOrderPriority,
  WorkOrderStatus,
  WorkOrderStepResult,
} from '@prognos/core';
import { fmtDuration } from './format';

export const PRIORITY_LABEL: Record<WorkOrderPriority, string> = {
  urgent: 'Urgent',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export const PRIORITY_RANK: Record<WorkOrderPriority, number> = { urgent: 0, high: 1, medium: 2, low: 3 };

export const WO_STATUS_LABEL: Record<WorkOrderStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const WORKFLOW_LABEL: Record<AlertWorkflow['status'], string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  in_work: 'In work',
  closed: 'Closed',
};

export const OUTCOME_LABEL: Record<AlertLabel['outcome'], string> = {
  confirmed: 'Confirmed failure',
  false_alarm: 'False alarm',
  sensor_fault: 'Sensor fault',
};

/** Most urgent first, then the earliest due (orders without a due date last), then the oldest. */
export function byPriorityThenDue(a: WorkOrder, b: WorkOrder): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    (a.dueAt ?? Number.POSITIVE_INFINITY) - (b.dueAt ?? Number.POSITIVE_INFINITY) ||
    a.createdAt - b.createdAt
  );
}

/** "due in 3 h 05 min" / "due now" (within a minute) / "overdue by 12 min" / "no due date". */
export function fmtDue(dueAt: number | undefined, now: number): string {
  if (dueAt === undefined || !Number.isFinite(dueAt)) return 'no due date';
  if (Math.abs(dueAt - now) < 60_000) return 'due now';
  return dueAt >= now ? `due in ${fmtDuration(dueAt - now)}` : `overdue by ${fmtDuration(now - dueAt)}`;
}

/**
 * The due date against the predicted failure: the earliest failure the RUL interval allows (its lower bound), so
 * the technician sees how much margin the due date leaves.
 */
export function dueVsRul(dueAt: number | undefined, rul: HealthRul | undefined): string | undefined {
  if (dueAt === undefined || !rul) return undefined;
  const failAt = rul.ts + rul.lowerHours * 3_600_000;
  return failAt >= dueAt
    ? `${fmtDuration(failAt - dueAt)} before the earliest predicted failure`
    : `${fmtDuration(dueAt - failAt)} after the earliest predicted failure`;
}

/** Whether a reading lies in the step's expected range ('in' / 'out'), or undefined when nothing to judge. */
export function readingCheck(expected: ProcedureStep['expected'], value: number | undefined): 'in' | 'out' | undefined {
  if (!expected || value === undefined || !Number.isFinite(value)) return undefined;
  if (expected.min !== undefined && value < expected.min) return 'out';
  if (expected.max !== undefined && value > expected.max) return 'out';
  return 'in';
}

/** "below 2.8 mm/s", "between 40 and 80 °C", "above 3 bar". */
export function fmtExpected(expected: NonNullable<ProcedureStep['expected']>): string {
  const { min, max, unit, quantity } = expected;
  const range =
    min !== undefined && max !== undefined
      ? `between ${min} and ${max} ${unit}`
      : max !== undefined
        ? `at most ${max} ${unit}`
        : min !== undefined
          ? `at least ${min} ${unit}`
          : unit;
  return `${quantity}: ${range}`.trim();
}

/** The latest result recorded for each step (a step can be saved several times). */
export function latestResults(results: WorkOrderStepResult[]): Map<number, WorkOrderStepResult> {
  const m = new Map<number, WorkOrderStepResult>();
  for (const r of results) {
    const prev = m.get(r.step);
    if (!prev || r.at >= prev.at) m.set(r.step, r);
  }
  return m;
}

/**
 * Safety steps (lockout/tagout, isolation) come first: no step can be ticked while a safety step before it is
 * open (the server refuses it too). Returns why a step is locked, or undefined when it can be ticked.
 */
export function stepLock(procedure: ProcedureStep[], done: ReadonlySet<number>, step: number): string | undefined {
  const open = procedure.findIndex((s, i) => i < step && s.safety && !done.has(i));
  return open >= 0 ? `Complete safety step ${open + 1} first` : undefined;
}

/** Precision as a percentage, or '—' until an alert has been labelled. */
export function fmtPrecision(p: number | undefined): string {
  return p === undefined || !Number.isFinite(p) ? '—' : `${Math.round(100 * p)} %`;
}
