import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeQuality, QualityReason, type Reading } from '@prognos/core';
import { createDemoPlant, SparkplugEdgeNode } from '@prognos/simulator';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorContext, ConnectorEvent, Emit } from '../contract';
import { type MosquittoHandle, startMosquitto } from '../testing/mosquitto';
import { sparkplugCodec } from './codec';
import type { SparkplugConfig } from './config';
import { type SparkplugConnector, sparkplugFactory } from './index';

const plant = createDemoPlant();
const P101 = plant.sensors.filter((s) => s.assetId === 'P-101').map((s) => s.id);
const silent = { info() {}, warn() {}, error() {} };

let broker: MosquittoHandle;
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  broker = await startMosquitto();
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});
afterAll(async () => {
  await broker.stop();
});

async function until(what: string, pred: () => boolean, timeoutMs = 5000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Harness {
  conn: SparkplugConnector;
  readings: Reading[];
  events: ConnectorEvent[];
  of: (sensor: string) => Reading[];
}

async function host(url: string, cfg: Partial<SparkplugConfig> & { groupId: string }, emit?: Emit): Promise<Harness> {
  const readings: Reading[] = [];
  const events: ConnectorEvent[] = [];
  const ctx: ConnectorContext = {
    dataDir: mkdtempSync(join(tmpdir(), 'prognos-spb-')),
    log: silent,
    onEvent: (e) => events.push(e),
  };
  const conn = sparkplugFactory.create(
    { id: `spb-${cfg.groupId}`, kind: 'sparkplug', url, rebirthThrottleMs: 0, ...cfg },
    ctx,
  ) as Harness['conn'];
  await conn.start(
    emit ??
      (async (rs) => {
        readings.push(...rs);
      }),
  );
  cleanups.push(() => conn.stop());
  return { conn, readings, events, of: (s) => readings.filter((r) => r.sensor === s) };
}

async function edge(url: string, group: string, extra: Partial<Parameters<typeof SparkplugEdgeNode.connect>[1]> = {}) {
  const node = await SparkplugEdgeNode.connect(url, {
    groupId: group,
    edgeNodeId: 'E1',
    devices: { 'P-101': P101 },
    plant,
    ...extra,
  });
  cleanups.push(() => node.close(500));
  return node;
}

async function listener(
  url: string,
  topic: string,
): Promise<{ client: MqttClient; got: { topic: string; payload: Buffer }[] }> {
  const client = await mqtt.connectAsync(url, { clientId: `listen-${Math.random().toString(16).slice(2)}` });
  const got: { topic: string; payload: Buffer }[] = [];
  client.on('message', (t, payload) => got.push({ topic: t, payload }));
  await client.subscribeAsync(topic, { qos: 1 });
  cleanups.push(() => client.endAsync());
  return { client, got };
}

const ncmds = (got: { topic: string; payload: Buffer }[], topic: string) =>
  got.filter(
    (g) =>
      g.topic === topic &&
      sparkplugCodec
        .decodePayload(g.payload)
        .metrics?.some((m) => m.name === 'Node Control/Rebirth' && m.value === true),
  ).length;

function series(sensor: string, t0: number, n: number, f: (i: number) => number): Reading[] {
  return Array.from({ length: n }, (_, i) => ({ sensor, ts: t0 + i * 100, value: f(i), quality: 0 }));
}

describe('Sparkplug B connector against Mosquitto', () => {
  it('turns births and DDATA (by alias) into readings with source timestamps, unit conversion and quality', async () => {
    const G = 'T1';
    const state = await listener(broker.url, 'spBv1.0/STATE/prognos-test');
    const h = await host(broker.url, {
      groupId: G,
      hostId: 'prognos-test',
      mapping: {
        template: '{device}.{metric}',
        tags: {
          [`${G}/E1/P-101/TEMP-BRG`]: { sensor: 'P-101.TEMP-BRG-F', scale: 1.8, offset: 32, unit: 'degF' },
          [`${G}/E1/P-101/VIB-DE`]: { sensor: 'P-101.VIB-DE', unit: 'in/s' }, // birth says mm/s: converted
        },
      },
    });
    expect(h.conn.health().state).toBe('connected');
    await until('STATE online', () => state.got.some((g) => JSON.parse(g.payload.toString()).online === true));
    const node = await edge(broker.url, G);
    const t0 = Date.now() - 10_000;
    node.publish([
      ...series('P-101.VIB-DE', t0, 5, (i) => 2.54 * (i + 1)),
      ...series('P-101.TEMP-BRG', t0, 5, (i) => 20 + i),
      ...series('P-101.FLOW', t0, 5, (i) => 100 + i),
      { sensor: 'P-101.CURRENT', ts: t0 + 1, value: 12, quality: makeQuality('suspect', QualityReason.SPIKE) },
      {
        sensor: 'P-101.CURRENT',
        ts: t0 + 2,
        value: Number.NaN,
        quality: makeQuality('bad', QualityReason.SENSOR_FAILURE),
      },
    ]);
    await until('17 readings', () => h.readings.length >= 17);
    expect(h.of('P-101.VIB-DE').map((r) => [r.ts - t0, +r.value.toFixed(6), r.quality])).toEqual(
      [0.1, 0.2, 0.3, 0.4, 0.5].map((v, i) => [i * 100, v, 0]),
    );
    expect(h.of('P-101.TEMP-BRG-F').map((r) => +r.value.toFixed(6))).toEqual([68, 69.8, 71.6, 73.4, 75.2]);
    expect(h.of('P-101.FLOW').map((r) => r.ts - t0)).toEqual([0, 100, 200, 300, 400]);
    expect(h.of('P-101.CURRENT')).toEqual([
      {
        sensor: 'P-101.CURRENT',
        ts: t0 + 1,
        value: 12,
        quality: makeQuality('suspect', QualityReason.SOURCE_UNCERTAIN),
      },
      { sensor: 'P-101.CURRENT', ts: t0 + 2, value: 0, quality: makeQuality('bad', QualityReason.DEVICE_FAILURE) },
    ]);

    const health = h.conn.health();
    expect(health.readings).toBe(17);
    expect(health.latencyMs!.p50).toBeGreaterThanOrEqual(9_000);
    expect(health.tags.find((t) => t.sensor === 'P-101.VIB-DE')).toMatchObject({
      tag: `${G}/E1/P-101/VIB-DE`,
      stale: false,
      lastValueAt: t0 + 400,
    });
    expect((await h.conn.browse('')).map((i) => i.name)).toContain(G);
    expect(await h.conn.browse(G)).toEqual([{ tag: `${G}/E1`, name: 'E1', hasChildren: true, online: true }]);
    expect((await h.conn.browse(`${G}/E1`)).map((i) => i.name)).toEqual(
      expect.arrayContaining(['P-101', 'bdSeq', 'Node Control/Rebirth']),
    );
    const vib = (await h.conn.browse(`${G}/E1/P-101`)).find((i) => i.name === 'VIB-DE');
    expect(vib).toMatchObject({
      dataType: 'Double',
      value: 12.7,
      ts: t0 + 400,
      sensor: 'P-101.VIB-DE',
      unit: 'in/s',
      online: true,
    });

    await h.conn.stop();
    expect(h.conn.health().state).toBe('stopped');
    await until('STATE offline', () => JSON.parse(state.got.at(-1)!.payload.toString()).online === false);
  });

  it('marks tags stale on DDEATH and on NDEATH (matching bdSeq), and recovers on new data', async () => {
    const G = 'T2';
    const h = await host(broker.url, { groupId: G });
    const node = await edge(broker.url, G, { reconnectPeriodMs: 100 });
    const t0 = Date.now();
    node.publish(series('P-101.VIB-DE', t0, 2, (i) => i));
    await until('data', () => h.readings.length >= 2);

    node.deviceDeath('P-101');
    // Every tag the DBIRTH defined goes stale, with one event each.
    await until('stale events', () => h.events.filter((e) => e.type === 'tag_stale').length === P101.length);
    const staleNow = () => h.conn.health().tags.filter((t) => t.stale);
    expect(staleNow().map((t) => t.sensor)).toEqual(P101);
    expect(h.events.find((e) => e.type === 'tag_stale')).toMatchObject({
      sensor: 'P-101.VIB-DE',
      tag: `${G}/E1/P-101/VIB-DE`,
    });
    const before = h.readings.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(h.readings.length).toBe(before); // nothing fake is emitted for a dead device

    node.deviceBirth('P-101');
    node.publish(P101.map((sensor) => ({ sensor, ts: t0 + 1000, value: 5, quality: 0 })));
    await until('recovered', () => h.events.filter((e) => e.type === 'tag_recovered').length === P101.length);
    expect(staleNow()).toEqual([]);

    await node.crash(); // the broker publishes the NDEATH will
    await until('NDEATH stale', () => staleNow().length === P101.length);
    expect((await h.conn.browse(G))[0]!.online).toBe(false);
    expect(h.events.filter((e) => e.type === 'tag_stale')).toHaveLength(2 * P101.length);
  });

  it('requests a rebirth on a sequence gap and on an unknown alias; the edge node answers with births', async () => {
    const G = 'T3';
    const cmds = await listener(broker.url, `spBv1.0/${G}/NCMD/E1`);
    const h = await host(broker.url, { groupId: G });
    const node = await edge(broker.url, G);
    const t0 = Date.now();
    node.publish(series('P-101.FLOW', t0, 1, () => 1));
    await until('data', () => h.readings.length >= 1);
    expect(node.stats().births).toBe(1);

    // A forged DDATA that skips sequence numbers, as if messages had been lost.
    const forge = cmds.client;
    const gapSeq = (node.stats().seq + 5) % 256;
    await forge.publishAsync(
      `spBv1.0/${G}/DDATA/E1/P-101`,
      Buffer.from(
        sparkplugCodec.encodePayload({
          timestamp: Date.now(),
          seq: gapSeq,
          metrics: [{ alias: node.aliasOf('P-101.FLOW')!, type: 'Double', value: 2, timestamp: t0 + 100 }],
        }),
      ),
    );
    await until('rebirth answered', () => node.stats().births === 2);
    expect(ncmds(cmds.got, `spBv1.0/${G}/NCMD/E1`)).toBe(1);
    expect(h.events.find((e) => e.type === 'sequence_gap')?.message).toMatch(`seq ${gapSeq}`);
    expect(h.events.filter((e) => e.type === 'rebirth_requested')).toHaveLength(1);
    expect(node.stats().rebirthRequests).toBe(1);
    await node.flush();
    await until('host saw the new births', () => h.conn.health().tags.length > 0 && node.stats().seq >= 1);

    // DATA with an alias no birth defined (next seq, so only the alias is wrong).
    await new Promise((r) => setTimeout(r, 100));
    await forge.publishAsync(
      `spBv1.0/${G}/DDATA/E1/P-101`,
      Buffer.from(
        sparkplugCodec.encodePayload({
          timestamp: Date.now(),
          seq: (node.stats().seq + 1) % 256,
          metrics: [{ alias: 999, type: 'Double', value: 2, timestamp: Date.now() }],
        }),
      ),
    );
    await until('second rebirth', () => node.stats().births === 3);
    expect(h.events.filter((e) => e.type === 'rebirth_requested').at(-1)?.message).toMatch(/unknown alias/);
    expect(ncmds(cmds.got, `spBv1.0/${G}/NCMD/E1`)).toBe(2);

    // Values flow after the rebirths.
    const n = h.readings.length;
    node.publish(series('P-101.FLOW', t0 + 5000, 3, (i) => 10 + i));
    await until('more data', () => h.of('P-101.FLOW').filter((r) => r.ts >= t0 + 5000).length === 3);
    expect(h.readings.length).toBe(n + 3);
  });

  it('acknowledges a QoS 1 message only after emit resolves: a failed emit is re-delivered, not lost', async () => {
    const G = 'T4';
    let failures = 0;
    const got: Reading[] = [];
    const h = await host(broker.url, { groupId: G, clientId: 'prognos-spb-ack-test' }, async (rs) => {
      if (rs.some((r) => r.value === 42) && failures === 0) {
        failures++;
        throw new Error('store unavailable');
      }
      got.push(...rs);
    });
    const node = await edge(broker.url, G, { qos: 1 });
    const t0 = Date.now();
    node.publish(series('P-101.FLOW', t0, 1, () => 41));
    await until('first', () => got.length === 1);
    node.publish(series('P-101.FLOW', t0 + 100, 1, () => 42));
    node.publish(series('P-101.FLOW', t0 + 200, 1, () => 43));
    await until('re-delivered after reconnect', () => got.some((r) => r.value === 43), 8000);
    expect(failures).toBe(1);
    expect(got.map((r) => r.value)).toEqual([41, 42, 43]);
    const health = h.conn.health();
    expect(health.errors).toBeGreaterThanOrEqual(1);
    expect(health.lastError?.message).toMatch(/store unavailable/);
    await until('connected', () => h.conn.health().state === 'connected');
  });

  it('rides out a broker crash: truthful state, reconnect within 10 s, rebirth requested, values flow again', async () => {
    const own = await startMosquitto();
    cleanups.push(() => own.stop());
    const G = 'T5';
    const h = await host(own.url, { groupId: G });
    const node = await edge(own.url, G, { reconnectPeriodMs: 200 });
    let i = 0;
    const timer = setInterval(
      () => node.publish([{ sensor: 'P-101.FLOW', ts: Date.now(), value: i++, quality: 0 }]),
      50,
    );
    cleanups.push(async () => clearInterval(timer));
    await until('data', () => h.readings.length >= 3);

    const killedAt = Date.now();
    await own.kill();
    await until('reconnecting', () => h.conn.health().state === 'reconnecting', 3000);
    expect(h.conn.health().tags.every((t) => t.stale)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    expect(h.conn.health().state).toBe('reconnecting');

    await own.restart();
    const restartedAt = Date.now();
    await until('connected', () => h.conn.health().state === 'connected', 10_000);
    expect(Date.now() - restartedAt).toBeLessThan(10_000);
    await until('rebirth requested', () => h.events.some((e) => e.type === 'rebirth_requested' && e.ts > killedAt));
    await until('fresh values', () => h.readings.filter((r) => r.ts > restartedAt).length >= 3);
    // FLOW updates again; the other tags never had a value, and stay stale: no data, no pretence.
    await until('FLOW fresh', () => h.conn.health().tags.find((t) => t.sensor === 'P-101.FLOW')?.stale === false);
    expect(h.conn.health().tags.filter((t) => t.stale)).toHaveLength(P101.length - 1);
    const health = h.conn.health();
    expect(health.reconnects).toBe(1);
    expect(h.events.filter((e) => e.type === 'state_changed').map((e) => e.message)).toEqual(
      expect.arrayContaining(['connected → reconnecting', 'reconnecting → connected']),
    );
  });
});
