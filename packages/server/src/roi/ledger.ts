/**
 * The evidence ledger, pure: what the platform measurably did, built from the alerts, the labels people gave them
 * and the work orders behind them. Three kinds of evidence:
 * - a catch: an alert confirmed as a failure and repaired by a completed work order. It was repaired planned instead
 *   of after a breakdown, so it avoided the class's unplanned downtime less the downtime the repair actually took,
 *   and the difference between an emergency and a planned repair;
 * - a false alarm: an alert labelled as such, costing an inspection that found nothing;
 * - a missed failure: a corrective repair of a confirmed failure no alert warned of, costing the breakdown.
 * Every money figure is a Traced naming the alert, the work order, the asset and the class inputs it used, so a total
 * can always be taken apart into its entries and each entry into the records behind it.
 */
import type {
  Alert,
  AlertWorkflow,
  Asset,
  AssetClassInputs,
  BusinessCaseInputs,
  EvidenceLedger,
  LedgerEntry,
  LedgerGroup,
  LedgerTotals,
  Line,
  Traced,
  WorkOrderDetail,
} from '@prognos/core';
import type { MeasuredDetection } from './inputs';

const H = 3_600_000;
const YEAR_MS = 365.25 * 24 * H;

export interface LedgerSources {
  alerts: readonly Alert[];
  workflows: readonly AlertWorkflow[];
  workOrders: readonly WorkOrderDetail[];
  assets: readonly Asset[];
  lines?: readonly Line[];
  inputs: BusinessCaseInputs;
  /** The period [from, to); from absent: since the first alert or work order (the platform's start). */
  from?: number;
  to: number;
  /** The business case's expected annual net benefit, to show over the same period (absent: not shown). */
  expectedAnnualNet?: Traced;
}

interface AssetFacts {
  assetId: string;
  assetName: string;
  assetType: string;
  lineId: string;
  /** The asset's own downtime cost when the registry has one. */
  downtimeCostPerHour?: number;
}

function assetFacts(assets: ReadonlyMap<string, Asset>, id: string): AssetFacts {
  const a = assets.get(id);
  // an asset deleted from the registry since keeps its evidence, under its id
  if (!a) return { assetId: id, assetName: id, assetType: 'other', lineId: '' };
  return {
    assetId: a.id,
    assetName: a.name,
    assetType: a.type,
    lineId: a.lineId,
    ...(a.downtimeCostPerHour !== undefined ? { downtimeCostPerHour: a.downtimeCostPerHour } : {}),
  };
}

/** Downtime cost per hour: the asset's own figure, else its class's, with where it came from. */
function downtimeRate(f: AssetFacts, cls: AssetClassInputs | undefined): { value: number; source: string } {
  if (f.downtimeCostPerHour !== undefined) return { value: f.downtimeCostPerHour, source: `asset ${f.assetId}` };
  if (cls) return { value: cls.downtimeCostPerHour, source: `business case input, class ${cls.assetType}` };
  return { value: 0, source: `none: asset ${f.assetId} has no downtime cost and no class ${f.assetType}` };
}

const classSource = (f: AssetFacts, cls: AssetClassInputs | undefined) =>
  cls ? `business case input, class ${cls.assetType}` : `none: no business case class ${f.assetType} (taken as 0)`;

/** The completed work order that repaired a confirmed alert: the one its label, its workflow or an order names. */
function repairOf(
  alert: Alert,
  w: AlertWorkflow,
  byId: ReadonlyMap<string, WorkOrderDetail>,
  byAlert: ReadonlyMap<string, WorkOrderDetail[]>,
): WorkOrderDetail | undefined {
  const candidates = [
    w.label?.workOrderId && byId.get(w.label.workOrderId),
    w.workOrderId && byId.get(w.workOrderId),
    ...(byAlert.get(alert.id) ?? []),
  ];
  // A cancelled or unfinished order repaired nothing: without a completed repair there is no lead time to claim.
  return candidates.find((wo): wo is WorkOrderDetail => !!wo && wo.status === 'done' && wo.completedAt !== undefined);
}

