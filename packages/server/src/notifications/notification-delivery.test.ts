import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MosquittoHandle, startMosquitto } from '@prognos/connectors/testing';
import type { Alert, WorkOrderDetail } from '@prognos/core';
import { openSqliteStore, type SqliteStore } from '@prognos/store';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../event-bus';
import { CMMS_SCHEMA } from '../integrations/cmms-payload';
import { NotificationService } from './notification-service';
import { startHttpReceiver, startSmtpReceiver } from './testing/receivers';

// Real peers: an SMTP server (smtp-server), an HTTP receiver (node:http) and Mosquitto with an mqtt.js subscriber.
const SECRET = 'hook-signing-key';
const log = { info() {}, warn() {}, error() {} };

const alert = (over: Partial<Alert> = {}): Alert => ({
  id: 'al-1',
  assetId: 'P-101',
  kind: 'anomaly',
  severity: 'warning',
  state: 'open',
  title: 'Abnormal vibration on P-101',
  explanation: 'P-101 Feed pump: DE bearing vibration is 6.20 mm/s, normally 1.6–2.6 mm/s.',
  contributions: [],
  score: 1.4,
  peakScore: 1.4,
  startedAt: Date.UTC(2026, 11, 7, 10, 42),
  updatedAt: Date.UTC(2026, 11, 7, 10, 43),
  ...over,
});

const workOrder: WorkOrderDetail = {
  id: 'WO-1',
  assetId: 'P-101',
  alertId: 'al-1',
  title: 'Replace DE bearing',
  description: 'Bearing wear suspected.',
  status: 'open',
  priority: 'high',
  createdAt: Date.UTC(2026, 11, 7, 11, 0),
  dueAt: Date.UTC(2026, 11, 9, 14, 0),
  type: 'predictive',
  failureModeId: 'pump-bearing-wear',
  skill: 'mechanical',
  estimatedHours: 4,
  procedure: [{ text: 'Lock out the motor', safety: true }, { text: 'Replace the bearing' }],
  stepResults: [],
  parts: [{ partId: 'BRG-6309', quantity: 1 }],
  labour: [],
};

