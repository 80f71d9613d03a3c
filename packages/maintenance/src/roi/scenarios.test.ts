import { describe, expect, it } from 'vitest';
import { computeScenario, SCENARIOS } from './scenarios';
import { caseInputs, pumpClass } from './test-fixtures';

const byName = (name: string) => SCENARIOS.find((s) => s.name === name) as (typeof SCENARIOS)[number];
const det = { rate: 0.8, leadTimeHours: 12, source: 'input' };

describe('computeScenario', () => {
  it('builds the expected cash flows, NPV, IRR and payback by hand', () => {
    const s = computeScenario(caseInputs(), det, byName('expected'));
    // annual net 5700 (benefits.test.ts); year 0 = −(4000 + 1000 + 3000 + 1000 + 1000) = −10 000;
    // years 1..3 = 5700 − 700 running = 5000
    expect(s.cashFlows).toEqual([-10000, 5000, 5000, 5000]);
    // NPV = −10 000 + 5000 × (1/1.1 + 1/1.21 + 1/1.331) = −10 000 + 5000 × 2.486852 = 2434.26
    expect(s.npv.value).toBeCloseTo(2434.26, 2);
    // 5000 × annuity factor 2 = 10 000 ⇒ IRR ≈ 23.3752 %
    expect(s.irr?.value).toBeCloseTo(0.233752, 6);
    // cumulative −10 000, −5000, 0 ⇒ payback 2 years
    expect(s.paybackYears?.value).toBe(2);
    // discounted: −10 000, 4545.45, 4132.23, 3756.57 ⇒ cumulative −5454.55, −1322.31, +2434.26
    // ⇒ 2 + 1322.31 / 3756.57 = 2.3520
    expect(s.discountedPaybackYears?.value).toBeCloseTo(2.352, 4);
    expect(s.irr?.inputs.map((i) => i.value)).toEqual([-10000, 5000, 5000, 5000]);
    expect(s.npv.inputs.find((i) => i.name === 'discount rate')?.value).toBe(0.1);
  });

  it('applies the conservative assumptions', () => {
    const s = computeScenario(caseInputs(), det, byName('conservative'));
    // detection 0.8 × 0.75 = 0.6, effective 0.3, caught 0.3/yr; benefits × 0.8:
    // downtime 0.3 × 6 × 1000 × 0.8 = 1440, repair 0.3 × 3000 × 0.8 = 720, PM 800, spares 400,
    // scrap 0.3 × 500 × 0.8 = 120, energy 160, safety 2 × 0.1 × 0.3 × 10 000 × 0.8 = 480, false alarms −600 × 1.2 = −720
    // net = 3400; year 0 = −10 000 × 1.2 = −12 000; years = 3400 − 700 × 1.2 = 2560
    expect(s.annualNet.value).toBeCloseTo(3400, 9);
    expect(s.cashFlows[0]).toBeCloseTo(-12000, 9);
    expect(s.cashFlows[1]).toBeCloseTo(2560, 9);
    // cumulative never reaches 0 in 3 years (−12 000 + 3 × 2560 = −4320): no payback
    expect(s.paybackYears).toBeUndefined();
    expect(s.discountedPaybackYears).toBeUndefined();
    expect(s.assumptions.map((a) => [a.name, a.value])).toEqual([
      ['detection factor', 0.75],
      ['benefit factor', 0.8],
      ['cost factor', 1.2],
    ]);
  });

  it('applies the optimistic assumptions, detection capped at 100 %', () => {
    const s = computeScenario(caseInputs(), det, byName('optimistic'));
    // detection 0.88, effective 0.44; benefits × 1.1: downtime 2904, repair 1452, PM 1100, spares 550, scrap 242,
    // energy 220, safety 968, false alarms −600 × 0.9 = −540 ⇒ net 6896; years = 6896 − 630 = 6266
    expect(s.annualNet.value).toBeCloseTo(6896, 9);
    expect(s.cashFlows).toHaveLength(4);
    expect(s.cashFlows[0]).toBeCloseTo(-9000, 9);
    expect(s.cashFlows[3]).toBeCloseTo(6266, 9);
    const capped = computeScenario(caseInputs(), { ...det, rate: 0.95 }, byName('optimistic'));
    const rate = capped.benefits[0]?.byClass?.[0]?.annual.inputs.find((i) => i.name === 'detection rate');
    expect(rate?.value).toBe(1);
  });

  it('orders the scenarios: conservative ≤ expected ≤ optimistic', () => {
    const cases = [
      caseInputs(),
      caseInputs({ years: 10, discountRate: 0.05 }),
      caseInputs({ classes: [pumpClass({ assets: 40 }), pumpClass({ assetType: 'fan', failuresPerYear: 2 })] }),
      caseInputs({ discountRate: 0 }),
    ];
    for (const inputs of cases) {
      const [c, e, o] = SCENARIOS.map((f) => computeScenario(inputs, det, f).npv.value) as [number, number, number];
      expect(c).toBeLessThanOrEqual(e);
      expect(e).toBeLessThanOrEqual(o);
    }
  });

  it('has no IRR and no payback when the case never earns its cost', () => {
    // no failures, no PM, no spares, no energy, no safety incidents: only costs remain, every year negative
    const dead = pumpClass({
      failuresPerYear: 0,
      pmTasksPerYear: 0,
      sparesInventoryValue: 0,
      energyCostPerYear: 0,
      safetyIncidentsPerYear: 0,
    });
    const s = computeScenario(caseInputs({ classes: [dead] }), det, byName('expected'));
    // year 0 −10 000; years: −600 false alarms − 700 running = −1300
    expect(s.cashFlows).toEqual([-10000, -1300, -1300, -1300]);
    expect(s.irr).toBeUndefined();
    expect(s.paybackYears).toBeUndefined();
    expect(s.npv.value).toBeLessThan(0);
  });

  it('is the plain sum of the cash flows at a zero discount rate', () => {
    const s = computeScenario(caseInputs({ discountRate: 0 }), det, byName('expected'));
    // −10 000 + 3 × 5000 = 5000; discounted payback = simple payback = 2
    expect(s.npv.value).toBeCloseTo(5000, 9);
    expect(s.discountedPaybackYears?.value).toBe(2);
  });
});
