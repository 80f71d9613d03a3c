import type { PreventivePlan } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { accrueRunHours, preventiveDueAt, preventiveStatus } from './preventive-due';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const plan = (trigger: PreventivePlan['trigger'], extra: Partial<PreventivePlan> = {}): PreventivePlan => ({
  id: 'PM-1',
  assetId: 'P-101',
  title: 'Grease bearings',
  trigger,
  procedure: [],
  skill: 'mechanical',
  estimatedHours: 1,
  lastDoneAt: T0,
  ...extra,
});

describe('preventiveStatus', () => {
  it('calendar: due once everyDays have passed since it was last done', () => {
    const p = plan({ kind: 'calendar', everyDays: 30 });
    const before = preventiveStatus(p, { now: T0 + 29 * DAY });
    expect(before).toMatchObject({ due: false, dueAt: T0 + 30 * DAY, reason: '29 of 30 days' });
    expect(before.progress).toBeCloseTo(29 / 30);
    expect(preventiveStatus(p, { now: T0 + 30 * DAY }).due).toBe(true);
    // due date of the order: the due date plus 10 % of the interval (3 days)
    expect(preventiveDueAt(p, preventiveStatus(p, { now: T0 + 31 * DAY }), T0 + 31 * DAY)).toBe(T0 + 34 * DAY);
  });

  it('is due at once when never done', () => {
    expect(
      preventiveStatus(plan({ kind: 'calendar', everyDays: 30 }, { lastDoneAt: undefined }), { now: T0 }),
    ).toMatchObject({
      due: true,
      reason: 'never done',
    });
  });

  it('run hours from the running state accrue only while running', () => {
    let h = accrueRunHours(undefined, true, 2 * 3_600_000);
    h = accrueRunHours(h, false, 5 * 3_600_000);
    h = accrueRunHours(h, undefined, 5 * 3_600_000);
    h = accrueRunHours(h, true, 1_800_000);
    expect(h).toBeCloseTo(2.5);
    const p = plan({ kind: 'run_hours', everyHours: 500 });
    expect(preventiveStatus({ ...p, runHours: 499.9 }, { now: T0 }).due).toBe(false);
    expect(preventiveStatus({ ...p, runHours: 500 }, { now: T0 })).toMatchObject({
      due: true,
      reason: '500 of 500 run hours',
    });
  });

  it('meters and hour counters count from the reading when last done, and survive a counter reset', () => {
    const p = plan({ kind: 'meter', sensor: 'C-301.STARTS', every: 1000 }, { meterAtLastDone: 12_000 });
    expect(preventiveStatus(p, { now: T0, meter: 12_999 }).due).toBe(false);
    expect(preventiveStatus(p, { now: T0, meter: 13_000 })).toMatchObject({ due: true, progress: 1 });
    // the counter was replaced and now reads 1200: that is the usage since
    expect(preventiveStatus(p, { now: T0, meter: 1200 }).due).toBe(true);
    expect(preventiveStatus(p, { now: T0 })).toMatchObject({ due: false, reason: 'no reading of C-301.STARTS yet' });
    const counter = plan({ kind: 'run_hours', everyHours: 100, sensor: 'M-201.HOURS' });
    expect(preventiveStatus(counter, { now: T0, meter: 40 })).toMatchObject({ due: false, progress: 0 });
    expect(preventiveStatus({ ...counter, meterAtLastDone: 40 }, { now: T0, meter: 140.5 }).due).toBe(true);
  });
});
