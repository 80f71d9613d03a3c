/**
 * Return on investment as the API shows it: a business case computed from the plant's own figures, and a ledger of
 * measured evidence (catches, false alarms, missed failures) once the platform runs. Every figure carries how it was
 * computed, so a number on a screen or in a report can always show its formula and its inputs.
 */

/** A number with its provenance: the formula in words and symbols, and the inputs it used. */
export interface Traced {
  value: number;
  /** 'EUR', 'EUR/yr', 'h', 'yr', '%', 'count', … */
  unit: string;
  /** Short name of the figure, e.g. "Avoided downtime cost". */
  label: string;
  /** The formula, e.g. "failures/yr × detection rate × (MTTR unplanned − MTTR planned) × downtime cost/h". */
  formula: string;
  /** Each input with its value and where it came from ("business case input", "asset P-101", "work order …"). */
  inputs: { name: string; value: number | string; unit?: string; source: string }[];
}

/** The plant's figures for one asset class (an asset type, e.g. 'centrifugal_pump'), all per year and per asset. */
export interface AssetClassInputs {
  assetType: string;
  /** Number of assets of the class covered. */
  assets: number;
  failuresPerYear: number;
  /** Hours the asset is down after an unplanned failure (mean time to repair, unplanned). */
  mttrUnplannedHours: number;
  /** Hours down when the same repair is planned ahead. */
  mttrPlannedHours: number;
  downtimeCostPerHour: number;
  /** Cost of one repair after a failure (parts, labour, overtime, expediting). */
  emergencyRepairCost: number;
  /** Cost of the same repair planned ahead. */
  plannedRepairCost: number;
  /** Preventive-maintenance tasks per year and the cost of one. */
  pmTasksPerYear: number;
  pmTaskCost: number;
  /** Share of PM tasks condition monitoring makes unnecessary (0..1). */
  pmReduction: number;
  /** Value of spare parts held for the class, the yearly carrying rate (0..1), and the share that can be released. */
  sparesInventoryValue: number;
  carryingRate: number;
  sparesReduction: number;
  /** Scrap and quality cost of one failure (off-spec product, rework). */
  scrapCostPerFailure: number;
  /** Extra energy cost per year of running degraded machines, and the share recovered. */
  energyCostPerYear: number;
  energySavingShare: number;
  /** Safety incidents per year linked to failures of the class, and the cost of one. */
  safetyIncidentsPerYear: number;
  safetyIncidentCost: number;
}

/** What it costs to adopt. Up-front at year 0; recurring every year from year 1. */
export interface ImplementationCost {
  sensors: number;
  gateways: number;
  software: number;
  training: number;
  integration: number;
  /** Yearly running cost (licences, support, sensor upkeep, people's time). */
  annualRunning: number;
}

export interface BusinessCaseInputs {
  currency: string;
  classes: AssetClassInputs[];
  implementation: ImplementationCost;
  /** Discount rate per year (0..1). */
  discountRate: number;
  /** Evaluation horizon (years, 1..30). */
  years: number;
  /** Share of failures caught early enough to plan the repair (0..1); absent: measured (ledger) or benchmark default. */
  detectionRate?: number;
  /** Median warning before failure (h); absent: measured or benchmark default. */
  leadTimeHours?: number;
  /** Cost of one false alarm (an inspection that found nothing). */
  falseAlarmCost: number;
  /** False alarms per asset per year expected. */
  falseAlarmsPerAssetYear: number;
}

export type RoiScenarioName = 'conservative' | 'expected' | 'optimistic';

export interface BenefitLine {
  /** 'downtime' | 'repair' | 'pm' | 'spares' | 'scrap' | 'energy' | 'safety' | 'false_alarms' */
  key: string;
  kind: 'direct' | 'indirect' | 'cost';
  annual: Traced;
  /** The line for each asset class, with that class's own inputs (the total's inputs are these subtotals). */
  byClass?: { assetType: string; annual: Traced }[];
}

