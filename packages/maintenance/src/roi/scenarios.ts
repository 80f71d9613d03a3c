/**
 * Conservative, expected and optimistic scenarios: the same case with the detection rate, the benefits and the
 * costs scaled by stated factors, and for each its cash flows, NPV, IRR and payback, all traced.
 */
import type { BusinessCaseInputs, RoiScenarioName, RoiScenarioResult, Traced } from '@prognos/core';
import { annualBenefits } from './benefits';
import { discountedPaybackYears, irr, npv, paybackYears } from './finance';
import { finite, input, type TraceInput, traced } from './trace';

export interface ScenarioFactors {
  name: RoiScenarioName;
  /** Scales the detection rate (the result is capped at 1). */
  detectionFactor: number;
  /** Scales every benefit line. */
  benefitFactor: number;
  /** Scales the implementation, running and false-alarm costs. */
  costFactor: number;
  note: string;
}

/**
 * The assumptions. Conservative: a quarter fewer failures caught, a fifth less benefit per catch and a fifth more
 * cost (projects overrun); optimistic: a tenth better on each. Expected takes the figures as given.
 */
export const SCENARIOS: readonly ScenarioFactors[] = [
  {
    name: 'conservative',
    detectionFactor: 0.75,
    benefitFactor: 0.8,
    costFactor: 1.2,
    note: 'a quarter fewer failures caught, a fifth less benefit, a fifth more cost',
  },
  { name: 'expected', detectionFactor: 1, benefitFactor: 1, costFactor: 1, note: 'the figures as given' },
  {
    name: 'optimistic',
    detectionFactor: 1.1,
    benefitFactor: 1.1,
    costFactor: 0.9,
    note: 'a tenth more failures caught (at most all), a tenth more benefit, a tenth less cost',
  },
];

/** The longest horizon computed; the API allows 30 years, this only keeps a wild input from building huge arrays. */
const MAX_YEARS = 100;

export function horizonYears(years: number): number {
  return Math.min(MAX_YEARS, Math.max(0, Math.round(finite(years))));
}

export function upfrontCost(inputs: BusinessCaseInputs): number {
  const i = inputs.implementation;
  return i.sensors + i.gateways + i.software + i.training + i.integration;
}

/** Year 0: −up-front cost × cost factor; years 1..N: annual net − running cost × cost factor. */
export function cashFlows(inputs: BusinessCaseInputs, annualNet: number, costFactor: number): number[] {
  const flows = [finite(-upfrontCost(inputs) * costFactor)];
  const yearly = finite(annualNet - inputs.implementation.annualRunning * costFactor);
  for (let t = 1; t <= horizonYears(inputs.years); t++) flows.push(yearly);
  return flows;
}

/** Detection rate and lead time a scenario starts from (the expected ones; the scenario scales the rate). */
export interface DetectionFigures {
  rate: number;
  leadTimeHours: number;
  source: string;
}

export function scenarioDetectionRate(base: number, factors: ScenarioFactors): number {
  return Math.min(1, Math.max(0, finite(base * factors.detectionFactor)));
}

/** Only the NPV of a scenario (the tornado needs nothing else, and computes it many times). */
export function scenarioNpv(inputs: BusinessCaseInputs, detection: DetectionFigures, factors: ScenarioFactors): number {
  const annual = annualBenefits(inputs.classes, benefitContext(inputs, detection, factors));
  return finite(npv(inputs.discountRate, cashFlows(inputs, annual.annualNet.value, factors.costFactor)));
}

