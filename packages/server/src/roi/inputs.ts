/**
 * The business-case inputs as the API takes them: every field checked, each problem named by its path
 * ("classes[1].mttrPlannedHours: must be ≤ mttrUnplannedHours"), so that a plant engineer editing a long form sees
 * all that is wrong at once rather than one field per round trip. Also where the case's detection rate and lead
 * time come from: the inputs, the plant's own ledger, or the benchmarks.
 */
import {
  type AssetClassInputs,
  type BusinessCaseInputs,
  type ImplementationCost,
  PrognosError,
  type Traced,
} from '@prognos/core';
import type { DetectionBasis } from '@prognos/maintenance';

export interface InputProblem {
  field: string;
  message: string;
}

/** The setting the inputs are stored under (JSON). */
export const ROI_INPUTS_SETTING = 'roi.businessCase';

/**
 * Benchmark figures used until the plant has its own: SKAB point-wise recall (1 − MAR 19.7 % = 0.803, README
 * "SKAB" table, MSET with drift allowance and hysteresis) and the median lead time of the alerts bench (57.9 h of a
 * 72 h run to failure, README "alerts" table).
 */
export const BENCHMARK_DETECTION_RATE = 0.8;
export const BENCHMARK_LEAD_TIME_HOURS = 57.9;
/** Failures (catches + missed) the ledger needs before its own detection rate replaces the benchmark's. */
export const MIN_LEDGER_FAILURES = 3;

type NumberRule = { min: number; max?: number; integer?: boolean };
const MONEY: NumberRule = { min: 0 };
const SHARE: NumberRule = { min: 0, max: 1 };

const CLASS_NUMBERS: Record<Exclude<keyof AssetClassInputs, 'assetType'>, NumberRule> = {
  assets: { min: 0, integer: true },
  failuresPerYear: MONEY,
  mttrUnplannedHours: MONEY,
  mttrPlannedHours: MONEY,
  downtimeCostPerHour: MONEY,
  emergencyRepairCost: MONEY,
  plannedRepairCost: MONEY,
  pmTasksPerYear: MONEY,
  pmTaskCost: MONEY,
  pmReduction: SHARE,
  sparesInventoryValue: MONEY,
  carryingRate: SHARE,
  sparesReduction: SHARE,
  scrapCostPerFailure: MONEY,
  energyCostPerYear: MONEY,
  energySavingShare: SHARE,
  safetyIncidentsPerYear: MONEY,
  safetyIncidentCost: MONEY,
};

const IMPLEMENTATION_NUMBERS: Record<keyof ImplementationCost, NumberRule> = {
  sensors: MONEY,
  gateways: MONEY,
  software: MONEY,
  training: MONEY,
  integration: MONEY,
  annualRunning: MONEY,
};