function catchEntry(
  alert: Alert,
  w: AlertWorkflow,
  wo: WorkOrderDetail,
  f: AssetFacts,
  cls: AssetClassInputs | undefined,
  currency: string,
): LedgerEntry {
  const completedAt = wo.completedAt as number;
  const woName = `work order ${wo.id}`;
  const alertName = `alert ${alert.id}`;
  const leadTimeHours: Traced = {
    value: (completedAt - alert.startedAt) / H,
    unit: 'h',
    label: 'Lead time',
    formula: '(work order completed − alert started) / 1 h',
    inputs: [
      { name: 'alert started', value: new Date(alert.startedAt).toISOString(), source: alertName },
      { name: 'work order completed', value: new Date(completedAt).toISOString(), source: woName },
    ],
  };
  const mttr = cls?.mttrUnplannedHours ?? 0;
  // Completing a work order requires findings; an order completed through an older path without them is taken as
  // having needed the class's planned repair time.
  const actual = wo.findings?.downtimeHours ?? cls?.mttrPlannedHours ?? 0;
  const actualSource = wo.findings ? `${woName} findings` : `${classSource(f, cls)} (no downtime recorded)`;
  const avoided = Math.max(0, mttr - actual);
  const avoidedDowntimeHours: Traced = {
    value: avoided,
    unit: 'h',
    label: 'Avoided downtime',
    formula: 'max(0, MTTR unplanned − actual downtime)',
    inputs: [
      { name: 'MTTR unplanned', value: mttr, unit: 'h', source: classSource(f, cls) },
      { name: 'actual downtime', value: actual, unit: 'h', source: actualSource },
    ],
  };
  const rate = downtimeRate(f, cls);
  const emergency = cls?.emergencyRepairCost ?? 0;
  const planned = cls?.plannedRepairCost ?? 0;
  const value: Traced = {
    value: avoided * rate.value + (emergency - planned),
    unit: currency,
    label: 'Avoided cost',
    formula: 'avoided downtime × downtime cost/h + (emergency repair cost − planned repair cost)',
    inputs: [
      { name: 'avoided downtime', value: avoided, unit: 'h', source: `${alertName}, ${woName}` },
      { name: 'downtime cost/h', value: rate.value, unit: `${currency}/h`, source: rate.source },
      { name: 'emergency repair cost', value: emergency, unit: currency, source: classSource(f, cls) },
      { name: 'planned repair cost', value: planned, unit: currency, source: classSource(f, cls) },
    ],
  };
  const failureModeId = w.label?.failureModeId ?? wo.findings?.failureModeId ?? wo.failureModeId;
  return {
    id: `catch:${alert.id}`,
    kind: 'catch',
    ...facts(f),
    alertId: alert.id,
    workOrderId: wo.id,
    ...(failureModeId !== undefined ? { failureModeId } : {}),
    at: completedAt,
    leadTimeHours,
    avoidedDowntimeHours,
    value,
  };
}

function falseAlarmEntry(
  alert: Alert,
  w: AlertWorkflow,
  f: AssetFacts,
  inputs: BusinessCaseInputs,
  workOrderId: string | undefined,
): LedgerEntry {
  const label = w.label as NonNullable<AlertWorkflow['label']>;
  // The input's false-alarm cost is the whole inspection (people's time included), so labour booked on the order is
  // not added again.
  const value: Traced = {
    value: -inputs.falseAlarmCost,
    unit: inputs.currency,
    label: 'False alarm cost',
    formula: '− false alarm cost',
    inputs: [
      { name: 'false alarm cost', value: inputs.falseAlarmCost, unit: inputs.currency, source: 'business case input' },
      {
        name: 'label',
        value: 'false_alarm',
        source: `alert ${alert.id}, by ${label.by} (${label.source}${workOrderId ? `, work order ${workOrderId}` : ''})`,
      },
    ],
  };
  return {
    id: `false_alarm:${alert.id}`,
    kind: 'false_alarm',
    ...facts(f),
    alertId: alert.id,
    ...(workOrderId ? { workOrderId } : {}),
    at: label.at,
    value,
  };
}

function missedEntry(wo: WorkOrderDetail, f: AssetFacts, cls: AssetClassInputs | undefined, currency: string) {
  const findings = wo.findings as NonNullable<WorkOrderDetail['findings']>;
  const rate = downtimeRate(f, cls);
  const emergency = cls?.emergencyRepairCost ?? 0;
  const value: Traced = {
    value: -(findings.downtimeHours * rate.value + emergency),
    unit: currency,
    label: 'Missed failure cost',
    formula: '−(downtime × downtime cost/h + emergency repair cost)',
    inputs: [
      { name: 'downtime', value: findings.downtimeHours, unit: 'h', source: `work order ${wo.id} findings` },
      { name: 'downtime cost/h', value: rate.value, unit: `${currency}/h`, source: rate.source },
      { name: 'emergency repair cost', value: emergency, unit: currency, source: classSource(f, cls) },
    ],
  };
  const failureModeId = findings.failureModeId ?? wo.failureModeId;
  const entry: LedgerEntry = {
    id: `missed:${wo.id}`,
    kind: 'missed_failure',
    ...facts(f),
    workOrderId: wo.id,
    ...(failureModeId !== undefined ? { failureModeId } : {}),
    at: wo.completedAt as number,
    value,
  };
  return entry;
}

const facts = (f: AssetFacts) => ({
  assetId: f.assetId,
  assetName: f.assetName,
  assetType: f.assetType,
  lineId: f.lineId,
});

