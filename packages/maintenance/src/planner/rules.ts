/**
 * The planning rules shared by the planners, the checker and the cost: which work is open, which windows a job may
 * use, how big its crew is, when parts restock and which day an hour counts to. One place, so the planner and
 * checkPlan cannot disagree.
 */
import type { MaintenanceWindow, SparePart, WorkOrderDetail } from '@prognos/core';
import type { PlanInput } from './types';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function isOpen(wo: WorkOrderDetail): boolean {
  return wo.status === 'open' || wo.status === 'in_progress';
}

/**
 * A job needs its asset stopped when the order says so; otherwise predictive and corrective jobs do (they open the
 * machine: bearings, seals, windings) and preventive ones do not (inspections, lubrication, readings on the run).
 */
export function needsStop(wo: WorkOrderDetail): boolean {
  return wo.needsStop ?? wo.type !== 'preventive';
}

export function crewOf(wo: WorkOrderDetail): number {
  return Math.max(1, Math.round(wo.crew ?? 1));
}

/** Job duration in ms (whole ms, so the checker compares exactly what the planner wrote). */
export function durationMs(wo: WorkOrderDetail): number {
  return Math.round(wo.estimatedHours * HOUR_MS);
}

/** Does the window stop the asset: it lists the asset itself or the asset's line. */
export function windowStops(input: PlanInput, w: MaintenanceWindow, assetId: string): boolean {
  if (w.assets.includes(assetId)) return true;
  const line = input.assetLines?.[assetId];
  return line !== undefined && w.assets.includes(line);
}

/** May the job be done in the window at all (stop rule only; time and crews are checked elsewhere). */
export function windowAllows(input: PlanInput, w: MaintenanceWindow, wo: WorkOrderDetail): boolean {
  return !needsStop(wo) || windowStops(input, w, wo.assetId);
}

/** When ordered parts arrive if ordered now: before it only the stock on hand can be used. */
export function restockAt(input: PlanInput, p: SparePart): number {
  return input.now + p.leadTimeDays * DAY_MS;
}

/** The plant day a job's hours count to (the day it starts, in plant local time). */
export function dayOf(input: PlanInput, t: number): number {
  return Math.floor((t + (input.utcOffsetMinutes ?? 0) * 60_000) / DAY_MS);
}

/** Start of the plant day after the one that contains t. */
export function nextDayStart(input: PlanInput, t: number): number {
  const off = (input.utcOffsetMinutes ?? 0) * 60_000;
  return (dayOf(input, t) + 1) * DAY_MS - off;
}

/** Relative weight of a priority when an order has no risk figure (medium = 1). */
const PRIORITY_WEIGHT = { low: 0.5, medium: 1, high: 2, urgent: 4 } as const;

/**
 * Risk cost per hour each open order waits. From input.riskPerHour when given; else wo.risk.value per day
 * (risk.value = P(failure) × consequence × criticality weight, read as the risk carried per day of waiting); an
 * order with no risk figure gets the median risk value of the others scaled by its priority, so a hand-made order
 * is neither ignored nor allowed to dominate.
 */
export function riskRates(input: PlanInput): Map<string, number> {
  const open = input.workOrders.filter(isOpen);
  const values = open.map((w) => w.risk?.value).filter((v): v is number => v !== undefined && v >= 0);
  values.sort((a, b) => a - b);
  const median = values.length > 0 ? (values[Math.floor(values.length / 2)] as number) : 24;
  const out = new Map<string, number>();
  for (const wo of open) {
    const given = input.riskPerHour?.[wo.id];
    const perDay = wo.risk && wo.risk.value >= 0 ? wo.risk.value : median * PRIORITY_WEIGHT[wo.priority];
    out.set(wo.id, given !== undefined && given >= 0 ? given : perDay / 24);
  }
  return out;
}
