import type { Alert, WorkOrderDetail } from '@prognos/core';
import { createDemoPlant } from '@prognos/simulator';
import { openSqliteStore, type SqliteStore } from '@prognos/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../event-bus';
import { AnalyticsPipeline } from '../pipeline/analytics-pipeline';
import { registerPlant } from '../pipeline/simulator-control';
import { createMaintenance, type Maintenance } from './maintenance';

const log = { info() {}, warn() {}, error() {} };

/** A bearing-like deviation on P-101 (criticality A in the demo plant) or P-102 (B). */
function alert(id: string, assetId: string, severity: Alert['severity']): Alert {
  const now = Date.now();
  return {
    id,
    assetId,
    kind: 'anomaly',
    severity,
    state: 'open',
    title: `Anomaly on ${assetId}`,
    explanation: 'vibration up',
    contributions: [
      {
        sensor: `${assetId}.VIB-DE`,
        name: 'Vibration DE',
        unit: 'mm/s',
        share: 0.8,
        value: 7.5,
        expected: 2.5,
        low: 1.8,
        high: 3.2,
      },
    ],
    score: 2,
    peakScore: 2,
    startedAt: now - 60_000,
    updatedAt: now,
  };
}

describe('maintenance loop services (SQLite store, event bus, pipeline)', () => {
  let store: SqliteStore;
  let bus: EventBus;
  let m: Maintenance;
  let events: { change: string; workOrder: WorkOrderDetail }[];

  beforeEach(async () => {
    store = openSqliteStore({ path: ':memory:' });
    await registerPlant(store.metadata, createDemoPlant());
    bus = new EventBus();
    const pipeline = new AnalyticsPipeline({
      metadata: store.metadata,
      readings: store.readings,
      bus,
      windowMs: 10_000,
      log,
    });
    m = createMaintenance({ metadata: store.metadata, bus, pipeline, log });
    await m.init();
    events = [];
    bus.on('work-order', (e) => events.push(e));
  });
  afterEach(async () => {
    await m.drain();
    await store.close();
  });

  const raise = async (a: Alert) => {
    await store.metadata.saveAlert(a);
    bus.emit('alert', { change: 'opened', alert: a });
    await m.drain();
  };

  it('seeds the library once and ranks failure modes on every alert', async () => {
    const modes = await store.metadata.listFailureModes();
    expect(modes.length).toBeGreaterThan(0);
    await store.metadata.saveFailureMode({ ...modes[0]!, name: 'edited' });
    await m.library.seed();
    expect((await store.metadata.getFailureMode(modes[0]!.id))?.name).toBe('edited');
    await raise(alert('a1', 'P-101', 'warning'));
    const w = await store.metadata.getAlertWorkflow('a1');
    expect(w?.status).toBe('new');
    expect(w?.failureModes.length).toBeGreaterThan(0);
    expect(w?.failureModes[0]?.score).toBeGreaterThan(0);
  });

  it('creates a work order by rule for critical alerts on criticality-A assets only, as configured', async () => {
    await raise(alert('crit-A', 'P-101', 'critical'));
    await raise(alert('warn-A', 'P-101', 'warning'));
    await raise(alert('crit-B', 'P-102', 'critical'));
    const byAlert = (id: string) => store.metadata.listWorkOrderDetails({ alertId: id });
    const [wo] = await byAlert('crit-A');
    expect(wo).toMatchObject({ type: 'predictive', assetId: 'P-101', status: 'open' });
    expect(wo!.risk?.failureProbability).toBe(0.5);
    expect(wo!.description).toContain('automatic work-order rule');
    expect((await store.metadata.getAlertWorkflow('crit-A'))?.workOrderId).toBe(wo!.id);
    expect(await byAlert('warn-A')).toEqual([]);
    expect(await byAlert('crit-B')).toEqual([]);
    expect(events.map((e) => [e.change, e.workOrder.alertId])).toEqual([['created', 'crit-A']]);
    // an update of the same alert creates no second one
    bus.emit('alert', { change: 'updated', alert: alert('crit-A', 'P-101', 'critical') });
    await m.drain();
    expect(await byAlert('crit-A')).toHaveLength(1);

    await m.workOrders.setRule({ enabled: true, severities: ['critical', 'warning'], criticalities: ['A', 'B'] });
    await raise(alert('warn-B', 'P-102', 'warning'));
    expect(await byAlert('warn-B')).toHaveLength(1);
    await m.workOrders.setRule({ enabled: false, severities: ['critical'], criticalities: ['A'] });
    await raise(alert('crit-A2', 'P-101', 'critical'));
    expect(await byAlert('crit-A2')).toEqual([]);
  });

  it('links a work order made elsewhere to its alert, and its completion labels the alert', async () => {
    await m.workOrders.setRule({ enabled: false, severities: [], criticalities: [] });
    await raise(alert('s1', 'P-101', 'warning'));
    const wo = await m.workOrders.create({ assetId: 'P-101', type: 'corrective', title: 'check', by: 'kim' });
    bus.emit('work-order', { change: 'created', workOrder: { ...wo, alertId: 's1' } });
    await m.drain();
    expect((await store.metadata.getAlertWorkflow('s1'))?.workOrderId).toBe(wo.id);

    const fromAlert = await m.workOrders.createFromAlert('a-none', 'kim').catch((e: { code: string }) => e.code);
    expect(fromAlert).toBe('ALERT_NOT_FOUND');
    await raise(alert('s2', 'P-101', 'warning'));
    const w2 = await m.workOrders.createFromAlert('s2', 'kim');
    await m.workOrders.complete(w2.id, 'lee', {
      failureConfirmed: false,
      rootCause: 'none found',
      actionTaken: 'inspected',
      downtimeHours: 0,
    });
    const wf = await store.metadata.getAlertWorkflow('s2');
    expect(wf).toMatchObject({ status: 'closed', label: { outcome: 'false_alarm', source: 'work_order' } });
    expect((await store.metadata.getAlert('s2'))?.state).toBe('closed');
    // the manual one, the one emitted here for the alert, the one from the alert, and its completion
    expect(events.map((e) => e.change)).toEqual(['created', 'created', 'created', 'completed']);
    expect(events.at(-1)?.workOrder).toMatchObject({ id: w2.id, status: 'done', alertId: 's2' });
    const p = await m.workflows.precision();
    expect(p.overall).toMatchObject({ confirmed: 0, falseAlarms: 1, precision: 0, unlabelled: 1 });
  });

  it('holds notifications of a snoozed alert until the snooze ends', async () => {
    await raise(alert('z1', 'P-102', 'warning'));
    expect(m.workflows.isSnoozed('z1')).toBe(false);
    const until = Date.now() + 60_000;
    await m.workflows.act('z1', { type: 'snooze', until, reason: 'planned stop', by: 'kim' });
    expect(m.workflows.isSnoozed('z1')).toBe(true);
    expect(m.workflows.isSnoozed('z1', until + 1)).toBe(false);
    await m.workflows.close('z1', 'kim');
    expect(m.workflows.isSnoozed('z1')).toBe(false);
  });
});
