/** The MetadataStore conformance suite, shared by every implementation. */
import type {
  Alert,
  AlertWorkflow,
  Asset,
  AssetHealth,
  FailureMode,
  RulEvaluation,
  RulHistoryPoint,
  Sensor,
  TrainingAssignment,
  TrainingAttempt,
  WorkOrder,
  WorkOrderDetail,
} from '@prognos/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetadataStore, NewRulModelVersion } from '../ports';

export interface MetadataStoreHarness {
  store: MetadataStore;
  /** Closes the current store and opens a new one on the same data. */
  reopen(): Promise<MetadataStore>;
  cleanup(): Promise<void>;
}

const asset = (id: string, extra: Partial<Asset> = {}): Asset => ({
  id,
  lineId: 'L1',
  name: `Pump ${id}`,
  type: 'centrifugal_pump',
  criticality: 'A',
  ...extra,
});
const sensor = (id: string, assetId: string, extra: Partial<Sensor> = {}): Sensor => ({
  id,
  assetId,
  name: id,
  kind: 'vibration',
  unit: 'mm/s',
  min: 0,
  max: 50,
  sampleRateHz: 1,
  ...extra,
});
const alert = (id: string, assetId: string, state: Alert['state'], updatedAt: number): Alert => ({
  id,
  assetId,
  kind: 'anomaly',
  severity: 'warning',
  state,
  title: `Alert ${id}`,
  explanation: 'Vibration 40 % above baseline since 10:00',
  contributions: [
    { sensor: 'S1', name: 'Vibration DE', unit: 'mm/s', share: 0.7, value: 7.1, expected: 4.2, low: 3.1, high: 5.3 },
    { sensor: 'S2', name: 'Temperature', unit: '°C', share: 0.3, value: 71, expected: 65, low: 60, high: 70 },
  ],
  score: 1.4,
  peakScore: 2.1,
  startedAt: updatedAt - 1000,
  updatedAt,
});

