import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, registerTestSensor, startTestServer, type TestServer } from './harness';

interface Band {
  sensor: string;
  value: number;
  expected: number;
  low: number;
  high: number;
  imputed?: boolean;
}
interface AnomalyView {
  assetId: string;
  threshold: number;
  windowMs: number;
  modelVersion?: number;
  sensors: { id: string; name: string; unit: string }[];
  points: { t: number; score: number; running: boolean; bands: Band[] }[];
}
interface ErrorBody {
  code: string;
  message: string;
}

const HOUR = 3_600_000;

describe('anomaly view API', () => {
  let s: TestServer;
  let assetId: string;
  beforeAll(async () => {
    // one hour of simulated history, on which the demo assets' baselines are trained at start
    s = await startTestServer({ backfillHours: 1 });
    assetId = s.p.ctx.pipeline.monitored().sort()[0]!;
    await registerTestSensor(s);
  });
  afterAll(async () => s?.stop());

  it('GET the last hour of a demo asset: a score per window and a band per model sensor', async () => {
    const model = s.p.ctx.pipeline.model(assetId)!;
    const to = Date.now();
    const from = to - HOUR;
    const r = await getJson<AnomalyView>(`${s.base}/api/assets/${assetId}/anomaly?from=${from}&to=${to}`);
    expect(r.status).toBe(200);
    const v = r.body;
    expect(v).toMatchObject({ assetId, threshold: 1, windowMs: model.windowMs });
    expect(v.sensors.map((x) => x.id)).toEqual(model.sensors.map((x) => x.id));
    for (const x of v.sensors) expect(x.name.length * x.unit.length).toBeGreaterThan(0);
    // an hour of whole windows (a few may be left out at the edges), in time order on the window grid
    const windows = HOUR / v.windowMs;
    expect(v.points.length).toBeGreaterThan(0.9 * windows);
    expect(v.points.length).toBeLessThanOrEqual(windows + 1);
    for (let i = 1; i < v.points.length; i++) expect(v.points[i]!.t).toBeGreaterThan(v.points[i - 1]!.t);
    for (const p of v.points) expect(p.t % v.windowMs).toBe(0);
    const running = v.points.filter((p) => p.running);
    expect(running.length).toBeGreaterThan(0.5 * v.points.length);
    for (const p of running) {
      expect(Number.isFinite(p.score)).toBe(true);
      expect(p.score).toBeGreaterThanOrEqual(0);
      expect(p.bands.map((b) => b.sensor)).toEqual(model.sensors.map((x) => x.id));
      for (const b of p.bands) {
        expect(b.low).toBeLessThanOrEqual(b.expected);
        expect(b.expected).toBeLessThanOrEqual(b.high);
        expect(Number.isFinite(b.value)).toBe(true);
      }
    }
    for (const p of v.points.filter((x) => !x.running)) expect(p).toMatchObject({ score: 0, bands: [] });
    // healthy simulated history without faults: the score stays mostly under the alert threshold
    expect(running.filter((p) => p.score < 1).length).toBeGreaterThan(0.8 * running.length);

    // downsampled: at most maxPoints, the highest score kept
    const few = await getJson<AnomalyView>(
      `${s.base}/api/assets/${assetId}/anomaly?from=${from}&to=${to}&maxPoints=20`,
    );
    expect(few.status).toBe(200);
    expect(few.body.points.length).toBeLessThanOrEqual(20);
    expect(few.body.points.length).toBeGreaterThan(10);
    expect(Math.max(...few.body.points.map((p) => p.score))).toBe(Math.max(...v.points.map((p) => p.score)));

    // no range given: the last 6 hours in at most 500 points, i.e. merged by whole groups of windows (the
    // history reaches back one hour, so the points cover that hour)
    const dflt = await getJson<AnomalyView>(`${s.base}/api/assets/${assetId}/anomaly`);
    expect(dflt.status).toBe(200);
    const pts = dflt.body.points;
    const group = Math.ceil((6 * HOUR) / v.windowMs / 500) * v.windowMs;
    expect(group).toBeGreaterThan(v.windowMs);
    expect(pts.length).toBeGreaterThan((0.9 * HOUR) / group);
    expect(pts.length).toBeLessThanOrEqual(HOUR / group + 2);
    for (let i = 1; i < pts.length; i++) expect((pts[i]!.t - pts[i - 1]!.t) % group).toBe(0);
  });

  it('answers coded errors for a bad range, an unknown asset and an asset without a model', async () => {
    const to = Date.now();
    const url = (id: string, q: string) => `${s.base}/api/assets/${id}/anomaly?${q}`;
    const inverted = await getJson<ErrorBody>(url(assetId, `from=${to}&to=${to - HOUR}`));
    expect(inverted.status).toBe(400);
    expect(inverted.body.code).toBe('QUERY_INVALID_RANGE');
    const empty = await getJson<ErrorBody>(url(assetId, `from=${to}&to=${to}`));
    expect(empty.body.code).toBe('QUERY_INVALID_RANGE');
    const long = await getJson<ErrorBody>(url(assetId, `from=${to - 32 * 24 * HOUR}&to=${to}`));
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ code: 'QUERY_INVALID_RANGE' });
    expect(long.body.message).toMatch(/31 days/);
    const notNumber = await getJson<ErrorBody>(url(assetId, 'from=yesterday'));
    expect(notNumber.status).toBe(400);
    expect(notNumber.body.code).toBe('BAD_REQUEST');
    const unknown = await getJson<ErrorBody>(url('NO-SUCH-ASSET', ''));
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ASSET_NOT_FOUND');
    const noModel = await getJson<ErrorBody>(url('TEST-1', ''));
    expect(noModel.status).toBe(409);
    expect(noModel.body).toMatchObject({ code: 'NO_MODEL' });
    expect(noModel.body.message).toContain('TEST-1');
  });
});
