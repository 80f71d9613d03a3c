/**
 * When a preventive plan falls due (time-based or usage-based maintenance, EN 13306:2017 §7.2 / IEC 60300-3-11):
 * every N calendar days, every N run hours (counted from the asset's running state, or read from an hour counter),
 * or every N units of a meter. Pure: the service feeds it the clock and the counter readings.
 */
import type { PreventivePlan, WorkOrderPriority } from '@prognos/core';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/**
 * Grace before a due preventive order counts as late: 10 % of its interval, the tolerance of the SMRP PM
 * compliance metric (SMRP Best Practice 5.4.1). A meter interval has no time scale: a week then.
 */
export const GRACE_FRACTION = 0.1;
const METER_GRACE_MS = 7 * DAY_MS;

export interface PreventiveStatus {
  due: boolean;
  /** Share of the interval used so far (1 = due); NaN when not known yet (no counter reading). */
  progress: number;
  /** Calendar plans: when it falls due. */
  dueAt?: number;
  /** Plain words, e.g. "512 of 500 run hours since 3 Mar". */
  reason: string;
}

export interface UsageReading {
  now: number;
  /** The latest reading of the plan's counter sensor (run-hour counter or meter), when it has one. */
  meter?: number;
}

const round = (x: number) => Math.round(x * 10) / 10;

export function preventiveStatus(plan: PreventivePlan, u: UsageReading): PreventiveStatus {
  const t = plan.trigger;
  if (plan.lastDoneAt === undefined) return { due: true, progress: Number.NaN, reason: 'never done' };
  if (t.kind === 'calendar') {
    const dueAt = plan.lastDoneAt + t.everyDays * DAY_MS;
    const progress = (u.now - plan.lastDoneAt) / (t.everyDays * DAY_MS);
    return {
      due: u.now >= dueAt,
      progress,
      dueAt,
      reason: `${round((u.now - plan.lastDoneAt) / DAY_MS)} of ${t.everyDays} days`,
    };
  }
  const every = t.kind === 'run_hours' ? t.everyHours : t.every;
  const unit = t.kind === 'run_hours' ? 'run hours' : `units of ${t.sensor}`;
  let used: number;
  if (t.kind === 'run_hours' && t.sensor === undefined) used = plan.runHours ?? 0;
  else {
    if (u.meter === undefined) return { due: false, progress: Number.NaN, reason: `no reading of ${t.sensor} yet` };
    if (plan.meterAtLastDone === undefined) {
      return { due: false, progress: 0, reason: `counting from ${u.meter} on ${t.sensor}` };
    }
    // a counter that went backwards was reset or replaced: what it shows now is the usage since then
    used = u.meter >= plan.meterAtLastDone ? u.meter - plan.meterAtLastDone : u.meter;
  }
  return { due: used >= every, progress: used / every, reason: `${round(used)} of ${every} ${unit}` };
}

/** Run hours after `elapsedMs` more of wall-clock time in which the asset was (or was not) running. */
export function accrueRunHours(prev: number | undefined, running: boolean | undefined, elapsedMs: number): number {
  return (prev ?? 0) + (running === true && elapsedMs > 0 ? elapsedMs / HOUR_MS : 0);
}

/** Due date of the order created now: the calendar due date (or now) plus the grace. */
export function preventiveDueAt(plan: PreventivePlan, status: PreventiveStatus, now: number): number {
  const t = plan.trigger;
  const from = Math.max(now, status.dueAt ?? now);
  if (t.kind === 'calendar') return from + GRACE_FRACTION * t.everyDays * DAY_MS;
  if (t.kind === 'run_hours') return from + GRACE_FRACTION * t.everyHours * HOUR_MS;
  return from + METER_GRACE_MS;
}

/** Preventive work is planned, not urgent: its priority follows the asset's criticality (A high, B medium, C low). */
export function preventivePriority(criticality: 'A' | 'B' | 'C' | undefined): WorkOrderPriority {
  return criticality === 'A' ? 'high' : criticality === 'C' ? 'low' : 'medium';
}

/** Words for a trigger, for the order's description. */
export function describeTrigger(plan: PreventivePlan): string {
  const t = plan.trigger;
  if (t.kind === 'calendar') return `every ${t.everyDays} days`;
  if (t.kind === 'run_hours') return `every ${t.everyHours} run hours${t.sensor ? ` (counter ${t.sensor})` : ''}`;
  return `every ${t.every} on meter ${t.sensor}`;
}
