import { describe, expect, it } from 'vitest';
import { annualBenefits, type BenefitContext, classLines, PLANNING_HOURS, plannableShare } from './benefits';
import { pumpClass } from './test-fixtures';

const ctx = (over: Partial<BenefitContext> = {}): BenefitContext => ({
  currency: 'EUR',
  detectionRate: 0.8,
  leadTimeHours: 12,
  benefitFactor: 1,
  costFactor: 1,
  falseAlarmCost: 300,
  falseAlarmsPerAssetYear: 1,
  detectionSource: 'input',
  scenario: 'expected',
  ...over,
});

const lineValues = (lines: { key: string; annual: { value: number } }[]) =>
  Object.fromEntries(lines.map((l) => [l.key, l.annual.value]));

describe('plannableShare', () => {
  it('is lead time over a day of planning, at most 1', () => {
    expect(PLANNING_HOURS).toBe(24);
    expect(plannableShare(0)).toBe(0);
    expect(plannableShare(12)).toBe(0.5);
    expect(plannableShare(24)).toBe(1);
    expect(plannableShare(500)).toBe(1);
    expect(plannableShare(-5)).toBe(0);
  });
});

describe('classLines', () => {
  it('computes each line of a small class by hand', () => {
    // effective detection = 0.8 × min(1, 12/24) = 0.4; caught failures = 2 assets × 0.5/yr × 0.4 = 0.4 a year
    const v = lineValues(classLines(pumpClass(), ctx()));
    // downtime: 0.4 × (10 − 4) h × 1000/h = 2400
    expect(v.downtime).toBeCloseTo(2400, 9);
    // repair: 0.4 × (5000 − 2000) = 1200
    expect(v.repair).toBeCloseTo(1200, 9);
    // PM: 2 assets × 4 tasks × 250 × 0.5 = 1000 (does not depend on detection)
    expect(v.pm).toBeCloseTo(1000, 9);
    // spares: 10 000 held for the class × 0.25 released × 0.2 carrying rate = 500
    expect(v.spares).toBeCloseTo(500, 9);
    // scrap: 0.4 × 500 = 200
    expect(v.scrap).toBeCloseTo(200, 9);
    // energy: 2 assets × 1000/yr × 0.1 = 200
    expect(v.energy).toBeCloseTo(200, 9);
    // safety: 2 assets × 0.1 incidents/yr × 0.4 × 10 000 = 800
    expect(v.safety).toBeCloseTo(800, 9);
    // false alarms: −(2 assets × 1 a year × 300) = −600
    expect(v.false_alarms).toBeCloseTo(-600, 9);
  });

  it('scales benefits by the benefit factor and the false-alarm cost by the cost factor', () => {
    const v = lineValues(classLines(pumpClass(), ctx({ benefitFactor: 0.8, costFactor: 1.2 })));
    // downtime 2400 × 0.8 = 1920; PM 1000 × 0.8 = 800; false alarms −600 × 1.2 = −720
    expect(v.downtime).toBeCloseTo(1920, 9);
    expect(v.pm).toBeCloseTo(800, 9);
    expect(v.false_alarms).toBeCloseTo(-720, 9);
  });

  it('gives no failure-based benefit without lead time, but keeps PM, spares and energy', () => {
    const v = lineValues(classLines(pumpClass(), ctx({ leadTimeHours: 0 })));
    expect(v.downtime).toBe(0);
    expect(v.repair).toBe(0);
    expect(v.scrap).toBe(0);
    expect(v.safety).toBe(0);
    expect(v.pm).toBeCloseTo(1000, 9);
    expect(v.spares).toBeCloseTo(500, 9);
    expect(v.energy).toBeCloseTo(200, 9);
  });

  it('traces the lead-time rule and the class as the source of its inputs', () => {
    const downtime = classLines(pumpClass(), ctx()).find((l) => l.key === 'downtime')?.annual;
    expect(downtime?.formula).toContain('min(1, lead time / 24 h)');
    const byName = Object.fromEntries((downtime?.inputs ?? []).map((i) => [i.name, i]));
    expect(byName['plannable share']?.value).toBe(0.5);
    expect(byName['effective detection']?.value).toBeCloseTo(0.4, 12);
    expect(byName['MTTR unplanned']).toMatchObject({ value: 10, unit: 'h', source: 'business case: centrifugal_pump' });
    expect(byName['downtime cost per hour']).toMatchObject({ value: 1000, unit: 'EUR/h' });
  });
});

describe('annualBenefits', () => {
  it('totals direct, indirect and net by hand', () => {
    const a = annualBenefits([pumpClass()], ctx());
    // direct = downtime 2400 + repair 1200 + PM 1000 + spares 500 = 5100
    expect(a.annualDirect.value).toBeCloseTo(5100, 9);
    // indirect = scrap 200 + energy 200 + safety 800 = 1200
    expect(a.annualIndirect.value).toBeCloseTo(1200, 9);
    // net = 5100 + 1200 − 600 false alarms = 5700
    expect(a.annualNet.value).toBeCloseTo(5700, 9);
    expect(a.benefits.map((b) => [b.key, b.kind])).toEqual([
      ['downtime', 'direct'],
      ['repair', 'direct'],
      ['pm', 'direct'],
      ['spares', 'direct'],
      ['scrap', 'indirect'],
      ['energy', 'indirect'],
      ['safety', 'indirect'],
      ['false_alarms', 'cost'],
    ]);
    expect(a.byClass).toHaveLength(1);
    expect(a.byClass[0]?.annual.value).toBeCloseTo(5700, 9);
  });

  it('adds the classes up line by line, and each line lists the classes as its inputs', () => {
    // a gearbox class with one asset: caught = 1 × 0.5 × 0.4 = 0.2; downtime 0.2 × 6 h × 2000/h = 2400
    const gearbox = pumpClass({ assetType: 'gearbox', assets: 1, downtimeCostPerHour: 2000 });
    const a = annualBenefits([pumpClass(), gearbox], ctx());
    const downtime = a.benefits.find((b) => b.key === 'downtime');
    expect(downtime?.annual.value).toBeCloseTo(2400 + 2400, 9);
    expect(downtime?.annual.inputs.map((i) => i.name)).toEqual(['centrifugal_pump', 'gearbox']);
    expect(downtime?.byClass?.map((c) => c.assetType)).toEqual(['centrifugal_pump', 'gearbox']);
    const classSum = a.byClass.reduce((s, c) => s + c.annual.value, 0);
    expect(classSum).toBeCloseTo(a.annualNet.value, 9);
    const lineSum = a.benefits.reduce((s, b) => s + b.annual.value, 0);
    expect(lineSum).toBeCloseTo(a.annualNet.value, 9);
  });

  it('is all zero with no classes, each total still traced', () => {
    const a = annualBenefits([], ctx());
    expect(a.annualNet.value).toBe(0);
    expect(a.benefits.every((b) => b.annual.value === 0 && b.annual.inputs.length > 0)).toBe(true);
    expect(a.byClass).toEqual([]);
  });
});
