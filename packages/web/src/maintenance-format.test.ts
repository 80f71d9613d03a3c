import type { ProcedureStep, WorkOrder } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import {
  byPriorityThenDue,
  dueVsRul,
  fmtDue,
  fmtExpected,
  fmtPrecision,
  latestResults,
  readingCheck,
  stepLock,
} from './maintenance-format';

const wo = (id: string, priority: WorkOrder['priority'], dueAt?: number, createdAt = 0): WorkOrder => ({
  id,
  assetId: 'P-101',
  title: id,
  description: '',
  status: 'open',
  priority,
  createdAt,
  dueAt,
});

describe('maintenance display rules', () => {
  it('sorts work orders by priority, then due date (undated last), then age', () => {
    const list = [
      wo('a', 'low', 1),
      wo('b', 'urgent', 500),
      wo('c', 'urgent', 100),
      wo('d', 'high'),
      wo('e', 'high', 9),
    ];
    expect(list.sort(byPriorityThenDue).map((w) => w.id)).toEqual(['c', 'b', 'e', 'd', 'a']);
  });

  it('tells the due date relative to now and to the RUL lower bound', () => {
    expect(fmtDue(undefined, 0)).toBe('no due date');
    expect(fmtDue(3_600_000, 0)).toBe('due in 1 h 00 min');
    expect(fmtDue(0, 120_000)).toBe('overdue by 2 min');
    expect(fmtDue(1_000, 20_000)).toBe('due now');
    const rul = {
      method: 'health-trend' as const,
      ts: 0,
      hours: 10,
      lowerHours: 4,
      upperHours: 20,
      failureProbability: 0.3,
      horizonHours: 24,
      threshold: 20,
    };
    expect(dueVsRul(3_600_000, rul)).toBe('3 h 00 min before the earliest predicted failure');
    expect(dueVsRul(5 * 3_600_000, rul)).toBe('1 h 00 min after the earliest predicted failure');
    expect(dueVsRul(undefined, rul)).toBeUndefined();
  });

  it('judges a reading against the expected range', () => {
    const e = { quantity: 'DE vibration', unit: 'mm/s', max: 2.8 };
    expect(readingCheck(e, 2.1)).toBe('in');
    expect(readingCheck(e, 3)).toBe('out');
    expect(readingCheck({ ...e, min: 1 }, 0.5)).toBe('out');
    expect(readingCheck(e, undefined)).toBeUndefined();
    expect(readingCheck(undefined, 1)).toBeUndefined();
    expect(fmtExpected(e)).toBe('DE vibration: at most 2.8 mm/s');
    expect(fmtExpected({ ...e, min: 1 })).toBe('DE vibration: between 1 and 2.8 mm/s');
  });

  it('locks every step until the safety steps before it are done', () => {
    const proc: ProcedureStep[] = [
      { text: 'Lock out', safety: true },
      { text: 'Inspect' },
      { text: 'Verify', safety: true },
    ];
    expect(stepLock(proc, new Set(), 0)).toBeUndefined();
    expect(stepLock(proc, new Set(), 1)).toBe('Complete safety step 1 first');
    expect(stepLock(proc, new Set([0]), 1)).toBeUndefined();
    expect(stepLock(proc, new Set([0]), 2)).toBeUndefined();
    expect(stepLock(proc, new Set(), 2)).toBe('Complete safety step 1 first');
  });

  it('keeps the latest result of each step', () => {
    const m = latestResults([
      { step: 0, done: true, at: 1, by: 'x' },
      { step: 0, done: false, at: 2, by: 'x' },
      { step: 1, done: true, at: 1, by: 'x' },
    ]);
    expect(m.get(0)?.done).toBe(false);
    expect(m.get(1)?.done).toBe(true);
  });

  it('shows precision as a percentage or a dash', () => {
    expect(fmtPrecision(undefined)).toBe('—');
    expect(fmtPrecision(1)).toBe('100 %');
    expect(fmtPrecision(2 / 3)).toBe('67 %');
  });
});
