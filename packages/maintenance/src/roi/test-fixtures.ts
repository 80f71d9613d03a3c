import type { AssetClassInputs, BusinessCaseInputs, Traced } from '@prognos/core';
import type { DetectionBasis } from './index';

/**
 * One small class whose benefits are easy to work out by hand (see benefits.test.ts):
 * 2 assets, 0.5 failures a year each, MTTR 10 h unplanned / 4 h planned, downtime 1000/h.
 */
export function pumpClass(over: Partial<AssetClassInputs> = {}): AssetClassInputs {
  return {
    assetType: 'centrifugal_pump',
    assets: 2,
    failuresPerYear: 0.5,
    mttrUnplannedHours: 10,
    mttrPlannedHours: 4,
    downtimeCostPerHour: 1000,
    emergencyRepairCost: 5000,
    plannedRepairCost: 2000,
    pmTasksPerYear: 4,
    pmTaskCost: 250,
    pmReduction: 0.5,
    sparesInventoryValue: 10000,
    carryingRate: 0.2,
    sparesReduction: 0.25,
    scrapCostPerFailure: 500,
    energyCostPerYear: 1000,
    energySavingShare: 0.1,
    safetyIncidentsPerYear: 0.1,
    safetyIncidentCost: 10000,
    ...over,
  };
}

/** Up-front 4000 + 1000 + 3000 + 1000 + 1000 = 10 000; running 700 a year; 10 % over 3 years. */
export function caseInputs(over: Partial<BusinessCaseInputs> = {}): BusinessCaseInputs {
  return {
    currency: 'EUR',
    classes: [pumpClass()],
    implementation: {
      sensors: 4000,
      gateways: 1000,
      software: 3000,
      training: 1000,
      integration: 1000,
      annualRunning: 700,
    },
    discountRate: 0.1,
    years: 3,
    falseAlarmCost: 300,
    falseAlarmsPerAssetYear: 1,
    ...over,
  };
}

function fig(label: string, value: number, unit: string): Traced {
  return { label, value, unit, formula: 'business case input', inputs: [{ name: label, value, unit, source: 'test' }] };
}

/** Detection 80 % with a 12 h warning: half the caught failures can be planned (12 / 24), 40 % effective. */
export function detection(rate = 0.8, leadTimeHours = 12): DetectionBasis {
  return {
    rate: fig('detection rate', rate, 'fraction'),
    leadTimeHours: fig('lead time', leadTimeHours, 'h'),
    source: 'input',
  };
}

/** Every traced figure in a result (any object with a formula and inputs), with where it sits. */
export function tracedFigures(value: unknown, path = '$', out: { path: string; figure: Traced }[] = []) {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) tracedFigures(v, `${path}[${i}]`, out);
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.formula === 'string' && Array.isArray(o.inputs)) out.push({ path, figure: o as unknown as Traced });
    for (const [k, v] of Object.entries(o)) tracedFigures(v, `${path}.${k}`, out);
  }
  return out;
}

/** Paths of every number in a result that is not finite (JSON would write them as null). */
export function nonFinite(value: unknown, path = '$', out: string[] = []): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(path);
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) nonFinite(v, `${path}[${i}]`, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) nonFinite(v, `${path}.${k}`, out);
  }
  return out;
}
