/**
 * Sensitivity (tornado): the expected scenario's NPV with one input at 75 % and at 125 % of its expected value, the
 * others unchanged. Shares and rates are kept within 0..1. Inputs given per asset class are varied for every class
 * at once; the bar shows their asset-weighted mean. Bars are sorted by swing, the largest first.
 */
import type { AssetClassInputs, BusinessCaseInputs, TornadoBar } from '@prognos/core';
import { type DetectionFigures, SCENARIOS, scenarioNpv, upfrontCost } from './scenarios';
import { clamp01, finite } from './trace';

export const TORNADO_LOW = 0.75;
export const TORNADO_HIGH = 1.25;

interface Case {
  inputs: BusinessCaseInputs;
  detection: DetectionFigures;
}

interface Driver {
  input: string;
  unit: (inputs: BusinessCaseInputs) => string;
  note: string;
  value: (c: Case) => number;
  vary: (c: Case, factor: number) => Case;
}

/** Asset-weighted mean of a class figure (plain mean when no class has assets; 0 with no classes). */
function weightedMean(classes: readonly AssetClassInputs[], pick: (c: AssetClassInputs) => number): number {
  if (classes.length === 0) return 0;
  const assets = classes.reduce((s, c) => s + c.assets, 0);
  if (assets > 0) return classes.reduce((s, c) => s + c.assets * pick(c), 0) / assets;
  return classes.reduce((s, c) => s + pick(c), 0) / classes.length;
}

type ClassKey = {
  [K in keyof AssetClassInputs]: AssetClassInputs[K] extends number ? K : never;
}[keyof AssetClassInputs];

function classDriver(input: string, key: ClassKey, unit: (cur: string) => string, share = false): Driver {
  return {
    input,
    unit: (i) => unit(i.currency),
    note: `every asset class × factor${share ? ', kept within 0..1' : ''}; shown: asset-weighted mean`,
    value: (c) => weightedMean(c.inputs.classes, (k) => k[key]),
    vary: (c, f) => ({
      ...c,
      inputs: {
        ...c.inputs,
        classes: c.inputs.classes.map((k) => ({ ...k, [key]: share ? clamp01(k[key] * f) : k[key] * f })),
      },
    }),
  };
}

const DRIVERS: Driver[] = [
  {
    input: 'Detection rate',
    unit: () => 'fraction',
    note: 'kept within 0..1',
    value: (c) => c.detection.rate,
    vary: (c, f) => ({ ...c, detection: { ...c.detection, rate: clamp01(c.detection.rate * f) } }),
  },
  {
    input: 'Lead time',
    unit: () => 'h',
    note: 'a warning of a day or more leaves every caught failure time to plan',
    value: (c) => c.detection.leadTimeHours,
    vary: (c, f) => ({
      ...c,
      detection: { ...c.detection, leadTimeHours: Math.max(0, c.detection.leadTimeHours * f) },
    }),
  },
  classDriver('Failures per year', 'failuresPerYear', () => '1/yr'),
  classDriver('Downtime cost per hour', 'downtimeCostPerHour', (cur) => `${cur}/h`),
  classDriver('MTTR unplanned', 'mttrUnplannedHours', () => 'h'),
  classDriver('Emergency repair cost', 'emergencyRepairCost', (cur) => cur),
  classDriver('PM reduction', 'pmReduction', () => 'fraction', true),
  classDriver('Scrap cost per failure', 'scrapCostPerFailure', (cur) => cur),
  classDriver('Energy saving share', 'energySavingShare', () => 'fraction', true),
  classDriver('Safety incident cost', 'safetyIncidentCost', (cur) => cur),
  {
    input: 'False alarms per asset-year',
    unit: () => '1/yr',
    note: 'expected false alarms × factor',
    value: (c) => c.inputs.falseAlarmsPerAssetYear,
    vary: (c, f) => ({ ...c, inputs: { ...c.inputs, falseAlarmsPerAssetYear: c.inputs.falseAlarmsPerAssetYear * f } }),
  },
  {
    input: 'Implementation cost',
    unit: (i) => i.currency,
    note: 'sensors, gateways, software, training and integration × factor; shown: their total',
    value: (c) => upfrontCost(c.inputs),
    vary: (c, f) => {
      const i = c.inputs.implementation;
      return {
        ...c,
        inputs: {
          ...c.inputs,
          implementation: {
            ...i,
            sensors: i.sensors * f,
            gateways: i.gateways * f,
            software: i.software * f,
            training: i.training * f,
            integration: i.integration * f,
          },
        },
      };
    },
  },
  {
    input: 'Annual running cost',
    unit: (i) => `${i.currency}/yr`,
    note: 'licences, support and upkeep × factor',
    value: (c) => c.inputs.implementation.annualRunning,
    vary: (c, f) => ({
      ...c,
      inputs: {
        ...c.inputs,
        implementation: { ...c.inputs.implementation, annualRunning: c.inputs.implementation.annualRunning * f },
      },
    }),
  },
  {
    input: 'Discount rate',
    unit: () => 'fraction/yr',
    note: 'kept within 0..1',
    value: (c) => c.inputs.discountRate,
    vary: (c, f) => ({ ...c, inputs: { ...c.inputs, discountRate: clamp01(c.inputs.discountRate * f) } }),
  },
];

const EXPECTED = SCENARIOS.find((s) => s.name === 'expected') as (typeof SCENARIOS)[number];

export function tornado(inputs: BusinessCaseInputs, detection: DetectionFigures): TornadoBar[] {
  const base: Case = { inputs, detection };
  const bars = DRIVERS.map((d) => {
    const lowCase = d.vary(base, TORNADO_LOW);
    const highCase = d.vary(base, TORNADO_HIGH);
    const bar: TornadoBar = {
      input: d.input,
      low: finite(d.value(lowCase)),
      high: finite(d.value(highCase)),
      npvLow: scenarioNpv(lowCase.inputs, lowCase.detection, EXPECTED),
      npvHigh: scenarioNpv(highCase.inputs, highCase.detection, EXPECTED),
      expected: finite(d.value(base)),
      unit: d.unit(inputs),
      note: d.note,
    };
    return bar;
  });
  // Array.prototype.sort is stable: equal swings keep the order above
  const swing = (bar: TornadoBar): number => finite(Math.abs(bar.npvHigh - bar.npvLow));
  return bars.sort((a, b) => swing(b) - swing(a));
}