export function metadataStoreConformance(name: string, factory: () => Promise<MetadataStoreHarness>): void {
  describe(`MetadataStore conformance: ${name}`, () => {
    let h: MetadataStoreHarness;
    let store: MetadataStore;
    beforeEach(async () => {
      h = await factory();
      store = h.store;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('upserts and lists the plant structure, replacing by id', async () => {
      await store.upsertSite({ id: 'S', name: 'Plant', timezone: 'Europe/Berlin' });
      await store.upsertSite({ id: 'S2', name: 'Other' });
      await store.upsertArea({ id: 'A', siteId: 'S', name: 'Utilities' });
      await store.upsertLine({ id: 'L1', areaId: 'A', name: 'Line 1' });
      await store.upsertAsset(asset('P-101', { downtimeCostPerHour: 1200, manufacturer: 'KSB', model: 'Etanorm' }));
      await store.upsertAsset(asset('P-102'));
      await store.upsertAsset(asset('P-102', { name: 'Renamed', criticality: 'C' }));
      await store.upsertComponent({ id: 'P-101.BRG', assetId: 'P-101', name: 'DE bearing', type: 'bearing' });
      await store.upsertComponent({ id: 'P-102.BRG', assetId: 'P-102', name: 'DE bearing', type: 'bearing' });
      expect(await store.listSites()).toEqual([
        { id: 'S', name: 'Plant', timezone: 'Europe/Berlin' },
        { id: 'S2', name: 'Other' },
      ]);
      expect(await store.listAreas()).toEqual([{ id: 'A', siteId: 'S', name: 'Utilities' }]);
      expect(await store.listLines()).toEqual([{ id: 'L1', areaId: 'A', name: 'Line 1' }]);
      expect(await store.listAssets()).toEqual([
        asset('P-101', { downtimeCostPerHour: 1200, manufacturer: 'KSB', model: 'Etanorm' }),
        asset('P-102', { name: 'Renamed', criticality: 'C' }),
      ]);
      expect(await store.getAsset('P-102')).toEqual(asset('P-102', { name: 'Renamed', criticality: 'C' }));
      expect(await store.getAsset('nope')).toBeUndefined();
      expect((await store.listComponents()).map((c) => c.id)).toEqual(['P-101.BRG', 'P-102.BRG']);
      expect(await store.listComponents('P-102')).toEqual([
        { id: 'P-102.BRG', assetId: 'P-102', name: 'DE bearing', type: 'bearing' },
      ]);
    });

    it('stores sensors with optional fields absent or present', async () => {
      const a = sensor('P-101.VIB', 'P-101', { componentId: 'P-101.BRG', lastCalibration: '2024-01-15' });
      const b = sensor('P-102.TEMP', 'P-102', { kind: 'bearing_temperature', unit: '°C', min: -20, max: 150 });
      await store.upsertSensor(a);
      await store.upsertSensor(b);
      await store.upsertSensor({ ...b, max: 120 });
      expect(await store.listSensors()).toEqual([a, { ...b, max: 120 }]);
      expect(await store.listSensors('P-101')).toEqual([a]);
      expect(await store.getSensor('P-102.TEMP')).toEqual({ ...b, max: 120 });
      expect(await store.getSensor('missing')).toBeUndefined();
    });

    it('saves alerts with contributions and filters them by asset, state and limit', async () => {
      await store.saveAlert(alert('a1', 'P-101', 'open', 1000));
      await store.saveAlert(alert('a2', 'P-101', 'acknowledged', 3000));
      await store.saveAlert(alert('a3', 'P-102', 'closed', 2000));
      await store.saveAlert({ ...alert('a3', 'P-102', 'closed', 4000), closedAt: 4000 });
      expect(await store.getAlert('a1')).toEqual(alert('a1', 'P-101', 'open', 1000));
      expect(await store.getAlert('a3')).toEqual({ ...alert('a3', 'P-102', 'closed', 4000), closedAt: 4000 });
      expect(await store.getAlert('zz')).toBeUndefined();
      const ids = async (q?: Parameters<MetadataStore['listAlerts']>[0]) =>
        (await store.listAlerts(q)).map((a) => a.id);
      expect(await ids()).toEqual(['a3', 'a2', 'a1']);
      expect(await ids({ assetId: 'P-101' })).toEqual(['a2', 'a1']);
      expect(await ids({ state: 'active' })).toEqual(['a2', 'a1']);
      expect(await ids({ state: 'closed' })).toEqual(['a3']);
      expect(await ids({ state: 'open', assetId: 'P-101' })).toEqual(['a1']);
      expect(await ids({ limit: 1 })).toEqual(['a3']);
    });

    it('saves work orders and lists them newest first', async () => {
      const wo = (id: string, assetId: string, createdAt: number, extra: Partial<WorkOrder> = {}): WorkOrder => ({
        id,
        assetId,
        title: `Check ${assetId}`,
        description: 'Inspect the DE bearing',
        status: 'open',
        priority: 'high',
        createdAt,
        ...extra,
      });
      await store.saveWorkOrder(wo('w1', 'P-101', 1000, { alertId: 'a1', dueAt: 5000 }));
      await store.saveWorkOrder(wo('w2', 'P-102', 2000));
      await store.saveWorkOrder(wo('w1', 'P-101', 1000, { alertId: 'a1', status: 'done', completedAt: 3000 }));
      expect(await store.listWorkOrders()).toEqual([
        wo('w2', 'P-102', 2000),
        wo('w1', 'P-101', 1000, { alertId: 'a1', status: 'done', completedAt: 3000 }),
      ]);
      expect((await store.listWorkOrders('P-102')).map((w) => w.id)).toEqual(['w2']);
    });

    it('keeps the latest health per asset and a compact history', async () => {
      const hh = (assetId: string, ts: number, health: number, status: AssetHealth['status']): AssetHealth => ({
        assetId,
        ts,
        health,
        score: (100 - health) / 50,
        status,
        contributions: status === 'ok' ? [] : alert('x', assetId, 'open', ts).contributions,
      });
      await store.saveHealth(hh('P-101', 1000, 95, 'ok'));
      await store.saveHealth(hh('P-101', 2000, 60, 'watch'));
      await store.saveHealth(hh('P-102', 1500, 30, 'alarm'));
      await store.saveHealth(hh('P-101', 1500, 80, 'ok')); // late: history only, latest stays at ts 2000
      await store.saveHealth(hh('P-103', 1000, Number.NaN, 'unknown'));
      const latest = await store.latestHealth();
      expect(latest.map((x) => [x.assetId, x.ts, x.status])).toEqual([
        ['P-101', 2000, 'watch'],
        ['P-102', 1500, 'alarm'],
        ['P-103', 1000, 'unknown'],
      ]);
      expect(latest[0]).toEqual(hh('P-101', 2000, 60, 'watch'));
      expect(latest[2]!.health).toBeNaN();
      const hist = await store.healthHistory('P-101', 1000, 2000);
      expect(hist.map((x) => [x.ts, x.health, x.status])).toEqual([
        [1000, 95, 'ok'],
        [1500, 80, 'ok'],
      ]);
      expect(hist[0]!.score).toBeCloseTo(0.1);
      expect(await store.healthHistory('P-101', -Infinity, Infinity)).toHaveLength(3);
    });

    it('keeps a history of remaining-useful-life predictions per asset (same ts replaced), across reopen', async () => {
      const p = (assetId: string, ts: number, hours: number): RulHistoryPoint => ({
        assetId,
        ts,
        method: 'health-trend',
        hours,
        lowerHours: hours * 0.6,
        upperHours: hours * 1.5,
        failureProbability: hours < 24 ? 0.7 : 0.05,
        horizonHours: 24,
        threshold: 10,
      });
      await store.saveRul(p('P-101', 1000, 90));
      await store.saveRul(p('P-101', 2000, 60));
      await store.saveRul(p('P-101', 2000, 50));
      await store.saveRul(p('P-102', 1500, 10));
      await store.saveRul(p('P-101', 3000, 20));
      expect(await store.rulHistory('P-101', 1000, 3000)).toEqual([p('P-101', 1000, 90), p('P-101', 2000, 50)]);
      store = await h.reopen();
      expect((await store.rulHistory('P-101', -Infinity, Infinity)).map((x) => x.hours)).toEqual([90, 50, 20]);
      expect(await store.rulHistory('P-102', 0, 5000)).toEqual([p('P-102', 1500, 10)]);
      expect(await store.rulHistory('nope', 0, 5000)).toEqual([]);
    });

    it('numbers RUL model versions per name, activates one at a time, records evaluations, across reopen', async () => {
      const v = (name: string, createdAt: number, activate = true): NewRulModelVersion => ({
        name,
        createdAt,
        createdBy: 'api',
        source: { file: 'train_FD001.txt', engines: 100, cycles: 20631 },
        options: { rounds: 50 },
        metrics: {
          trainingSeconds: 1.5,
          regimes: 1,
          validation: { rmse: 14, truncatedRmse: 16, truncatedScorePerEngine: 4, coverage90: 0.9, cycles: 20631 },
        },
        activate,
        // a model is large: the store must keep it whole
        state: JSON.stringify({ trees: Array.from({ length: 2000 }, (_, i) => ({ v: i / 7 })), name, createdAt }),
      });
      const a1 = await store.saveRulModel(v('turbofan-FD001', 1000));
      expect(a1).toMatchObject({ name: 'turbofan-FD001', version: 1, active: true, createdBy: 'api' });
      expect(a1).not.toHaveProperty('state');
      const a2 = await store.saveRulModel({ ...v('turbofan-FD001', 2000), note: 'more rounds' });
      expect(a2).toMatchObject({ version: 2, active: true, note: 'more rounds' });
      const a3 = await store.saveRulModel(v('turbofan-FD001', 3000, false));
      expect(a3).toMatchObject({ version: 3, active: false });
      await store.saveRulModel(v('pump', 1500));
      expect((await store.listRulModelVersions('turbofan-FD001')).map((x) => [x.version, x.active])).toEqual([
        [3, false],
        [2, true],
        [1, false],
      ]);
      expect(await store.listRulModelVersions('nope')).toEqual([]);
      const names = await store.listRulModels();
      expect(names.map((n) => [n.name, n.versions, n.active?.version])).toEqual([
        ['pump', 1, 1],
        ['turbofan-FD001', 3, 2],
      ]);
      expect(names[1]!.active).toEqual(a2);

      const active = await store.getRulModel('turbofan-FD001');
      expect(active?.summary).toEqual(a2);
      expect(JSON.parse(active!.state)).toEqual(JSON.parse(v('turbofan-FD001', 2000).state));
      expect(JSON.parse((await store.getRulModel('turbofan-FD001', 1))!.state).createdAt).toBe(1000);
      expect(await store.getRulModel('turbofan-FD001', 9)).toBeUndefined();
      expect(await store.getRulModel('nope')).toBeUndefined();

      // roll back to 1; a missing version changes nothing
      expect(await store.activateRulModel('turbofan-FD001', 1)).toMatchObject({ version: 1, active: true });
      expect(await store.activateRulModel('turbofan-FD001', 7)).toBeUndefined();
      expect((await store.getRulModel('turbofan-FD001'))?.summary.version).toBe(1);
      expect((await store.getRulModel('pump'))?.summary.version).toBe(1);

      const evaluation: RulEvaluation = {
        at: 5000,
        file: 'test_FD001.txt',
        engines: 100,
        rmse: 15.2,
        phm08Score: 410,
        coverage90: 0.88,
      };
      const evaluated = await store.saveRulEvaluation('turbofan-FD001', 2, evaluation);
      expect(evaluated?.metrics).toEqual({ ...a2.metrics, lastEvaluation: evaluation });
      expect(await store.saveRulEvaluation('turbofan-FD001', 8, evaluation)).toBeUndefined();

      store = await h.reopen();
      const after = await store.listRulModelVersions('turbofan-FD001');
      expect(after.map((x) => [x.version, x.active])).toEqual([
        [3, false],
        [2, false],
        [1, true],
      ]);
      expect(after[1]!.metrics.lastEvaluation).toEqual(evaluation);
      expect((await store.saveRulModel(v('turbofan-FD001', 4000))).version).toBe(4);
    });

    it('stores the failure-mode library, replacing by id and filtering by asset type', async () => {
      const fm = (id: string, assetTypes: string[], extra: Partial<FailureMode> = {}): FailureMode => ({
        id,
        assetTypes,
        component: 'bearing',
        name: `Mode ${id}`,
        iso14224: 'VIB',
        mechanism: '1.4 Wear',
        causes: ['lubrication'],
        symptoms: [{ kind: 'vibration', direction: 'up', weight: 0.9, text: 'vibration rises' }],
        detection: 'vibration trend',
        severity: 7,
        occurrence: 5,
        detectability: 3,
        rpn: 105,
        recommendedActions: ['check lubrication'],
        procedure: [
          { text: 'Lock out', safety: true },
          { text: 'Measure', expected: { quantity: 'v', unit: 'mm/s', max: 2.8 } },
        ],
        repairHours: 4,
        skill: 'mechanical',
        parts: ['BRG-6205'],
        ...extra,
      });
      expect(await store.listFailureModes()).toEqual([]);
      await store.saveFailureMode(fm('pump-bearing', ['centrifugal_pump']));
      await store.saveFailureMode(fm('fan-bearing', ['fan', 'motor']));
      await store.saveFailureMode(fm('pump-bearing', ['centrifugal_pump'], { name: 'Renamed' }));
      expect((await store.listFailureModes()).map((m) => m.id)).toEqual(['fan-bearing', 'pump-bearing']);
      expect((await store.listFailureModes('motor')).map((m) => m.id)).toEqual(['fan-bearing']);
      expect(await store.listFailureModes('compressor')).toEqual([]);
      expect(await store.getFailureMode('pump-bearing')).toEqual(
        fm('pump-bearing', ['centrifugal_pump'], { name: 'Renamed' }),
      );
      expect(await store.getFailureMode('nope')).toBeUndefined();
      store = await h.reopen();
      expect(await store.getFailureMode('fan-bearing')).toEqual(fm('fan-bearing', ['fan', 'motor']));
    });

    it('stores alert workflows and comments, filtered by asset and label', async () => {
      await store.upsertAsset(asset('P-1'));
      await store.upsertAsset(asset('P-2'));
      await store.saveAlert(alert('a1', 'P-1', 'open', 100));
      await store.saveAlert(alert('a2', 'P-2', 'closed', 200));
      const w1: AlertWorkflow = { alertId: 'a1', status: 'new', failureModes: [], updatedAt: 100 };
      const w2: AlertWorkflow = {
        alertId: 'a2',
        status: 'closed',
        assignee: 'kim',
        snoozedUntil: 500,
        snoozeReason: 'planned stop',
        label: { outcome: 'false_alarm', by: 'kim', at: 300, source: 'review' },
        failureModes: [
          {
            failureModeId: 'pump-bearing',
            name: 'Bearing wear',
            component: 'bearing',
            iso14224: 'VIB',
            score: 0.8,
            matched: ['vibration up'],
            missing: [],
            rpn: 105,
            recommendedActions: ['check'],
          },
        ],
        updatedAt: 300,
      };
      await store.saveAlertWorkflow(w1);
      await store.saveAlertWorkflow(w2);
      expect(await store.getAlertWorkflow('a2')).toEqual(w2);
      expect(await store.getAlertWorkflow('zz')).toBeUndefined();
      expect((await store.listAlertWorkflows()).map((w) => w.alertId)).toEqual(['a2', 'a1']);
      expect((await store.listAlertWorkflows({ assetId: 'P-1' })).map((w) => w.alertId)).toEqual(['a1']);
      expect((await store.listAlertWorkflows({ labelled: true })).map((w) => w.alertId)).toEqual(['a2']);
      expect((await store.listAlertWorkflows({ labelled: false })).map((w) => w.alertId)).toEqual(['a1']);
      expect((await store.listAlertWorkflows({ status: 'new' })).map((w) => w.alertId)).toEqual(['a1']);
      const acked: AlertWorkflow = { ...w1, status: 'acknowledged', assignee: 'lee', updatedAt: 400 };
      await store.saveAlertWorkflow(acked);
      expect((await store.listAlertWorkflows()).map((w) => w.alertId)).toEqual(['a1', 'a2']);

      await store.addAlertComment({ id: 'c2', alertId: 'a1', at: 20, author: 'lee', text: 'second' });
      await store.addAlertComment({ id: 'c1', alertId: 'a1', at: 10, author: 'kim', text: 'first' });
      await store.addAlertComment({ id: 'c3', alertId: 'a2', at: 5, author: 'kim', text: 'other' });
      expect((await store.listAlertComments('a1')).map((c) => c.text)).toEqual(['first', 'second']);
      expect(await store.listAlertComments('zz')).toEqual([]);
      store = await h.reopen();
      expect(await store.getAlertWorkflow('a1')).toEqual(acked);
      expect(await store.listAlertComments('a2')).toEqual([
        { id: 'c3', alertId: 'a2', at: 5, author: 'kim', text: 'other' },
      ]);
    });

    it('stores work-order details and keeps their summaries in the work-order list', async () => {
      const wo = (
        id: string,
        assetId: string,
        createdAt: number,
        extra: Partial<WorkOrderDetail> = {},
      ): WorkOrderDetail => ({
        id,
        assetId,
        title: `WO ${id}`,
        description: 'Replace the DE bearing',
        status: 'open',
        priority: 'high',
        createdAt,
        type: 'predictive',
        skill: 'mechanical',
        estimatedHours: 4,
        procedure: [{ text: 'Lock out', safety: true }],
        stepResults: [],
        parts: [],
        labour: [],
        ...extra,
      });
      const a = wo('w1', 'P-1', 100, {
        alertId: 'a1',
        dueAt: 900,
        failureModeId: 'pump-bearing',
        risk: { failureProbability: 0.4, consequence: 12000, criticality: 'A', value: 4800, reason: 'RUL 20 h' },
      });
      await store.saveWorkOrderDetail(a);
      await store.saveWorkOrderDetail(wo('w2', 'P-2', 200, { type: 'corrective', priority: 'low' }));
      expect(await store.getWorkOrderDetail('w1')).toEqual(a);
      expect(await store.getWorkOrderDetail('zz')).toBeUndefined();
      expect((await store.listWorkOrderDetails()).map((w) => w.id)).toEqual(['w2', 'w1']);
      expect((await store.listWorkOrderDetails({ assetId: 'P-1' })).map((w) => w.id)).toEqual(['w1']);
      expect((await store.listWorkOrderDetails({ alertId: 'a1' })).map((w) => w.id)).toEqual(['w1']);
      const done = {
        ...a,
        status: 'done' as const,
        completedAt: 800,
        stepResults: [{ step: 0, done: true, at: 700, by: 'lee' }],
        parts: [{ partId: 'BRG-6205', quantity: 2 }],
        labour: [{ technician: 'lee', hours: 3.5, at: 790 }],
        findings: {
          failureConfirmed: true,
          failureModeId: 'pump-bearing',
          rootCause: 'dry',
          actionTaken: 'replaced',
          downtimeHours: 4,
        },
      };
      await store.saveWorkOrderDetail(done);
      expect((await store.listWorkOrderDetails({ status: 'done' })).map((w) => w.id)).toEqual(['w1']);
      expect((await store.listWorkOrderDetails({ status: 'open' })).map((w) => w.id)).toEqual(['w2']);
      // the summary list (GET /api/work-orders) shows both, the completed one as done
      const summaries = await store.listWorkOrders();
      expect(summaries.map((s) => [s.id, s.status])).toEqual([
        ['w2', 'open'],
        ['w1', 'done'],
      ]);
      expect(summaries[1]).toEqual({
        id: 'w1',
        assetId: 'P-1',
        alertId: 'a1',
        title: 'WO w1',
        description: 'Replace the DE bearing',
        status: 'done',
        priority: 'high',
        createdAt: 100,
        dueAt: 900,
        completedAt: 800,
      } satisfies WorkOrder);
      store = await h.reopen();
      expect(await store.getWorkOrderDetail('w1')).toEqual(done);
    });

    it('keeps spare parts with atomic stock changes, the crew, windows by time and preventive plans', async () => {
      const bearing = { id: 'BRG-6309', name: 'Bearing 6309-2RS', stock: 4, leadTimeDays: 5, unitCost: 85 };
      await store.upsertSparePart(bearing);
      await store.upsertSparePart({ id: 'SEAL-1', name: 'Mechanical seal', stock: 1, leadTimeDays: 14, unitCost: 420 });
      expect((await store.listSpareParts()).map((p) => p.id)).toEqual(['BRG-6309', 'SEAL-1']);
      expect(await store.adjustSparePartStock('BRG-6309', -3)).toEqual({ ...bearing, stock: 1 });
      // never below zero
      expect((await store.adjustSparePartStock('BRG-6309', -5))?.stock).toBe(0);
      expect(await store.adjustSparePartStock('nope', -1)).toBeUndefined();
      expect(await store.deleteSparePart('SEAL-1')).toBe(true);
      expect(await store.deleteSparePart('SEAL-1')).toBe(false);

      const ann = { id: 'T1', name: 'Ann', skills: ['mechanical', 'process'], hoursPerShift: 7.5 };
      await store.upsertTechnician(ann);
      await store.upsertTechnician({ id: 'T2', name: 'Bo', skills: ['electrical'], hoursPerShift: 8 });
      await store.upsertTechnician({ ...ann, hoursPerShift: 6 });
      expect(await store.listTechnicians()).toEqual([
        { ...ann, hoursPerShift: 6 },
        { id: 'T2', name: 'Bo', skills: ['electrical'], hoursPerShift: 8 },
      ]);
      expect(await store.deleteTechnician('T2')).toBe(true);
      expect((await store.listTechnicians()).map((t) => t.id)).toEqual(['T1']);

      const w = (id: string, start: number, end: number) => ({
        id,
        start,
        end,
        assets: ['L-UTIL'],
        kind: 'planned_stop' as const,
      });
      await store.upsertMaintenanceWindow(w('w2', 3000, 4000));
      await store.upsertMaintenanceWindow(w('w1', 1000, 2000));
      await store.upsertMaintenanceWindow({ ...w('w3', 5000, 6000), assets: [], kind: 'shift' });
      expect((await store.listMaintenanceWindows()).map((x) => x.id)).toEqual(['w1', 'w2', 'w3']);
      // overlap with [1500, 3500): w1 (ends 2000) and w2 (starts 3000); w3 starts after
      expect((await store.listMaintenanceWindows({ from: 1500, to: 3500 })).map((x) => x.id)).toEqual(['w1', 'w2']);
      expect(await store.listMaintenanceWindows({ from: 2000, to: 3000 })).toEqual([]);
      expect(await store.deleteMaintenanceWindow('w2')).toBe(true);

      const plan = {
        id: 'PM-1',
        assetId: 'P-101',
        title: 'Grease DE bearing',
        trigger: { kind: 'run_hours' as const, everyHours: 500 },
        procedure: [{ text: 'Lock out the motor', safety: true }, { text: 'Grease 15 g' }],
        skill: 'mechanical',
        estimatedHours: 0.5,
        lastDoneAt: 1000,
        runHours: 12.5,
      };
      await store.upsertPreventivePlan(plan);
      await store.upsertPreventivePlan({
        ...plan,
        id: 'PM-2',
        assetId: 'M-201',
        trigger: { kind: 'calendar', everyDays: 90 },
      });
      expect(await store.getPreventivePlan('PM-1')).toEqual(plan);
      expect(await store.getPreventivePlan('nope')).toBeUndefined();
      expect((await store.listPreventivePlans()).map((p) => p.id)).toEqual(['PM-1', 'PM-2']);
      expect((await store.listPreventivePlans('M-201')).map((p) => p.id)).toEqual(['PM-2']);

      store = await h.reopen();
      expect((await store.getSparePart('BRG-6309'))?.stock).toBe(0);
      expect((await store.listMaintenanceWindows()).map((x) => x.id)).toEqual(['w1', 'w3']);
      expect((await store.listTechnicians())[0]).toEqual({ ...ann, hoursPerShift: 6 });
      expect(await store.deletePreventivePlan('PM-2')).toBe(true);
      expect((await store.listPreventivePlans()).map((p) => p.id)).toEqual(['PM-1']);
    });

    it('stores settings and keeps everything across reopen', async () => {
      expect(await store.getSetting('baseline')).toBeUndefined();
      await store.setSetting('baseline', '{"mean":1}');
      await store.setSetting('baseline', '{"mean":2}');
      await store.upsertAsset(asset('P-9'));
      await store.saveAlert(alert('a9', 'P-9', 'open', 10));
      store = await h.reopen();
      expect(await store.getSetting('baseline')).toBe('{"mean":2}');
      expect(await store.getAsset('P-9')).toEqual(asset('P-9'));
      expect(await store.getAlert('a9')).toEqual(alert('a9', 'P-9', 'open', 10));
    });

    describe('training (attempts and assignments)', () => {
      const attempt = (id: string, trainee: string, scenarioId: string, startedAt: number): TrainingAttempt => ({
        id,
        scenarioId,
        trainee,
        seed: 42,
        startedAt,
        status: 'in_progress',
      });
      const assignment = (id: string, trainee: string, assignedAt: number): TrainingAssignment => ({
        id,
        trainee,
        scenarioId: 'pump-cavitation',
        assignedBy: 'instructor',
        assignedAt,
        status: 'assigned',
      });

      it('saves, replaces and filters attempts, newest first, across reopen', async () => {
        await store.saveTrainingAttempt(attempt('t1', 'ann', 'pump-cavitation', 1000));
        await store.saveTrainingAttempt(attempt('t2', 'ann', 'motor-bearing', 2000));
        await store.saveTrainingAttempt(attempt('t3', 'bob', 'pump-cavitation', 3000));
        expect(await store.getTrainingAttempt('nope')).toBeUndefined();
        expect((await store.listTrainingAttempts()).map((a) => a.id)).toEqual(['t3', 't2', 't1']);
        expect((await store.listTrainingAttempts({ trainee: 'ann' })).map((a) => a.id)).toEqual(['t2', 't1']);
        expect((await store.listTrainingAttempts({ scenarioId: 'pump-cavitation' })).map((a) => a.id)).toEqual([
          't3',
          't1',
        ]);
        expect(
          (await store.listTrainingAttempts({ trainee: 'ann', scenarioId: 'pump-cavitation' })).map((a) => a.id),
        ).toEqual(['t1']);
        const submitted: TrainingAttempt = {
          ...attempt('t1', 'ann', 'pump-cavitation', 1000),
          status: 'submitted',
          submittedAt: 1500,
          submission: { failureModeId: 'FM-1', faultySensors: ['S1'], actions: ['a1'] },
        };
        await store.saveTrainingAttempt(submitted);
        store = await h.reopen();
        expect(await store.getTrainingAttempt('t1')).toEqual(submitted);
        expect(await store.listTrainingAttempts()).toHaveLength(3);
      });

      it('saves, replaces and filters assignments by trainee and status', async () => {
        await store.saveTrainingAssignment(assignment('as1', 'ann', 1000));
        await store.saveTrainingAssignment({ ...assignment('as2', 'ann', 2000), dueAt: 9000, note: 'before Friday' });
        await store.saveTrainingAssignment(assignment('as3', 'bob', 3000));
        expect(await store.getTrainingAssignment('nope')).toBeUndefined();
        expect((await store.listTrainingAssignments()).map((a) => a.id)).toEqual(['as3', 'as2', 'as1']);
        expect((await store.listTrainingAssignments({ trainee: 'ann' })).map((a) => a.id)).toEqual(['as2', 'as1']);
        const done: TrainingAssignment = { ...assignment('as1', 'ann', 1000), status: 'done', attemptId: 't1' };
        await store.saveTrainingAssignment(done);
        expect((await store.listTrainingAssignments({ status: 'done' })).map((a) => a.id)).toEqual(['as1']);
        expect((await store.listTrainingAssignments({ trainee: 'ann', status: 'assigned' })).map((a) => a.id)).toEqual([
          'as2',
        ]);
        store = await h.reopen();
        expect(await store.getTrainingAssignment('as1')).toEqual(done);
        expect((await store.getTrainingAssignment('as2'))?.note).toBe('before Friday');
      });
    });
  });

  describe(`MetadataStore procedures: ${name}`, () => {
    let h: MetadataStoreHarness;
    let store: MetadataStore;
    beforeEach(async () => {
      h = await factory();
      store = h.store;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    const draft = (id: string, title: string) => ({
      id,
      title,
      failureModeIds: [id],
      assetTypes: ['centrifugal_pump'],
      steps: [
        { text: 'Lock out and tag out the motor', safety: true, minutes: 10 },
        {
          text: 'Measure DE bearing vibration',
          expected: { quantity: 'DE bearing vibration', unit: 'mm/s', max: 2.8 },
          tools: ['vibration meter'],
          minutes: 5,
        },
      ],
      tools: ['vibration meter'],
      parts: ['BRG-6309'],
      estimatedMinutes: 15,
      author: 'Prognos library',
    });

    it('numbers versions per procedure, keeps each one unchanged and lists the latest, across reopen', async () => {
      const before = Date.now();
      const v1 = await store.saveProcedureVersion(draft('FM-BRG', 'Replace bearing'));
      expect(v1).toEqual({ ...draft('FM-BRG', 'Replace bearing'), version: 1, createdAt: v1.createdAt });
      expect(v1.createdAt).toBeGreaterThanOrEqual(before);
      const v2 = await store.saveProcedureVersion({
        ...draft('FM-BRG', 'Replace bearing (v2)'),
        author: 'ann',
        changeNote: 'check vibration after the run-in',
      });
      expect(v2.version).toBe(2);
      expect((await store.saveProcedureVersion(draft('FM-ALN', 'Realign'))).version).toBe(1);

      expect(await store.getProcedure('FM-BRG')).toEqual(v2);
      expect(await store.getProcedure('FM-BRG', 1)).toEqual(v1);
      expect(await store.getProcedure('FM-BRG', 3)).toBeUndefined();
      expect(await store.getProcedure('nope')).toBeUndefined();
      expect((await store.listProcedures()).map((p) => [p.id, p.version])).toEqual([
        ['FM-ALN', 1],
        ['FM-BRG', 2],
      ]);
      expect((await store.listProcedureVersions('FM-BRG')).map((p) => p.version)).toEqual([2, 1]);
      expect(await store.listProcedureVersions('nope')).toEqual([]);

      store = await h.reopen();
      expect(await store.getProcedure('FM-BRG', 1)).toEqual(v1);
      expect((await store.getProcedure('FM-BRG'))?.changeNote).toBe('check vibration after the run-in');
      expect((await store.saveProcedureVersion(draft('FM-BRG', 'again'))).version).toBe(3);
    });

    it('gives concurrent saves of one procedure distinct, consecutive versions', async () => {
      const saved = await Promise.all(
        Array.from({ length: 5 }, (_, i) => store.saveProcedureVersion(draft('FM-X', `edit ${i}`))),
      );
      expect(saved.map((p) => p.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
      expect((await store.listProcedureVersions('FM-X')).map((p) => p.version)).toEqual([5, 4, 3, 2, 1]);
    });
  });
}
