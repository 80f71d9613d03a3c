/**
 * Pure helpers of the ROI page: how money, rates and traced figures read, the inputs form as strings and back,
 * the server's per-field errors, the report periods, and the geometry of the tornado and cash-flow charts.
 */
import type {
  AssetClassInputs,
  BusinessCaseInputs,
  EvidenceLedger,
  ImplementationCost,
  LedgerEntryKind,
  LedgerGroup,
  RoiScenarioName,
  Traced,
} from '@prognos/core';

export const SCENARIOS: RoiScenarioName[] = ['conservative', 'expected', 'optimistic'];

export const SCENARIO_LABEL: Record<RoiScenarioName, string> = {
  conservative: 'Conservative',
  expected: 'Expected',
  optimistic: 'Optimistic',
};

export const BENEFIT_LABEL: Record<string, string> = {
  downtime: 'Avoided downtime',
  repair: 'Planned instead of emergency repairs',
  pm: 'Fewer preventive tasks',
  spares: 'Spare parts released',
  scrap: 'Avoided scrap and quality cost',
  energy: 'Energy recovered',
  safety: 'Avoided safety incidents',
  false_alarms: 'False alarms',
};

export const BENEFIT_KIND_LABEL = { direct: 'Direct', indirect: 'Indirect', cost: 'Cost' } as const;

export const LEDGER_KIND_LABEL: Record<LedgerEntryKind, string> = {
  catch: 'Confirmed catch',
  false_alarm: 'False alarm',
  missed_failure: 'Missed failure',
};

export const DETECTION_SOURCE_LABEL = {
  input: 'Business case input',
  ledger: 'Measured on this plant (evidence ledger)',
  benchmark: 'Prognos benchmarks (no plant data yet)',
} as const;

export function benefitLabel(key: string): string {
  return BENEFIT_LABEL[key] ?? key.replace(/_/g, ' ');
}

const moneyFormats = new Map<string, (n: number) => string>();

/**
 * Whole currency units with the currency's symbol, in one fixed locale so the page, the reports and the tests read
 * the same figure the same way ("€1,234,567", "-€12,000"). An unknown currency code reads "1,234 XYZ".
 */
export function fmtMoney(value: number | undefined, currency: string): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  let f = moneyFormats.get(currency);
  if (!f) {
    try {
      const nf = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 });
      f = (n) => nf.format(n);
    } catch {
      f = (n) => `${fmtAmount(n, 0)} ${currency}`;
    }
    moneyFormats.set(currency, f);
  }
  // A rounded −0 would read "-€0".
  return f(Math.round(value) === 0 ? 0 : value);
}

/** A plain number, grouped, with at most `digits` decimals ("1,234.5"). */
export function fmtAmount(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return '—';
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(value === 0 ? 0 : value);
}

/** A share 0..1 as a percentage with one decimal where it matters ("12.5 %", "80 %"). */
export function fmtShare(share: number | undefined): string {
  if (share === undefined || !Number.isFinite(share)) return '—';
  const pct = share * 100;
  return `${fmtAmount(pct, Math.abs(pct) < 10 ? 1 : Math.abs(pct) < 100 ? 1 : 0)} %`;
}

/** Whether a unit is money: a currency code, alone or per year or hour ("EUR", "EUR/yr", "EUR/h"). */
function moneyUnit(unit: string): { currency: string; per: string } | undefined {
  const m = /^([A-Z]{3})(\/(?:yr|h))?$/.exec(unit);
  return m?.[1] ? { currency: m[1], per: m[2] ?? '' } : undefined;
}

/**
 * A figure in its unit. Money per year reads "€12,000/yr"; shares ('share', 'fraction', 'fraction/yr', '%': the
 * contract's rates are all 0..1) read as percentages; hours and years keep one decimal; '1/yr' is a frequency.
 */
export function fmtUnitValue(value: number | undefined, unit: string): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  const money = moneyUnit(unit);
  if (money) return `${fmtMoney(value, money.currency)}${money.per}`;
  switch (unit) {
    case '%':
    case 'share':
    case 'fraction':
    case 'fraction/yr':
      return fmtShare(value);
    case '1/yr':
      return `${fmtAmount(value, 2)} /yr`;
    case 'h':
      return `${fmtAmount(value, 1)} h`;
    case 'yr':
    case 'year':
      return `${fmtAmount(value, 1)} yr`;
    case 'count':
    case '':
      return fmtAmount(value, 2);
    default:
      return `${fmtAmount(value, 2)} ${unit}`;
  }
}

