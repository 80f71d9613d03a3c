import { describe, expect, it } from 'vitest';
import { assessRisk } from './assess-risk';

const NOW = Date.UTC(2026, 11, 7, 8, 0);
const H = 3_600_000;

describe('assessRisk', () => {
  it('without a RUL: value = P × cost/h × repair h × 3 × weight, due by priority', () => {
    const r = assessRisk({
      now: NOW,
      failureProbability: 0.4,
      downtimeCostPerHour: 2000,
      criticality: 'B',
      repairHours: 6,
    });
    // 2,000/h × 6 h × 3 = 36,000; × 0.4 × 1 = 14,400 ≥ 10,000 → high, due in 3 days.
    expect(r.consequence).toBe(36_000);
    expect(r.value).toBeCloseTo(14_400, 6);
    expect(r.priority).toBe('high');
    expect(r.dueAt).toBe(NOW + 72 * H);
    expect(r.reason).toContain('P(failure) 0.40 × consequence 36,000');
    expect(r.reason).toContain('= risk 14,400 → high');
    expect(r.reason).toContain('No RUL: due within 3 days');
  });

  it('a RUL shorter than the repair makes it urgent and due now, whatever the value', () => {
    const r = assessRisk({
      now: NOW,
      failureProbability: 0.1,
      downtimeCostPerHour: 500,
      criticality: 'C',
      repairHours: 6,
      rulHours: 10,
      rulLowerHours: 4,
    });
    // 500 × 6 × 3 = 9,000; × 0.1 × 0.5 = 450 → low by value, but 4 h of RUL leaves no time.
    expect(r.value).toBeCloseTo(450, 6);
    expect(r.priority).toBe('urgent');
    expect(r.dueAt).toBe(NOW);
    expect(r.reason).toContain('Due now: RUL lower bound 4 h leaves no time for 6 h repair');
  });

  it('due before the RUL lower bound less repair, parts and margin', () => {
    const r = assessRisk({
      now: NOW,
      failureProbability: 0.2,
      downtimeCostPerHour: 1000,
      criticality: 'B',
      repairHours: 8,
      rulLowerHours: 200,
      partsLeadTimeHours: 24,
    });
    // Consequence 1,000 × (8 × 3 + 24 waiting for parts) = 48,000; value 9,600 → medium; RUL 200 h → medium too.
    expect(r.consequence).toBe(48_000);
    expect(r.value).toBeCloseTo(9_600, 6);
    expect(r.priority).toBe('medium');
    // 200 − 8 − 24 − 24 = 144 h.
    expect(r.dueAt).toBe(NOW + 144 * H);
    expect(r.reason).toContain('+ 24 h waiting for parts');
    expect(r.reason).toContain('Due in 144 h: RUL lower bound 200 h − 8 h repair − 24 h parts − 24 h margin');
  });

  it('assumes a default downtime cost when the asset has none, and says so', () => {
    const r = assessRisk({
      now: NOW,
      failureProbability: 0.5,
      criticality: 'A',
      repairHours: 2,
      partsLeadTimeHours: 48,
    });
    // 1,000/h × (2 × 3 + 48) = 54,000; × 0.5 × 2 = 54,000 ≥ 50,000 → urgent, due in 1 day.
    expect(r.consequence).toBe(54_000);
    expect(r.value).toBeCloseTo(54_000, 6);
    expect(r.priority).toBe('urgent');
    expect(r.dueAt).toBe(NOW + 24 * H);
    expect(r.reason).toContain('assumed: the asset has no downtime cost set');
  });

  it('a short RUL raises the priority; a RUL without a lower bound is used as one', () => {
    const r = assessRisk({
      now: NOW,
      failureProbability: 0.05,
      downtimeCostPerHour: 100,
      criticality: 'B',
      repairHours: 2,
      rulHours: 30,
    });
    // Value 0.05 × 600 = 30 → low; RUL 30 h < 72 h → high; due 30 − 2 − 24 = 4 h.
    expect(r.priority).toBe('high');
    expect(r.dueAt).toBe(NOW + 4 * H);
    expect(r.reason).toContain('RUL (no lower bound) 30 h raises it to high');
  });

  it('clamps nonsense inputs instead of throwing', () => {
    const r = assessRisk({
      now: NOW,
      failureProbability: 1.7,
      downtimeCostPerHour: 100,
      criticality: 'C',
      repairHours: -3,
    });
    expect(r.value).toBe(0);
    expect(r.priority).toBe('low');
    expect(r.dueAt).toBe(NOW + 30 * 24 * H);
    const nan = assessRisk({ now: NOW, failureProbability: Number.NaN, criticality: 'B', repairHours: 4 });
    expect(nan.value).toBe(0);
    expect(nan.consequence).toBe(12_000);
  });
});
