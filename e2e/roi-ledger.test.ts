import type {
  Alert,
  AlertWorkflow,
  Asset,
  BusinessCaseInputs,
  BusinessCaseResult,
  EvidenceLedger,
  LedgerGroup,
  WorkOrder,
  WorkOrderDetail,
} from '@prognos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, startTestServer, type TestServer, waitFor } from './harness';

type AlertDetail = Alert & { workflow: AlertWorkflow };
type InputsBody = BusinessCaseInputs & { defaults: boolean };
interface ErrorBody {
  code: string;
  message: string;
  details?: { fields?: string[] };
}
const H = 3_600_000;
/** Wall minutes to failure (12 process hours at the demo's 360×) and 2-s windows, as in demo-faults.test.ts. */
const TTF_MINUTES = 2;
const CAUGHT = 'P-101'; // bearing wear, confirmed by its work order: a catch
/** The first alert on either is closed as a false alarm by review (two faults: one alert is enough, and sooner). */
const FALSE_ALARM = [
  { assetId: 'G-401', kind: 'misalignment' },
  { assetId: 'P-102', kind: 'cavitation' },
];
const MISSED = 'M-201'; // a breakdown repaired without any alert: a missed failure

/**
 * The evidence ledger against the records behind it: a fault caught and repaired, an alert closed as a false alarm
 * and a breakdown no alert warned of, then every entry checked against GET /api/alerts/{id}, /api/work-orders/{id}
 * and /api/assets/{id}, every total against the entries and every grouping against the totals.
 */
