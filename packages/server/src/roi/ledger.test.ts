import type { Alert, AlertWorkflow, Asset, LedgerEntry, LedgerTotals, Traced, WorkOrderDetail } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { validInputs } from './fixtures.test-util';
import { detectionBasis } from './inputs';
import { buildLedger, type LedgerSources, ledgerEntries, measuredDetection } from './ledger';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 20, 8); // 20 Nov 2026

const assets: Asset[] = [
  {
    id: 'P-101',
    lineId: 'L1',
    name: 'Feed pump',
    type: 'centrifugal_pump',
    criticality: 'A',
    downtimeCostPerHour: 5000,
  },
  { id: 'P-102', lineId: 'L1', name: 'Transfer pump', type: 'centrifugal_pump', criticality: 'B' },
  { id: 'G-401', lineId: 'L2', name: 'Mixer gearbox', type: 'gearbox', criticality: 'A', downtimeCostPerHour: 3000 },
];

const alert = (id: string, assetId: string, startedAt: number): Alert => ({
  id,
  assetId,
  kind: 'anomaly',
  severity: 'critical',
  state: 'closed',
  title: 'deviation',
  explanation: '',
  contributions: [],
  score: 1.2,
  peakScore: 2,
  startedAt,
  updatedAt: startedAt,
});

const workflow = (
  alertId: string,
  outcome: 'confirmed' | 'false_alarm' | 'sensor_fault' | undefined,
  at: number,
  workOrderId?: string,
  source: 'work_order' | 'review' = 'work_order',
): AlertWorkflow => ({
  alertId,
  status: 'closed',
  failureModes: [],
  updatedAt: at,
  ...(workOrderId ? { workOrderId } : {}),
  ...(outcome
    ? { label: { outcome, by: 'lee', at, source, ...(workOrderId ? { workOrderId } : {}), failureModeId: 'FM-1' } }
    : {}),
});

const order = (
  id: string,
  assetId: string,
  over: Partial<WorkOrderDetail> & { downtimeHours?: number; confirmed?: boolean },
): WorkOrderDetail => {
  const { downtimeHours, confirmed, ...rest } = over;
  return {
    id,
    assetId,
    title: 'job',
    description: '',
    status: 'done',
    priority: 'high',
    createdAt: T0,
    type: 'predictive',
    skill: 'mechanical',
    estimatedHours: 4,
    procedure: [],
    stepResults: [],
    parts: [],
    labour: [],
    ...(downtimeHours !== undefined
      ? {
          findings: {
            failureConfirmed: confirmed ?? true,
            rootCause: 'worn',
            actionTaken: 'replaced',
            downtimeHours,
          },
        }
      : {}),
    ...rest,
  };
};

type Scenario = Omit<LedgerSources, 'to' | 'alerts' | 'workflows' | 'workOrders'> & {
  alerts: Alert[];
  workflows: AlertWorkflow[];
  workOrders: WorkOrderDetail[];
};

