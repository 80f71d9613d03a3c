import { describe, expect, it } from 'vitest';
import { checkPlan } from './check-plan';
import { planCost } from './cost';
import { generatePlanningCase } from './generate';
import { planEarliestDueDate, planMaintenance } from './plan';
import { at, caseOf, order, part, shift, T0, tech } from './test-fixtures';

const risk = (value: number) => ({
  failureProbability: 0.5,
  consequence: 1000,
  criticality: 'A' as const,
  value,
  reason: 't',
});

describe('planMaintenance on hand-made cases', () => {
  it('puts the riskier of two jobs first when one technician can do one at a time', () => {
    // The low-risk job is due first, so earliest-due-date does it first; the risk-weighted plan does not.
    const input = caseOf({
      workOrders: [order('low', { risk: risk(24), dueAt: at(20) }), order('high', { risk: risk(2400), dueAt: at(30) })],
    });
    const plan = planMaintenance(input);
    expect(plan.violations).toBe(0);
    expect(plan.jobs.map((j) => [j.workOrderId, j.start, j.end])).toEqual([
      ['high', at(6), at(8)],
      ['low', at(8), at(10)],
    ]);
    // Waiting costs risk.value per day: high waits 8 h (800), low 10 h (10); EDD swaps them: 6 h and 10 h.
    expect(plan.cost).toBeCloseTo((2400 / 24) * 8 + (24 / 24) * 10, 6);
    expect(plan.eddCost).toBeCloseTo((24 / 24) * 8 + (2400 / 24) * 10, 6);
    expect(planEarliestDueDate(input).jobs[0]?.workOrderId).toBe('low');
    expect(planCost(input, plan)).toBeCloseTo(plan.cost, 6);
  });

  it('leaves a job whose skill nobody has unplanned, saying so', () => {
    const input = caseOf({ workOrders: [order('hyd', { skill: 'hydraulics' }), order('mech')] });
    const plan = planMaintenance(input);
    expect(plan.jobs.map((j) => j.workOrderId)).toEqual(['mech']);
    expect(plan.unplanned).toEqual([{ workOrderId: 'hyd', reason: 'no technician has skill "hydraulics"' }]);
    expect(plan.violations).toBe(0);
  });

  it('plans the second job drawing on a part with stock 1 after the restock', () => {
    // Restock after 2 days; windows Monday and Thursday.
    const input = caseOf({
      technicians: [tech('ana'), tech('ben')],
      windows: [shift('mon', 6, 14), shift('thu', 78, 86)],
      parts: [part('seal', 1, 2)],
      workOrders: [
        order('a', { parts: [{ partId: 'seal', quantity: 1 }], risk: risk(200) }),
        order('b', { parts: [{ partId: 'seal', quantity: 1 }], risk: risk(100) }),
      ],
    });
    const plan = planMaintenance(input);
    expect(plan.violations).toBe(0);
    const start = Object.fromEntries(plan.jobs.map((j) => [j.workOrderId, j.start]));
    expect(start).toEqual({ a: at(6), b: at(78) });
  });

  it('leaves the second job unplanned when no window comes after the restock', () => {
    const input = caseOf({
      technicians: [tech('ana'), tech('ben')],
      parts: [part('seal', 1, 5)],
      workOrders: [
        order('a', { parts: [{ partId: 'seal', quantity: 1 }], risk: risk(200) }),
        order('b', { parts: [{ partId: 'seal', quantity: 1 }], risk: risk(100) }),
      ],
    });
    const plan = planMaintenance(input);
    expect(plan.jobs.map((j) => j.workOrderId)).toEqual(['a']);
    expect(plan.unplanned[0]?.workOrderId).toBe('b');
    expect(plan.unplanned[0]?.reason).toMatch(/"seal".*restock/);
  });

  it('leaves a job longer than every window unplanned, saying so', () => {
    const input = caseOf({
      technicians: [tech('ana', ['mechanical'], 12)],
      workOrders: [order('long', { estimatedHours: 9 })],
    });
    const plan = planMaintenance(input);
    expect(plan.jobs).toEqual([]);
    expect(plan.unplanned[0]?.reason).toBe('takes 9 h, longer than every window it may use (longest 8 h)');
  });

  it('puts a job that needs a stop only into a window that stops its asset or its line', () => {
    const input = caseOf({
      windows: [shift('mon', 6, 14), shift('stop-line-1', 30, 40, ['line-1']), shift('stop-other', 20, 28, ['line-2'])],
      assetLines: { 'pump-1': 'line-1' },
      workOrders: [
        order('bearing', { type: 'predictive' }),
        order('stopped-anyway', { type: 'preventive', needsStop: true, assetId: 'fan-9' }),
      ],
    });
    const plan = planMaintenance(input);
    expect(plan.jobs).toEqual([
      { workOrderId: 'bearing', windowId: 'stop-line-1', start: at(30), end: at(32), technicians: ['ana'] },
    ]);
    expect(plan.unplanned).toEqual([
      {
        workOrderId: 'stopped-anyway',
        reason: 'needs asset "fan-9" stopped, and no window in the horizon stops it or its line',
      },
    ]);
  });

  it('gives a job its whole crew with the skill, specialists first', () => {
    const input = caseOf({
      technicians: [
        tech('all-round', ['mechanical', 'electrical']),
        tech('ana'),
        tech('eve', ['electrical']),
        tech('ben'),
      ],
      workOrders: [order('lift', { crew: 2 }), order('fuse', { skill: 'electrical' })],
    });
    const plan = planMaintenance(input);
    expect(plan.violations).toBe(0);
    const lift = plan.jobs.find((j) => j.workOrderId === 'lift');
    expect(lift?.technicians).toEqual(['ana', 'ben']);
    expect(lift?.start).toBe(at(6));
    expect(plan.jobs.find((j) => j.workOrderId === 'fuse')?.technicians).toEqual(['eve']);
  });

  it('keeps a technician within the hours of a shift per day even across overlapping windows', () => {
    const input = caseOf({
      windows: [shift('early', 6, 14), shift('late', 14, 22), shift('tue', 30, 38)],
      workOrders: ['a', 'b', 'c'].map((id) => order(id, { estimatedHours: 4 })),
    });
    const plan = planMaintenance(input);
    expect(plan.violations).toBe(0);
    expect(plan.jobs.map((j) => j.start)).toEqual([at(6), at(10), at(30)]);
  });

  it('starts no job before now, and plans only open work', () => {
    const input = caseOf({
      now: at(9),
      workOrders: [
        order('a'),
        order('done', { status: 'done' }),
        order('wip', { status: 'in_progress', risk: risk(1) }),
      ],
    });
    const plan = planMaintenance(input);
    expect(plan.jobs.map((j) => [j.workOrderId, j.start])).toEqual([
      ['a', at(9)],
      ['wip', at(11)],
    ]);
    expect(plan.unplanned).toEqual([]);
  });
});

