import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reading, WaveformSnapshot } from '@prognos/core';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConnectorEntry } from '../config/validate';
import type { ConnectorContext } from '../contract';
import { ConnectorManager } from '../manager/connector-manager';
import { type MosquittoHandle, startMosquitto } from '../testing/mosquitto';
import type { MqttConnectorConfig } from './config';
import { mqttFactory } from './index';
import { MqttConnector } from './mqtt-connector';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'prognos-mqtt-wf-'));
  dirs.push(d);
  return d;
}
const ctx = (): ConnectorContext => ({ dataDir: tempDir(), log: { info() {}, warn() {}, error() {} } });

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** 0.3 g at 25 Hz (1× shaft) plus a decaying 3 kHz ring every 1/107 s: an outer-race-like impact train. */
function signal(fs = 12_000, n = 8192): number[] {
  return Array.from({ length: n }, (_, i) => {
    const t = i / fs;
    const since = t % (1 / 107);
    return 0.3 * Math.sin(2 * Math.PI * 25 * t) + 0.8 * Math.exp(-since * 800) * Math.sin(2 * Math.PI * 3000 * since);
  });
}

const SKF_6205 = { balls: 9, ballDiameter: 0.3126, pitchDiameter: 1.537, contactAngleDeg: 0 };

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('MQTT connector: waveform topics against Mosquitto', () => {
  let broker: MosquittoHandle;
  let pubClient: mqtt.MqttClient;
  beforeAll(async () => {
    broker = await startMosquitto();
    pubClient = await mqtt.connectAsync(broker.url, { clientId: `wf-pub-${Date.now()}` });
  });
  afterAll(async () => {
    await pubClient?.endAsync();
    await broker?.stop();
  });
  const pub = (topic: string, payload: unknown) =>
    pubClient.publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1 });

  const config = (over: Partial<MqttConnectorConfig> = {}): MqttConnectorConfig => ({
    id: 'wf1',
    kind: 'mqtt',
    url: broker.url,
    clientId: `prognos-wf-${Math.random().toString(36).slice(2)}`,
    reconnect: { baseMs: 100, maxMs: 500 },
    mappings: [{ topic: 'plant/{asset}/temp', sensor: '{asset}.TEMP', valuePath: 'v' }],
    waveforms: [
      { topic: 'plant/{asset}/{point}/waveform', sensor: '{asset}.{point}', shaftHz: 25, bearing: SKF_6205 },
      { topic: 'legacy/wf/+', sensors: { 'legacy/wf/1': 'P-2.VIB' } },
    ],
    ...over,
  });

  it('the configuration is checked: a waveform-only connector is fine, a bad template or geometry is not', () => {
    const entry = (w: unknown) => ({ ...config(), mappings: [], waveforms: w });
    expect(validateConnectorEntry(entry([{ topic: 'a/{x}', sensor: 'A.{x}' }]), [mqttFactory])).toEqual([]);
    const issues = validateConnectorEntry(
      entry([
        { topic: 'a/{x}', sensor: 'A.{y}' },
        { topic: 'b/+', sensor: 'B', bearing: { ...SKF_6205, pitchDiameter: 0.1 } },
      ]),
      [mqttFactory],
    ).map((i) => `${i.path}: ${i.message}`);
    expect(issues.join('\n')).toMatch(/waveforms\[0\]\.sensor: placeholder \{y\}/);
    expect(issues.join('\n')).toMatch(/waveforms\[1\]\.bearing\.pitchDiameter/);
    const schema = validateConnectorEntry(entry([{ topic: 'c', sensor: 'C', unit: 'mm/s' }]), [mqttFactory]);
    expect(schema.map((i) => `${i.path}: ${i.message}`).join()).toMatch(
      /waveforms\[0\]\.unit: must be one of g, m\/s2/,
    );
    expect(validateConnectorEntry({ ...config(), mappings: [], waveforms: [] }, [mqttFactory])[0]?.message).toMatch(
      /at least one mapping/,
    );
  });

  it('emits good snapshots with the configured defaults; bad ones are coded per-message errors', async () => {
    const readings: Reading[] = [];
    const waves: WaveformSnapshot[] = [];
    const conn = new MqttConnector(config(), ctx());
    await conn.start(async (r) => void readings.push(...r), { emitWaveform: async (w) => void waves.push(w) });
    await until(() => conn.health().state === 'connected', 5000, 'connected');
    const values = signal();
    const good = { ts: 1_700_000_000_000, sampleRateHz: 12_000, values };
    await pub('plant/P-1/VIB-DE/waveform', 'not json');
    await pub('plant/P-1/VIB-DE/waveform', { ...good, values: values.map((v, i) => (i === 5 ? 'x' : v)) });
    await pub('plant/P-1/VIB-DE/waveform', { ...good, values: values.slice(0, 100) });
    await pub('plant/P-1/VIB-DE/waveform', { ...good, sampleRateHz: -1 });
    await pub('plant/P-1/VIB-DE/waveform', good);
    await pub('legacy/wf/1', { ...good, ts: good.ts + 1, unit: 'm/s2', shaftHz: 30 });
    await pub('legacy/wf/9', good); // not in the table: ignored
    await pub('plant/P-1/temp', { v: 61.5 });
    await until(() => waves.length === 2 && readings.length === 1, 10_000, 'two snapshots and a reading');

    expect(waves[0]).toMatchObject({
      sensorId: 'P-1.VIB-DE',
      ts: good.ts,
      sampleRateHz: 12_000,
      unit: 'g',
      meta: { shaftHz: 25, bearing: SKF_6205, machineClass: 'group2-rigid' },
    });
    expect(waves[0]!.values).toBeInstanceOf(Float32Array);
    expect(waves[0]!.values.length).toBe(values.length);
    expect(waves[0]!.values[100]).toBeCloseTo(values[100]!, 5);
    // the message's own fields win over the configured defaults
    expect(waves[1]).toMatchObject({ sensorId: 'P-2.VIB', unit: 'm/s2', meta: { shaftHz: 30 } });
    expect(readings[0]).toMatchObject({ sensor: 'P-1.TEMP', value: 61.5 });

    const h = conn.health();
    expect(h.state).toBe('connected');
    expect(h.errors).toBe(4);
    expect(h.waveforms).toEqual({ emitted: 2, buffered: 0, evicted: 0 });
    const tag = h.tags.find((t) => t.tag === 'plant/P-1/VIB-DE/waveform')!;
    expect(tag).toMatchObject({ sensor: 'P-1.VIB-DE', errors: 4 });
    expect(tag.lastValue).toBeGreaterThan(0.2); // the burst's r.m.s.
    expect(h.lastError?.message).toMatch(/WAVEFORM_INVALID: .*sampleRateHz is -1/);
    await conn.stop();
  });

  it('through the manager: a store outage spools snapshots to disk and delivers them when it is back', async () => {
    let up = false;
    const stored: WaveformSnapshot[] = [];
    const mgr = new ConnectorManager({
      factories: [mqttFactory as never],
      dataDir: tempDir(),
      log: { info() {}, warn() {}, error() {} },
      sink: async () => {},
      waveformSink: async (w) => {
        if (!up) throw new Error('store unavailable');
        stored.push(w);
      },
      buffer: { backoff: { baseMs: 20, maxMs: 50 } },
    });
    await mgr.load({ version: 1, connectors: [config()] });
    await mgr.start();
    await until(() => mgr.get('wf1')?.health.state === 'connected', 5000, 'connected');
    for (const k of [0, 1]) {
      await pub('plant/P-1/VIB-NDE/waveform', { ts: 1_700_000_000_000 + k, sampleRateHz: 12_000, values: signal() });
    }
    await until(() => mgr.get('wf1')?.health.waveforms?.buffered === 2, 10_000, 'two spooled snapshots');
    up = true;
    await until(() => stored.length === 2, 10_000, 'replay');
    expect(stored.map((w) => w.ts)).toEqual([1_700_000_000_000, 1_700_000_000_001]);
    expect(mgr.get('wf1')?.health.waveforms).toEqual({ emitted: 2, buffered: 0, evicted: 0 });
    await mgr.stop();
  });
});
