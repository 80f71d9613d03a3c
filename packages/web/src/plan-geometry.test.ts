import type { MaintenancePlan } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { barOf, dayTicks, planSpan, rowsByTechnician } from './plan-geometry';

const H = 3_600_000;
const plan: MaintenancePlan = {
  createdAt: 0,
  jobs: [
    { workOrderId: 'a', windowId: 'w1', start: 2 * H, end: 4 * H, technicians: ['t1', 't2'] },
    { workOrderId: 'b', windowId: 'w1', start: 1 * H, end: 2 * H, technicians: ['t1'] },
    { workOrderId: 'c', windowId: 'w2', start: 5 * H, end: 6 * H, technicians: ['t9'] },
  ],
  unplanned: [],
  cost: 1,
  eddCost: 2,
  violations: 0,
};

describe('plan geometry', () => {
  it('spans every job and window', () => {
    expect(planSpan(plan, [{ id: 'w0', start: 0, end: 8 * H, assets: [], kind: 'shift' }])).toEqual({
      from: 0,
      to: 8 * H,
    });
    expect(planSpan({ ...plan, jobs: [] }, [])).toBeUndefined();
  });

  it('places bars as fractions, clipped, with a minimum width', () => {
    const span = { from: 0, to: 10 * H };
    expect(barOf(2 * H, 4 * H, span)).toEqual({ left: 0.2, width: 0.2 });
    expect(barOf(-H, H, span)).toEqual({ left: 0, width: 0.1 });
    expect(barOf(5 * H, 5 * H, span).width).toBeGreaterThan(0);
  });

  it('puts each job on the row of every technician it needs, in time order', () => {
    const rows = rowsByTechnician(plan.jobs, ['t1', 't2', 't3']);
    expect([...rows.keys()]).toEqual(['t1', 't2', 't3', 't9']);
    expect(rows.get('t1')?.map((j) => j.workOrderId)).toEqual(['b', 'a']);
    expect(rows.get('t3')).toEqual([]);
  });

  it('ticks each local midnight inside the span', () => {
    const from = new Date(2026, 0, 1, 12).getTime();
    expect(dayTicks({ from, to: from + 48 * H })).toEqual([
      new Date(2026, 0, 2).getTime(),
      new Date(2026, 0, 3).getTime(),
    ]);
  });
});