describe('planMaintenance on a generated case', () => {
  const input = generatePlanningCase(7, { workOrders: 200 });

  it('keeps every hard constraint and costs less than earliest-due-date', () => {
    const plan = planMaintenance(input, { maxIterations: 200, timeLimitMs: 10_000 });
    const edd = planEarliestDueDate(input);
    expect(checkPlan(input, plan)).toEqual([]);
    expect(checkPlan(input, edd)).toEqual([]);
    expect(plan.violations).toBe(0);
    expect(plan.jobs.length + plan.unplanned.length).toBe(input.workOrders.length);
    expect(plan.eddCost).toBeCloseTo(edd.cost, 6);
    expect(plan.cost).toBeLessThan(edd.cost);
    expect(planCost(input, plan)).toBeCloseTo(plan.cost, 3);
    expect(plan.createdAt).toBe(T0);
  });

  it('gives the same plan for the same seed', () => {
    const a = planMaintenance(generatePlanningCase(3, { workOrders: 200 }), {
      maxIterations: 100,
      timeLimitMs: 60_000,
    });
    const b = planMaintenance(generatePlanningCase(3, { workOrders: 200 }), {
      maxIterations: 100,
      timeLimitMs: 60_000,
    });
    expect(b).toEqual(a);
    expect(generatePlanningCase(4)).not.toEqual(generatePlanningCase(3));
  });
});