/** A traced figure as it shows on the page (and as the browser test expects it). */
export function fmtTraced(t: Traced | undefined): string {
  return t ? fmtUnitValue(t.value, t.unit) : '—';
}

/** One input of a trace: numbers in their unit, text as it is. */
export function fmtTraceInput(i: Traced['inputs'][number]): string {
  return typeof i.value === 'number' ? fmtUnitValue(i.value, i.unit ?? '') : i.value;
}

// ---- The inputs form ----------------------------------------------------------------------------------------

export type FieldKind = 'count' | 'money' | 'share' | 'hours' | 'rate';

export interface FieldDef<K extends string> {
  key: K;
  label: string;
  kind: FieldKind;
  hint?: string;
}

export const CLASS_FIELDS: FieldDef<Exclude<keyof AssetClassInputs, 'assetType'>>[] = [
  { key: 'assets', label: 'Assets covered', kind: 'count' },
  { key: 'failuresPerYear', label: 'Failures per asset per year', kind: 'rate' },
  { key: 'mttrUnplannedHours', label: 'Repair time, unplanned (h)', kind: 'hours' },
  { key: 'mttrPlannedHours', label: 'Repair time, planned (h)', kind: 'hours' },
  { key: 'downtimeCostPerHour', label: 'Downtime cost per hour', kind: 'money' },
  { key: 'emergencyRepairCost', label: 'Emergency repair cost', kind: 'money' },
  { key: 'plannedRepairCost', label: 'Planned repair cost', kind: 'money' },
  { key: 'pmTasksPerYear', label: 'PM tasks per asset per year', kind: 'rate' },
  { key: 'pmTaskCost', label: 'Cost of one PM task', kind: 'money' },
  { key: 'pmReduction', label: 'PM tasks made unnecessary', kind: 'share', hint: '0–1' },
  { key: 'sparesInventoryValue', label: 'Spares inventory value', kind: 'money' },
  { key: 'carryingRate', label: 'Spares carrying rate per year', kind: 'share', hint: '0–1' },
  { key: 'sparesReduction', label: 'Spares that can be released', kind: 'share', hint: '0–1' },
  { key: 'scrapCostPerFailure', label: 'Scrap / quality cost per failure', kind: 'money' },
  { key: 'energyCostPerYear', label: 'Extra energy cost per year', kind: 'money' },
  { key: 'energySavingShare', label: 'Energy share recovered', kind: 'share', hint: '0–1' },
  { key: 'safetyIncidentsPerYear', label: 'Safety incidents per year', kind: 'rate' },
  { key: 'safetyIncidentCost', label: 'Cost of one safety incident', kind: 'money' },
];

export const IMPLEMENTATION_FIELDS: FieldDef<keyof ImplementationCost>[] = [
  { key: 'sensors', label: 'Sensors', kind: 'money' },
  { key: 'gateways', label: 'Gateways', kind: 'money' },
  { key: 'software', label: 'Software', kind: 'money' },
  { key: 'training', label: 'Training', kind: 'money' },
  { key: 'integration', label: 'Integration', kind: 'money' },
  { key: 'annualRunning', label: 'Running cost per year', kind: 'money', hint: 'from year 1' },
];

export type GeneralKey =
  | 'discountRate'
  | 'years'
  | 'detectionRate'
  | 'leadTimeHours'
  | 'falseAlarmCost'
  | 'falseAlarmsPerAssetYear';

export const GENERAL_FIELDS: (FieldDef<GeneralKey> & { optional?: boolean })[] = [
  { key: 'discountRate', label: 'Discount rate per year', kind: 'share', hint: '0–1, e.g. 0.08' },
  { key: 'years', label: 'Horizon (years)', kind: 'count', hint: '1–30' },
  {
    key: 'detectionRate',
    label: 'Detection rate',
    kind: 'share',
    optional: true,
    hint: '0–1; blank = measured or benchmark',
  },
  {
    key: 'leadTimeHours',
    label: 'Warning lead time (h)',
    kind: 'hours',
    optional: true,
    hint: 'blank = measured or benchmark',
  },
  { key: 'falseAlarmCost', label: 'Cost of one false alarm', kind: 'money' },
  { key: 'falseAlarmsPerAssetYear', label: 'False alarms per asset per year', kind: 'rate' },
];

