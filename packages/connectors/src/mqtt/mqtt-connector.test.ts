import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Reading } from '@prognos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorContext, ConnectorEvent, ConnectorState } from '../contract';
import { StoreAndForward } from '../store-forward/store-and-forward';
import { type MosquittoHandle, startMosquitto } from '../testing/mosquitto';
import type { MqttConnectorConfig } from './config';
import { MqttConnector } from './mqtt-connector';

const run = promisify(execFile);

/** Publishes with Debian's mosquitto_pub (QoS 1): one message, or many with -l (one message per line). */
async function pub(port: number, topic: string, messages: string | string[], auth: string[] = []): Promise<void> {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-q', '1', '-t', topic, ...auth];
  if (typeof messages === 'string') {
    await run('mosquitto_pub', [...args, '-m', messages], { timeout: 5000 });
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const child = execFile('mosquitto_pub', [...args, '-l'], { timeout: 10_000 }, (err) =>
      err ? reject(err) : resolve(),
    );
    child.stdin!.end(`${messages.join('\n')}\n`);
  });
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const dirs: string[] = [];
function tempDir(mode?: number): string {
  const d = mkdtempSync(join(tmpdir(), 'prognos-mqtt-test-'));
  if (mode) chmodSync(d, mode);
  dirs.push(d);
  return d;
}

function ctx(events: ConnectorEvent[] = []): ConnectorContext {
  return {
    dataDir: tempDir(),
    log: { info() {}, warn() {}, error() {} },
    onEvent: (e) => events.push(e),
  };
}

