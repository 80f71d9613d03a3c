import type { MaintenancePlan, PlannedJob } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { checkPlan } from './check-plan';
import { planMaintenance } from './plan';
import { at, caseOf, order, part, shift, tech } from './test-fixtures';

// A small case and a valid plan of it, broken one way at a time below.
const input = caseOf({
  now: at(6),
  technicians: [tech('ana'), tech('ben'), tech('eve', ['electrical'])],
  windows: [shift('mon', 6, 14), shift('mon-late', 14, 22), shift('stop', 30, 40, ['line-1'])],
  assetLines: { 'pump-1': 'line-1' },
  parts: [part('seal', 1, 3)],
  workOrders: [
    order('a', { parts: [{ partId: 'seal', quantity: 1 }] }),
    order('b', { type: 'corrective' }),
    order('c', { skill: 'electrical', crew: 1 }),
    order('d', { parts: [{ partId: 'seal', quantity: 1 }] }),
    order('closed', { status: 'done' }),
  ],
});
const job = (workOrderId: string, windowId: string, from: number, to: number, technicians: string[]): PlannedJob => ({
  workOrderId,
  windowId,
  start: at(from),
  end: at(to),
  technicians,
});
const valid: MaintenancePlan = {
  createdAt: at(6),
  jobs: [
    job('a', 'mon', 6, 8, ['ana']),
    job('b', 'stop', 30, 32, ['ana']),
    job('c', 'mon', 6, 8, ['eve']),
    job('d', 'mon', 6, 8, ['ben']),
  ],
  unplanned: [],
  cost: 0,
  eddCost: 0,
  violations: 0,
};
/** The valid plan with one job replaced. */
const withJob = (i: number, j: PlannedJob, extra: Partial<MaintenancePlan> = {}): MaintenancePlan => ({
  ...valid,
  jobs: valid.jobs.map((x, k) => (k === i ? j : x)),
  ...extra,
});

describe('checkPlan', () => {
  it('finds nothing wrong in a plan of the planner, and sees the part drawn twice in the hand-made one', () => {
    expect(checkPlan(input, planMaintenance(input))).toEqual([]);
    // a and d both draw the one seal before its restock (now + 3 days).
    expect(checkPlan(input, valid)).toEqual([
      'part "seal": 2 used before the restock at 2027-01-07T06:00:00.000Z, only 1 in stock',
    ]);
  });

  // With two seals in stock the hand-made plan is valid; each case below breaks it one way.
  const ok = { ...input, parts: [part('seal', 2, 3)] };
  it('accepts the hand-made plan when the stock covers it', () => {
    expect(checkPlan(ok, valid)).toEqual([]);
  });

  it('reports more hours in one window than a shift, even when no day has too many', () => {
    // A night window across midnight and a technician with 3 h shifts: 2 h on Monday + 2 h on Tuesday.
    const night = { ...ok, technicians: [...ok.technicians, tech('nina', ['mechanical'], 3)] };
    const nightInput = { ...night, windows: [...night.windows, shift('night', 20, 30)] };
    const nightPlan = {
      ...valid,
      jobs: [job('a', 'night', 21, 23, ['nina']), job('d', 'night', 24, 26, ['nina']), ...valid.jobs.slice(1, 3)],
    };
    expect(checkPlan(nightInput, nightPlan)).toEqual([
      'technician "nina": 4 h in window "night", more than the 3 h of a shift',
    ]);
  });

  const cases: [string, MaintenancePlan, RegExp][] = [
    ['a job outside its window', withJob(0, job('a', 'mon', 13, 15, ['ana'])), /is not inside window "mon"/],
    ['a job starting before now', withJob(0, job('a', 'mon', 5, 7, ['ana'])), /before now/],
    ['a job shorter than its work', withJob(0, job('a', 'mon', 6, 7, ['ana'])), /lasts 1 h, the work order needs 2 h/],
    ['a stop job in a shift', withJob(1, job('b', 'mon-late', 14, 16, ['ana'])), /needs asset "pump-1" stopped/],
    ['an unknown window', withJob(0, job('a', 'sunday', 6, 8, ['ana'])), /no such window "sunday"/],
    ['an unknown technician', withJob(0, job('a', 'mon', 6, 8, ['zoe'])), /no such technician "zoe"/],
    [
      'a technician without the skill',
      withJob(2, job('c', 'mon', 10, 12, ['ana'])),
      /"ana" does not have skill "electrical"/,
    ],
    [
      'a crew too small',
      withJob(0, job('a', 'mon', 6, 8, [])),
      /needs 1 technician\(s\) with skill "mechanical", has 0/,
    ],
    ['a technician listed twice', withJob(0, job('a', 'mon', 6, 8, ['ana', 'ana'])), /listed twice/],
    ['overlapping jobs', withJob(3, job('d', 'mon', 7, 9, ['ana'])), /technician "ana": jobs "a" and "d" overlap/],
    [
      'too many hours in a day',
      withJob(3, job('d', 'mon-late', 14, 21, ['ana'])),
      /"ana": 9 h on 2027-01-04, more than the 8 h of a shift/,
    ],
    ['an unknown work order', withJob(0, job('x', 'mon', 6, 8, ['ana'])), /job "x": no such work order/],
    ['a closed work order', withJob(0, job('closed', 'mon', 6, 8, ['ana'])), /work order is done/],
    ['a work order planned twice', withJob(3, job('a', 'mon', 10, 12, ['ben'])), /planned more than once/],
    ['an open order left out', { ...valid, jobs: valid.jobs.slice(1) }, /open work order "a" is neither planned/],
    [
      'an order both planned and unplanned',
      { ...valid, unplanned: [{ workOrderId: 'a', reason: 'x' }] },
      /"a" is both planned and unplanned/,
    ],
  ];
  it.each(cases)('reports %s', (_name, plan, pattern) => {
    const found = checkPlan(ok, plan);
    expect(
      found.some((v) => pattern.test(v)),
      found.join('\n'),
    ).toBe(true);
  });

  it('reports a part that is not in the spare-parts list', () => {
    const odd = {
      ...ok,
      workOrders: [...ok.workOrders.slice(0, 4), order('e', { parts: [{ partId: 'gasket', quantity: 1 }] })],
    };
    const found = checkPlan(odd, { ...valid, jobs: [...valid.jobs, job('e', 'mon-late', 14, 16, ['ben'])] });
    expect(found).toEqual(['job "e": part "gasket" is not in the spare-parts list']);
  });
});
