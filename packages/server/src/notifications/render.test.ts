import type { Alert, RankedFailureMode, WorkOrderDetail } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { expandTopic } from './mqtt-sender';
import { alertWhat, formatUtc, notificationPayload, renderAlert, renderWorkOrder } from './render';

const T0 = Date.UTC(2026, 11, 7, 10, 42);
const asset = { id: 'P-101', name: 'Feed pump', criticality: 'A' as const };
const alert: Alert = {
  id: 'al-1',
  assetId: 'P-101',
  kind: 'anomaly',
  severity: 'critical',
  state: 'open',
  title: 'Abnormal vibration on P-101',
  explanation: 'P-101 Feed pump: DE bearing vibration is 6.20 mm/s, normally 1.6–2.6 mm/s. Abnormal since 10:42 UTC.',
  contributions: [],
  score: 2.4,
  peakScore: 2.4,
  startedAt: T0,
  updatedAt: T0 + 60_000,
};
const bearing: RankedFailureMode = {
  failureModeId: 'pump-bearing-wear',
  name: 'Bearing wear',
  component: 'bearing',
  iso14224: 'VIB',
  score: 0.82,
  matched: ['vibration up (62 % of the anomaly)'],
  missing: [],
  rpn: 120,
  recommendedActions: ['Check lubrication', 'Measure bearing envelope spectrum'],
};

describe('alert messages', () => {
  it('names asset, problem and severity in the subject, explains and links in the body', () => {
    const m = renderAlert({
      event: 'alert.opened',
      alert,
      asset,
      failureModes: [bearing],
      baseUrl: 'https://prognos.plant.example/',
    });
    expect(m.subject).toBe('[Prognos] P-101 Feed pump: abnormal vibration (critical)');
    expect(m.text).toContain('A critical alert opened at 2026-12-07 10:42 UTC.');
    expect(m.text).toContain(alert.explanation);
    expect(m.text).toContain('1. Bearing wear (bearing, ISO 14224 VIB), match 82 %');
    expect(m.text).toContain('What to do: Check lubrication; Measure bearing envelope spectrum');
    expect(m.link).toBe('https://prognos.plant.example/#/alerts/al-1');
    expect(m.text).toContain('Open the alert: https://prognos.plant.example/#/alerts/al-1');
  });

  it('says what changed on escalation and on closing, without causes on a closed alert', () => {
    const up = renderAlert({ event: 'alert.escalated', alert, asset, previousSeverity: 'warning' });
    expect(up.subject).toBe('[Prognos] P-101 Feed pump: abnormal vibration escalated to critical');
    expect(up.text).toContain('went from warning to critical');
    expect(up.link).toBeUndefined();
    const closed = renderAlert({
      event: 'alert.closed',
      alert: { ...alert, state: 'closed', closedAt: T0 + 3_600_000 },
      asset,
      failureModes: [bearing],
    });
    expect(closed.subject).toBe('[Prognos] P-101 Feed pump: abnormal vibration is back to normal (closed)');
    expect(closed.text).toContain('closed at 2026-12-07 11:42 UTC');
    expect(closed.text).not.toContain('Bearing wear');
  });

  it('keeps tags and asset names readable', () => {
    expect(alertWhat({ ...alert, title: 'Sensor P-101.VIB stuck since 10:42 — check wiring' })).toBe(
      'sensor P-101.VIB stuck since 10:42 — check wiring',
    );
    expect(alertWhat({ ...alert, title: 'P-101: RMS high' })).toBe('RMS high');
    expect(renderAlert({ event: 'alert.opened', alert }).subject).toBe(
      '[Prognos] P-101: abnormal vibration (critical)',
    );
    expect(formatUtc(T0)).toBe('2026-12-07 10:42 UTC');
  });
});