/** One of each kind, plus records that must not count. */
function scenario(): Scenario {
  const alerts = [
    alert('a1', 'P-101', T0), // catch, asset cost 5000/h
    alert('a2', 'P-102', T0 + 2 * H), // catch, class cost 2000/h (the asset has none)
    alert('a3', 'G-401', T0 + 3 * H), // false alarm (review)
    alert('a4', 'P-101', T0 + 4 * H), // confirmed, but its work order was cancelled: not a catch
    alert('a5', 'P-102', T0 + 5 * H), // sensor fault: neither
    alert('a6', 'G-401', T0 + 6 * H), // unlabelled
    alert('a7', 'G-401', Date.UTC(2026, 11, 1)), // catch in December, found only through the order's alertId
  ];
  const workOrders = [
    order('wo1', 'P-101', { alertId: 'a1', completedAt: T0 + 30 * H, downtimeHours: 3 }),
    order('wo2', 'P-102', { alertId: 'a2', completedAt: T0 + 12 * H, downtimeHours: 20 }), // longer than MTTR
    order('wo4', 'P-101', { alertId: 'a4', status: 'cancelled' }),
    order('wo7', 'G-401', { alertId: 'a7', completedAt: Date.UTC(2026, 11, 2), downtimeHours: 6 }),
    // missed failures: corrective, confirmed, no alert
    order('wo8', 'P-102', { type: 'corrective', completedAt: T0 + 40 * H, downtimeHours: 10 }),
    // not missed: a preventive task that found wear, a corrective job that found nothing, an unfinished one
    order('wo9', 'P-101', { type: 'preventive', completedAt: T0 + 41 * H, downtimeHours: 1 }),
    order('wo10', 'P-101', { type: 'corrective', completedAt: T0 + 42 * H, downtimeHours: 1, confirmed: false }),
    order('wo11', 'G-401', { type: 'corrective', status: 'in_progress' }),
  ];
  const workflows = [
    workflow('a1', 'confirmed', T0 + 30 * H, 'wo1'),
    workflow('a2', 'confirmed', T0 + 12 * H, 'wo2'),
    workflow('a3', 'false_alarm', T0 + 3.5 * H, undefined, 'review'),
    workflow('a4', 'confirmed', T0 + 5 * H, 'wo4', 'review'),
    workflow('a5', 'sensor_fault', T0 + 6 * H, undefined, 'review'),
    workflow('a6', undefined, T0 + 6 * H),
    { ...workflow('a7', 'confirmed', Date.UTC(2026, 11, 2), undefined, 'review') },
  ];
  return { alerts, workflows, workOrders, assets, inputs: validInputs() };
}

const byId = (entries: LedgerEntry[], id: string) => {
  const e = entries.find((x) => x.id === id);
  if (!e) throw new Error(`no entry ${id}`);
  return e;
};

/** Sums that must equal the totals (same order of addition: the entries' order within each group). */
function sumTotals(groups: { totals: LedgerTotals }[]) {
  const s = { catches: 0, falseAlarms: 0, missedFailures: 0, avoidedCost: 0, falseAlarmCost: 0, missedFailureCost: 0 };
  for (const g of groups) for (const k of Object.keys(s) as (keyof typeof s)[]) s[k] += g.totals[k];
  return s;
}

const inputNamed = (t: Traced, name: string) => t.inputs.find((i) => i.name === name);