/** The form's state: every number as the text typed, so a half-typed "0." or a blank survives re-renders. */
export interface InputsForm {
  currency: string;
  general: Record<GeneralKey, string>;
  implementation: Record<keyof ImplementationCost, string>;
  classes: { assetType: string; values: Record<string, string> }[];
}

const str = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '' : String(n));

export function inputsForm(i: BusinessCaseInputs): InputsForm {
  const general = {} as Record<GeneralKey, string>;
  for (const f of GENERAL_FIELDS) general[f.key] = str(i[f.key]);
  const implementation = {} as Record<keyof ImplementationCost, string>;
  for (const f of IMPLEMENTATION_FIELDS) implementation[f.key] = str(i.implementation[f.key]);
  return {
    currency: i.currency,
    general,
    implementation,
    classes: i.classes.map((c) => {
      const values: Record<string, string> = {};
      for (const f of CLASS_FIELDS) values[f.key] = str(c[f.key]);
      return { assetType: c.assetType, values };
    }),
  };
}

/** The path of a form field, as the server names it in its errors ("classes.0.failuresPerYear"). */
export function classPath(index: number, key: string): string {
  return `classes.${index}.${key}`;
}
export function implementationPath(key: string): string {
  return `implementation.${key}`;
}

/**
 * The form back to inputs. A field that is not a number at all is reported here (path → message); range checks
 * are the server's, so a negative or out-of-range value goes to it and its coded error shows at the field.
 * Blank optional fields are left out (the server then uses the measured or benchmark figure).
 */
export function formToInputs(form: InputsForm): { inputs?: BusinessCaseInputs; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const num = (text: string, path: string, optional = false): number | undefined => {
    const t = text.trim();
    if (t === '') {
      if (!optional) problems[path] = 'Enter a number';
      return undefined;
    }
    const n = Number(t);
    if (!Number.isFinite(n)) {
      problems[path] = 'Enter a number';
      return undefined;
    }
    return n;
  };
  const implementation = {} as ImplementationCost;
  for (const f of IMPLEMENTATION_FIELDS)
    implementation[f.key] = num(form.implementation[f.key], implementationPath(f.key)) ?? 0;
  const classes = form.classes.map((c, idx) => {
    const out = { assetType: c.assetType } as AssetClassInputs;
    for (const f of CLASS_FIELDS) out[f.key] = num(c.values[f.key] ?? '', classPath(idx, f.key)) ?? 0;
    return out;
  });
  const inputs: BusinessCaseInputs = {
    currency: form.currency.trim(),
    classes,
    implementation,
    discountRate: 0,
    years: 0,
    falseAlarmCost: 0,
    falseAlarmsPerAssetYear: 0,
  };
  for (const f of GENERAL_FIELDS) {
    const v = num(form.general[f.key], f.key, f.optional);
    if (v !== undefined) inputs[f.key] = v;
  }
  return Object.keys(problems).length > 0 ? { problems } : { inputs, problems };
}

/**
 * A field path in the shape the form uses: "classes.0.failuresPerYear". Accepts JSON pointers
 * ("/classes/0/failuresPerYear"), brackets ("classes[0].failuresPerYear"), a "body." prefix, and a class named by
 * its asset type instead of its index ("classes.centrifugal_pump.failuresPerYear").
 */
export function normalisePath(path: string, assetTypes: readonly string[] = []): string {
  let p = path
    .trim()
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^\.+/, '')
    .replace(/^body\./, '');
  const m = /^classes\.([^.]+)\.(.+)$/.exec(p);
  if (m?.[1] && m[2] && !/^\d+$/.test(m[1])) {
    const idx = assetTypes.indexOf(m[1]);
    if (idx >= 0) p = classPath(idx, m[2]);
  }
  return p;
}

/**
 * Field path → message from a coded error's details, whatever list it uses: `{ problems: [{ field, message }] }`
 * (FIELD_INVALID), `{ errors: [{ path | instancePath, message }] }`, or a bare `{ field }`.
 */
