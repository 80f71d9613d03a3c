import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Exposition,
  findSamples,
  parseExposition,
  type RunningPrognos,
  sampleSum,
  startPrognos,
} from '@prognos/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, registerTestSensor, startTestServer, type TestServer, waitFor } from './harness';

async function scrape(base: string, token?: string): Promise<Exposition> {
  const res = await fetch(`${base}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await res.text());
}

// A whole server with the simulated plant (its readings, models and demo connectors make every family move) and
// a test sensor of our own, whose readings only this test sends, so the counters can be checked exactly.
describe('GET /metrics', () => {
  let s: TestServer;
  let sensor: string;
  let csvDir: string;
  beforeAll(async () => {
    s = await startTestServer({ backfillHours: 0.25, windowMs: 2000 });
    sensor = await registerTestSensor(s);
    csvDir = mkdtempSync(join(tmpdir(), 'prognos-metrics-csv-'));
  });
  afterAll(async () => {
    await s?.stop();
    if (csvDir) rmSync(csvDir, { recursive: true, force: true });
  });

  it('counts readings stored over HTTP and rejected ones by code, exactly', async () => {
    const before = await scrape(s.base);
    const ts = Date.now() - 60_000;
    const items = [
      ...[0, 1, 2, 3, 4].map((i) => ({ sensor, ts: ts + i * 1000, value: 3 + i / 10 })),
      { sensor: 'NO-SUCH.TAG', ts, value: 1 },
      { sensor, ts: ts + 9000, value: 'high' },
      { sensor: 'NO-SUCH.TAG', ts: ts + 1000, value: 2 },
    ];
    const r = await postJson<{ stored: number; rejected: number }>(`${s.base}/api/readings`, { readings: items });
    expect(r.status).toBe(207);
    expect(r.body).toMatchObject({ stored: 5, rejected: 3 });
    const after = await scrape(s.base);
    const delta = (name: string, labels: Record<string, string>) =>
      sampleSum(after, name, labels) - sampleSum(before, name, labels);
    expect(delta('prognos_ingest_readings_total', { path: 'http' })).toBe(5);
    expect(delta('prognos_ingest_rejected_total', { path: 'http', code: 'INGEST_UNKNOWN_SENSOR' })).toBe(2);
    expect(delta('prognos_ingest_rejected_total', { path: 'http', code: 'INGEST_VALUE_NOT_NUMBER' })).toBe(1);
    expect(delta('prognos_ingest_rejected_total', { path: 'http' })).toBe(3);
    // the demo plant feeds the other paths at the same time
    expect(sampleSum(after, 'prognos_ingest_readings_total')).toBeGreaterThan(5);
    expect(after.types.get('prognos_store_append_seconds')).toBe('histogram');
    expect(delta('prognos_store_append_seconds_count', {})).toBeGreaterThanOrEqual(1);
  });

  it('times HTTP requests by route pattern, never by raw URL', async () => {
    const before = await scrape(s.base);
    expect((await fetch(`${s.base}/api/readings/${sensor}`)).status).toBe(200);
    expect((await fetch(`${s.base}/api/no-such-route/${sensor}`)).status).toBe(404);
    const after = await scrape(s.base);
    const name = 'prognos_http_request_duration_seconds_count';
    const labels = { method: 'GET', route: '/api/readings/:sensor', status: '200' };
    expect(sampleSum(after, name, labels) - sampleSum(before, name, labels)).toBe(1);
    // a 404 is timed too, under the catch-all it fell into ('unmatched', or the web UI's static route)
    expect(sampleSum(after, name, { status: '404' }) - sampleSum(before, name, { status: '404' })).toBe(1);
    // the earlier POST is there under its pattern too
    expect(sampleSum(after, name, { method: 'POST', route: '/api/readings', status: '207' })).toBe(1);
    const routes = new Set(findSamples(after, name).map((x) => x.labels.route));
    for (const route of routes) expect(route).not.toContain(sensor);
  });

  it('scores windows and shows the analytics, quality, alert and queue families', async () => {
    const e = await waitFor(
      async () => {
        const x = await scrape(s.base);
        return sampleSum(x, 'prognos_scored_windows_total') > 0 ? x : undefined;
      },
      30_000,
      'a scored window',
    );
    expect(sampleSum(e, 'prognos_scoring_seconds_count')).toBeGreaterThan(0);
    expect(e.types.get('prognos_scoring_seconds')).toBe('histogram');
    expect(findSamples(e, 'prognos_pipeline_queue_depth')).toHaveLength(1);
    expect(
      findSamples(e, 'prognos_alerts_active')
        .map((x) => x.labels.severity)
        .sort(),
    ).toEqual(['critical', 'info', 'warning']);
    // every simulated sensor has been judged; the counts add up to what the quality service tracks
    const judged = ['good', 'suspect', 'bad'].reduce((n, state) => n + sampleSum(e, 'prognos_sensors', { state }), 0);
    expect(judged).toBeGreaterThan(10);
    expect(findSamples(e, 'prognos_sse_clients')).toHaveLength(1);
    expect(findSamples(e, 'prognos_process_cpu_seconds_total').length).toBeGreaterThan(0);
    expect(findSamples(e, 'prognos_nodejs_eventloop_lag_seconds')).toHaveLength(1);
  });

  it('reports each demo connector up, with its tags and store-and-forward buffer', async () => {
    const e = await waitFor(
      async () => {
        const x = await scrape(s.base);
        const up = findSamples(x, 'prognos_connector_up');
        return up.length === 4 && up.every((u) => u.value === 1) ? x : undefined;
      },
      20_000,
      'all demo connectors up',
    );
    const protocols = findSamples(e, 'prognos_connector_up').map((u) => u.labels.protocol);
    expect(protocols.sort()).toEqual(['modbus', 'mqtt', 'opcua', 'sparkplug']);
    const modbus = findSamples(e, 'prognos_connector_up', { protocol: 'modbus' })[0]!.labels.connector!;
    expect(sampleSum(e, 'prognos_connector_tags', { connector: modbus, state: 'ok' })).toBeGreaterThan(0);
    expect(findSamples(e, 'prognos_connector_buffer_depth', { connector: modbus })).toHaveLength(1);
    expect(findSamples(e, 'prognos_connector_reconnects_total', { connector: modbus })).toHaveLength(1);
  });

  it('counts a CSV drop-folder import on the csv path', async () => {
    const folder = join(csvDir, 'drop');
    mkdirSync(folder, { recursive: true });
    const res = await fetch(`${s.base}/api/connectors/metrics-csv`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'csv', folder, layout: 'long', scanIntervalMs: 200, settleMs: 0 }),
    });
    expect(res.status).toBe(200);
    const t0 = Date.now() - 3_600_000;
    const rows = [0, 1, 2, 3].map((i) => `${new Date(t0 + i * 1000).toISOString()},${sensor},${5 + i}`);
    writeFileSync(join(folder, 'export.csv'), `ts,sensor,value\n${rows.join('\n')}\n`);
    const e = await waitFor(
      async () => {
        const x = await scrape(s.base);
        return sampleSum(x, 'prognos_ingest_readings_total', { path: 'csv' }) >= 4 ? x : undefined;
      },
      20_000,
      'the CSV import counted',
    );
    expect(sampleSum(e, 'prognos_ingest_readings_total', { path: 'csv' })).toBe(4);
    expect(findSamples(e, 'prognos_connector_up', { connector: 'metrics-csv', protocol: 'csv' })).toHaveLength(1);
  });

  it('tracks open live-stream clients', async () => {
    const abort = new AbortController();
    const res = await fetch(`${s.base}/api/events`, { signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read(); // the stream is open once its first bytes arrive
    expect(sampleSum(await scrape(s.base), 'prognos_sse_clients')).toBe(1);
    abort.abort();
    await reader.cancel().catch(() => {});
    await waitFor(
      async () => (sampleSum(await scrape(s.base), 'prognos_sse_clients') === 0 ? true : undefined),
      5_000,
      'the live-stream client gone',
    );
  });

  it('answers with the request id a proxy sent, and makes one otherwise', async () => {
    const given = await fetch(`${s.base}/api/health`, { headers: { 'x-request-id': 'trace-42' } });
    expect(given.headers.get('x-request-id')).toBe('trace-42');
    const made = await fetch(`${s.base}/api/health`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GET /metrics with PROGNOS_METRICS_TOKEN', () => {
  let p: RunningPrognos;
  let dir: string;
  let base: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prognos-metrics-token-'));
    p = await startPrognos({
      port: 0,
      host: '127.0.0.1',
      mqttPort: null,
      dataDir: dir,
      simulator: false,
      logLevel: 'silent',
      metricsToken: 'scrape-secret',
    });
    base = `http://127.0.0.1:${p.port}`;
  });
  afterAll(async () => {
    await p?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a scrape without the token or with a wrong one, with a coded 401', async () => {
    const refusals: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: 'Basic c2NyYXBlLXNlY3JldA==' },
    ];
    for (const headers of refusals) {
      const res = await fetch(`${base}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe('METRICS_UNAUTHORIZED');
    }
  });

  it('answers with the token, and the rest of the API stays as it was', async () => {
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const e = await scrape(base, 'scrape-secret');
    // no plant, no connectors: the families are there, with nothing in them
    expect(findSamples(e, 'prognos_ingest_readings_total')).toEqual([]);
    expect(findSamples(e, 'prognos_connector_up')).toEqual([]);
    expect(findSamples(e, 'prognos_sensors').map((x) => [x.labels.state, x.value])).toEqual([
      ['good', 0],
      ['suspect', 0],
      ['bad', 0],
    ]);
    // the refused scrapes were timed like any request
    const refused = { method: 'GET', route: '/metrics', status: '401' };
    expect(sampleSum(e, 'prognos_http_request_duration_seconds_count', refused)).toBe(3);
    expect(sampleSum(e, 'prognos_http_request_duration_seconds_count', { route: '/api/health', status: '200' })).toBe(
      1,
    );
  });
});