export interface RoiScenarioResult {
  name: RoiScenarioName;
  /** The multipliers this scenario applies (detection rate, benefit factor, cost factor). */
  assumptions: { name: string; value: number; note: string }[];
  /** Annual benefits by line and by asset class (negative lines are costs, e.g. false alarms). */
  benefits: BenefitLine[];
  byClass: { assetType: string; annual: Traced }[];
  annualDirect: Traced;
  annualIndirect: Traced;
  annualNet: Traced;
  /** Cash flow per year, year 0 first (investment negative). */
  cashFlows: number[];
  npv: Traced;
  /** undefined when the cash flows have no IRR (no sign change, or no root). */
  irr?: Traced;
  /** Years until the cumulative cash flow turns positive (interpolated); undefined: not within the horizon. */
  paybackYears?: Traced;
  discountedPaybackYears?: Traced;
}

/** One bar of the tornado: NPV when one input goes to its low and its high value, the others expected. */
export interface TornadoBar {
  input: string;
  low: number;
  high: number;
  npvLow: number;
  npvHigh: number;
  /** The expected value the low and high are taken around, its unit, and how the input was varied. */
  expected?: number;
  unit?: string;
  note?: string;
}

export interface BusinessCaseResult {
  inputs: BusinessCaseInputs;
  /** Where the detection rate and lead time came from: the inputs, the plant's ledger, or the benchmarks. */
  detection: { rate: Traced; leadTimeHours: Traced; source: 'input' | 'ledger' | 'benchmark' };
  scenarios: RoiScenarioResult[];
  /** Sorted by swing (|npvHigh − npvLow|), largest first. */
  tornado: TornadoBar[];
  computedAt: number;
}

// ---- Evidence ledger -------------------------------------------------------------------------------------------

export type LedgerEntryKind = 'catch' | 'false_alarm' | 'missed_failure';

/** One piece of evidence, traceable to the alert and work order behind it. */
export interface LedgerEntry {
  id: string;
  kind: LedgerEntryKind;
  assetId: string;
  assetName: string;
  assetType: string;
  lineId: string;
  alertId?: string;
  workOrderId?: string;
  failureModeId?: string;
  /** When it happened: the repair's completion (catch, missed failure) or the label (false alarm). */
  at: number;
  /** Alert start to repair (catches only, h). */
  leadTimeHours?: Traced;
  /** Downtime avoided (catches: unplanned MTTR − actual downtime, h). */
  avoidedDowntimeHours?: Traced;
  /** Money: avoided cost for a catch (positive), cost of a false alarm or of a missed failure (negative). */
  value: Traced;
}

export interface LedgerTotals {
  catches: number;
  falseAlarms: number;
  missedFailures: number;
  avoidedDowntimeHours: number;
  avoidedCost: number;
  falseAlarmCost: number;
  missedFailureCost: number;
  /** avoidedCost − falseAlarmCost (missed failures are the baseline's cost, shown, not subtracted). */
  net: number;
  /** catches / (catches + missed failures); undefined with no failures. */
  detectionRate?: number;
  medianLeadTimeHours?: number;
}

export interface LedgerGroup {
  /** Asset id, line id or period ('2026-12' for months). */
  key: string;
  label: string;
  totals: LedgerTotals;
}

export interface EvidenceLedger {
  currency: string;
  from: number;
  to: number;
  entries: LedgerEntry[];
  totals: LedgerTotals;
  /** The totals as traced figures (formula: sum of the entries, which ones). */
  traced: { avoidedCost: Traced; falseAlarmCost: Traced; net: Traced; detectionRate?: Traced };
  byAsset: LedgerGroup[];
  byLine: LedgerGroup[];
  byMonth: LedgerGroup[];
  /** The business case's expected annual net benefit over the same period, for comparison (baseline). */
  expectedOverPeriod?: Traced;
}
