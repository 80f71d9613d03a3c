/**
 * Waveform snapshots from devices: published to the embedded broker (prognos/waveforms/<sensor>) with Debian's
 * mosquitto_pub, and through the MQTT connector from a real Mosquitto broker. Both go through the same analysis and
 * storage as the HTTP route, so a good snapshot is listed by GET /api/sensors/{id}/waveforms with its summary, and a
 * bad one comes back as a coded error without stopping anything.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type MosquittoHandle, startMosquitto } from '@prognos/connectors/testing';
import type { WaveformEvent } from '@prognos/server';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startTestServer, type TestServer, waitFor } from './harness';

interface Listed {
  id: string;
  sensorId: string;
  ts: number;
  samples: number;
  unit: string;
  meta: { shaftHz?: number };
  summary: { velocityRmsMmS: number; isoZone: string; diagnosis?: { finding: string } };
}
interface ErrorReport {
  topic: string;
  rejected: number;
  errors: { index: number; code: string; message: string }[];
}

const SKF_6205 = { balls: 9, ballDiameter: 0.3126, pitchDiameter: 1.537, contactAngleDeg: 0 };

/**
 * 0.25 g at 1× shaft (29.95 Hz) plus a 3 kHz ring struck at the SKF 6205 outer-race defect frequency (BPFO =
 * 3.585 × shaft = 107.4 Hz), decaying in about 1 ms: the shape of a spalled outer race.
 */
function outerRaceSignal(fs = 12_000, seconds = 1): number[] {
  const shaft = 29.95;
  const bpfo = 3.5848 * shaft;
  return Array.from({ length: Math.round(fs * seconds) }, (_, i) => {
    const t = i / fs;
    const since = t % (1 / bpfo);
    const ring = 1.5 * Math.exp(-since * 1000) * Math.sin(2 * Math.PI * 3000 * since);
    return 0.25 * Math.sin(2 * Math.PI * shaft * t) + ring;
  });
}

