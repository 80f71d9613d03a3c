import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, registerTestSensor, startTestServer, type TestServer, waitFor } from './harness';

// Integration: a real MQTT client (Debian mosquitto-clients) publishes to the embedded broker; the readings are
// read back over HTTP.
describe('MQTT ingestion with mosquitto_pub', () => {
  let s: TestServer;
  let sensor: string;
  beforeAll(async () => {
    s = await startTestServer({ backfillHours: 0.5 });
    sensor = await registerTestSensor(s);
  });
  afterAll(async () => s?.stop());

  // async: the server under test runs in this process, so a blocking spawn would stall its broker
  const pub = (topic: string, payload: string, qos = 1) =>
    promisify(execFile)(
      'mosquitto_pub',
      ['-h', '127.0.0.1', '-p', String(s.p.mqttPort), '-q', String(qos), '-i', 'e2e-pub', '-t', topic, '-m', payload],
      {
        timeout: 10_000,
      },
    );

  it('stores a batch published with QoS 1 and serves it over HTTP', async () => {
    const ts = Date.now() - 60_000;
    const readings = [0, 1, 2].map((i) => ({ sensor, ts: ts + i * 1000, value: 4.25 + i / 100 }));
    await pub('prognos/readings/e2e-gateway', JSON.stringify({ readings }));
    const got = await waitFor(
      async () => {
        const r = await getJson<{ ts: number[]; values: number[] }>(
          `${s.base}/api/readings/${sensor}?from=${ts}&to=${ts + 3000}`,
        );
        return r.body.ts.length === 3 ? r.body : undefined;
      },
      10_000,
      'published readings',
    );
    expect(got.ts).toEqual([ts, ts + 1000, ts + 2000]);
    expect(got.values).toEqual([4.25, 4.26, 4.27]);
  });

  it('keeps the good items of a mixed payload and reports the bad ones on prognos/errors/<client>', async () => {
    const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${s.p.mqttPort}`, { clientId: 'e2e-sub' });
    const errors: { rejected: number; errors: { code: string; index: number }[] }[] = [];
    sub.on('message', (_t, m) => errors.push(JSON.parse(m.toString())));
    await sub.subscribeAsync('prognos/errors/#', { qos: 0 });
    const ts = Date.now() - 30_000;
    await pub(
      'prognos/readings/e2e-gateway',
      JSON.stringify([
        { sensor, ts, value: 5.5 },
        { sensor: 'NO-SUCH.TAG', ts, value: 1 },
        { sensor, ts: ts + 1, value: 'high' },
      ]),
    );
    await pub('prognos/readings/e2e-gateway', '{not json');
    const e = await waitFor(async () => (errors.length >= 2 ? errors : undefined), 10_000, 'error reports');
    await sub.endAsync();
    expect(e[0]!.rejected).toBe(2);
    expect(e[0]!.errors.map((x) => x.code)).toEqual(['INGEST_UNKNOWN_SENSOR', 'INGEST_VALUE_NOT_NUMBER']);
    expect(e[0]!.errors.map((x) => x.index)).toEqual([1, 2]);
    expect(e[1]!.errors[0]!.code).toBe('MALFORMED_BODY');
    const r = await getJson<{ values: number[] }>(`${s.base}/api/readings/${sensor}?from=${ts}&to=${ts + 1}`);
    expect(r.body.values).toEqual([5.5]);
  });

  it('the embedded simulator publishes live through the broker', async () => {
    const latest = await waitFor(
      async () => {
        const r = await getJson<{ latest: Record<string, { ts: number }> }>(`${s.base}/api/assets/P-101`);
        const l = Object.values(r.body.latest);
        return l.length > 0 && l.every((x) => Date.now() - x.ts < 5_000) ? l : undefined;
      },
      15_000,
      'live simulator readings',
    );
    expect(latest.length).toBeGreaterThanOrEqual(5);
    expect(s.p.broker!.stats.readings).toBeGreaterThan(0);
  });
});
