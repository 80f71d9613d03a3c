import type { ConnectorHealth } from '@prognos/connectors';
import { describe, expect, it } from 'vitest';
import { find, parseExposition, sampleSum } from './exposition';
import { Metrics } from './metrics';

const scrape = async (m: Metrics) => parseExposition(await m.render());

function health(id: string, over: Partial<ConnectorHealth> = {}): ConnectorHealth {
  return {
    id,
    kind: 'modbus',
    state: 'connected',
    since: 0,
    target: 'plc:502',
    readings: 0,
    errors: 0,
    reconnects: 0,
    buffered: 0,
    evicted: 0,
    tags: [],
    ...over,
  };
}

describe('Metrics', () => {
  it('counts stored readings per path and rejected ones per code, one call per batch', async () => {
    const m = new Metrics({ defaultMetrics: false });
    m.ingested('http', 7, [
      { code: 'INGEST_UNKNOWN_SENSOR' },
      { code: 'INGEST_TS_INVALID' },
      { code: 'INGEST_TS_INVALID' },
    ]);
    m.ingested('http', 3, []);
    m.ingested('mqtt', 5, [{ code: 'INGEST_VALUE_NOT_NUMBER' }]);
    m.ingested('connector', 0, []);
    const e = await scrape(m);
    expect(sampleSum(e, 'prognos_ingest_readings_total', { path: 'http' })).toBe(10);
    expect(sampleSum(e, 'prognos_ingest_readings_total', { path: 'mqtt' })).toBe(5);
    // a batch with nothing stored creates no series of its own
    expect(find(e, 'prognos_ingest_readings_total', { path: 'connector' })).toEqual([]);
    expect(sampleSum(e, 'prognos_ingest_rejected_total', { code: 'INGEST_TS_INVALID', path: 'http' })).toBe(2);
    expect(sampleSum(e, 'prognos_ingest_rejected_total', { code: 'INGEST_UNKNOWN_SENSOR' })).toBe(1);
    expect(sampleSum(e, 'prognos_ingest_rejected_total', { path: 'mqtt' })).toBe(1);
    expect(e.types.get('prognos_ingest_readings_total')).toBe('counter');
  });

  it('records store-append and scoring latencies as histograms, ignoring impossible durations', async () => {
    const m = new Metrics({ defaultMetrics: false });
    m.appended(0.002);
    m.appended(0.3);
    m.appended(Number.NaN);
    m.appended(-1);
    m.scored(0.0001, 0);
    m.scored(0.004, 2);
    const e = await scrape(m);
    expect(e.types.get('prognos_store_append_seconds')).toBe('histogram');
    expect(sampleSum(e, 'prognos_store_append_seconds_count')).toBe(2);
    expect(sampleSum(e, 'prognos_store_append_seconds_sum')).toBeCloseTo(0.302, 9);
    expect(sampleSum(e, 'prognos_store_append_seconds_bucket', { le: '0.0025' })).toBe(1);
    expect(sampleSum(e, 'prognos_store_append_seconds_bucket', { le: '+Inf' })).toBe(2);
    expect(sampleSum(e, 'prognos_scoring_seconds_count')).toBe(2);
    expect(sampleSum(e, 'prognos_scored_windows_total')).toBe(2);
  });

  it('labels HTTP durations with the route pattern, method and status', async () => {
    const m = new Metrics({ defaultMetrics: false });
    m.httpRequest('GET', '/api/assets/:id', 200, 0.012);
    m.httpRequest('GET', '/api/assets/:id', 200, 0.02);
    m.httpRequest('POST', '/api/readings', 207, 0.05);
    const e = await scrape(m);
    const name = 'prognos_http_request_duration_seconds_count';
    expect(sampleSum(e, name, { method: 'GET', route: '/api/assets/:id', status: '200' })).toBe(2);
    expect(sampleSum(e, name, { method: 'POST', route: '/api/readings', status: '207' })).toBe(1);
  });

  it('reads queue depths, connector health, alerts and sensor states at scrape time', async () => {
    const m = new Metrics({ defaultMetrics: false });
    let depth = 4;
    m.setSources({
      pipelineQueue: () => depth,
      notificationQueues: () => [{ id: 'ops', kind: 'webhook', pending: 3, delivered: 10, failed: 1 }],
      connectors: () => [
        health('plc-1', {
          reconnects: 2,
          buffered: 120,
          evicted: 5,
          readings: 900,
          tags: [
            { tag: '40001', sensor: 'P-1.T', errors: 0, stale: false },
            { tag: '40002', sensor: 'P-1.P', errors: 0, stale: true },
            { tag: '40003', sensor: 'P-1.V', errors: 0, stale: false },
          ],
        }),
        health('opc', { kind: 'opcua', state: 'reconnecting' }),
      ],
      activeAlerts: async () => [{ severity: 'critical' }, { severity: 'warning' }, { severity: 'warning' }],
      sensorStates: () => ({ good: 10, suspect: 2, bad: 1 }),
    });
    m.sseClients(1);
    m.sseClients(1);
    m.sseClients(-1);
    let e = await scrape(m);
    expect(sampleSum(e, 'prognos_pipeline_queue_depth')).toBe(4);
    expect(sampleSum(e, 'prognos_notification_queue_depth', { channel: 'ops', kind: 'webhook' })).toBe(3);
    expect(sampleSum(e, 'prognos_notification_deliveries_total', { channel: 'ops', outcome: 'failed' })).toBe(1);
    expect(sampleSum(e, 'prognos_connector_up', { connector: 'plc-1', protocol: 'modbus' })).toBe(1);
    expect(sampleSum(e, 'prognos_connector_up', { connector: 'opc', protocol: 'opcua' })).toBe(0);
    expect(sampleSum(e, 'prognos_connector_tags', { connector: 'plc-1', state: 'ok' })).toBe(2);
    expect(sampleSum(e, 'prognos_connector_tags', { connector: 'plc-1', state: 'stale' })).toBe(1);
    expect(sampleSum(e, 'prognos_connector_buffer_depth', { connector: 'plc-1' })).toBe(120);
    expect(sampleSum(e, 'prognos_connector_reconnects_total', { connector: 'plc-1' })).toBe(2);
    expect(sampleSum(e, 'prognos_connector_buffer_evicted_total', { connector: 'plc-1' })).toBe(5);
    expect(sampleSum(e, 'prognos_connector_readings_total', { connector: 'plc-1' })).toBe(900);
    expect(sampleSum(e, 'prognos_alerts_active', { severity: 'warning' })).toBe(2);
    expect(sampleSum(e, 'prognos_alerts_active', { severity: 'critical' })).toBe(1);
    expect(sampleSum(e, 'prognos_alerts_active', { severity: 'info' })).toBe(0);
    expect(sampleSum(e, 'prognos_sensors', { state: 'suspect' })).toBe(2);
    expect(sampleSum(e, 'prognos_sse_clients')).toBe(1);
    // a snapshot, not a running total: the next scrape shows the new depth, and the totals are not added up again
    depth = 0;
    e = await scrape(m);
    expect(sampleSum(e, 'prognos_pipeline_queue_depth')).toBe(0);
    expect(sampleSum(e, 'prognos_connector_reconnects_total', { connector: 'plc-1' })).toBe(2);
  });

  it('a failing source is reported and leaves only its own families empty', async () => {
    const failures: string[] = [];
    const m = new Metrics({ defaultMetrics: false, onError: (_err, source) => failures.push(source) });
    m.setSources({
      connectors: () => {
        throw new Error('manager gone');
      },
      activeAlerts: async () => {
        throw new Error('store closed');
      },
      sensorStates: () => ({ good: 3, suspect: 0, bad: 0 }),
    });
    m.ingested('http', 2, []);
    const e = await scrape(m);
    expect(find(e, 'prognos_connector_up')).toEqual([]);
    expect(find(e, 'prognos_alerts_active')).toEqual([]);
    expect(sampleSum(e, 'prognos_sensors', { state: 'good' })).toBe(3);
    expect(sampleSum(e, 'prognos_ingest_readings_total')).toBe(2);
    expect(failures).toContain('connectors');
    expect(failures).toContain('activeAlerts');
  });

  it('each instance has its own registry, with the process metrics prefixed prognos_', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.ingested('http', 5, []);
    const ea = await scrape(a);
    const eb = await scrape(b);
    expect(sampleSum(ea, 'prognos_ingest_readings_total')).toBe(5);
    expect(sampleSum(eb, 'prognos_ingest_readings_total')).toBe(0);
    expect(find(ea, 'prognos_process_cpu_seconds_total').length).toBeGreaterThan(0);
    expect(find(ea, 'prognos_nodejs_heap_size_used_bytes').length).toBe(1);
    expect(a.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const none = await scrape(new Metrics({ defaultMetrics: false }));
    expect(none.samples.some((s) => s.name.startsWith('prognos_process_'))).toBe(false);
  });
});

describe('parseExposition', () => {
  it('reads escaped label values, infinities and types', () => {
    const e = parseExposition(
      [
        '# HELP x_total A counter',
        '# TYPE x_total counter',
        'x_total{a="q\\"uote",b="back\\\\slash",c="new\\nline"} 3',
        'h_bucket{le="+Inf"} +Inf',
        'g 1.5e-3 1700000000000',
      ].join('\n'),
    );
    expect(e.types.get('x_total')).toBe('counter');
    expect(e.samples[0]).toEqual({
      name: 'x_total',
      labels: { a: 'q"uote', b: 'back\\slash', c: 'new\nline' },
      value: 3,
    });
    expect(e.samples[1]!.value).toBe(Number.POSITIVE_INFINITY);
    expect(e.samples[2]).toEqual({ name: 'g', labels: {}, value: 0.0015 });
  });

  it('names the line it cannot read', () => {
    expect(() => parseExposition('ok 1\nnot a sample line')).toThrow(/line 2/);
    expect(() => parseExposition('x{a=1} 2')).toThrow(/name="value"/);
  });
});