function collector() {
  const got: Reading[] = [];
  return { got, emit: async (r: Reading[]) => void got.push(...r) };
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('MQTT connector against Mosquitto with username/password', () => {
  let broker: MosquittoHandle;
  const auth = ['-u', 'plant', '-P', 's3cret'];
  beforeAll(async () => {
    // the broker drops root privileges to the "mosquitto" user, which must be able to read the password file
    const dir = tempDir(0o755);
    const pw = join(dir, 'passwd');
    await run('mosquitto_passwd', ['-b', '-c', pw, 'plant', 's3cret']);
    chmodSync(pw, 0o644);
    broker = await startMosquitto({ extraConfig: `allow_anonymous false\npassword_file ${pw}` });
  });
  afterAll(async () => broker?.stop());

  const config = (over: Partial<MqttConnectorConfig> = {}): MqttConnectorConfig => ({
    id: 'mq1',
    kind: 'mqtt',
    url: broker.url,
    username: 'plant',
    password: 's3cret',
    clientId: `prognos-test-${Math.random().toString(36).slice(2)}`,
    reconnect: { baseMs: 100, maxMs: 500 },
    mappings: [
      {
        topic: 'plant/{asset}/{sensor}',
        sensor: '{asset}.{sensor}',
        valuePath: 'v',
        timestampPath: 'ts',
        qualityPath: 'q',
        unit: 'degC',
        scale: 0.1,
        expectedIntervalMs: 60_000,
      },
      { topic: 'raw/+', sensors: { 'raw/flow': 'P-101.FLOW' } },
    ],
    ...over,
  });

  it('maps JSON and bare-number payloads, keeps bad payloads as per-message errors, browses topics', async () => {
    const events: ConnectorEvent[] = [];
    const c = collector();
    const conn = new MqttConnector(config(), ctx(events));
    await conn.start(c.emit);
    await until(() => conn.health().state === 'connected', 5000, 'connected');
    await pub(broker.port, 'plant/P-101/TEMP', '{"v": 215, "ts": 1700000000, "q": "good"}', auth);
    await pub(broker.port, 'plant/P-101/TEMP', 'this is not json', auth);
    await pub(broker.port, 'plant/P-101/TEMP', '{"v": "n/a", "ts": 1700000001}', auth);
    await pub(broker.port, 'plant/P-101/TEMP', '{"v": 216, "ts": "2023-11-14T22:13:22Z", "q": 2147483648}', auth);
    await pub(broker.port, 'raw/flow', '12.5', auth);
    await pub(broker.port, 'raw/other', '99', auth); // not in the table
    await until(() => c.got.length >= 3, 5000, 'three readings');
    expect(c.got[0]).toEqual({ sensor: 'P-101.TEMP', ts: 1_700_000_000_000, value: 21.5, quality: 0 });
    expect(c.got[1]).toMatchObject({ sensor: 'P-101.TEMP', ts: 1_700_000_002_000, value: 21.6 });
    expect(c.got[1]!.quality >> 6).toBe(2); // bad, from the OPC UA status code
    expect(c.got[2]).toMatchObject({ sensor: 'P-101.FLOW', value: 12.5 });
    expect(c.got[2]!.ts).toBeGreaterThan(Date.now() - 10_000); // no source time: arrival time
    const h = conn.health();
    expect(h.state).toBe('connected');
    expect(h.errors).toBe(2);
    expect(h.readings).toBe(3);
    const tag = h.tags.find((t) => t.tag === 'plant/P-101/TEMP')!;
    expect(tag).toMatchObject({ sensor: 'P-101.TEMP', errors: 2, lastValue: 21.6, stale: false });
    expect(h.lastError?.message).toMatch(/plant\/P-101\/TEMP: value at "v" is not a number/);
    const items = await conn.browse();
    expect(items.map((i) => i.tag)).toEqual(['plant/P-101/TEMP', 'raw/flow', 'raw/other']);
    expect(items[0]).toMatchObject({ name: 'P-101.TEMP', value: 21.6 });
    expect(items[2]).toMatchObject({ name: 'raw/other', value: '99' });
    expect((await conn.browse('raw/#')).length).toBe(2);
    await conn.stop();
    expect(conn.health().state).toBe('stopped');
    expect(events.filter((e) => e.type === 'state_changed').map((e) => e.message.split(':')[0])).toEqual([
      'stopped → connecting',
      'connecting → connected',
      'connected → stopped',
    ]);
  });

  it('reports wrong credentials as state "error" and keeps retrying', async () => {
    const conn = new MqttConnector(config({ password: 'wrong' }), ctx());
    await conn.start(collector().emit);
    await until(() => conn.health().state === 'error', 5000, 'error state');
    expect(conn.health().lastError?.message).toMatch(/Not authorized|Bad User Name or Password/i);
    await until(() => conn.health().reconnects >= 1, 5000, 'a retry');
    await conn.stop();
  });

  it('acknowledges only after emit resolved: an unacknowledged message is redelivered to the next session', async () => {
    const clientId = `prognos-ack-${Date.now()}`;
    const cfg = config({ clientId, mappings: [{ topic: 'ack/{sensor}', sensor: 'A.{sensor}' }] });
    const first = new MqttConnector(cfg, ctx());
    let seen = 0;
    // an emit that never resolves, as if the store hung: the connector must not PUBACK
    await first.start(() => {
      seen++;
      return new Promise<void>(() => {});
    });
    await until(() => first.health().state === 'connected', 5000, 'connected');
    await pub(broker.port, 'ack/X', '7', auth);
    await until(() => seen === 1, 5000, 'the message to reach emit');
    await first.stop();

    const c = collector();
    const second = new MqttConnector(cfg, ctx());
    await second.start(c.emit);
    await until(() => c.got.length === 1, 5000, 'redelivery');
    expect(c.got[0]).toMatchObject({ sensor: 'A.X', value: 7 });
    await second.stop();
  });
});

describe('MQTT connector: broker crash, persistent session, store-and-forward', () => {
  let broker: MosquittoHandle;
  beforeAll(async () => {
    // persistence saved on every change, so the session (our subscription and queued QoS 1 messages) survives SIGKILL
    const dir = tempDir(0o777);
    broker = await startMosquitto({
      extraConfig: `persistence true\npersistence_location ${dir}/\nautosave_interval 1\nautosave_on_changes true`,
    });
  });
  afterAll(async () => broker?.stop());

  const config = (clientId: string): MqttConnectorConfig => ({
    id: 'mq2',
    kind: 'mqtt',
    url: broker.url,
    clientId,
    reconnect: { baseMs: 200, maxMs: 1000 },
    mappings: [{ topic: 'seq/{sensor}', sensor: 'L1.{sensor}', valuePath: 'n', timestampPath: 't' }],
  });
  const msg = (n: number) => JSON.stringify({ n, t: 1_700_000_000_000 + n });

  it('broker killed and restarted mid-stream: truthful state, reconnects within 10 s, nothing queued is lost', async () => {
    const c = collector();
    const events: ConnectorEvent[] = [];
    const conn = new MqttConnector(config(`prognos-crash-${Date.now()}`), ctx(events));
    const states: ConnectorState[] = [];
    const watch = setInterval(() => states.push(conn.health().state), 25);
    await conn.start(c.emit);
    await until(() => conn.health().state === 'connected', 5000, 'connected');
    await pub(
      broker.port,
      'seq/N',
      Array.from({ length: 20 }, (_, i) => msg(i)),
    );
    await until(() => c.got.length === 20, 5000, 'first 20');
    await new Promise((r) => setTimeout(r, 1500)); // let the broker autosave the session

    await broker.kill();
    await until(() => conn.health().state === 'reconnecting', 3000, 'reconnecting');
    await new Promise((r) => setTimeout(r, 1000));
    expect(conn.health().state).toBe('reconnecting');
    const killedAt = Date.now();
    await broker.restart();
    // published at once after the restart, most likely before the connector is back: queued in its session
    await pub(
      broker.port,
      'seq/N',
      Array.from({ length: 20 }, (_, i) => msg(20 + i)),
    );
    await until(() => conn.health().state === 'connected', 10_000, 'reconnected');
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    await pub(
      broker.port,
      'seq/N',
      Array.from({ length: 10 }, (_, i) => msg(40 + i)),
    );
    await until(() => c.got.length >= 50, 5000, 'all 50 values');
    clearInterval(watch);
    expect(new Set(c.got.map((r) => r.value)).size).toBe(50);
    expect(c.got.map((r) => r.ts)).toEqual(c.got.map((r) => 1_700_000_000_000 + r.value));
    expect(states).toContain('reconnecting');
    expect(conn.health().reconnects).toBeGreaterThan(0);
    // the broker still knew our session after the crash, so whatever was published before we were back was queued
    expect(events.map((e) => e.message)).toContain('reconnecting → connected: session resumed');
    await conn.stop();
  });

  it('QoS 1 messages published while the connector was offline arrive when it comes back', async () => {
    const clientId = `prognos-offline-${Date.now()}`;
    const first = new MqttConnector(config(clientId), ctx());
    const c1 = collector();
    await first.start(c1.emit);
    await until(() => first.health().state === 'connected', 5000, 'connected');
    await new Promise((r) => setTimeout(r, 200)); // subscription granted
    await first.stop();
    await pub(
      broker.port,
      'seq/OFF',
      Array.from({ length: 30 }, (_, i) => msg(i)),
    );
    const c2 = collector();
    const second = new MqttConnector(config(clientId), ctx());
    await second.start(c2.emit);
    await until(() => c2.got.length >= 30, 5000, '30 queued messages');
    expect(c2.got.map((r) => r.value)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    await second.stop();
  });

  it('store-and-forward: the sink fails for a while as mosquitto_pub keeps publishing, nothing is lost', async () => {
    const stored: Reading[] = [];
    let storeUp = true;
    const saf = new StoreAndForward({
      dir: tempDir(),
      sink: async (r) => {
        if (!storeUp) throw new Error('store unreachable');
        stored.push(...r);
      },
      backoff: { baseMs: 50, maxMs: 200, minMs: 20 },
    });
    await saf.open();
    const conn = new MqttConnector(config(`prognos-saf-${Date.now()}`), ctx());
    await conn.start(saf.emit);
    await until(() => conn.health().state === 'connected', 5000, 'connected');
    let n = 0;
    const publish = async (count: number) => {
      for (let i = 0; i < count; i++) await pub(broker.port, 'seq/S', msg(n++));
    };
    await publish(10);
    storeUp = false;
    await publish(20);
    await until(() => saf.stats().buffered >= 15, 5000, 'buffering');
    expect(saf.stats().mode).toBe('buffering');
    storeUp = true;
    await publish(10);
    await saf.drain(10_000);
    expect(stored.map((r) => r.value)).toEqual(Array.from({ length: n }, (_, i) => i));
    await conn.stop();
    await saf.close();
  });
});