/** The entries, over all time, oldest first (ties by id, so the order is stable). */
export function ledgerEntries(src: Pick<LedgerSources, 'alerts' | 'workflows' | 'workOrders' | 'assets' | 'inputs'>) {
  const assets = new Map(src.assets.map((a) => [a.id, a]));
  const classes = new Map(src.inputs.classes.map((c) => [c.assetType, c]));
  const workflows = new Map(src.workflows.map((w) => [w.alertId, w]));
  const byId = new Map(src.workOrders.map((wo) => [wo.id, wo]));
  const byAlert = new Map<string, WorkOrderDetail[]>();
  for (const wo of src.workOrders) {
    if (wo.alertId === undefined) continue;
    const list = byAlert.get(wo.alertId) ?? [];
    list.push(wo);
    byAlert.set(wo.alertId, list);
  }
  const currency = src.inputs.currency;
  const entries: LedgerEntry[] = [];
  const alertIds = new Set(src.alerts.map((a) => a.id));

  for (const alert of src.alerts) {
    const w = workflows.get(alert.id);
    const outcome = w?.label?.outcome;
    // A 'sensor_fault' label says the instrument, not the machine, was wrong: no failure was avoided and no
    // inspection of the machine was wasted on a wrong claim about it, so it is neither a catch nor a false alarm.
    if (!w || (outcome !== 'confirmed' && outcome !== 'false_alarm')) continue;
    const f = assetFacts(assets, alert.assetId);
    const cls = classes.get(f.assetType);
    if (outcome === 'confirmed') {
      const wo = repairOf(alert, w, byId, byAlert);
      if (wo) entries.push(catchEntry(alert, w, wo, f, cls, currency));
    } else {
      const woId = w.label?.workOrderId ?? w.workOrderId ?? byAlert.get(alert.id)?.[0]?.id;
      entries.push(falseAlarmEntry(alert, w, f, src.inputs, woId));
    }
  }

  // Orders some alert's workflow points at count as alerted even if the order itself does not name the alert.
  const alerted = new Set<string>();
  for (const w of src.workflows) {
    if (!alertIds.has(w.alertId)) continue;
    if (w.workOrderId) alerted.add(w.workOrderId);
    if (w.label?.workOrderId) alerted.add(w.label.workOrderId);
  }
  for (const wo of src.workOrders) {
    if (wo.status !== 'done' || wo.completedAt === undefined || !wo.findings?.failureConfirmed) continue;
    if (wo.alertId !== undefined || alerted.has(wo.id)) continue;
    // A failure found by a preventive task was found in time by the plan, not missed in a breakdown; only a
    // corrective job (a repair after the fact) is the failure the platform did not warn of.
    if (wo.type !== 'corrective') continue;
    const f = assetFacts(assets, wo.assetId);
    entries.push(missedEntry(wo, f, classes.get(f.assetType), currency));
  }
  return entries.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Totals of some entries, summed in the entries' order. */
export function ledgerTotals(entries: readonly LedgerEntry[]): LedgerTotals {
  const t: LedgerTotals = {
    catches: 0,
    falseAlarms: 0,
    missedFailures: 0,
    avoidedDowntimeHours: 0,
    avoidedCost: 0,
    falseAlarmCost: 0,
    missedFailureCost: 0,
    net: 0,
  };
  const leads: number[] = [];
  for (const e of entries) {
    if (e.kind === 'catch') {
      t.catches++;
      t.avoidedDowntimeHours += e.avoidedDowntimeHours?.value ?? 0;
      t.avoidedCost += e.value.value;
      if (e.leadTimeHours) leads.push(e.leadTimeHours.value);
    } else if (e.kind === 'false_alarm') {
      t.falseAlarms++;
      t.falseAlarmCost -= e.value.value;
    } else {
      t.missedFailures++;
      t.missedFailureCost -= e.value.value;
    }
  }
  t.net = t.avoidedCost - t.falseAlarmCost;
  const failures = t.catches + t.missedFailures;
  if (failures > 0) t.detectionRate = t.catches / failures;
  const m = median(leads);
  if (m !== undefined) t.medianLeadTimeHours = m;
  return t;
}

/** The figures the business case's detection basis needs, from all-time entries. */
export function measuredDetection(entries: readonly LedgerEntry[]): MeasuredDetection {
  const t = ledgerTotals(entries);
  return {
    catches: t.catches,
    missedFailures: t.missedFailures,
    ...(t.medianLeadTimeHours !== undefined ? { medianLeadTimeHours: t.medianLeadTimeHours } : {}),
    catchIds: entries.filter((e) => e.kind === 'catch').map((e) => e.id),
    missedIds: entries.filter((e) => e.kind === 'missed_failure').map((e) => e.id),
  };
}

function group(
  entries: readonly LedgerEntry[],
  keyOf: (e: LedgerEntry) => string,
  labelOf: (key: string, e: LedgerEntry) => string,
): LedgerGroup[] {
  const groups = new Map<string, { label: string; entries: LedgerEntry[] }>();
  for (const e of entries) {
    const k = keyOf(e);
    const g = groups.get(k) ?? { label: labelOf(k, e), entries: [] };
    g.entries.push(e);
    groups.set(k, g);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => ({ key, label: g.label, totals: ledgerTotals(g.entries) }));
}

const month = (at: number) => new Date(at).toISOString().slice(0, 7);

function sumTrace(
  label: string,
  unit: string,
  entries: readonly LedgerEntry[],
  sign: 1 | -1,
  value: number,
  what: string,
): Traced {
  return {
    value,
    unit,
    label,
    formula: entries.length
      ? `${sign < 0 ? '−' : ''}Σ value of ${what}: ${entries.map((e) => e.id).join(' + ')}`
      : `Σ value of ${what} (none in the period)`,
    inputs: entries.map((e) => ({
      name: e.id,
      value: e.value.value,
      unit,
      source: [e.alertId && `alert ${e.alertId}`, e.workOrderId && `work order ${e.workOrderId}`, `asset ${e.assetId}`]
        .filter(Boolean)
        .join(', '),
    })),
  };
}

/** The ledger over [from, to): entries, totals, groups by asset, line and month, and traced totals. */
export function buildLedger(src: LedgerSources): EvidenceLedger {
  const all = ledgerEntries(src);
  let first = src.to;
  for (const a of src.alerts) first = Math.min(first, a.startedAt);
  for (const w of src.workOrders) first = Math.min(first, w.createdAt);
  const from = src.from ?? first;
  const to = src.to;
  const entries = all.filter((e) => e.at >= from && e.at < to);
  const totals = ledgerTotals(entries);
  const currency = src.inputs.currency;
  const catches = entries.filter((e) => e.kind === 'catch');
  const falseAlarms = entries.filter((e) => e.kind === 'false_alarm');
  const missed = entries.filter((e) => e.kind === 'missed_failure');

  const avoidedCost = sumTrace('Avoided cost', currency, catches, 1, totals.avoidedCost, 'the catches');
  const falseAlarmCost = sumTrace(
    'False alarm cost',
    currency,
    falseAlarms,
    -1,
    totals.falseAlarmCost,
    'the false alarms',
  );
  const net: Traced = {
    value: totals.net,
    unit: currency,
    label: 'Net measured benefit',
    formula: 'avoided cost − false alarm cost (missed failures are the baseline’s cost, shown, not subtracted)',
    inputs: [
      { name: 'avoided cost', value: totals.avoidedCost, unit: currency, source: 'ledger: Σ of the catches' },
      {
        name: 'false alarm cost',
        value: totals.falseAlarmCost,
        unit: currency,
        source: 'ledger: Σ of the false alarms',
      },
    ],
  };
  const traced: EvidenceLedger['traced'] = { avoidedCost, falseAlarmCost, net };
  if (totals.detectionRate !== undefined)
    traced.detectionRate = {
      value: totals.detectionRate,
      unit: 'share',
      label: 'Detection rate',
      formula: 'catches / (catches + missed failures)',
      inputs: [
        {
          name: 'catches',
          value: totals.catches,
          unit: 'count',
          source: catches.map((e) => e.id).join(', ') || 'none',
        },
        {
          name: 'missed failures',
          value: totals.missedFailures,
          unit: 'count',
          source: missed.map((e) => e.id).join(', ') || 'none',
        },
      ],
    };

  const lineNames = new Map((src.lines ?? []).map((l) => [l.id, l.name]));
  const ledger: EvidenceLedger = {
    currency,
    from,
    to,
    entries,
    totals,
    traced,
    byAsset: group(
      entries,
      (e) => e.assetId,
      (_k, e) => e.assetName,
    ),
    byLine: group(
      entries,
      (e) => e.lineId,
      (k) => lineNames.get(k) ?? (k || '(no line)'),
    ),
    byMonth: group(
      entries,
      (e) => month(e.at),
      (k) => k,
    ),
  };
  if (src.expectedAnnualNet) {
    const years = (to - from) / YEAR_MS;
    ledger.expectedOverPeriod = {
      value: src.expectedAnnualNet.value * years,
      unit: currency,
      label: 'Expected net benefit over the period',
      formula: 'expected annual net benefit × period (years)',
      inputs: [
        {
          name: 'expected annual net benefit',
          value: src.expectedAnnualNet.value,
          unit: `${currency}/yr`,
          source: 'business case, expected scenario',
        },
        {
          name: 'period',
          value: years,
          unit: 'yr',
          source: `${new Date(from).toISOString()} to ${new Date(to).toISOString()} (365.25-day years)`,
        },
      ],
    };
  }
  return ledger;
}
