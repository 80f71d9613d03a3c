/**
 * The maintenance planner and its earliest-due-date baseline.
 *
 * Why a home-made heuristic and not a solver library: the problem is multi-resource scheduling (crews by skill,
 * daily hour limits, windows per asset, parts by restock date) with a weighted waiting-and-tardiness objective. The
 * maintained MIP solvers on npm are WebAssembly builds of HiGHS (`highs`) and GLPK (`glpk.js`); the pure-JS ones
 * (`javascript-lp-solver`, `yalps`) are small simplex/branch-and-bound codes; there is no maintained
 * constraint-programming solver for Node. A time-indexed model of a two-week plan (≈ 250 orders × ≈ 1,000
 * quarter-hour starts, times a crew choice) has hundreds of thousands of binaries with weak LP bounds; we do not
 * expect any of them to solve it within seconds (not measured here), and a solver would add a heavy dependency to
 * a package that has none. List scheduling plus local search is the usual answer for resource-constrained
 * scheduling (Kolisch & Hartmann 2006) and is deterministic and fast.
 *
 * The planner decodes several start orders and keeps the cheapest: earliest due date (so it is never worse than
 * the baseline), risk density = risk rate ÷ technician-hours (Smith's rule, optimal for one resource and linear
 * waiting cost; Smith 1956), and an apparent-tardiness-cost order that also weighs how close each due date is.
 * Each order is decoded by placing every job at its earliest feasible finish (decode.ts). Local search then pulls
 * costly orders (late or unplanned) earlier in the list and swaps nearby pairs, keeping a change when the cost
 * does not rise, until the iteration budget or the time limit ends it (seeded: same input, same plan, as long as
 * the budget and not the clock ends the search).
 */
import { type MaintenancePlan, Rng } from '@prognos/core';
import { checkPlan } from './check-plan';
import { LATE_FACTOR } from './cost';
import { type Decoded, decode, toPlan } from './decode';
import { DAY_MS } from './rules';
import { buildProblem, type PlanProblem } from './spec';
import type { PlanInput, PlanOptions } from './types';

const DEFAULT_TIME_LIMIT_MS = 1000;
const DEFAULT_MAX_ITERATIONS = 400;

/** Earliest due date first (undated orders last), each at its earliest feasible slot: the baseline. */
export function planEarliestDueDate(input: PlanInput): MaintenancePlan {
  const problem = buildProblem(input);
  const order = eddOrder(problem);
  const decoded = decode(problem, order) as Decoded;
  return finish(input, problem, order, decoded, decoded.cost);
}

export function planMaintenance(input: PlanInput, opts: PlanOptions = {}): MaintenancePlan {
  const t0 = performance.now();
  const problem = buildProblem(input);
  const edd = eddOrder(problem);
  const eddDecoded = decode(problem, edd) as Decoded;
  let order = edd;
  let best = eddDecoded;
  for (const start of [densityOrder(problem), ...SLACK_SCALES_DAYS.map((k) => tardinessOrder(problem, k))]) {
    const d = decode(problem, start) as Decoded;
    if (d.cost < best.cost) {
      order = start;
      best = d;
    }
  }
  const limit = opts.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const maxIter = opts.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const rng = new Rng(opts.seed ?? 1);
  const n = order.length;
  for (let it = 0; it < maxIter && n > 1 && performance.now() - t0 < limit; it++) {
    const next = order.slice();
    const costly = costlyPositions(problem, order, best);
    let from: number;
    if (costly.length > 0 && rng.next() < 0.6) {
      // Pull a late or unplanned order ahead of some of the orders that took its place.
      const i = costly[Math.floor(rng.next() * costly.length)] as number;
      from = Math.floor(rng.next() * i);
      const [moved] = next.splice(i, 1);
      next.splice(from, 0, moved as number);
    } else {
      from = Math.floor(rng.next() * (n - 1));
      const j = Math.min(n - 1, from + 1 + Math.floor(rng.next() * 8));
      [next[from], next[j]] = [next[j] as number, next[from] as number];
    }
    // Accept ties too: sideways moves let the search cross plateaus of equal cost.
    const d = decode(problem, next, { slots: best.slots, upTo: from }, best.cost);
    if (d) {
      order = next;
      best = d;
    }
  }
  return finish(input, problem, order, best, eddDecoded.cost);
}

function finish(
  input: PlanInput,
  problem: PlanProblem,
  order: number[],
  decoded: Decoded,
  eddCost: number,
): MaintenancePlan {
  const { jobs, unplanned } = toPlan(problem, order, decoded);
  const plan: MaintenancePlan = { createdAt: input.now, jobs, unplanned, cost: decoded.cost, eddCost, violations: 0 };
  plan.violations = checkPlan(input, plan).length;
  return plan;
}

/** Positions in the order of jobs that are unplanned or late (only those can gain from being moved ahead). */
function costlyPositions(problem: PlanProblem, order: readonly number[], d: Decoded): number[] {
  const out: number[] = [];
  for (let p = 1; p < order.length; p++) {
    const job = problem.jobs[order[p] as number];
    if (!job || job.reason !== undefined) continue;
    const s = d.slots[job.idx];
    if (!s || (job.due !== undefined && s.slot.end > job.due)) out.push(p);
  }
  return out;
}

function eddOrder(problem: PlanProblem): number[] {
  const due = (i: number) => problem.jobs[i]?.due ?? Number.POSITIVE_INFINITY;
  const id = (i: number) => problem.jobs[i]?.wo.id ?? '';
  return problem.jobs.map((j) => j.idx).sort((a, b) => due(a) - due(b) || id(a).localeCompare(id(b)));
}

/** Slack scales of the tardiness-aware start orders, in days (the plan spans days, so does the slack). */
const SLACK_SCALES_DAYS = [1, 3, 7];

/**
 * Apparent-tardiness-cost rule (Vepsalainen & Morton 1987) fitted to this objective: risk density × (1 +
 * LATE_FACTOR × e^(−slack / scale)), slack = time left before the order must start to be on time.
 */
function tardinessOrder(problem: PlanProblem, scaleDays: number): number[] {
  const { now } = problem.input;
  const scale = scaleDays * DAY_MS;
  const key = problem.jobs.map((j) => {
    if (j.d <= 0) return 0;
    const slack = j.due === undefined ? Number.POSITIVE_INFINITY : Math.max(0, j.due - j.d - now);
    return (j.rate / (j.d * j.crew)) * (1 + LATE_FACTOR * Math.exp(-slack / scale));
  });
  const id = (i: number) => problem.jobs[i]?.wo.id ?? '';
  return problem.jobs
    .map((j) => j.idx)
    .sort((a, b) => (key[b] as number) - (key[a] as number) || id(a).localeCompare(id(b)));
}

function densityOrder(problem: PlanProblem): number[] {
  const dens = problem.jobs.map((j) => (j.d > 0 ? j.rate / (j.d * j.crew) : 0));
  const due = (i: number) => problem.jobs[i]?.due ?? Number.POSITIVE_INFINITY;
  const id = (i: number) => problem.jobs[i]?.wo.id ?? '';
  return problem.jobs
    .map((j) => j.idx)
    .sort((a, b) => (dens[b] as number) - (dens[a] as number) || due(a) - due(b) || id(a).localeCompare(id(b)));
}