const TOP_NUMBERS = {
  discountRate: SHARE,
  years: { min: 1, max: 30, integer: true },
  falseAlarmCost: MONEY,
  falseAlarmsPerAssetYear: MONEY,
} satisfies Record<string, NumberRule>;
const OPTIONAL_NUMBERS = { detectionRate: SHARE, leadTimeHours: MONEY } satisfies Record<string, NumberRule>;
const TOP_KEYS = new Set(['currency', 'classes', 'implementation', ...Object.keys(TOP_NUMBERS)]);
for (const k of Object.keys(OPTIONAL_NUMBERS)) TOP_KEYS.add(k);

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function checkNumber(v: unknown, rule: NumberRule): string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${JSON.stringify(v) ?? 'missing'} is not a finite number`;
  if (rule.integer && !Number.isInteger(v)) return `${v} is not a whole number`;
  if (v < rule.min) return `must be ≥ ${rule.min}`;
  if (rule.max !== undefined && v > rule.max) return `must be ≤ ${rule.max}`;
  return undefined;
}

/** Unknown fields are refused, not dropped: a misspelt field would otherwise silently keep its old value. */
function unknownFields(raw: Record<string, unknown>, known: Set<string>, prefix: string, out: InputProblem[]): void {
  for (const k of Object.keys(raw)) if (!known.has(k)) out.push({ field: `${prefix}${k}`, message: 'unknown field' });
}

function readNumbers<T extends string>(
  raw: Record<string, unknown>,
  rules: Record<T, NumberRule>,
  prefix: string,
  out: InputProblem[],
): Record<T, number> {
  const values = {} as Record<T, number>;
  for (const [k, rule] of Object.entries(rules) as [T, NumberRule][]) {
    const problem = checkNumber(raw[k], rule);
    if (problem) out.push({ field: `${prefix}${k}`, message: problem });
    else values[k] = raw[k] as number;
  }
  return values;
}

/** Checks every field; the inputs when all are valid, else every problem found. */
export function readBusinessCaseInputs(body: unknown): { value?: BusinessCaseInputs; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  if (!isObject(body)) return { problems: [{ field: '(body)', message: 'expected a JSON object' }] };
  unknownFields(body, TOP_KEYS, '', problems);

  const currency = body.currency;
  if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency.trim()))
    problems.push({ field: 'currency', message: 'must be a three-letter currency code, e.g. "EUR"' });

  const classes: AssetClassInputs[] = [];
  if (!Array.isArray(body.classes) || body.classes.length === 0) {
    problems.push({ field: 'classes', message: 'must be a non-empty array of asset classes' });
  } else {
    const seen = new Set<string>();
    const classKeys = new Set(['assetType', ...Object.keys(CLASS_NUMBERS)]);
    body.classes.forEach((c: unknown, i: number) => {
      const at = `classes[${i}].`;
      if (!isObject(c)) {
        problems.push({ field: `classes[${i}]`, message: 'expected an object' });
        return;
      }
      unknownFields(c, classKeys, at, problems);
      const before = problems.length;
      if (typeof c.assetType !== 'string' || c.assetType.trim() === '')
        problems.push({ field: `${at}assetType`, message: 'must be a non-empty asset type, e.g. "centrifugal_pump"' });
      else if (seen.has(c.assetType))
        problems.push({ field: `${at}assetType`, message: `"${c.assetType}" is listed twice; one entry per type` });
      else seen.add(c.assetType);
      const n = readNumbers(c, CLASS_NUMBERS, at, problems);
      // A planned repair that keeps the asset down longer than a breakdown would make early warning worthless:
      // almost certainly the two fields were swapped.
      if (n.mttrPlannedHours !== undefined && n.mttrUnplannedHours !== undefined)
        if (n.mttrPlannedHours > n.mttrUnplannedHours)
          problems.push({ field: `${at}mttrPlannedHours`, message: 'must be ≤ mttrUnplannedHours' });
      if (problems.length === before) classes.push({ assetType: (c.assetType as string).trim(), ...n });
    });
  }

  let implementation: ImplementationCost | undefined;
  if (!isObject(body.implementation)) {
    problems.push({ field: 'implementation', message: 'expected an object with the adoption costs' });
  } else {
    unknownFields(body.implementation, new Set(Object.keys(IMPLEMENTATION_NUMBERS)), 'implementation.', problems);
    implementation = readNumbers(body.implementation, IMPLEMENTATION_NUMBERS, 'implementation.', problems);
  }

  const top = readNumbers(body, TOP_NUMBERS, '', problems);
  const optional: Partial<Record<keyof typeof OPTIONAL_NUMBERS, number>> = {};
  for (const [k, rule] of Object.entries(OPTIONAL_NUMBERS) as [keyof typeof OPTIONAL_NUMBERS, NumberRule][]) {
    // null clears a measured figure back to "use the ledger or the benchmark", as absent does
    if (body[k] === undefined || body[k] === null) continue;
    const problem = checkNumber(body[k], rule);
    if (problem) problems.push({ field: k, message: problem });
    else optional[k] = body[k] as number;
  }

  if (problems.length > 0 || !implementation) return { problems };
  return {
    value: {
      currency: (currency as string).trim().toUpperCase(),
      classes,
      implementation,
      ...top,
      ...optional,
    },
    problems,
  };
}

/** The coded 400 for invalid inputs: every problem in the message, and in details for clients. */
export function inputsError(problems: readonly InputProblem[]): PrognosError {
  const text = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return new PrognosError('ROI_INPUT_INVALID', [text], { fields: problems.map((p) => p.field), problems });
}

/** What the ledger measured so far, as the detection basis needs it. */
export interface MeasuredDetection {
  catches: number;
  missedFailures: number;
  medianLeadTimeHours?: number;
  /** The entries behind the figures, named in the trace. */
  catchIds: string[];
  missedIds: string[];
}

const benchmarkRate = (): Traced => ({
  value: BENCHMARK_DETECTION_RATE,
  unit: 'share',
  label: 'Detection rate',
  formula: '1 − MAR (missed-alarm rate) on the SKAB benchmark, rounded',
  inputs: [{ name: 'SKAB point-wise recall (1 − MAR 19.7 %)', value: 0.803, source: 'benchmark: README, SKAB table' }],
});
const benchmarkLead = (): Traced => ({
  value: BENCHMARK_LEAD_TIME_HOURS,
  unit: 'h',
  label: 'Lead time',
  formula: 'median warning before failure on the alerts bench',
  inputs: [
    {
      name: 'median lead time (alerts bench)',
      value: BENCHMARK_LEAD_TIME_HOURS,
      unit: 'h',
      source: 'benchmark: README, alerts table',
    },
  ],
});

/**
 * Detection rate and lead time for the case: the inputs' when set; else the plant's ledger once it has seen
 * MIN_LEDGER_FAILURES failures (fewer would make the rate mostly noise); else the benchmarks. A figure set in the
 * inputs wins on its own: an engineer may fix the rate and leave the lead time measured.
 */
export function detectionBasis(inputs: BusinessCaseInputs, measured: MeasuredDetection): DetectionBasis {
  const failures = measured.catches + measured.missedFailures;
  const fromLedger = failures >= MIN_LEDGER_FAILURES;
  const rate: Traced =
    inputs.detectionRate !== undefined
      ? {
          value: inputs.detectionRate,
          unit: 'share',
          label: 'Detection rate',
          formula: 'as entered',
          inputs: [{ name: 'detection rate', value: inputs.detectionRate, source: 'business case input' }],
        }
      : fromLedger
        ? {
            value: measured.catches / failures,
            unit: 'share',
            label: 'Detection rate',
            formula: 'catches / (catches + missed failures)',
            inputs: [
              {
                name: 'catches',
                value: measured.catches,
                unit: 'count',
                source: `ledger: ${measured.catchIds.join(', ')}`,
              },
              {
                name: 'missed failures',
                value: measured.missedFailures,
                unit: 'count',
                source: `ledger: ${measured.missedIds.join(', ') || 'none'}`,
              },
            ],
          }
        : benchmarkRate();
  const lead: Traced =
    inputs.leadTimeHours !== undefined
      ? {
          value: inputs.leadTimeHours,
          unit: 'h',
          label: 'Lead time',
          formula: 'as entered',
          inputs: [{ name: 'lead time', value: inputs.leadTimeHours, unit: 'h', source: 'business case input' }],
        }
      : fromLedger && measured.medianLeadTimeHours !== undefined
        ? {
            value: measured.medianLeadTimeHours,
            unit: 'h',
            label: 'Lead time',
            formula: 'median of the catches’ lead times (alert start to completed repair)',
            inputs: [
              {
                name: 'catches',
                value: measured.catches,
                unit: 'count',
                source: `ledger: ${measured.catchIds.join(', ')}`,
              },
            ],
          }
        : benchmarkLead();
  // The source names where the rate came from (the figure the case leans on); each trace names its own origin.
  const source: DetectionBasis['source'] =
    inputs.detectionRate !== undefined ? 'input' : fromLedger ? 'ledger' : 'benchmark';
  return { rate, leadTimeHours: lead, source };
}
