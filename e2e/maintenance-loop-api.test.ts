import type {
  Alert,
  AlertComment,
  AlertWorkflow,
  FailureMode,
  ModelVersionSummary,
  PrecisionReport,
  RulHistoryPoint,
  SparePart,
  TrainJob,
  WorkOrder,
  WorkOrderDetail,
} from '@prognos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, startTestServer, type TestServer, waitFor } from './harness';

type AlertDetail = Alert & { workflow: AlertWorkflow };
interface ErrorBody {
  code: string;
  message: string;
}
const H = 3_600_000;
/** Wall minutes to failure (12 process hours at the demo's 360×), and 2-s windows, as in demo-faults.test.ts. */
const TTF_MINUTES = 2;

/**
 * The maintenance loop through the HTTP API only: an injected bearing fault → an alert with ranked failure modes →
 * a work order whose priority and due date come from the RUL → a technician works it (safety first) and completes
 * it with findings → the label is stored → precision → retraining leaves the confirmed episode out; then a second
 * alert closed as a false alarm moves the precision.
 */
describe('the maintenance loop through the API', () => {
  let s: TestServer;
  const alertDetail = async (id: string) => (await getJson<AlertDetail>(`${s.base}/api/alerts/${id}`)).body;
  const post = <T>(path: string, body: unknown) => postJson<T>(`${s.base}${path}`, body);

  beforeAll(async () => {
    s = await startTestServer({ backfillHours: 24, windowMs: 2_000 });
  }, 120_000);
  afterAll(async () => s?.stop());

  it('takes an injected fault from alert to labelled work order, precision and retraining', {
    timeout: 240_000,
  }, async () => {
    // the library is seeded, and edits are checked
    const pumpModes = (await getJson<FailureMode[]>(`${s.base}/api/failure-modes?assetType=centrifugal_pump`)).body;
    expect(pumpModes.length).toBeGreaterThan(0);
    expect(pumpModes.every((m) => m.assetTypes.includes('centrifugal_pump'))).toBe(true);
    const one = await getJson<FailureMode>(`${s.base}/api/failure-modes/${pumpModes[0]!.id}`);
    expect(one.body).toEqual(pumpModes[0]);
    expect((await getJson<ErrorBody>(`${s.base}/api/failure-modes/nope`)).body.code).toBe('FAILURE_MODE_NOT_FOUND');
    const bad = await fetch(`${s.base}/api/failure-modes/${pumpModes[0]!.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...pumpModes[0], severity: 42 }),
    });
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as ErrorBody;
    expect(badBody.code).toBe('FAILURE_MODE_INVALID');
    expect(badBody.message).toMatch(/severity/);

    // The work order below is asked for by a person; the automatic rule (critical alerts on A assets) is off here.
    const rule = await fetch(`${s.base}/api/work-order-rule`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false, severities: ['critical'], criticalities: ['A'] }),
    });
    expect(rule.status).toBe(200);

    for (const f of [
      { assetId: 'P-101', kind: 'bearing_wear' },
      { assetId: 'P-102', kind: 'cavitation' },
    ]) {
      const r = await post(`/api/simulator/faults`, { ...f, timeToFailureMinutes: TTF_MINUTES });
      expect(r.status).toBe(200);
    }

    // an anomaly alert on P-101 whose best-ranked failure mode is a bearing failure, with a RUL estimate to plan by
    const alert = await waitFor(
      async () => {
        const list = (await getJson<Alert[]>(`${s.base}/api/alerts?assetId=P-101`)).body;
        const a = list.find((x) => x.kind === 'anomaly' && x.state !== 'closed');
        if (!a) return undefined;
        const d = await alertDetail(a.id);
        const top = d.workflow?.failureModes[0];
        if (!top || !/bearing/i.test(`${top.component} ${top.name}`)) return undefined;
        const rul = (await getJson<RulHistoryPoint[]>(`${s.base}/api/assets/P-101/rul?from=0`)).body;
        return rul.length > 0 ? d : undefined;
      },
      (TTF_MINUTES + 2) * 60_000,
      'an anomaly alert on P-101 ranked as a bearing failure, with a RUL estimate',
    );
    expect(alert.workflow.status).toBe('new');
    const top = alert.workflow.failureModes[0]!;
    expect(top.score).toBeGreaterThan(0);
    expect(top.matched.length).toBeGreaterThan(0);

    // workflow actions
    const acked = await post<AlertDetail>(`/api/alerts/${alert.id}/acknowledge`, { by: 'kim' });
    expect(acked.status).toBe(200);
    expect(acked.body.workflow.status).toBe('acknowledged');
    expect(acked.body.state).toBe('acknowledged');
    expect(
      (await post<AlertDetail>(`/api/alerts/${alert.id}/assign`, { assignee: 'lee', by: 'kim' })).body.workflow
        .assignee,
    ).toBe('lee');
    expect(
      (await post<AlertComment>(`/api/alerts/${alert.id}/comments`, { text: 'noise at DE bearing', by: 'lee' })).status,
    ).toBe(200);
    const comments = (await getJson<AlertComment[]>(`${s.base}/api/alerts/${alert.id}/comments`)).body;
    expect(comments.map((c) => [c.author, c.text])).toEqual([['lee', 'noise at DE bearing']]);
    expect((await post<ErrorBody>(`/api/alerts/nope/acknowledge`, { by: 'kim' })).body.code).toBe('ALERT_NOT_FOUND');

    // the work order: top failure mode, priority and due date from risk and the RUL
    const created = await post<WorkOrderDetail>(`/api/alerts/${alert.id}/work-order`, { by: 'kim' });
    expect(created.status).toBe(200);
    const wo = created.body;
    const fm = pumpModes.find((m) => m.id === top.failureModeId)!;
    expect(wo).toMatchObject({
      assetId: 'P-101',
      alertId: alert.id,
      type: 'predictive',
      status: 'open',
      failureModeId: top.failureModeId,
      skill: fm.skill,
      estimatedHours: fm.repairHours,
      procedure: fm.procedure,
    });
    expect(wo.risk?.criticality).toBe('A');
    expect(wo.risk?.value).toBeGreaterThan(0);
    const rul = (await getJson<RulHistoryPoint[]>(`${s.base}/api/assets/P-101/rul?from=0&to=${wo.createdAt + 1}`)).body;
    const atCreation = rul[rul.length - 1]!;
    // due before the predicted failure (the lower end of the RUL interval), and a failing A machine is urgent work
    expect(wo.dueAt).toBeDefined();
    expect(wo.dueAt!).toBeLessThanOrEqual(wo.createdAt + atCreation.lowerHours * H + 60_000);
    expect(['high', 'urgent']).toContain(wo.priority);
    expect((await post<ErrorBody>(`/api/alerts/${alert.id}/work-order`, { by: 'kim' })).body.code).toBe(
      'ALERT_STATE_CONFLICT',
    );
    expect((await getJson<WorkOrderDetail>(`${s.base}/api/work-orders/${wo.id}`)).body).toEqual(wo);

    // the technician: start, safety first, every step, parts and labour, complete with findings
    const early = await post<ErrorBody>(`/api/work-orders/${wo.id}/steps/0`, { done: true, by: 'lee' });
    expect(early.status).toBe(409);
    const started = await post<WorkOrderDetail>(`/api/work-orders/${wo.id}/start`, { by: 'lee' });
    expect(started.body.status).toBe('in_progress');
    expect((await alertDetail(alert.id)).workflow).toMatchObject({ status: 'in_work', workOrderId: wo.id });
    const safety = wo.procedure.findIndex((p) => p.safety);
    expect(safety).toBeGreaterThanOrEqual(0);
    if (safety < wo.procedure.length - 1) {
      const skipped = await post<ErrorBody>(`/api/work-orders/${wo.id}/steps/${safety + 1}`, { done: true, by: 'lee' });
      expect(skipped.status).toBe(409);
      expect(skipped.body.code).toBe('WORK_ORDER_SAFETY_STEP_PENDING');
    }
    for (const [i, step] of wo.procedure.entries()) {
      const e = step.expected;
      const value = e ? (e.min ?? 0) + ((e.max ?? (e.min ?? 0) + 2) - (e.min ?? 0)) / 2 : undefined;
      const r = await post<WorkOrderDetail>(`/api/work-orders/${wo.id}/steps/${i}`, { done: true, value, by: 'lee' });
      expect(r.status, `step ${i}`).toBe(200);
    }
    const parts = (await getJson<SparePart[]>(`${s.base}/api/spare-parts`)).body;
    const partId = fm.parts.find((p) => parts.some((x) => x.id === p)) ?? parts[0]!.id;
    const withPart = await post<WorkOrderDetail>(`/api/work-orders/${wo.id}/parts`, { partId, quantity: 1 });
    expect(withPart.status).toBe(200);
    expect(withPart.body.parts.some((p) => p.partId === partId)).toBe(true);
    expect(
      (await post<ErrorBody>(`/api/work-orders/${wo.id}/parts`, { partId: 'NO-SUCH-PART', quantity: 1 })).status,
    ).toBe(404);
    const withLabour = await post<WorkOrderDetail>(`/api/work-orders/${wo.id}/labour`, {
      technician: 'lee',
      hours: 3.5,
    });
    expect(withLabour.body.labour.map((l) => [l.technician, l.hours])).toEqual([['lee', 3.5]]);
    const findings = {
      failureConfirmed: true,
      failureModeId: top.failureModeId,
      rootCause: 'lubricant degraded, outer race spalled',
      actionTaken: 'replaced the DE bearing and relubricated',
      downtimeHours: 4,
      downtimeReason: 'bearing replacement',
    };
    const done = await post<WorkOrderDetail>(`/api/work-orders/${wo.id}/complete`, { by: 'lee', findings });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', findings });
    expect(done.body.stepResults.filter((r) => r.done).length).toBe(wo.procedure.length);

    // the label is stored on the alert, which is closed
    const labelled = await alertDetail(alert.id);
    expect(labelled.state).toBe('closed');
    expect(labelled.workflow).toMatchObject({
      status: 'closed',
      workOrderId: wo.id,
      label: {
        outcome: 'confirmed',
        failureModeId: top.failureModeId,
        by: 'lee',
        source: 'work_order',
        workOrderId: wo.id,
      },
    });
    expect((await post<ErrorBody>(`/api/alerts/${alert.id}/acknowledge`, { by: 'kim' })).body.code).toBe(
      'ALERT_STATE_CONFLICT',
    );
    const summaries = (await getJson<WorkOrder[]>(`${s.base}/api/work-orders?assetId=P-101&status=done`)).body;
    expect(summaries.map((w) => w.id)).toContain(wo.id);

    let precision = (await getJson<PrecisionReport>(`${s.base}/api/precision`)).body;
    expect(precision.byAsset.find((f) => f.key === 'P-101')).toMatchObject({
      confirmed: 1,
      falseAlarms: 0,
      precision: 1,
    });
    expect(precision.overall).toMatchObject({ confirmed: 1, falseAlarms: 0, precision: 1 });

    // retraining over the fault period leaves the confirmed episode (alert start to repair) out
    const labelAt = labelled.workflow.label!.at;
    const train = await post<{ job: TrainJob }>(`/api/assets/P-101/models/train`, {
      from: alert.startedAt - 12 * H,
      to: labelAt + 1,
      note: 'after the bearing repair',
    });
    expect(train.status).toBe(202);
    const job = await waitFor(
      async () => {
        const j = (await getJson<TrainJob>(`${s.base}/api/jobs/${train.body.job.id}`)).body;
        return j.state === 'running' ? undefined : j;
      },
      60_000,
      'the training job',
    );
    expect(job.state, job.message).toBe('done');
    const models = (await getJson<{ active?: ModelVersionSummary }>(`${s.base}/api/assets/P-101/models`)).body;
    expect(models.active?.version).toBe(job.version);
    expect(models.active?.labels?.excludedEpisodes).toBe(1);
    expect(models.active?.labels?.excludedHours).toBeCloseTo((labelAt - alert.startedAt) / H, 3);

    // a second alert, on P-102, snoozed (still listed) and then closed as a false alarm: precision falls to 0.5
    const second = await waitFor(
      async () => {
        const list = (await getJson<Alert[]>(`${s.base}/api/alerts?assetId=P-102`)).body;
        return list.find((x) => x.state !== 'closed');
      },
      (TTF_MINUTES + 1) * 60_000,
      'an alert on P-102',
    );
    const snoozed = await post<AlertDetail>(`/api/alerts/${second.id}/snooze`, {
      until: Date.now() + H,
      reason: 'process upset, operators on it',
      by: 'kim',
    });
    expect(snoozed.body.workflow).toMatchObject({ snoozeReason: 'process upset, operators on it' });
    expect((await getJson<Alert[]>(`${s.base}/api/alerts?state=active`)).body.map((a) => a.id)).toContain(second.id);
    const closed = await post<AlertDetail>(`/api/alerts/${second.id}/close`, {
      by: 'kim',
      label: { outcome: 'false_alarm' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body.workflow).toMatchObject({
      status: 'closed',
      label: { outcome: 'false_alarm', source: 'review' },
    });
    precision = (await getJson<PrecisionReport>(`${s.base}/api/precision`)).body;
    expect(precision.overall).toMatchObject({ confirmed: 1, falseAlarms: 1, precision: 0.5 });
    expect(precision.byAsset.find((f) => f.key === 'P-101')?.precision).toBe(1);
    expect(precision.byAsset.find((f) => f.key === 'P-102')?.precision).toBe(0);
    expect(precision.overTime.at(-1)).toMatchObject({ confirmed: 1, falseAlarms: 1 });
    expect(precision.byDetector.length).toBeGreaterThan(0);
  });
});