describe('the evidence ledger', () => {
  it('counts a confirmed, repaired alert as a catch with lead time, avoided downtime and value from the asset', () => {
    const entries = ledgerEntries(scenario());
    const c = byId(entries, 'catch:a1');
    expect(c).toMatchObject({ kind: 'catch', assetId: 'P-101', alertId: 'a1', workOrderId: 'wo1', lineId: 'L1' });
    expect(c.at).toBe(T0 + 30 * H);
    expect(c.failureModeId).toBe('FM-1');
    expect(c.leadTimeHours?.value).toBe(30);
    expect(c.avoidedDowntimeHours?.value).toBe(12 - 3);
    // the asset's own downtime cost (5000/h), not the class's (2000/h), plus emergency − planned repair
    expect(c.value.value).toBe(9 * 5000 + (9000 - 3000));
    expect(inputNamed(c.value, 'downtime cost/h')).toMatchObject({ value: 5000, source: 'asset P-101' });
    expect(c.value.formula).toContain('avoided downtime × downtime cost/h');
    expect(inputNamed(c.avoidedDowntimeHours!, 'actual downtime')?.source).toBe('work order wo1 findings');
  });

  it('falls back to the class downtime cost and never claims negative avoided downtime', () => {
    const c = byId(ledgerEntries(scenario()), 'catch:a2');
    expect(c.avoidedDowntimeHours?.value).toBe(0);
    expect(c.value.value).toBe(0 * 2000 + 6000);
    expect(inputNamed(c.value, 'downtime cost/h')?.source).toBe('business case input, class centrifugal_pump');
  });

  it('finds the repair through the work order when the workflow does not name it', () => {
    const c = byId(ledgerEntries(scenario()), 'catch:a7');
    expect(c.workOrderId).toBe('wo7');
    expect(c.avoidedDowntimeHours?.value).toBe(24 - 6);
    expect(c.value.value).toBe(18 * 3000 + 6000);
  });

  it('prices a false alarm at the input cost; sensor faults, unlabelled alerts and cancelled repairs are no evidence', () => {
    const entries = ledgerEntries(scenario());
    const f = byId(entries, 'false_alarm:a3');
    expect(f).toMatchObject({ kind: 'false_alarm', assetId: 'G-401', at: T0 + 3.5 * H });
    expect(f.value.value).toBe(-400);
    expect(entries.some((e) => e.alertId === 'a4')).toBe(false); // cancelled work order
    expect(entries.some((e) => e.alertId === 'a5')).toBe(false); // sensor fault
    expect(entries.some((e) => e.alertId === 'a6')).toBe(false); // no label
  });

  it('counts a confirmed corrective repair with no alert as a missed failure, and nothing else', () => {
    const entries = ledgerEntries(scenario());
    const m = byId(entries, 'missed:wo8');
    expect(m).toMatchObject({ kind: 'missed_failure', assetId: 'P-102', workOrderId: 'wo8' });
    expect(m.alertId).toBeUndefined();
    expect(m.value.value).toBe(-(10 * 2000 + 9000));
    expect(entries.filter((e) => e.kind === 'missed_failure').map((e) => e.id)).toEqual(['missed:wo8']);
    expect(entries.map((e) => e.id)).toEqual(['false_alarm:a3', 'catch:a2', 'catch:a1', 'missed:wo8', 'catch:a7']);
  });

  it('does not count an order an alert workflow points at as missed, even without its alertId', () => {
    const src = scenario();
    src.workOrders.push(order('wo12', 'P-101', { type: 'corrective', completedAt: T0 + 50 * H, downtimeHours: 2 }));
    src.alerts.push(alert('a12', 'P-101', T0 + 45 * H));
    src.workflows.push(workflow('a12', 'confirmed', T0 + 50 * H, 'wo12'));
    const entries = ledgerEntries(src);
    expect(entries.some((e) => e.id === 'missed:wo12')).toBe(false);
    expect(byId(entries, 'catch:a12').leadTimeHours?.value).toBe(5);
  });

  it('reconciles: totals are the sums of the entries, and every grouping sums to the totals', () => {
    const l = buildLedger({ ...scenario(), to: Date.UTC(2027, 0, 1) });
    const e = l.entries;
    const catches = e.filter((x) => x.kind === 'catch');
    expect(l.totals).toMatchObject({ catches: 3, falseAlarms: 1, missedFailures: 1 });
    expect(l.totals.avoidedCost).toBe(catches.reduce((s, x) => s + x.value.value, 0));
    expect(l.totals.avoidedDowntimeHours).toBe(9 + 0 + 18);
    expect(l.totals.falseAlarmCost).toBe(400);
    expect(l.totals.missedFailureCost).toBe(29000);
    expect(l.totals.net).toBe(l.totals.avoidedCost - 400);
    expect(l.totals.detectionRate).toBe(3 / 4);
    expect(l.totals.medianLeadTimeHours).toBe(24); // lead times 10, 30 and 24 h
    for (const groups of [l.byAsset, l.byLine, l.byMonth]) {
      const s = sumTotals(groups);
      expect(s.catches).toBe(l.totals.catches);
      expect(s.falseAlarms).toBe(l.totals.falseAlarms);
      expect(s.missedFailures).toBe(l.totals.missedFailures);
      expect(s.avoidedCost).toBeCloseTo(l.totals.avoidedCost, 6);
      expect(s.falseAlarmCost).toBeCloseTo(l.totals.falseAlarmCost, 6);
      expect(s.missedFailureCost).toBeCloseTo(l.totals.missedFailureCost, 6);
    }
    expect(l.byMonth.map((g) => g.key)).toEqual(['2026-11', '2026-12']);
    expect(l.byLine.map((g) => g.key)).toEqual(['L1', 'L2']);
    expect(l.byAsset.find((g) => g.key === 'P-101')).toMatchObject({ label: 'Feed pump', totals: { catches: 1 } });
    // the traced totals name their entries
    expect(l.traced.avoidedCost.value).toBe(l.totals.avoidedCost);
    expect(l.traced.avoidedCost.inputs.map((i) => i.name)).toEqual(catches.map((x) => x.id));
    expect(l.traced.avoidedCost.formula).toContain('catch:a1');
    expect(l.traced.falseAlarmCost.inputs.map((i) => i.name)).toEqual(['false_alarm:a3']);
    expect(l.traced.net.value).toBe(l.totals.net);
    expect(l.traced.detectionRate?.value).toBe(0.75);
  });

  it('keeps only the entries of the period, defaults from to the first record, and scales the expected benefit', () => {
    const src = scenario();
    const nov = buildLedger({ ...src, from: T0, to: Date.UTC(2026, 11, 1) });
    expect(nov.entries.map((e) => e.id)).toEqual(['false_alarm:a3', 'catch:a2', 'catch:a1', 'missed:wo8']);
    expect(nov.byMonth.map((g) => g.key)).toEqual(['2026-11']);
    const annual: Traced = { value: 36525, unit: 'EUR/yr', label: 'net', formula: '', inputs: [] };
    const all = buildLedger({ ...src, to: T0 + 365.25 * 24 * H, expectedAnnualNet: annual });
    expect(all.from).toBe(T0); // the earliest alert / work order
    expect(all.expectedOverPeriod?.value).toBeCloseTo(36525, 6);
    expect(all.expectedOverPeriod?.formula).toBe('expected annual net benefit × period (years)');
    const empty = buildLedger({ ...src, from: T0 - 10 * H, to: T0 - H });
    expect(empty.entries).toEqual([]);
    expect(empty.totals).toMatchObject({ catches: 0, falseAlarms: 0, missedFailures: 0, avoidedCost: 0, net: 0 });
    expect(empty.totals.detectionRate).toBeUndefined();
    expect(empty.traced.detectionRate).toBeUndefined();
  });

  it('keeps evidence of an asset removed from the registry, and of a type with no class, at zero class figures', () => {
    const src = scenario();
    src.alerts.push(alert('a20', 'X-1', T0 + H));
    src.workflows.push(workflow('a20', 'confirmed', T0 + 2 * H, 'wo20'));
    src.workOrders.push(order('wo20', 'X-1', { alertId: 'a20', completedAt: T0 + 2 * H, downtimeHours: 1 }));
    const c = byId(ledgerEntries(src), 'catch:a20');
    expect(c).toMatchObject({ assetName: 'X-1', assetType: 'other', lineId: '' });
    expect(c.value.value).toBe(0);
    expect(inputNamed(c.value, 'downtime cost/h')?.source).toMatch(/^none/);
  });
});

