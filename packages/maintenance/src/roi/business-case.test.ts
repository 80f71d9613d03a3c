import type { BusinessCaseInputs } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DOWNTIME_COST_PER_HOUR } from '../risk/assess-risk';
import { computeBusinessCase, defaultBusinessCaseInputs } from './index';
import { caseInputs, detection, nonFinite, pumpClass, tracedFigures } from './test-fixtures';

const NOW = Date.UTC(2026, 11, 7);

describe('computeBusinessCase', () => {
  const result = computeBusinessCase(caseInputs(), detection(), NOW);

  it('returns three scenarios in order, the tornado and the detection basis', () => {
    expect(result.scenarios.map((s) => s.name)).toEqual(['conservative', 'expected', 'optimistic']);
    expect(result.scenarios[1]?.npv.value).toBeCloseTo(2434.26, 2);
    expect(result.tornado.length).toBeGreaterThan(10);
    expect(result.detection).toMatchObject({ source: 'input', rate: { value: 0.8 }, leadTimeHours: { value: 12 } });
    expect(result.computedAt).toBe(NOW);
    expect(result.inputs.classes[0]?.assetType).toBe('centrifugal_pump');
  });

  it('traces every figure: a label, a formula and at least one input, each finite', () => {
    const figures = tracedFigures(result);
    // per scenario: 8 lines + 8 class lines + 1 class total + direct, indirect, net + NPV, IRR, payback,
    // discounted payback (the conservative case here never pays back: 2 fewer) + the 2 detection figures = 72
    expect(figures).toHaveLength(3 * 24 - 2 + 2);
    for (const { path, figure } of figures) {
      expect(figure.formula.trim(), path).not.toBe('');
      expect(figure.label.trim(), path).not.toBe('');
      expect(figure.unit.trim(), path).not.toBe('');
      expect(figure.inputs.length, path).toBeGreaterThan(0);
      expect(Number.isFinite(figure.value), path).toBe(true);
      for (const i of figure.inputs) {
        expect(i.name.trim(), path).not.toBe('');
        expect(i.source.trim(), path).not.toBe('');
      }
    }
  });

  it('survives a JSON round trip unchanged (no NaN, no Infinity)', () => {
    expect(nonFinite(result)).toEqual([]);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  const edges: [string, BusinessCaseInputs, number, number][] = [
    ['no assets', caseInputs({ classes: [pumpClass({ assets: 0 })] }), 0.8, 12],
    ['no failures', caseInputs({ classes: [pumpClass({ failuresPerYear: 0 })] }), 0.8, 12],
    ['no asset classes', caseInputs({ classes: [] }), 0.8, 12],
    ['one year', caseInputs({ years: 1 }), 0.8, 12],
    ['zero years', caseInputs({ years: 0 }), 0.8, 12],
    ['zero discount rate', caseInputs({ discountRate: 0 }), 0.8, 12],
    ['no detection, no lead time', caseInputs(), 0, 0],
    [
      'nothing at all',
      caseInputs({
        classes: [pumpClass({ assets: 0, failuresPerYear: 0 })],
        implementation: { sensors: 0, gateways: 0, software: 0, training: 0, integration: 0, annualRunning: 0 },
        falseAlarmCost: 0,
        falseAlarmsPerAssetYear: 0,
      }),
      0,
      0,
    ],
    [
      'NaN and Infinity in the inputs',
      caseInputs({
        classes: [pumpClass({ failuresPerYear: Number.NaN, downtimeCostPerHour: Number.POSITIVE_INFINITY })],
        years: Number.NaN,
        falseAlarmCost: Number.NEGATIVE_INFINITY,
      }),
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ],
    ['huge figures', caseInputs({ classes: [pumpClass({ assets: 1e300, downtimeCostPerHour: 1e300 })] }), 1, 1e300],
  ];
  for (const [name, inputs, rate, lead] of edges) {
    it(`keeps every output finite and traced: ${name}`, () => {
      const r = computeBusinessCase(inputs, detection(rate, lead), NOW);
      expect(nonFinite(r)).toEqual([]);
      expect(r.scenarios).toHaveLength(3);
      for (const s of r.scenarios) expect(s.cashFlows.length).toBe(r.inputs.years + 1);
      for (const { figure } of tracedFigures(r)) {
        expect(figure.formula).not.toBe('');
        expect(figure.inputs.length).toBeGreaterThan(0);
      }
    });
  }

  it('has one year of cash flow and a finite case for a one-year horizon', () => {
    const r = computeBusinessCase(caseInputs({ years: 1 }), detection(), NOW);
    // −10 000 then 5000: no payback in one year, IRR = 5000/10 000 − 1 = −50 %
    const e = r.scenarios[1];
    expect(e?.cashFlows).toEqual([-10000, 5000]);
    expect(e?.paybackYears).toBeUndefined();
    expect(e?.irr?.value).toBeCloseTo(-0.5, 9);
  });

  it('clamps the detection rate it is given to 0..1', () => {
    const r = computeBusinessCase(caseInputs(), detection(1.7, -3), NOW);
    expect(r.detection.rate.value).toBe(1);
    expect(r.detection.leadTimeHours.value).toBe(0);
  });

  it('rejects a discount rate of −100 % with a coded error', () => {
    expect(() => computeBusinessCase(caseInputs({ discountRate: -1 }), detection(), NOW)).toThrow(/discountRate/);
  });
});

describe('defaultBusinessCaseInputs', () => {
  const assets = [
    { type: 'centrifugal_pump', downtimeCostPerHour: 2000 },
    { type: 'centrifugal_pump', downtimeCostPerHour: 4000 },
    { type: 'centrifugal_pump' },
    { type: 'gearbox' },
    { type: 'conveyor' },
  ];
  const inputs = defaultBusinessCaseInputs(assets);

  it('makes one class per asset type with the registry count and downtime cost', () => {
    expect(inputs.currency).toBe('EUR');
    expect(inputs.classes.map((c) => [c.assetType, c.assets])).toEqual([
      ['centrifugal_pump', 3],
      ['gearbox', 1],
      ['conveyor', 1],
    ]);
    // mean of the assets that have a figure: (2000 + 4000) / 2
    expect(inputs.classes[0]?.downtimeCostPerHour).toBe(3000);
    expect(inputs.classes[1]?.downtimeCostPerHour).toBe(DEFAULT_DOWNTIME_COST_PER_HOUR);
    // spare parts scale with the number of assets
    expect(inputs.classes[0]?.sparesInventoryValue).toBe(3 * 5000);
  });

  it('uses typical figures per known class and a generic fallback', () => {
    const pump = inputs.classes[0];
    const gearbox = inputs.classes[1];
    const other = inputs.classes[2];
    expect(pump?.failuresPerYear).not.toBe(gearbox?.failuresPerYear);
    expect(other?.failuresPerYear).toBeGreaterThan(0);
    for (const c of inputs.classes) {
      expect(c.emergencyRepairCost).toBeGreaterThan(c.plannedRepairCost);
      expect(c.mttrUnplannedHours).toBeGreaterThan(c.mttrPlannedHours);
      for (const share of [c.pmReduction, c.carryingRate, c.sparesReduction, c.energySavingShare]) {
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(1);
      }
    }
    for (const type of ['induction_motor', 'air_compressor', 'fan', 'cnc_spindle']) {
      expect(defaultBusinessCaseInputs([{ type }]).classes[0]?.assetType).toBe(type);
    }
  });

  it('sizes the implementation on the number of assets', () => {
    // 5 assets: sensors 5 × 1200; one gateway per 20 assets ⇒ 1 × 1500; running 150 × 5 + 8000
    expect(inputs.implementation).toMatchObject({ sensors: 6000, gateways: 1500, annualRunning: 8750 });
    expect(inputs.years).toBe(5);
    expect(inputs.discountRate).toBe(0.08);
    expect(inputs.detectionRate).toBeUndefined();
    expect(defaultBusinessCaseInputs([], 'USD')).toMatchObject({ currency: 'USD', classes: [] });
  });

  it('feeds a finite business case, better with more assets', () => {
    // the server's benchmark figures (SKAB recall, alerts-bench median lead time)
    const basis = detection(0.8, 57.9);
    const small = computeBusinessCase(inputs, basis, NOW);
    expect(nonFinite(small)).toEqual([]);
    const many = Array.from({ length: 60 }, (_, i) => ({
      type: ['centrifugal_pump', 'gearbox', 'fan'][i % 3] as string,
    }));
    const big = computeBusinessCase(defaultBusinessCaseInputs(many), basis, NOW);
    expect(big.scenarios[1]?.npv.value).toBeGreaterThan(small.scenarios[1]?.npv.value as number);
  });
});
