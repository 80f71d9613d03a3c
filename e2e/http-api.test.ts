import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, registerTestSensor, startTestServer, type TestServer } from './harness';

interface IngestBody {
  stored: number;
  rejected: number;
  errors: { index: number; code: string; message: string }[];
}

describe('HTTP API', () => {
  let s: TestServer;
  let sensor: string;
  beforeAll(async () => {
    s = await startTestServer({ backfillHours: 0.5 });
    sensor = await registerTestSensor(s);
  });
  afterAll(async () => s?.stop());

  it('GET /api/health answers', async () => {
    const r = await getJson<{ status: string; version: string }>(`${s.base}/api/health`);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
  });

  it('GET /openapi.json lists every route', async () => {
    const r = await getJson<{ paths: Record<string, Record<string, unknown>> }>(`${s.base}/openapi.json`);
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(r.body.paths))
      for (const m of Object.keys(ops)) documented.add(`${m.toUpperCase()} ${path}`);
    const apiRoutes = s.p.routes.filter((x) => x.url.startsWith('/api/') && !x.hidden);
    expect(apiRoutes.length).toBeGreaterThan(15);
    for (const route of apiRoutes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      expect(documented, `${route.method} ${route.url} is not in the OpenAPI document`).toContain(
        `${route.method} ${path}`,
      );
    }
    const docs = await fetch(`${s.base}/docs/`);
    expect(docs.status).toBe(200);
  });

  it('a batch with invalid items stores the valid ones and reports each invalid one with its own code', async () => {
    const ts = Date.now() - 120_000;
    const items = [
      { sensor, ts, value: 1.5 },
      { sensor: 'NOPE.TAG', ts, value: 1 },
      { sensor, ts: ts + 1000, value: 'abc' },
      { sensor, ts: Date.now() + 86400_000, value: 2 },
      { sensor, ts: 'yesterday', value: 2 },
      { sensor, ts: ts + 2000, value: 2.5, quality: 'suspect' },
      42,
      { ts, value: 3 },
      { sensor, ts: ts + 3000, value: null },
    ];
    const r = await postJson<IngestBody>(`${s.base}/api/readings`, { readings: items });
    expect(r.status).toBe(207);
    expect(r.body.stored).toBe(2);
    expect(r.body.rejected).toBe(7);
    expect(r.body.errors.map((e) => [e.index, e.code])).toEqual([
      [1, 'INGEST_UNKNOWN_SENSOR'],
      [2, 'INGEST_VALUE_NOT_NUMBER'],
      [3, 'INGEST_TS_IN_FUTURE'],
      [4, 'INGEST_TS_INVALID'],
      [6, 'INGEST_NOT_AN_OBJECT'],
      [7, 'INGEST_MISSING_SENSOR'],
      [8, 'INGEST_VALUE_NOT_NUMBER'],
    ]);
    for (const e of r.body.errors) expect(e.message.length).toBeGreaterThan(10);
    expect(r.body.errors[0]!.message).toContain('NOPE.TAG');
    const back = await getJson<{ ts: number[]; values: number[]; quality: number[] }>(
      `${s.base}/api/readings/${sensor}?from=${ts}&to=${ts + 5000}`,
    );
    expect(back.body.ts).toEqual([ts, ts + 2000]);
    expect(back.body.values).toEqual([1.5, 2.5]);
    expect(back.body.quality[1]).toBe(64); // suspect
  });

  it('re-sending the same readings does not duplicate them', async () => {
    const ts = Date.now() - 600_000;
    const batch = { readings: [0, 1, 2, 3].map((i) => ({ sensor, ts: ts + i * 1000, value: i })) };
    expect((await postJson<IngestBody>(`${s.base}/api/readings`, batch)).status).toBe(200);
    expect((await postJson<IngestBody>(`${s.base}/api/readings`, batch)).status).toBe(200);
    const back = await getJson<{ ts: number[] }>(`${s.base}/api/readings/${sensor}?from=${ts}&to=${ts + 4000}`);
    expect(back.body.ts).toEqual([ts, ts + 1000, ts + 2000, ts + 3000]);
  });

  it('a malformed body gets MALFORMED_BODY, an all-invalid batch 422, an empty one INGEST_EMPTY_BATCH', async () => {
    const bad = await postJson<{ code: string; message: string }>(`${s.base}/api/readings`, null, '{"readings": [1, 2');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('MALFORMED_BODY');
    const wrongShape = await postJson<{ code: string }>(`${s.base}/api/readings`, { data: [] });
    expect(wrongShape.body.code).toBe('MALFORMED_BODY');
    const none = await postJson<IngestBody>(`${s.base}/api/readings`, [{ sensor: 'X', ts: 1, value: 1 }]);
    expect(none.status).toBe(422);
    expect(none.body.stored).toBe(0);
    const empty = await postJson<{ code: string }>(`${s.base}/api/readings`, { readings: [] });
    expect(empty.body.code).toBe('INGEST_EMPTY_BATCH');
    const notFound = await getJson<{ code: string }>(`${s.base}/api/assets/NOPE`);
    expect(notFound.status).toBe(404);
    expect(notFound.body.code).toBe('ASSET_NOT_FOUND');
    const badRange = await getJson<{ code: string }>(`${s.base}/api/readings/${sensor}?from=10&to=5`);
    expect(badRange.body.code).toBe('QUERY_INVALID_RANGE');
  });

  it('serves assets, sensors, downsampled readings and the plant', async () => {
    const assets = await getJson<{ id: string; sensorCount: number }[]>(`${s.base}/api/assets`);
    expect(assets.body.length).toBeGreaterThanOrEqual(6);
    const now = Date.now();
    const simSensor = (await getJson<{ id: string }[]>(`${s.base}/api/sensors?assetId=P-102`)).body[0]!.id;
    const ds = await getJson<{ ts: number[]; min: number[]; max: number[]; avg: number[] }>(
      `${s.base}/api/readings/${simSensor}/downsample?from=${now - 1800_000}&to=${now}&buckets=100`,
    );
    expect(ds.status).toBe(200);
    expect(ds.body.ts.length).toBeGreaterThan(20);
    for (let i = 0; i < ds.body.ts.length; i++) {
      expect(ds.body.min[i]!).toBeLessThanOrEqual(ds.body.avg[i]!);
      expect(ds.body.avg[i]!).toBeLessThanOrEqual(ds.body.max[i]!);
    }
    const plant = await getJson<{ site: { name: string }; lines: unknown[] }>(`${s.base}/api/plant`);
    expect(plant.body.site.name.length).toBeGreaterThan(0);
  });
});