describe('the detection basis', () => {
  it('uses the benchmarks with fewer than three failures, the ledger from three, and the inputs when set', () => {
    const src = scenario();
    const inputs = validInputs();
    const bench = detectionBasis(inputs, { catches: 1, missedFailures: 1, catchIds: ['c'], missedIds: ['m'] });
    expect(bench.source).toBe('benchmark');
    expect(bench.rate.value).toBe(0.8);
    expect(bench.leadTimeHours.value).toBe(57.9);
    expect(bench.rate.inputs[0]?.source).toMatch(/SKAB/);

    const measured = measuredDetection(ledgerEntries(src));
    const ledger = detectionBasis(inputs, measured);
    expect(ledger.source).toBe('ledger');
    expect(ledger.rate.value).toBe(0.75);
    expect(ledger.leadTimeHours.value).toBe(24);
    expect(ledger.rate.inputs[0]?.source).toContain('catch:a1');

    const set = detectionBasis(validInputs({ detectionRate: 0.6, leadTimeHours: 100 }), measured);
    expect(set).toMatchObject({ source: 'input', rate: { value: 0.6 }, leadTimeHours: { value: 100 } });
    // a rate set by hand with the lead time still measured
    const half = detectionBasis(validInputs({ detectionRate: 0.6 }), measured);
    expect(half.leadTimeHours.value).toBe(24);
    expect(half.source).toBe('input');
  });
});