describe('notification delivery to real peers', () => {
  let dir: string;
  let store: SqliteStore;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let hook: Awaited<ReturnType<typeof startHttpReceiver>>;
  let cmms: Awaited<ReturnType<typeof startHttpReceiver>>;
  let broker: MosquittoHandle;
  let sub: mqtt.MqttClient;
  const received: { topic: string; body: Record<string, unknown> }[] = [];
  const bus = new EventBus();
  const snoozed = new Set<string>();
  let svc: NotificationService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prognos-notify-'));
    store = openSqliteStore({ path: join(dir, 'prognos.db') });
    await store.metadata.upsertAsset({
      id: 'P-101',
      lineId: 'L1',
      name: 'Feed pump',
      type: 'centrifugal_pump',
      criticality: 'A',
    });
    smtp = await startSmtpReceiver({ user: 'prognos', password: 'mail-pass' });
    hook = await startHttpReceiver();
    cmms = await startHttpReceiver();
    broker = await startMosquitto();
    sub = await mqtt.connectAsync(broker.url);
    sub.on('message', (topic, payload) => received.push({ topic, body: JSON.parse(payload.toString()) }));
    await sub.subscribeAsync('plant/#', { qos: 1 });
    svc = new NotificationService({
      bus,
      metadata: store.metadata,
      log,
      settings: {
        baseUrl: 'https://prognos.plant.example',
        channels: [
          {
            id: 'mail',
            kind: 'email',
            smtp: {
              host: '127.0.0.1',
              port: smtp.port,
              secure: false,
              user: 'prognos',
              passwordEnv: 'TEST_SMTP_PASSWORD',
            },
            from: 'Prognos <prognos@plant.example>',
            to: ['maintenance@plant.example', 'reliability@plant.example'],
            events: ['alert.opened', 'work_order.created'],
          },
          {
            id: 'hook',
            kind: 'webhook',
            url: `${hook.url}/prognos`,
            headers: { 'X-Site': 'north' },
            secret: SECRET,
            events: ['alert.opened', 'alert.escalated', 'alert.closed'],
            minSeverity: 'warning',
          },
          {
            id: 'bus',
            kind: 'mqtt',
            url: broker.url,
            topic: 'plant/{asset}/{event}',
            qos: 1,
            events: ['alert.opened'],
          },
          { id: 'sap', kind: 'cmms', url: `${cmms.url}/wo`, events: ['work_order.created', 'work_order.updated'] },
        ],
      },
      isSnoozed: (id) => snoozed.has(id),
      failureModes: async () => [
        {
          failureModeId: 'pump-bearing-wear',
          name: 'Bearing wear',
          component: 'bearing',
          iso14224: 'VIB',
          score: 0.8,
          matched: ['vibration up'],
          missing: [],
          rpn: 120,
          recommendedActions: ['Check lubrication'],
        },
      ],
      failureModeName: async (id) => (id === 'pump-bearing-wear' ? 'Bearing wear' : undefined),
      queue: { baseMs: 20, maxMs: 100, minMs: 10, maxAttempts: 3, random: () => 1 },
      env: { TEST_SMTP_PASSWORD: 'mail-pass' },
    });
    await svc.init();
  });

  afterAll(async () => {
    await svc?.close();
    await sub?.endAsync();
    await broker?.stop();
    await hook?.close();
    await cmms?.close();
    await smtp?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an opened alert reaches e-mail, the webhook (signed, after a retry) and MQTT', async () => {
    hook.failNext(503);
    bus.emit('alert', { change: 'opened', alert: alert() });
    await svc.whenIdle();

    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toBe('[Prognos] P-101 Feed pump: abnormal vibration (warning)');
    expect(mail?.from?.text).toBe('"Prognos" <prognos@plant.example>');
    expect(mail?.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual([
      'maintenance@plant.example',
      'reliability@plant.example',
    ]);
    expect(mail?.headers.get('x-prognos-event')).toBe('alert.opened');
    expect(mail?.text).toContain('DE bearing vibration is 6.20 mm/s');
    expect(mail?.text).toContain('1. Bearing wear (bearing, ISO 14224 VIB), match 80 %');
    expect(mail?.text).toContain('Open the alert: https://prognos.plant.example/#/alerts/al-1');

    const reqs = await hook.waitFor(2);
    expect(reqs.map((r) => r.url)).toEqual(['/prognos', '/prognos']);
    const last = reqs[1]!;
    // the receiver checks the signature over the raw body with the shared key
    const expected = `sha256=${createHmac('sha256', SECRET).update(last.body).digest('hex')}`;
    expect(last.headers['x-prognos-signature']).toBe(expected);
    expect(last.headers['x-site']).toBe('north');
    expect(last.headers['x-prognos-delivery']).toBe(reqs[0]!.headers['x-prognos-delivery']);
    const body = JSON.parse(last.body);
    expect(body).toMatchObject({
      schema: 'prognos.notification/v1',
      event: 'alert.opened',
      severity: 'warning',
      asset: { id: 'P-101', name: 'Feed pump' },
      link: 'https://prognos.plant.example/#/alerts/al-1',
      alert: { id: 'al-1', state: 'open' },
    });

    await expect.poll(() => received.length, { timeout: 5_000 }).toBe(1);
    expect(received[0]?.topic).toBe('plant/P-101/alert.opened');
    expect(received[0]?.body).toMatchObject({ event: 'alert.opened', subject: mail?.subject });

    const hookLog = svc.deliveries({ channelId: 'hook' });
    expect(hookLog.map((e) => e.status)).toEqual(['ok', 'retried']);
    expect(hookLog[1]?.error).toMatch(/HTTP 503/);
    expect(svc.get('hook').status).toMatchObject({ delivered: 1, failed: 0, pending: 0 });
  });

  it('escalation and closing notify the webhook; updates at the same severity do not', async () => {
    const before = hook.requests.length;
    bus.emit('alert', { change: 'updated', alert: alert({ score: 1.6 }) });
    bus.emit('alert', { change: 'acknowledged', alert: alert({ state: 'acknowledged' }) });
    bus.emit('alert', { change: 'updated', alert: alert({ severity: 'critical' }) });
    bus.emit('alert', {
      change: 'closed',
      alert: alert({ severity: 'critical', state: 'closed', closedAt: Date.now() }),
    });
    await svc.whenIdle();
    const events = hook.requests.slice(before).map((r) => JSON.parse(r.body).event);
    expect(events).toEqual(['alert.escalated', 'alert.closed']);
    expect(JSON.parse(hook.requests.at(-2)!.body).subject).toBe(
      '[Prognos] P-101 Feed pump: abnormal vibration escalated to critical',
    );
  });

  it('a snoozed alert and one below minSeverity do not notify', async () => {
    const before = { hook: hook.requests.length, mail: smtp.messages.length };
    snoozed.add('al-2');
    bus.emit('alert', { change: 'opened', alert: alert({ id: 'al-2', severity: 'critical' }) });
    bus.emit('alert', { change: 'opened', alert: alert({ id: 'al-3', severity: 'info' }) });
    await svc.whenIdle();
    // al-3 reaches e-mail (no minimum there) but not the webhook (minSeverity warning); al-2 reaches nobody
    await smtp.waitFor(before.mail + 1);
    expect(hook.requests.length).toBe(before.hook);
    expect(smtp.messages.slice(before.mail).map((m) => m.subject)).toEqual([
      '[Prognos] P-101 Feed pump: abnormal vibration (info)',
    ]);
  });

  it('a work order goes to the CMMS in its schema and to e-mail in words; the CMMS echo is suppressed', async () => {
    const mails = smtp.messages.length;
    bus.emit('work-order', { change: 'created', workOrder });
    await svc.whenIdle();
    const [post] = await cmms.waitFor(1);
    const doc = JSON.parse(post!.body);
    expect(doc).toMatchObject({
      schema: CMMS_SCHEMA,
      event: 'work_order.created',
      workOrder: {
        id: 'WO-1',
        externalId: null,
        asset: { id: 'P-101', name: 'Feed pump', criticality: 'A' },
        title: 'Replace DE bearing',
        priority: 'high',
        dueAt: '2026-12-09T14:00:00.000Z',
        failureMode: { id: 'pump-bearing-wear', name: 'Bearing wear' },
        procedure: [
          { step: 1, text: 'Lock out the motor', safety: true },
          { step: 2, text: 'Replace the bearing', safety: false },
        ],
        parts: [{ partId: 'BRG-6309', quantity: 1 }],
        link: 'https://prognos.plant.example/#/work-orders/WO-1',
      },
    });
    const [mail] = (await smtp.waitFor(mails + 1)).slice(mails);
    expect(mail?.subject).toBe(
      '[Prognos] New work order WO-1 for P-101 Feed pump: Replace DE bearing (high, due 2026-12-09 14:00 UTC)',
    );

    svc.suppressEcho('WO-1');
    bus.emit('work-order', { change: 'updated', workOrder: { ...workOrder, externalId: 'SAP-4711' } });
    bus.emit('work-order', { change: 'updated', workOrder: { ...workOrder, externalId: 'SAP-4711', assignee: 'kim' } });
    await svc.whenIdle();
    const updates = cmms.requests.slice(1).map((r) => JSON.parse(r.body).workOrder);
    expect(updates).toEqual([expect.objectContaining({ externalId: 'SAP-4711', assignee: 'kim' })]);
  });

  it('a refusal (HTTP 401) is not retried', async () => {
    const before = hook.requests.length;
    hook.failNext(401);
    bus.emit('alert', { change: 'opened', alert: alert({ id: 'al-5', severity: 'critical' }) });
    await svc.whenIdle();
    expect(hook.requests.length).toBe(before + 1);
    expect(svc.deliveries({ channelId: 'hook', limit: 1 })[0]).toMatchObject({
      status: 'failed',
      attempt: 1,
      error: 'HTTP 401 Unauthorized: {"error":"receiver says no"}',
    });
  });

  it('a dead peer is retried, then given up and logged, without disturbing the others', async () => {
    await hook.close();
    const t0 = Date.now();
    bus.emit('alert', { change: 'opened', alert: alert({ id: 'al-4', severity: 'critical' }) });
    await svc.whenIdle();
    const tries = svc.deliveries({ channelId: 'hook' }).filter((e) => e.at >= t0);
    expect(tries.map((e) => e.status)).toEqual(['failed', 'retried', 'retried']);
    expect(tries[0]?.error).toMatch(/cannot reach 127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(svc.get('hook').status.failed).toBe(2);
    await expect.poll(() => received.some((r) => (r.body.alert as Alert).id === 'al-4')).toBe(true);
  });
});
