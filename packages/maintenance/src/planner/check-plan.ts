/**
 * Every hard-constraint violation of a plan, in words: the planners must produce none, and a plan edited by hand
 * or received from elsewhere can be checked before it is published.
 */
import type { MaintenancePlan, PlannedJob, WorkOrderDetail } from '@prognos/core';
import { crewOf, dayOf, durationMs, HOUR_MS, isOpen, needsStop, restockAt, windowStops } from './rules';
import type { PlanInput } from './types';

const iso = (t: number) => new Date(t).toISOString();
const h = (ms: number) => `${+(ms / HOUR_MS).toFixed(2)} h`;

export function checkPlan(input: PlanInput, plan: Pick<MaintenancePlan, 'jobs' | 'unplanned'>): string[] {
  const out: string[] = [];
  const orders = new Map(input.workOrders.map((w) => [w.id, w]));
  const windows = new Map(input.windows.map((w) => [w.id, w]));
  const techs = new Map(input.technicians.map((t) => [t.id, t]));
  const seen = new Set<string>();
  const byTech = new Map<string, PlannedJob[]>();
  for (const job of plan.jobs) {
    const wo = orders.get(job.workOrderId);
    const name = `job "${job.workOrderId}"`;
    if (!wo) {
      out.push(`${name}: no such work order`);
      continue;
    }
    if (!isOpen(wo)) out.push(`${name}: the work order is ${wo.status}, only open work is planned`);
    if (seen.has(wo.id)) out.push(`${name}: the work order is planned more than once`);
    seen.add(wo.id);
    if (job.start < input.now) out.push(`${name}: starts at ${iso(job.start)}, before now (${iso(input.now)})`);
    if (job.end - job.start < durationMs(wo)) {
      out.push(`${name}: lasts ${h(job.end - job.start)}, the work order needs ${h(durationMs(wo))}`);
    }
    checkWindow(input, job, wo, windows.get(job.windowId), out);
    checkCrew(job, wo, techs, out);
    for (const id of new Set(job.technicians)) {
      if (techs.has(id)) byTech.set(id, [...(byTech.get(id) ?? []), job]);
    }
  }
  for (const [id, jobs] of byTech) checkTechnician(input, id, jobs, techs.get(id)?.hoursPerShift ?? 0, out);
  checkParts(input, plan.jobs, orders, out);
  const unplanned = new Set(plan.unplanned.map((u) => u.workOrderId));
  for (const id of unplanned) if (seen.has(id)) out.push(`work order "${id}" is both planned and unplanned`);
  for (const wo of input.workOrders) {
    if (isOpen(wo) && !seen.has(wo.id) && !unplanned.has(wo.id)) {
      out.push(`open work order "${wo.id}" is neither planned nor listed as unplanned`);
    }
  }
  return out;
}

function checkWindow(
  input: PlanInput,
  job: PlannedJob,
  wo: WorkOrderDetail,
  w: PlanInput['windows'][number] | undefined,
  out: string[],
): void {
  const name = `job "${job.workOrderId}"`;
  if (!w) {
    out.push(`${name}: no such window "${job.windowId}"`);
    return;
  }
  if (job.start < w.start || job.end > w.end) {
    out.push(
      `${name}: ${iso(job.start)}–${iso(job.end)} is not inside window "${w.id}" (${iso(w.start)}–${iso(w.end)})`,
    );
  }
  if (needsStop(wo) && !windowStops(input, w, wo.assetId)) {
    out.push(`${name}: needs asset "${wo.assetId}" stopped, and window "${w.id}" does not stop it or its line`);
  }
}

function checkCrew(
  job: PlannedJob,
  wo: WorkOrderDetail,
  techs: Map<string, PlanInput['technicians'][number]>,
  out: string[],
) {
  const name = `job "${job.workOrderId}"`;
  const ids = new Set(job.technicians);
  if (ids.size !== job.technicians.length) out.push(`${name}: a technician is listed twice`);
  let skilled = 0;
  for (const id of ids) {
    const t = techs.get(id);
    if (!t) out.push(`${name}: no such technician "${id}"`);
    else if (!t.skills.includes(wo.skill)) out.push(`${name}: technician "${id}" does not have skill "${wo.skill}"`);
    else skilled++;
  }
  if (skilled < crewOf(wo))
    out.push(`${name}: needs ${crewOf(wo)} technician(s) with skill "${wo.skill}", has ${skilled}`);
}

function checkTechnician(input: PlanInput, id: string, jobs: PlannedJob[], hoursPerShift: number, out: string[]) {
  const sorted = [...jobs].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as PlannedJob;
    const b = sorted[i] as PlannedJob;
    if (b.start < a.end) out.push(`technician "${id}": jobs "${a.workOrderId}" and "${b.workOrderId}" overlap`);
  }
  const cap = Math.round(hoursPerShift * HOUR_MS);
  const perWindow = new Map<string, number>();
  const perDay = new Map<number, number>();
  for (const j of jobs) {
    perWindow.set(j.windowId, (perWindow.get(j.windowId) ?? 0) + (j.end - j.start));
    const day = dayOf(input, j.start);
    perDay.set(day, (perDay.get(day) ?? 0) + (j.end - j.start));
  }
  for (const [w, ms] of perWindow) {
    if (ms > cap) out.push(`technician "${id}": ${h(ms)} in window "${w}", more than the ${h(cap)} of a shift`);
  }
  for (const [day, ms] of perDay) {
    const date = iso(day * 86_400_000).slice(0, 10);
    if (ms > cap) out.push(`technician "${id}": ${h(ms)} on ${date}, more than the ${h(cap)} of a shift`);
  }
}

function checkParts(
  input: PlanInput,
  jobs: readonly PlannedJob[],
  orders: Map<string, WorkOrderDetail>,
  out: string[],
) {
  const parts = new Map(input.parts.map((p) => [p.id, p]));
  const used = new Map<string, number>();
  for (const job of jobs) {
    for (const need of orders.get(job.workOrderId)?.parts ?? []) {
      const part = parts.get(need.partId);
      if (!part) {
        out.push(`job "${job.workOrderId}": part "${need.partId}" is not in the spare-parts list`);
      } else if (job.start < restockAt(input, part)) {
        used.set(part.id, (used.get(part.id) ?? 0) + need.quantity);
      }
    }
  }
  for (const [id, qty] of used) {
    const part = parts.get(id);
    if (part && qty > part.stock) {
      out.push(
        `part "${id}": ${qty} used before the restock at ${iso(restockAt(input, part))}, only ${part.stock} in stock`,
      );
    }
  }
}