describe('the ROI evidence ledger through the API', () => {
  let s: TestServer;
  const post = <T>(path: string, body: unknown) => postJson<T>(`${s.base}${path}`, body);
  const get = async <T>(path: string) => (await getJson<T>(`${s.base}${path}`)).body;
  const put = async <T>(path: string, body: unknown) => {
    const r = await fetch(`${s.base}${path}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as T };
  };
  /**
   * An alert on one of the assets whose workflow is still open, even one whose episode has already ended: on a busy
   * machine the episode can be over before the test looks, and people still act on it and label it afterwards.
   */
  const openAlert = async (assetIds: readonly string[]) => {
    for (const assetId of assetIds)
      for (const a of await get<Alert[]>(`/api/alerts?assetId=${assetId}`))
        if ((await get<AlertDetail>(`/api/alerts/${a.id}`)).workflow.status !== 'closed') return a;
    return undefined;
  };

  beforeAll(async () => {
    s = await startTestServer({ backfillHours: 24, windowMs: 2_000 });
  }, 120_000);
  afterAll(async () => s?.stop());

  it('checks the inputs field by field and the case follows saved inputs', async () => {
    const defaults = await get<InputsBody>('/api/roi/inputs');
    expect(defaults.defaults).toBe(true);
    expect(defaults.classes.length).toBeGreaterThan(0);
    const { defaults: _, ...inputs } = defaults;

    const bad = await put<ErrorBody>('/api/roi/inputs', {
      ...inputs,
      years: 0,
      classes: inputs.classes.map((c, i) => (i === 0 ? { ...c, mttrPlannedHours: c.mttrUnplannedHours + 1 } : c)),
      implementation: { ...inputs.implementation, sensors: -5 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('ROI_INPUT_INVALID');
    expect(bad.body.message).toContain('classes[0].mttrPlannedHours: must be ≤ mttrUnplannedHours');
    expect(bad.body.message).toContain('implementation.sensors: must be ≥ 0');
    expect(bad.body.message).toContain('years: must be ≥ 1');
    expect(bad.body.details?.fields).toEqual(['classes[0].mttrPlannedHours', 'implementation.sensors', 'years']);
    expect((await get<InputsBody>('/api/roi/inputs')).defaults).toBe(true); // nothing was saved

    const before = await get<BusinessCaseResult>('/api/roi/case');
    const npv = (c: BusinessCaseResult) => c.scenarios.find((x) => x.name === 'expected')!.npv.value;
    // no ledger evidence yet: the benchmarks' detection figures
    expect(before.detection.source).toBe('benchmark');
    expect(before.detection.rate.value).toBe(0.8);
    expect(before.detection.leadTimeHours.value).toBe(57.9);

    const dearer = {
      ...inputs,
      implementation: { ...inputs.implementation, software: inputs.implementation.software + 50_000 },
    };
    const saved = await put<InputsBody>('/api/roi/inputs', dearer);
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ ...dearer, defaults: false });
    expect(await get<InputsBody>('/api/roi/inputs')).toEqual({ ...dearer, defaults: false });
    const after = await get<BusinessCaseResult>('/api/roi/case');
    expect(after.inputs.implementation.software).toBe(dearer.implementation.software);
    expect(npv(after)).toBeLessThan(npv(before));

    // a detection rate set by hand replaces the benchmark
    await put('/api/roi/inputs', { ...dearer, detectionRate: 0.5 });
    const set = await get<BusinessCaseResult>('/api/roi/case');
    expect(set.detection.source).toBe('input');
    expect(set.detection.rate.value).toBe(0.5);
    expect((await put('/api/roi/inputs', dearer)).status).toBe(200);
  });

  it('answers a bad ledger period with a coded 400 naming the field', async () => {
    for (const [q, field] of [
      ['from=yesterday', 'from'],
      ['to=12abc', 'to'],
      ['from=2000&to=1000', 'from'],
      [`from=${Date.now() + 24 * H}`, 'from'], // after `to`, which defaults to now
      ['to=1e300', 'to'],
    ] as const) {
      const r = await getJson<ErrorBody>(`${s.base}/api/roi/ledger?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.code, q).toBe('QUERY_INVALID_RANGE');
      expect(r.body.message, q).toContain(field);
    }
  });

  it('reconciles exactly with the alerts and work orders behind it', { timeout: 300_000 }, async () => {
    // The work order below is asked for by a person; the automatic rule is off.
    const rule = await put('/api/work-order-rule', { enabled: false, severities: ['critical'], criticalities: ['A'] });
    expect(rule.status).toBe(200);
    for (const f of [{ assetId: CAUGHT, kind: 'bearing_wear' }, ...FALSE_ALARM]) {
      expect((await post('/api/simulator/faults', { ...f, timeToFailureMinutes: TTF_MINUTES })).status).toBe(200);
    }
    // the breakdown no alert warned of, meanwhile: a corrective job completed as a confirmed failure
    const corrective = await post<WorkOrderDetail>('/api/work-orders', {
      assetId: MISSED,
      type: 'corrective',
      title: 'Motor tripped: winding burnt',
      by: 'kim',
    });
    expect(corrective.status).toBe(200);
    const missedDone = await post<WorkOrderDetail>(`/api/work-orders/${corrective.body.id}/complete`, {
      by: 'lee',
      findings: {
        failureConfirmed: true,
        rootCause: 'stator winding insulation failed',
        actionTaken: 'rewound the stator',
        downtimeHours: 7.5,
      },
    });
    expect(missedDone.status).toBe(200);

    const caught = await waitFor(() => openAlert([CAUGHT]), (TTF_MINUTES + 2) * 60_000, `an alert on ${CAUGHT}`);
    const wo = await post<WorkOrderDetail>(`/api/alerts/${caught.id}/work-order`, { by: 'kim' });
    expect(wo.status).toBe(200);
    const repaired = await post<WorkOrderDetail>(`/api/work-orders/${wo.body.id}/complete`, {
      by: 'lee',
      findings: {
        failureConfirmed: true,
        rootCause: 'outer race spalled',
        actionTaken: 'replaced the DE bearing',
        downtimeHours: 2.5,
      },
    });
    expect(repaired.status).toBe(200);

    const wrong = await waitFor(
      () => openAlert(FALSE_ALARM.map((f) => f.assetId)),
      (TTF_MINUTES + 2) * 60_000,
      `an alert on ${FALSE_ALARM.map((f) => f.assetId).join(' or ')}`,
    );
    const closed = await post<AlertDetail>(`/api/alerts/${wrong.id}/close`, {
      by: 'kim',
      label: { outcome: 'false_alarm' },
    });
    expect(closed.status).toBe(200);

    // cheaper false alarms from now on: the ledger prices with the inputs in force
    const { defaults: _, ...inputs } = await get<InputsBody>('/api/roi/inputs');
    expect((await put('/api/roi/inputs', { ...inputs, falseAlarmCost: 777 })).status).toBe(200);

    const ledger = await get<EvidenceLedger>('/api/roi/ledger');
    const ledgerInputs = await get<InputsBody>('/api/roi/inputs');
    const classOf = (a: Asset) => ledgerInputs.classes.find((c) => c.assetType === a.type)!;
    const assetOf = async (id: string) => (await get<{ asset: Asset }>(`/api/assets/${id}`)).asset;

    // The records behind it, read through the API: every labelled alert and every completed work order.
    const alerts = await Promise.all(
      (await get<Alert[]>('/api/alerts')).map((a) => get<AlertDetail>(`/api/alerts/${a.id}`)),
    );
    const done = await Promise.all(
      (await get<WorkOrder[]>('/api/work-orders?status=done')).map((w) =>
        get<WorkOrderDetail>(`/api/work-orders/${w.id}`),
      ),
    );
    const confirmed = alerts.filter(
      (a) =>
        a.workflow.label?.outcome === 'confirmed' &&
        done.some((w) => w.id === (a.workflow.label?.workOrderId ?? a.workflow.workOrderId)),
    );
    const falseAlarms = alerts.filter((a) => a.workflow.label?.outcome === 'false_alarm');
    const missed = done.filter((w) => w.type === 'corrective' && !w.alertId && w.findings?.failureConfirmed);
    expect(confirmed.map((a) => a.id)).toEqual([caught.id]);
    expect(falseAlarms.map((a) => a.id)).toEqual([wrong.id]);
    expect(missed.map((w) => w.id)).toEqual([corrective.body.id]);

    const kinds = (k: string) => ledger.entries.filter((e) => e.kind === k);
    expect(kinds('catch').map((e) => e.alertId)).toEqual(confirmed.map((a) => a.id));
    expect(kinds('false_alarm').map((e) => e.alertId)).toEqual(falseAlarms.map((a) => a.id));
    expect(kinds('missed_failure').map((e) => e.workOrderId)).toEqual(missed.map((w) => w.id));
    expect(ledger.totals).toMatchObject({ catches: 1, falseAlarms: 1, missedFailures: 1, detectionRate: 0.5 });

    // the catch, figure by figure from the alert, its work order, the asset and the class inputs
    const c = kinds('catch')[0]!;
    const a = alerts.find((x) => x.id === c.alertId)!;
    const w = await get<WorkOrderDetail>(`/api/work-orders/${c.workOrderId}`);
    expect(w.alertId).toBe(a.id);
    const asset = await assetOf(CAUGHT);
    const cls = classOf(asset);
    expect(c).toMatchObject({ assetId: CAUGHT, assetName: asset.name, lineId: asset.lineId, at: w.completedAt });
    expect(c.leadTimeHours?.value).toBe((w.completedAt! - a.startedAt) / H);
    const avoided = Math.max(0, cls.mttrUnplannedHours - w.findings!.downtimeHours);
    expect(c.avoidedDowntimeHours?.value).toBe(avoided);
    expect(asset.downtimeCostPerHour).toBeDefined();
    expect(c.value.value).toBe(
      avoided * asset.downtimeCostPerHour! + (cls.emergencyRepairCost - cls.plannedRepairCost),
    );
    expect(c.value.inputs.find((i) => i.name === 'downtime cost/h')).toMatchObject({
      value: asset.downtimeCostPerHour,
      source: `asset ${CAUGHT}`,
    });

    // the false alarm: the label's time and the input's cost
    const f = kinds('false_alarm')[0]!;
    const fa = alerts.find((x) => x.id === f.alertId)!;
    expect(f).toMatchObject({ assetId: wrong.assetId, at: fa.workflow.label!.at });
    expect(f.value.value).toBe(-777);

    // the missed failure: its downtime at the asset's cost plus an emergency repair
    const m = kinds('missed_failure')[0]!;
    const mw = await get<WorkOrderDetail>(`/api/work-orders/${m.workOrderId}`);
    const mAsset = await assetOf(MISSED);
    expect(m).toMatchObject({ assetId: MISSED, lineId: mAsset.lineId, at: mw.completedAt });
    expect(m.value.value).toBe(
      -(mw.findings!.downtimeHours * mAsset.downtimeCostPerHour! + classOf(mAsset).emergencyRepairCost),
    );

    // totals are the sums of the entries, and every grouping sums to the totals
    const sum = (xs: { value: { value: number } }[]) => xs.reduce((s, e) => s + e.value.value, 0);
    expect(ledger.totals.avoidedCost).toBe(sum(kinds('catch')));
    expect(ledger.totals.avoidedDowntimeHours).toBe(avoided);
    expect(ledger.totals.falseAlarmCost).toBe(-sum(kinds('false_alarm')));
    expect(ledger.totals.missedFailureCost).toBe(-sum(kinds('missed_failure')));
    expect(ledger.totals.net).toBe(ledger.totals.avoidedCost - ledger.totals.falseAlarmCost);
    expect(ledger.totals.medianLeadTimeHours).toBe(c.leadTimeHours?.value);
    expect(ledger.traced.net.value).toBe(ledger.totals.net);
    expect(ledger.traced.avoidedCost.inputs.map((i) => i.name)).toEqual([c.id]);
    const groupSums = (groups: LedgerGroup[]) => {
      const t = { catches: 0, falseAlarms: 0, missedFailures: 0, avoidedCost: 0, falseAlarmCost: 0, missed: 0, net: 0 };
      for (const g of groups) {
        t.catches += g.totals.catches;
        t.falseAlarms += g.totals.falseAlarms;
        t.missedFailures += g.totals.missedFailures;
        t.avoidedCost += g.totals.avoidedCost;
        t.falseAlarmCost += g.totals.falseAlarmCost;
        t.missed += g.totals.missedFailureCost;
        t.net += g.totals.net;
      }
      return t;
    };
    for (const [name, groups] of [
      ['byAsset', ledger.byAsset],
      ['byLine', ledger.byLine],
      ['byMonth', ledger.byMonth],
    ] as const) {
      const t = groupSums(groups);
      expect([t.catches, t.falseAlarms, t.missedFailures], name).toEqual([1, 1, 1]);
      expect(t.avoidedCost, name).toBeCloseTo(ledger.totals.avoidedCost, 6);
      expect(t.falseAlarmCost, name).toBeCloseTo(ledger.totals.falseAlarmCost, 6);
      expect(t.missed, name).toBeCloseTo(ledger.totals.missedFailureCost, 6);
      expect(t.net, name).toBeCloseTo(ledger.totals.net, 6);
    }
    expect(ledger.byAsset.map((g) => g.key).sort()).toEqual([CAUGHT, wrong.assetId, MISSED].sort());
    const months = ledger.entries.map((e) => new Date(e.at).toISOString().slice(0, 7));
    expect(ledger.byMonth.map((g) => g.key)).toEqual([...new Set(months)].sort());
    // the expected case over the same period, for comparison
    const expected = (await get<BusinessCaseResult>('/api/roi/case')).scenarios.find((x) => x.name === 'expected')!;
    expect(ledger.expectedOverPeriod?.value).toBeCloseTo(
      (expected.annualNet.value * (ledger.to - ledger.from)) / (365.25 * 24 * H),
      6,
    );

    // a period before any of it holds nothing; an ISO period around it holds everything
    const empty = await get<EvidenceLedger>(`/api/roi/ledger?from=0&to=${ledger.from}`);
    expect(empty.entries).toEqual([]);
    const iso = await get<EvidenceLedger>(
      `/api/roi/ledger?from=${new Date(ledger.from).toISOString()}&to=${new Date(ledger.to + 1).toISOString()}`,
    );
    expect(iso.entries.map((e) => e.id)).toEqual(ledger.entries.map((e) => e.id));
  });
});
