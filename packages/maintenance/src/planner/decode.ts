/**
 * List scheduling: jobs are taken in a given order and each is placed at its earliest feasible finish over all
 * windows it may use (the job's duration is fixed, so earliest start and earliest finish are the same slot). Any
 * order gives a plan that keeps every hard constraint; the planners differ only in the order they hand in.
 */
import type { PlannedJob } from '@prognos/core';
import { Calendar, type Slot } from './calendar';
import { jobCost, unplannedFinish } from './cost';
import type { JobSpec, PlanProblem } from './spec';

export interface Decoded {
  cost: number;
  /** Placement per job index (undefined: unplanned). */
  slots: ({ slot: Slot; k: number } | undefined)[];
}

/**
 * Decodes `order`. `reuse`: the first `upTo` positions of `order` are those of an order already decoded into
 * `slots`, so their placements are booked as they are instead of searched again. `bound`: give up (undefined) as
 * soon as the cost exceeds it — every job adds a cost ≥ 0, so the final cost could only be higher.
 */
export function decode(
  problem: PlanProblem,
  order: readonly number[],
  reuse?: { slots: Decoded['slots']; upTo: number },
  bound = Number.POSITIVE_INFINITY,
): Decoded | undefined {
  const cal = new Calendar(problem);
  const never = unplannedFinish(problem.input);
  const slots: Decoded['slots'] = new Array(problem.jobs.length).fill(undefined);
  let cost = 0;
  for (let p = 0; p < order.length; p++) {
    const i = order[p] as number;
    const job = problem.jobs[i] as JobSpec;
    let best: { slot: Slot; k: number } | undefined;
    if (reuse && p < reuse.upTo) best = reuse.slots[i];
    else if (job.reason === undefined) best = earliest(cal, job);
    if (best) {
      cal.book(job, best.k, best.slot);
      slots[i] = best;
    }
    cost += jobCost(problem.input, job.rate, job.due, best ? best.slot.end : never);
    if (cost > bound) return undefined;
  }
  return { cost, slots };
}

function earliest(cal: Calendar, job: JobSpec, ignoreParts = false): { slot: Slot; k: number } | undefined {
  const now = cal.now;
  let best: { slot: Slot; k: number } | undefined;
  for (let k = 0; k < job.windows.length; k++) {
    const w = (job.windows[k] as JobSpec['windows'][number]).w;
    // Windows come by start time: once one cannot finish before the best found, no later one can.
    if (best && Math.max(w.start, now) + job.d >= best.slot.end) break;
    const slot = cal.earliestSlot(job, k, ignoreParts);
    if (slot && (!best || slot.end < best.slot.end)) best = { slot, k };
  }
  return best;
}

/** The plan's jobs and, for each order left out, why (replays the order to tell crews from parts). */
export function toPlan(
  problem: PlanProblem,
  order: readonly number[],
  decoded: Decoded,
): { jobs: PlannedJob[]; unplanned: { workOrderId: string; reason: string }[] } {
  const jobs: PlannedJob[] = [];
  const unplanned: { workOrderId: string; reason: string }[] = [];
  const cal = new Calendar(problem);
  for (const i of order) {
    const job = problem.jobs[i] as JobSpec;
    const placed = decoded.slots[i];
    if (placed) {
      cal.book(job, placed.k, placed.slot);
      jobs.push({
        workOrderId: job.wo.id,
        windowId: (job.windows[placed.k] as JobSpec['windows'][number]).w.id,
        start: placed.slot.start,
        end: placed.slot.end,
        technicians: placed.slot.techs.map((t) => t.id),
      });
    } else {
      unplanned.push({ workOrderId: job.wo.id, reason: job.reason ?? busyReason(cal, job) });
    }
  }
  jobs.sort((a, b) => a.start - b.start || a.workOrderId.localeCompare(b.workOrderId));
  return { jobs, unplanned };
}

function busyReason(cal: Calendar, job: JobSpec): string {
  if (job.parts.length > 0 && earliest(cal, job, true)) {
    const parts = job.parts.map((p) => `"${p.id}"`).join(', ');
    return `parts ${parts}: the stock is taken by other jobs until the restock, and no window it may use is left after the restock`;
  }
  return `no free slot: the technicians with skill "${job.wo.skill}" are booked in every window it may use`;
}
