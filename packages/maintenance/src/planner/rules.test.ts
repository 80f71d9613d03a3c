import { describe, expect, it } from 'vitest';
import { jobCost, LATE_FACTOR, unplannedFinish } from './cost';
import { dayOf, needsStop, nextDayStart, riskRates } from './rules';
import { at, caseOf, order, shift, T0 } from './test-fixtures';

describe('planning rules', () => {
  it('stops the asset for predictive and corrective work unless the order says otherwise', () => {
    expect(needsStop(order('p', { type: 'predictive' }))).toBe(true);
    expect(needsStop(order('c', { type: 'corrective' }))).toBe(true);
    expect(needsStop(order('v', { type: 'preventive' }))).toBe(false);
    expect(needsStop(order('v', { type: 'preventive', needsStop: true }))).toBe(true);
    expect(needsStop(order('p', { type: 'predictive', needsStop: false }))).toBe(false);
  });

  it('reads risk.value as risk per day, and rates an order without one from the others by priority', () => {
    const input = caseOf({
      workOrders: [
        order('a', { risk: { failureProbability: 0.1, consequence: 1, criticality: 'A', value: 48, reason: '' } }),
        order('b', { risk: { failureProbability: 0.1, consequence: 1, criticality: 'A', value: 96, reason: '' } }),
        order('c', { risk: { failureProbability: 0.1, consequence: 1, criticality: 'A', value: 240, reason: '' } }),
        order('none', { risk: undefined, priority: 'urgent' }),
        order('given', { risk: undefined }),
        order('closed', { status: 'cancelled' }),
      ],
      riskPerHour: { given: 7 },
    });
    const r = riskRates(input);
    expect(r.get('a')).toBe(2);
    expect(r.get('none')).toBe((96 * 4) / 24); // median 96, urgent = 4 × medium
    expect(r.get('given')).toBe(7);
    expect(r.has('closed')).toBe(false);
  });

  it('charges waiting hours, late hours ten times over, and an unplanned order up to the next period', () => {
    const input = caseOf({ windows: [shift('mon', 6, 14), shift('fri', 100, 108)] });
    expect(jobCost(input, 2, at(10), at(8))).toBe(16);
    expect(jobCost(input, 2, at(10), at(12))).toBe(2 * (12 + LATE_FACTOR * 2));
    expect(unplannedFinish(input)).toBe(at(216));
  });

  it('counts days in plant local time', () => {
    const input = caseOf({ utcOffsetMinutes: 120 });
    // 23:00 UTC on Monday is 01:00 on Tuesday at UTC+2.
    expect(dayOf(input, at(23))).toBe(dayOf(input, at(24)));
    expect(dayOf(input, at(21))).toBe(dayOf(input, T0));
    expect(nextDayStart(input, at(12))).toBe(at(22));
  });
});
