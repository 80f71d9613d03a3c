import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkOrderDetail } from '@prognos/core';
import { type RunningPrognos, startPrognos } from '@prognos/server';
import { startHttpReceiver, startSmtpReceiver } from '@prognos/server/testing';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson } from './harness';

const TOKEN = 'cmms-shared-token-0123456789';

async function send(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function start(dir: string, notificationsConfig?: string): Promise<RunningPrognos> {
  return startPrognos({
    port: 0,
    host: '127.0.0.1',
    mqttPort: 0,
    dataDir: dir,
    simulator: false,
    logLevel: 'silent',
    notificationsConfig,
  });
}

describe('notifications and the CMMS integration through the HTTP API', () => {
  let dir: string;
  let p: RunningPrognos;
  let base: string;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let hook: Awaited<ReturnType<typeof startHttpReceiver>>;
  let cmms: Awaited<ReturnType<typeof startHttpReceiver>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prognos-e2e-notify-'));
    smtp = await startSmtpReceiver();
    hook = await startHttpReceiver();
    cmms = await startHttpReceiver();
    p = await start(
      dir,
      JSON.stringify({
        version: 1,
        baseUrl: 'https://prognos.plant.example',
        notifications: [
          {
            id: 'ops-hook',
            kind: 'webhook',
            url: `${hook.url}/in`,
            secret: 'signing-key',
            events: ['work_order.created', 'work_order.completed'],
          },
          { id: 'sap', kind: 'cmms', url: `${cmms.url}/wo` },
        ],
        integrations: { cmms: { token: TOKEN } },
      }),
    );
    base = `http://127.0.0.1:${p.port}`;
    const asset = { id: 'P-900', lineId: 'L9', name: 'Test pump', type: 'centrifugal_pump', criticality: 'B' };
    expect((await send('PUT', `${base}/api/assets/P-900`, asset)).status).toBeLessThan(300);
  });

  afterAll(async () => {
    await p?.close();
    await Promise.all([smtp?.close(), hook?.close(), cmms?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the file channels with secrets masked', async () => {
    const r = await getJson<{ channels: { channel: Record<string, unknown>; source: string }[] }>(
      `${base}/api/notifications/channels`,
    );
    expect(r.status).toBe(200);
    expect(r.body.channels.map((c) => [c.channel.id, c.source])).toEqual([
      ['ops-hook', 'file'],
      ['sap', 'file'],
    ]);
    expect(r.body.channels[0]?.channel.secret).toBe('********');
    expect(JSON.stringify(r.body)).not.toContain('signing-key');
  });

  it('adds an e-mail channel, never echoes its password, and sends a test message to a real SMTP server', async () => {
    const channel = {
      kind: 'email',
      smtp: { host: '127.0.0.1', port: smtp.port, password: 'not-used-without-user' },
      from: 'prognos@plant.example',
      to: ['shift-lead@plant.example'],
      events: ['alert.opened'],
      minSeverity: 'critical',
    };
    const put = await send('PUT', `${base}/api/notifications/channels/mail`, channel);
    expect(put.status).toBe(200);
    expect(put.body.channel.smtp.password).toBe('********');
    // sent back masked, the stored password is kept
    const again = await send('PUT', `${base}/api/notifications/channels/mail`, put.body.channel);
    expect(again.status).toBe(200);
    const test = await postJson<{ delivery: { status: string } }>(`${base}/api/notifications/channels/mail/test`, {});
    expect(test.status).toBe(200);
    expect(test.body.delivery.status).toBe('ok');
    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toBe('[Prognos] Test message for channel mail');
    expect(mail?.text).toContain('No action is needed');
    const log = await getJson<{ deliveries: { channelId: string; event: string; status: string }[] }>(
      `${base}/api/notifications/log?channel=mail`,
    );
    expect(log.body.deliveries[0]).toMatchObject({ channelId: 'mail', event: 'test', status: 'ok' });
  });

  it('refuses an invalid channel with errors that name the field', async () => {
    const r = await send('PUT', `${base}/api/notifications/channels/bad`, {
      kind: 'webhook',
      url: 'not a url',
      events: ['alert.opened', 'alert.exploded'],
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('CONFIG_INVALID');
    expect(r.body.details.errors.map((e: { path: string }) => e.path)).toEqual(['events[1]']);
    const url = await send('PUT', `${base}/api/notifications/channels/bad`, {
      kind: 'webhook',
      url: 'not a url',
      events: ['alert.opened'],
    });
    expect(url.body.details.errors).toEqual([{ path: 'url', message: 'is not a URL (got "not a url")' }]);
  });

  it('publishes a test message on the embedded MQTT broker, then deletes the channel', async () => {
    const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${p.mqttPort}`);
    const got: { topic: string; body: { event: string } }[] = [];
    sub.on('message', (topic, payload) => got.push({ topic, body: JSON.parse(payload.toString()) }));
    await sub.subscribeAsync('prognos/notify/#', { qos: 1 });
    const put = await send('PUT', `${base}/api/notifications/channels/bus`, {
      kind: 'mqtt',
      url: `mqtt://127.0.0.1:${p.mqttPort}`,
      topic: 'prognos/notify/{asset}/{event}',
      qos: 1,
      events: ['alert.opened'],
    });
    expect(put.status).toBe(200);
    expect((await postJson(`${base}/api/notifications/channels/bus/test`, {})).status).toBe(200);
    await expect.poll(() => got.length, { timeout: 5_000 }).toBe(1);
    expect(got[0]).toMatchObject({ topic: 'prognos/notify/TEST/test', body: { event: 'test' } });
    await sub.endAsync();
    expect((await send('DELETE', `${base}/api/notifications/channels/bus`)).status).toBe(204);
    const gone = await getJson<{ code: string }>(`${base}/api/notifications/channels/bus`);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('NOTIFICATION_CHANNEL_NOT_FOUND');
  });

  it('a webhook URL with credentials authenticates with Basic and is shown masked', async () => {
    const url = hook.url.replace('http://', 'http://prognos:hook-pass@');
    const put = await send('PUT', `${base}/api/notifications/channels/basic`, {
      kind: 'webhook',
      url: `${url}/basic`,
      events: ['alert.opened'],
    });
    expect(put.status).toBe(200);
    expect(put.body.channel.url).toBe(`${hook.url.replace('http://', 'http://prognos:********@')}/basic`);
    expect((await postJson(`${base}/api/notifications/channels/basic/test`, {})).status).toBe(200);
    const req = hook.requests.at(-1);
    expect(req?.url).toBe('/basic');
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from('prognos:hook-pass').toString('base64')}`);
    expect(JSON.parse(req?.body ?? '{}')).toMatchObject({ schema: 'prognos.notification/v1', event: 'test' });
    // the masked URL sent back keeps the stored password
    expect((await send('PUT', `${base}/api/notifications/channels/basic`, put.body.channel)).status).toBe(200);
    expect((await postJson(`${base}/api/notifications/channels/basic/test`, {})).status).toBe(200);
    expect(hook.requests.at(-1)?.headers.authorization).toBe(req?.headers.authorization);
    expect((await send('DELETE', `${base}/api/notifications/channels/basic`)).status).toBe(204);
  });

  it('a test through a dead receiver answers 502 with the reason', async () => {
    await send('PUT', `${base}/api/notifications/channels/dead`, {
      kind: 'webhook',
      url: 'http://127.0.0.1:9/nothing-listens',
      events: ['alert.opened'],
    });
    const r = await postJson<{ code: string; message: string }>(`${base}/api/notifications/channels/dead/test`, {});
    expect(r.status).toBe(502);
    expect(r.body.code).toBe('NOTIFICATION_TEST_FAILED');
    expect(r.body.message).toMatch(/cannot reach 127\.0\.0\.1:9/);
  });

  it('sends a new work order to the CMMS, which updates it back with its token', async () => {
    const created = await postJson<WorkOrderDetail>(`${base}/api/work-orders`, {
      assetId: 'P-900',
      type: 'corrective',
      title: 'Check coupling alignment',
      priority: 'high',
      dueAt: Date.UTC(2026, 11, 20),
      procedure: [{ text: 'Lock out the motor', safety: true }],
      by: 'planner',
    });
    expect(created.status).toBe(200);
    const id = created.body.id;
    const [post] = await cmms.waitFor(1);
    const doc = JSON.parse(post!.body);
    expect(doc).toMatchObject({
      schema: 'prognos.cmms.work-order/v1',
      event: 'work_order.created',
      workOrder: {
        id,
        title: 'Check coupling alignment',
        priority: 'high',
        dueAt: '2026-12-20T00:00:00.000Z',
        asset: { id: 'P-900', name: 'Test pump' },
        link: `https://prognos.plant.example/#/work-orders/${id}`,
      },
    });

    const url = `${base}/api/integrations/cmms/work-orders/${id}`;
    const none = await send('POST', url, { externalId: 'SAP-1' });
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('CMMS_UNAUTHORIZED');
    const wrong = await send('POST', url, { externalId: 'SAP-1' }, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    const auth = { authorization: `Bearer ${TOKEN}` };
    const bad = await send('POST', url, { status: 'finished' }, auth);
    expect(bad.status).toBe(400);
    const noFindings = await send('POST', url, { status: 'done' }, auth);
    expect(noFindings.status).toBe(400);

    const started = await send('POST', url, { externalId: 'SAP-4711', status: 'in_progress', assignee: 'kim' }, auth);
    expect(started.status).toBe(200);
    expect(started.body.workOrder).toMatchObject({ externalId: 'SAP-4711', status: 'in_progress', assignee: 'kim' });
    const findings = {
      failureConfirmed: false,
      rootCause: 'Alignment within tolerance',
      actionTaken: 'Checked, nothing to do',
      downtimeHours: 0.5,
      downtimeReason: 'inspection stop',
    };
    // a step recorded in Prognos is a change the CMMS hears of
    const step = await postJson(`${base}/api/work-orders/${id}/steps/0`, { done: true, by: 'kim' });
    expect(step.status).toBe(200);
    const done = await send('POST', url, { status: 'done', findings }, auth);
    expect(done.status).toBe(200);
    expect(done.body.workOrder).toMatchObject({ status: 'done', findings });
    const stored = await getJson<WorkOrderDetail>(`${base}/api/work-orders/${id}`);
    expect(stored.body).toMatchObject({ status: 'done', externalId: 'SAP-4711', assignee: 'kim' });

    // the people's webhook hears of the completion; the CMMS gets the step recorded in Prognos, not its own updates
    await p.ctx.notifications.whenIdle();
    const events = hook.requests.filter((r) => r.url === '/in').map((r) => JSON.parse(r.body).event);
    expect(events).toEqual(['work_order.created', 'work_order.completed']);
    expect(cmms.requests.map((r) => JSON.parse(r.body).event)).toEqual(['work_order.created', 'work_order.updated']);
    expect(JSON.parse(cmms.requests[1]!.body).workOrder.externalId).toBe('SAP-4711');
  });
});

describe('without any notification configuration', () => {
  it('starts, lists no channels and keeps the CMMS endpoint closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prognos-e2e-nonotify-'));
    const p = await start(dir);
    try {
      const base = `http://127.0.0.1:${p.port}`;
      expect((await getJson(`${base}/api/notifications/channels`)).body).toEqual({ channels: [] });
      expect((await getJson(`${base}/api/notifications/log`)).body).toEqual({ deliveries: [] });
      const r = await send('POST', `${base}/api/integrations/cmms/work-orders/x`, {}, { authorization: 'Bearer x' });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('CMMS_DISABLED');
    } finally {
      await p.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start with a bad notifications file, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prognos-e2e-badnotify-'));
    try {
      await expect(start(dir, JSON.stringify({ notifications: [{ id: 'x', kind: 'email' }] }))).rejects.toThrow(
        /notifications\[0\]\.smtp: is required/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
