/**
 * The static facts of each open order, worked out once per plan: duration, crew, qualified technicians, the
 * windows it may use, its parts, its risk rate, and — when it can never be placed whatever the others do — why.
 */
import type { MaintenanceWindow, WorkOrderDetail } from '@prognos/core';
import { crewOf, durationMs, HOUR_MS, isOpen, needsStop, restockAt, riskRates, windowAllows } from './rules';
import type { PlanInput } from './types';

export interface TechSpec {
  idx: number;
  id: string;
  /** Hours per shift, in ms. */
  cap: number;
  /** How many skills: specialists are used first so the versatile technicians stay free. */
  skills: number;
}

export interface PartNeed {
  idx: number;
  id: string;
  qty: number;
  stock: number;
  restock: number;
}

export interface JobSpec {
  idx: number;
  wo: WorkOrderDetail;
  d: number;
  crew: number;
  rate: number;
  due: number | undefined;
  qualified: TechSpec[];
  /** Windows it may use and that can hold it after now, by start time; each with its index in input.windows. */
  windows: { w: MaintenanceWindow; idx: number }[];
  parts: PartNeed[];
  /** Set when the order can never be placed in this input. */
  reason?: string;
}

export interface PlanProblem {
  input: PlanInput;
  techs: TechSpec[];
  jobs: JobSpec[];
  partCount: number;
}

const hours = (ms: number) => `${+(ms / HOUR_MS).toFixed(2)} h`;

export function buildProblem(input: PlanInput): PlanProblem {
  const techs: TechSpec[] = input.technicians.map((t, idx) => ({
    idx,
    id: t.id,
    cap: Math.round(t.hoursPerShift * HOUR_MS),
    skills: t.skills.length,
  }));
  const partIdx = new Map(input.parts.map((p, i) => [p.id, i]));
  const rates = riskRates(input);
  const windows = input.windows
    .map((w, idx) => ({ w, idx }))
    .sort((a, b) => a.w.start - b.w.start || a.w.end - b.w.end || a.idx - b.idx);
  const jobs: JobSpec[] = [];
  for (const wo of input.workOrders) {
    if (!isOpen(wo)) continue;
    const d = durationMs(wo);
    const crew = crewOf(wo);
    const qualified = techs
      .filter((t) => input.technicians[t.idx]?.skills.includes(wo.skill))
      .sort((a, b) => a.skills - b.skills || a.idx - b.idx);
    const job: JobSpec = {
      idx: jobs.length,
      wo,
      d,
      crew,
      rate: rates.get(wo.id) ?? 0,
      due: wo.dueAt,
      qualified,
      windows: [],
      parts: [],
    };
    jobs.push(job);
    job.reason = staticReason(input, job, partIdx, windows);
  }
  return { input, techs, jobs, partCount: input.parts.length };
}

function staticReason(
  input: PlanInput,
  job: JobSpec,
  partIdx: Map<string, number>,
  windows: { w: MaintenanceWindow; idx: number }[],
): string | undefined {
  const { wo, d, crew } = job;
  if (!(Number.isFinite(wo.estimatedHours) && d > 0)) {
    return `estimated hours must be a positive number (got ${wo.estimatedHours})`;
  }
  if (job.qualified.length === 0) return `no technician has skill "${wo.skill}"`;
  if (job.qualified.length < crew) {
    return `needs a crew of ${crew} with skill "${wo.skill}"; only ${job.qualified.length} technician(s) have it`;
  }
  if (job.qualified.filter((t) => t.cap >= d).length < crew) {
    const longest = Math.max(...job.qualified.map((t) => t.cap));
    return `takes ${hours(d)}, more than a shift (${hours(longest)}) of the technicians with skill "${wo.skill}"`;
  }
  for (const p of wo.parts) {
    const i = partIdx.get(p.partId);
    const part = i === undefined ? undefined : input.parts[i];
    if (i === undefined || !part) return `part "${p.partId}" is not in the spare-parts list`;
    job.parts.push({ idx: i, id: part.id, qty: p.quantity, stock: part.stock, restock: restockAt(input, part) });
  }
  const allowed = windows.filter((x) => windowAllows(input, x.w, wo) && x.w.end > input.now);
  if (allowed.length === 0) {
    return needsStop(wo)
      ? `needs asset "${wo.assetId}" stopped, and no window in the horizon stops it or its line`
      : 'no maintenance window after now';
  }
  job.windows = allowed.filter((x) => x.w.end - Math.max(x.w.start, input.now) >= d);
  if (job.windows.length === 0) {
    const longest = Math.max(...allowed.map((x) => x.w.end - Math.max(x.w.start, input.now)));
    return `takes ${hours(d)}, longer than every window it may use (longest ${hours(longest)})`;
  }
  const lastStart = Math.max(...job.windows.map((x) => x.w.end - d));
  for (const p of job.parts) {
    if (p.qty > p.stock && p.restock > lastStart) {
      return `needs ${p.qty} × part "${p.id}", ${p.stock} in stock, and the restock (${new Date(p.restock).toISOString()}) comes after the last window it may use`;
    }
  }
  return undefined;
}
