/**
 * The business case, pure: net present value, internal rate of return, payback, annual benefits by line and asset
 * class, scenarios and the sensitivity (tornado) — every figure traced to its formula and inputs.
 */
import type { AssetClassInputs, BusinessCaseInputs, BusinessCaseResult, Traced } from '@prognos/core';
import { computeScenario, horizonYears, SCENARIOS } from './scenarios';
import { tornado } from './tornado';
import { clamp01, finite, finiteTraced, num } from './trace';

/** Detection figures the case uses, with where they came from. */
export interface DetectionBasis {
  rate: Traced;
  leadTimeHours: Traced;
  source: 'input' | 'ledger' | 'benchmark';
}

const CLASS_NUMBERS = [
  'assets',
  'failuresPerYear',
  'mttrUnplannedHours',
  'mttrPlannedHours',
  'downtimeCostPerHour',
  'emergencyRepairCost',
  'plannedRepairCost',
  'pmTasksPerYear',
  'pmTaskCost',
  'pmReduction',
  'sparesInventoryValue',
  'carryingRate',
  'sparesReduction',
  'scrapCostPerFailure',
  'energyCostPerYear',
  'energySavingShare',
  'safetyIncidentsPerYear',
  'safetyIncidentCost',
] as const satisfies readonly (keyof AssetClassInputs)[];

/**
 * The inputs with every number finite (NaN, Infinity or a missing field count as 0) and the horizon a whole number
 * of years. The server validates ranges; this only keeps a stray NaN from spreading into every figure.
 */
function finiteInputs(inputs: BusinessCaseInputs): BusinessCaseInputs {
  const classes = (inputs.classes ?? []).map((c) => {
    const out = { ...c, assetType: String(c.assetType ?? '') };
    for (const k of CLASS_NUMBERS) out[k] = num(c[k]);
    return out;
  });
  const i = inputs.implementation ?? ({} as BusinessCaseInputs['implementation']);
  const out: BusinessCaseInputs = {
    ...inputs,
    currency: String(inputs.currency ?? ''),
    classes,
    implementation: {
      sensors: num(i.sensors),
      gateways: num(i.gateways),
      software: num(i.software),
      training: num(i.training),
      integration: num(i.integration),
      annualRunning: num(i.annualRunning),
    },
    discountRate: num(inputs.discountRate),
    years: horizonYears(num(inputs.years)),
    falseAlarmCost: num(inputs.falseAlarmCost),
    falseAlarmsPerAssetYear: num(inputs.falseAlarmsPerAssetYear),
  };
  if (inputs.detectionRate !== undefined) out.detectionRate = num(inputs.detectionRate);
  if (inputs.leadTimeHours !== undefined) out.leadTimeHours = num(inputs.leadTimeHours);
  return out;
}

/**
 * The business case: three scenarios (conservative, expected, optimistic) and the tornado around the expected one.
 * `detection` is the detection rate and lead time to use (from the inputs, the plant's ledger or benchmarks: the
 * caller decides); `now` stamps the result. A discount rate of −100 % or less throws a coded BAD_REQUEST.
 */
export function computeBusinessCase(
  inputs: BusinessCaseInputs,
  detection: DetectionBasis,
  now: number,
): BusinessCaseResult {
  const clean = finiteInputs(inputs);
  const rate = finiteTraced(detection.rate, clamp01(num(detection.rate.value)));
  const lead = finiteTraced(detection.leadTimeHours, Math.max(0, num(detection.leadTimeHours.value)));
  const figures = { rate: rate.value, leadTimeHours: lead.value, source: detection.source };
  return {
    inputs: clean,
    detection: { rate, leadTimeHours: lead, source: detection.source },
    scenarios: SCENARIOS.map((s) => computeScenario(clean, figures, s)),
    tornado: tornado(clean, figures),
    computedAt: finite(now),
  };
}

export { defaultBusinessCaseInputs } from './defaults';
export { discountedPaybackYears, irr, npv, paybackYears } from './finance';