const wo: WorkOrderDetail = {
  id: 'WO-7',
  assetId: 'P-101',
  alertId: 'al-1',
  title: 'Replace DE bearing',
  description: 'Bearing wear suspected from the vibration trend.',
  status: 'open',
  priority: 'urgent',
  risk: {
    failureProbability: 0.5,
    consequence: 12000,
    criticality: 'A',
    value: 6000,
    reason: 'P(failure) 50 % within 48 h on a class A asset',
  },
  createdAt: T0,
  dueAt: Date.UTC(2026, 11, 9, 14, 0),
  type: 'predictive',
  failureModeId: 'pump-bearing-wear',
  skill: 'mechanical',
  estimatedHours: 4,
  procedure: [
    { text: 'Lock out and tag out the motor', safety: true },
    { text: 'Measure DE bearing vibration', expected: { quantity: 'velocity', unit: 'mm/s', max: 2.8 } },
  ],
  stepResults: [],
  parts: [{ partId: 'BRG-6309', quantity: 2 }],
  labour: [],
};

describe('work-order messages', () => {
  it('gives priority, due date, procedure and parts', () => {
    const m = renderWorkOrder({
      event: 'work_order.created',
      workOrder: wo,
      asset,
      failureModeName: 'Bearing wear',
      partNames: new Map([['BRG-6309', 'Deep-groove ball bearing 6309']]),
      baseUrl: 'http://prognos:8080',
    });
    expect(m.subject).toBe(
      '[Prognos] New work order WO-7 for P-101 Feed pump: Replace DE bearing (urgent, due 2026-12-09 14:00 UTC)',
    );
    expect(m.text).toContain('priority urgent, due 2026-12-09 14:00 UTC');
    expect(m.text).toContain('Why this priority: P(failure) 50 % within 48 h on a class A asset');
    expect(m.text).toContain('Suspected failure mode: Bearing wear');
    expect(m.text).toContain('Parts: 2 × Deep-groove ball bearing 6309');
    expect(m.text).toContain('1. [SAFETY] Lock out and tag out the motor');
    expect(m.text).toContain('2. Measure DE bearing vibration (expect velocity below 2.8 mm/s)');
    expect(m.link).toBe('http://prognos:8080/#/work-orders/WO-7');
  });

  it('reports the findings on completion', () => {
    const done: WorkOrderDetail = {
      ...wo,
      status: 'done',
      completedAt: Date.UTC(2026, 11, 8, 9, 30),
      findings: {
        failureConfirmed: true,
        failureModeId: 'pump-bearing-wear',
        rootCause: 'Grease washed out',
        actionTaken: 'Bearing replaced',
        downtimeHours: 3,
        downtimeReason: 'planned stop',
      },
    };
    const m = renderWorkOrder({
      event: 'work_order.completed',
      workOrder: done,
      asset,
      failureModeName: 'Bearing wear',
    });
    expect(m.subject).toBe('[Prognos] Work order WO-7 completed on P-101 Feed pump: Replace DE bearing');
    expect(m.text).toContain('Failure confirmed: yes (Bearing wear)');
    expect(m.text).toContain('Root cause: Grease washed out');
    expect(m.text).toContain('Downtime: 3 h (planned stop)');
  });

  it('puts the same facts in the JSON payload', () => {
    const m = renderWorkOrder({ event: 'work_order.created', workOrder: wo, asset });
    const p = notificationPayload(m);
    expect(p).toMatchObject({
      schema: 'prognos.notification/v1',
      id: m.id,
      event: 'work_order.created',
      asset: { id: 'P-101', name: 'Feed pump' },
      subject: m.subject,
      workOrder: { id: 'WO-7', priority: 'urgent' },
    });
    expect(p.at).toBe(new Date(m.at).toISOString());
  });
});

describe('MQTT topics', () => {
  it('fills {asset} and {event}, keeping wildcards and level separators out of the asset part', () => {
    expect(expandTopic('plant/{asset}/{event}', { assetId: 'P-101', event: 'alert.opened' })).toBe(
      'plant/P-101/alert.opened',
    );
    expect(expandTopic('plant/{asset}', { assetId: 'line/1#+', event: 'test' })).toBe('plant/line_1__');
  });
});