export function roiFieldErrors(details: unknown, assetTypes: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  if (!details || typeof details !== 'object') return out;
  const d = details as { field?: unknown; message?: unknown; problems?: unknown; errors?: unknown; fields?: unknown };
  for (const list of [d.problems, d.errors, d.fields]) {
    if (!Array.isArray(list)) continue;
    for (const p of list) {
      const e = (p ?? {}) as { field?: unknown; path?: unknown; instancePath?: unknown; message?: unknown };
      const where = [e.field, e.path, e.instancePath].find((x) => typeof x === 'string' && x !== '');
      if (typeof where !== 'string') continue;
      const key = normalisePath(where, assetTypes);
      if (!(key in out)) out[key] = typeof e.message === 'string' ? e.message : 'is not valid';
    }
  }
  if (typeof d.field === 'string') {
    const key = normalisePath(d.field, assetTypes);
    if (!(key in out)) out[key] = typeof d.message === 'string' ? d.message : 'is not valid';
  }
  return out;
}

// ---- Periods ------------------------------------------------------------------------------------------------

export interface Period {
  id: string;
  label: string;
}

export const PERIODS: Period[] = [
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
  { id: '12m', label: 'Last 12 months' },
  { id: 'ytd', label: 'This year' },
];

const DAY = 86_400_000;

/** The period's bounds (epoch ms). Calendar periods start at local midnight so a month or a year reads whole. */
export function periodRange(id: string, now: number): { from: number; to: number } {
  switch (id) {
    case '30d':
      return { from: now - 30 * DAY, to: now };
    case '90d':
      return { from: now - 90 * DAY, to: now };
    case 'ytd':
      return { from: new Date(new Date(now).getFullYear(), 0, 1).getTime(), to: now };
    default:
      return { from: now - 365 * DAY, to: now };
  }
}

/** The report's download address for the period (`from`/`to` in epoch ms; the CSV takes them too). */
export function reportUrl(kind: 'pdf' | 'csv', range: { from: number; to: number }): string {
  return `/api/roi/report.${kind}?from=${Math.round(range.from)}&to=${Math.round(range.to)}`;
}

export type GroupBy = 'asset' | 'line' | 'month';

export function ledgerGroups(l: EvidenceLedger, by: GroupBy): LedgerGroup[] {
  return by === 'asset' ? l.byAsset : by === 'line' ? l.byLine : l.byMonth;
}

// ---- Chart geometry -----------------------------------------------------------------------------------------

/** Running totals of a cash flow (year 0 first): the payback curve. */
export function cumulative(flows: readonly number[]): number[] {
  let sum = 0;
  return flows.map((f) => {
    sum += f;
    return sum;
  });
}

/** A domain [min, max] that holds every value and zero, widened a little so no bar touches the edge. */
export function domainWithZero(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  let lo = Math.min(0, ...finite);
  let hi = Math.max(0, ...finite);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.04;
  return [lo === 0 ? 0 : lo - pad, hi === 0 ? 0 : hi + pad];
}

/** Where a value lies in a domain, as a share 0..1 of the axis. */
export function scaleShare(v: number, [lo, hi]: readonly [number, number]): number {
  return hi === lo ? 0.5 : Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
}

/**
 * A tornado bar as left/width shares of the axis, around the expected NPV: the swing from the input's low value to
 * its high value. `lowSide` says on which side of the base the low value ends (a cost input pushes NPV up when low).
 */
export function tornadoGeometry(
  bars: readonly { npvLow: number; npvHigh: number }[],
  base: number,
): { domain: [number, number]; base: number; rows: { left: number; width: number; lowLeft: boolean }[] } {
  const all = bars.flatMap((b) => [b.npvLow, b.npvHigh]).concat(base);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = (hi - lo || Math.abs(base) || 1) * 0.05;
  const domain: [number, number] = [lo - pad, hi + pad];
  return {
    domain,
    base: scaleShare(base, domain),
    rows: bars.map((b) => {
      const a = scaleShare(Math.min(b.npvLow, b.npvHigh), domain);
      const z = scaleShare(Math.max(b.npvLow, b.npvHigh), domain);
      return { left: a, width: Math.max(z - a, 0.004), lowLeft: b.npvLow <= b.npvHigh };
    }),
  };
}