async function registerSensor(s: TestServer, asset: string, sensor: string): Promise<void> {
  const put = async (path: string, body: unknown) => {
    const res = await fetch(`${s.base}${path}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
  };
  await put(`/api/assets/${asset}`, { id: asset, lineId: 'test', name: asset, type: 'other', criticality: 'C' });
  await put(`/api/sensors/${sensor}`, {
    id: sensor,
    assetId: asset,
    name: 'bearing vibration',
    kind: 'vibration',
    unit: 'mm/s',
    min: 0,
    max: 50,
    sampleRateHz: 1,
  });
}

describe('waveform snapshots over MQTT', () => {
  let s: TestServer;
  let ext: MosquittoHandle;
  const events: WaveformEvent[] = [];
  beforeAll(async () => {
    [s, ext] = await Promise.all([startTestServer({ simulator: false }), startMosquitto()]);
    await registerSensor(s, 'WF-1', 'WF-1.VIB-DE');
    await registerSensor(s, 'WF-2', 'WF-2.VIB-DE');
    s.p.ctx.bus.on('waveform', (e) => events.push(e));
  });
  afterAll(async () => {
    await s?.stop();
    await ext?.stop();
  });

  /** mosquitto_pub at QoS 1 exits once it has the PUBACK; the payload goes through a file (it can be large). */
  let n = 0;
  const pub = async (port: number, topic: string, payload: unknown) => {
    const file = join(s.dir, `payload-${n++}.json`);
    writeFileSync(file, typeof payload === 'string' ? payload : JSON.stringify(payload));
    await promisify(execFile)(
      'mosquitto_pub',
      ['-h', '127.0.0.1', '-p', String(port), '-q', '1', '-i', 'e2e-wf-pub', '-t', topic, '-f', file],
      { timeout: 10_000 },
    );
  };
  const list = async (sensor: string) =>
    (await getJson<{ waveforms: Listed[] }>(`${s.base}/api/sensors/${sensor}/waveforms`)).body.waveforms;

  it('embedded broker: stored before the PUBACK, bad snapshots reported on prognos/errors/<client>', async () => {
    const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${s.p.mqttPort}`, { clientId: 'e2e-wf-sub' });
    const reports: ErrorReport[] = [];
    sub.on('message', (_t, m) => reports.push(JSON.parse(m.toString())));
    await sub.subscribeAsync('prognos/errors/e2e-wf-pub', { qos: 0 });
    const port = s.p.mqttPort!;
    const values = outerRaceSignal();
    const good = { ts: Date.UTC(2025, 2, 1), sampleRateHz: 12_000, values, shaftHz: 29.95, bearing: SKF_6205 };
    const topic = 'prognos/waveforms/WF-1.VIB-DE';

    await pub(port, topic, '{"sampleRateHz": 12000, "values": [1, 2');
    await pub(port, topic, { ...good, values: values.map((v, i) => (i === 9 ? 'x' : v)) });
    await pub(port, topic, { ...good, values: values.slice(0, 50) });
    await pub(port, topic, { ...good, sampleRateHz: 0 });
    await pub(port, 'prognos/waveforms/NO-SUCH.VIB', good);
    const got = await waitFor(async () => (reports.length >= 5 ? reports : undefined), 10_000, 'five error reports');
    expect(got.map((r) => r.errors[0]!.code)).toEqual([
      'MALFORMED_BODY',
      'WAVEFORM_INVALID',
      'WAVEFORM_INVALID',
      'WAVEFORM_INVALID',
      'SENSOR_NOT_FOUND',
    ]);
    expect(got[1]!.errors[0]!.message).toMatch(/values\[9\] is "x"/);
    expect(got[2]!.errors[0]!.message).toMatch(/values has 50 samples; send 256/);
    expect(got[3]!.errors[0]!.message).toMatch(/sampleRateHz is 0/);
    expect(got[4]).toMatchObject({ topic: 'prognos/waveforms/NO-SUCH.VIB', rejected: 1 });
    expect(await list('WF-1.VIB-DE')).toEqual([]);

    await pub(port, topic, good);
    // no waiting: mosquitto_pub returned on the PUBACK, and the PUBACK comes after the store
    const [w] = await list('WF-1.VIB-DE');
    expect(w).toMatchObject({ sensorId: 'WF-1.VIB-DE', ts: good.ts, samples: values.length, unit: 'g' });
    expect(w!.summary.velocityRmsMmS).toBeGreaterThan(0);
    expect(['A', 'B', 'C', 'D']).toContain(w!.summary.isoZone);
    expect(w!.summary.diagnosis?.finding).toBe('outer_race');
    expect(events.find((e) => e.id === w!.id)).toMatchObject({ source: 'mqtt', sensorId: 'WF-1.VIB-DE' });
    // a redelivery of the same snapshot replaces it (the id comes from the content)
    await pub(port, topic, good);
    expect((await list('WF-1.VIB-DE')).map((x) => x.id)).toEqual([w!.id]);
    expect(s.p.broker!.stats.waveforms).toBe(2);
    await sub.endAsync();
  });

  it('MQTT connector on an external Mosquitto: same analysis and listing; bad messages counted in its health', async () => {
    const res = await fetch(`${s.base}/api/connectors/wf-broker`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'mqtt',
        url: ext.url,
        mappings: [],
        waveforms: [
          { topic: 'site/{asset}/{point}/waveform', sensor: '{asset}.{point}', shaftHz: 29.95, bearing: SKF_6205 },
        ],
      }),
    });
    expect(res.status).toBe(200);
    type View = {
      health: {
        state: string;
        errors: number;
        lastError?: { message: string };
        waveforms?: { emitted: number };
      };
    };
    const health = async () => (await getJson<View>(`${s.base}/api/connectors/wf-broker`)).body.health;
    await waitFor(async () => ((await health()).state === 'connected' ? true : undefined), 10_000, 'connected');

    const values = outerRaceSignal(12_000, 0.5);
    await pub(ext.port, 'site/WF-2/VIB-DE/waveform', { sampleRateHz: 12_000, values: values.map(String) });
    await pub(ext.port, 'site/WF-2/VIB-DE/waveform', { sampleRateHz: 'fast', values });
    await pub(ext.port, 'site/NOPE/VIB/waveform', { ts: Date.UTC(2025, 2, 2), sampleRateHz: 12_000, values });
    await pub(ext.port, 'site/WF-2/VIB-DE/waveform', { ts: Date.UTC(2025, 2, 3), sampleRateHz: 12_000, values });
    const [w] = await waitFor(
      async () => {
        const l = await list('WF-2.VIB-DE');
        return l.length > 0 ? l : undefined;
      },
      10_000,
      'the connector snapshot',
    );
    expect(w).toMatchObject({ sensorId: 'WF-2.VIB-DE', ts: Date.UTC(2025, 2, 3), samples: values.length });
    expect(w!.meta.shaftHz).toBe(29.95); // from the connector's defaults
    expect(w!.summary.velocityRmsMmS).toBeGreaterThan(0);
    expect(['A', 'B', 'C', 'D']).toContain(w!.summary.isoZone);
    expect(events.find((e) => e.id === w!.id)?.source).toBe('connector:wf-broker');
    const h = await waitFor(
      async () => {
        const x = await health();
        return x.errors >= 3 ? x : undefined;
      },
      10_000,
      'three errors',
    );
    // two bad payloads (coded at the connector) and one snapshot for a sensor that is not registered
    expect(h.errors).toBe(3);
    expect(h.state).toBe('connected');
    expect(h.waveforms?.emitted).toBe(2);
    const del = await fetch(`${s.base}/api/connectors/wf-broker`, { method: 'DELETE' });
    expect(del.status).toBeLessThan(300);
  });
});