function benefitContext(inputs: BusinessCaseInputs, detection: DetectionFigures, factors: ScenarioFactors) {
  return {
    currency: inputs.currency,
    detectionRate: scenarioDetectionRate(detection.rate, factors),
    leadTimeHours: detection.leadTimeHours,
    benefitFactor: factors.benefitFactor,
    costFactor: factors.costFactor,
    falseAlarmCost: inputs.falseAlarmCost,
    falseAlarmsPerAssetYear: inputs.falseAlarmsPerAssetYear,
    detectionSource: detection.source,
    scenario: factors.name,
  };
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10} %`;

export function computeScenario(
  inputs: BusinessCaseInputs,
  detection: DetectionFigures,
  factors: ScenarioFactors,
): RoiScenarioResult {
  const cur = inputs.currency;
  const ctx = benefitContext(inputs, detection, factors);
  const annual = annualBenefits(inputs.classes, ctx);
  const flows = cashFlows(inputs, annual.annualNet.value, factors.costFactor);
  const r = inputs.discountRate;
  const src = `scenario ${factors.name}`;
  const flowInputs: TraceInput[] = flows.map((cf, t) =>
    input(
      `cash flow year ${t}`,
      cf,
      cur,
      t === 0
        ? '−(sensors + gateways + software + training + integration) × cost factor'
        : 'annual net benefit − annual running cost × cost factor',
    ),
  );
  const impl = inputs.implementation;
  const costInputs: TraceInput[] = [
    input('sensors', impl.sensors, cur, 'implementation cost'),
    input('gateways', impl.gateways, cur, 'implementation cost'),
    input('software', impl.software, cur, 'implementation cost'),
    input('training', impl.training, cur, 'implementation cost'),
    input('integration', impl.integration, cur, 'implementation cost'),
    input('annual running cost', impl.annualRunning, `${cur}/yr`, 'implementation cost'),
    input('cost factor', factors.costFactor, '×', src),
    input('annual net benefit', annual.annualNet.value, `${cur}/yr`, annual.annualNet.formula),
    input('years', flows.length - 1, 'yr', 'business case input'),
  ];
  const rateInput = input('discount rate', r, 'fraction/yr', 'business case input');
  const npvFig = traced(
    'Net present value',
    npv(r, flows),
    cur,
    'Σ over t = 0..N of CF_t / (1 + discount rate)^t; CF_0 = −(sensors + gateways + software + training + integration) × cost factor; CF_t = annual net benefit − annual running cost × cost factor',
    [rateInput, ...costInputs, ...flowInputs],
  );
  const irrValue = irr(flows);
  const irrFig: Traced | undefined =
    irrValue === undefined
      ? undefined
      : traced(
          'Internal rate of return',
          irrValue,
          'fraction/yr',
          'the rate r at which Σ CF_t / (1 + r)^t = 0 (searched from −99 % to +1000 %; the root nearest 0 % if there are several)',
          flowInputs,
        );
  const pb = paybackYears(flows);
  const pbFig =
    pb === undefined
      ? undefined
      : traced(
          'Payback period',
          pb,
          'yr',
          'years until the cumulative cash flow reaches 0: (t − 1) + (still owed after year t − 1) / CF_t in the year t it turns ≥ 0',
          flowInputs,
        );
  const dpb = discountedPaybackYears(r, flows);
  const dpbFig =
    dpb === undefined
      ? undefined
      : traced(
          'Discounted payback period',
          dpb,
          'yr',
          'payback of the discounted cash flows CF_t / (1 + discount rate)^t, interpolated within the year',
          [rateInput, ...flowInputs],
        );
  const result: RoiScenarioResult = {
    name: factors.name,
    assumptions: [
      {
        name: 'detection factor',
        value: factors.detectionFactor,
        note: `detection rate × ${factors.detectionFactor} (capped at 100 %): ${pct(detection.rate)} → ${pct(ctx.detectionRate)}`,
      },
      { name: 'benefit factor', value: factors.benefitFactor, note: `every benefit line × ${factors.benefitFactor}` },
      {
        name: 'cost factor',
        value: factors.costFactor,
        note: `implementation, running and false-alarm costs × ${factors.costFactor}; ${factors.note}`,
      },
    ],
    benefits: annual.benefits,
    byClass: annual.byClass,
    annualDirect: annual.annualDirect,
    annualIndirect: annual.annualIndirect,
    annualNet: annual.annualNet,
    cashFlows: flows,
    npv: npvFig,
  };
  // optional fields are left out rather than set to undefined, so the JSON has no empty keys
  if (irrFig) result.irr = irrFig;
  if (pbFig) result.paybackYears = pbFig;
  if (dpbFig) result.discountedPaybackYears = dpbFig;
  return result;
}
