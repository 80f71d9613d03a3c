/**
 * `npm run bench -- planner [--seed N] [--data FILE] [--time-limit MS (default 3000)] [--json]`
 * The maintenance planner against earliest-due-date scheduling on one case: a generated one (240 work orders,
 * 20 technicians, 4 skills, two weeks of shifts and planned stops; `--seed` picks it) or a plant's own PlanInput
 * as JSON (`--data`). Both plans are checked against every hard constraint (checkPlan) and costed with the same
 * risk-weighted objective (see packages/maintenance/src/planner/cost.ts). The time is the planner's wall time,
 * baseline and check included. `--json`: last line {violations, cost, edd_cost, seconds, …}.
 */
import { readFileSync } from 'node:fs';
import type { MaintenancePlan } from '@prognos/core';
import {
  checkPlan,
  generatePlanningCase,
  type PlanInput,
  planEarliestDueDate,
  planMaintenance,
} from '@prognos/maintenance';
import { flag, fmt, option, printTable } from './table';

export function loadPlanInput(file: string): PlanInput {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<PlanInput>;
  const missing = (['workOrders', 'technicians', 'windows', 'parts'] as const).filter((k) => !Array.isArray(raw[k]));
  if (typeof raw.now !== 'number') missing.unshift('now' as never);
  if (missing.length > 0) {
    throw new Error(
      `${file}: not a PlanInput — missing or wrong: ${missing.join(', ')} (now: epoch ms; others: arrays)`,
    );
  }
  // A plant's export may leave empty lists out: read them as empty rather than fail deep in the planner.
  const input = raw as PlanInput;
  return {
    ...input,
    workOrders: input.workOrders.map((w) => ({ ...w, parts: w.parts ?? [] })),
    technicians: input.technicians.map((t) => ({ ...t, skills: t.skills ?? [] })),
    windows: input.windows.map((w) => ({ ...w, assets: w.assets ?? [] })),
  };
}

export async function runPlannerBench(args: string[]): Promise<void> {
  const json = flag(args, 'json');
  const data = option(args, 'data');
  const seed = Number(option(args, 'seed') ?? 1);
  // The planner stops after 400 improvement steps (well under a second on an idle core) or at the time limit,
  // whichever comes first; a roomier limit than the planner's 1 s default keeps the bench's figures reproducible on
  // a busy machine, where the clock would otherwise cut the search at a different step each run.
  const timeLimitMs = Number(option(args, 'time-limit') ?? 3000);
  const input = data ? loadPlanInput(data) : generatePlanningCase(seed);
  const open = input.workOrders.filter((w) => w.status === 'open' || w.status === 'in_progress').length;
  console.error(
    `[bench] ${data ?? `generated case, seed ${seed}`}: ${open} open work orders, ${input.technicians.length} technicians, ${input.windows.length} windows, ${input.parts.length} parts`,
  );
  let t0 = performance.now();
  const plan = planMaintenance(input, { timeLimitMs });
  const seconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const edd = planEarliestDueDate(input);
  const eddSeconds = (performance.now() - t0) / 1000;
  const violations = checkPlan(input, plan);
  const eddViolations = checkPlan(input, edd);
  for (const v of [...violations, ...eddViolations].slice(0, 20)) console.error(`[violation] ${v}`);
  const improvement = edd.cost > 0 ? (1 - plan.cost / edd.cost) * 100 : 0;
  const row = (name: string, p: MaintenancePlan, v: number, s: number, vsEdd: string) => [
    name,
    open,
    p.jobs.length,
    p.unplanned.length,
    v,
    fmt(p.cost),
    vsEdd,
    s.toFixed(3),
  ];
  printTable(
    [
      'planner',
      'work orders',
      'planned',
      'unplanned',
      'violations',
      'risk-weighted cost',
      'improvement vs EDD %',
      'seconds',
    ],
    [
      row('risk density + local search', plan, violations.length, seconds, improvement.toFixed(1)),
      row('earliest due date (baseline)', edd, eddViolations.length, eddSeconds, '0.0'),
    ],
  );
  if (json) {
    console.log(
      JSON.stringify({
        violations: violations.length,
        cost: plan.cost,
        edd_cost: edd.cost,
        seconds,
        edd_violations: eddViolations.length,
        work_orders: open,
        planned: plan.jobs.length,
        unplanned: plan.unplanned.length,
        improvement_pct: improvement,
      }),
    );
  }
}
