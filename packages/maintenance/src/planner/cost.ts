/**
 * The objective both planners are judged by (lower is better):
 *
 *   cost = Σ over open orders  r_i × ( W_i + LATE_FACTOR × L_i )
 *
 *   r_i  risk cost per hour of waiting (risk.value per day, see riskRates): while the job waits the asset keeps
 *        carrying its failure risk, so every hour until the job is finished costs r_i;
 *   W_i  hours from now until the job is finished;
 *   L_i  hours it finishes after its due date (0 when on time or undated). The due date is set before the
 *        predicted failure (RUL lower bound minus repair and lead time), so past it the failure is no longer a
 *        small probability spread over the horizon but likely: each late hour costs LATE_FACTOR times more.
 *
 * An order left unplanned is charged as if it were finished at the end of the next planning period of the same
 * length (the earliest a later plan can promise), lateness included. There is no reward for earliness beyond the
 * waiting term: finishing earlier is always cheaper.
 */
import type { MaintenancePlan } from '@prognos/core';
import { DAY_MS, HOUR_MS, isOpen, riskRates } from './rules';
import type { PlanInput } from './types';

/** Weight of a late hour relative to a waiting hour: a policy choice (one order of magnitude), not a measurement. */
export const LATE_FACTOR = 10;

/** End of the planning horizon: the last window's end (two weeks after now when there is no window). */
export function horizonEnd(input: PlanInput): number {
  let end = input.now;
  for (const w of input.windows) end = Math.max(end, w.end);
  return end > input.now ? end : input.now + 14 * DAY_MS;
}

/** When an unplanned order is assumed finished: the end of the next planning period. */
export function unplannedFinish(input: PlanInput): number {
  const end = horizonEnd(input);
  return end + (end - input.now);
}

/** Cost of finishing order `dueAt` at `finish`, at risk rate `rate` per hour. */
export function jobCost(input: PlanInput, rate: number, dueAt: number | undefined, finish: number): number {
  const wait = Math.max(0, finish - input.now) / HOUR_MS;
  const late = dueAt === undefined ? 0 : Math.max(0, finish - dueAt) / HOUR_MS;
  return rate * (wait + LATE_FACTOR * late);
}

/** Risk-weighted cost of a plan; orders neither planned nor listed count as unplanned. */
export function planCost(input: PlanInput, plan: Pick<MaintenancePlan, 'jobs'>): number {
  const rates = riskRates(input);
  const finish = new Map<string, number>();
  for (const j of plan.jobs) finish.set(j.workOrderId, Math.max(finish.get(j.workOrderId) ?? 0, j.end));
  const never = unplannedFinish(input);
  let cost = 0;
  for (const wo of input.workOrders) {
    if (!isOpen(wo)) continue;
    cost += jobCost(input, rates.get(wo.id) ?? 0, wo.dueAt, finish.get(wo.id) ?? never);
  }
  return cost;
}
