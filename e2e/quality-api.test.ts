import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningPrognos, startPrognos } from '@prognos/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, registerTestSensor, type TestServer, waitFor } from './harness';

interface Reason {
  code: number;
  name: string;
  detail: string;
  since: number;
}
interface SensorQuality {
  sensorId: string;
  assetId: string;
  state: 'good' | 'suspect' | 'bad';
  score: number | null;
  reasons: Reason[];
  lastFlagAt: number | null;
  calibrationDue: string | null;
  calibrationOverdue: boolean;
}
interface Overview {
  generatedAt: number;
  assets: { assetId: string; name: string; score: number | null; state: string }[];
  sensors: SensorQuality[];
}
interface Detail extends SensorQuality {
  transitions: { ts: number; from: string; to: string; reasons: string[] }[];
  intervals: { from: number; to: number; state: string; reason: string }[];
}
const RANK = { bad: 2, suspect: 1, good: 0 };

/** Collects the events of the live stream (/api/events) of one kind. */
function listen(base: string, kind: string): { events: unknown[]; stop(): void } {
  const ac = new AbortController();
  const events: unknown[] = [];
  void (async () => {
    const res = await fetch(`${base}/api/events`, { signal: ac.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += value;
      let i = buf.indexOf('\n\n');
      while (i >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const ev = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (ev === kind && data) events.push(JSON.parse(data));
        i = buf.indexOf('\n\n');
      }
    }
  })().catch(() => {});
  return { events, stop: () => ac.abort() };
}

describe('sensor trust API', () => {
  let s: TestServer;
  let sensor: string;
  let stuckFrom: number;
  let live: ReturnType<typeof listen>;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prognos-e2e-'));
    // a short alert hold time, so that a sensor alert opens within the test
    const p: RunningPrognos = await startPrognos({
      port: 0,
      host: '127.0.0.1',
      mqttPort: 0,
      dataDir: dir,
      backfillHours: 0.25,
      demoFaults: false,
      logLevel: 'silent',
      quality: { alertHoldMs: 1500, tickMs: 250 },
    });
    s = {
      p,
      dir,
      base: `http://127.0.0.1:${p.port}`,
      async stop() {
        await p.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
    sensor = await registerTestSensor(s);
    live = listen(s.base, 'quality');
    // five minutes of a healthy 8 bar signal, then the transmitter freezes for the last 100 s
    const t0 = Date.now() - 300_000;
    stuckFrom = t0 + 200_000;
    const readings = Array.from({ length: 300 }, (_, i) => ({
      sensor,
      ts: t0 + i * 1000,
      value: i < 200 ? Math.round((8 + 0.4 * Math.sin(i / 9) + 0.03 * Math.cos(i * 7.3)) * 1000) / 1000 : 7.912,
    }));
    const res = await postJson<{ stored: number }>(`${s.base}/api/readings`, { readings });
    expect(res.body.stored).toBe(300);
  });
  afterAll(async () => {
    live?.stop();
    await s?.stop();
  });

  it('GET /api/quality lists the stuck sensor among the worst, bad, with the flatline reason', async () => {
    const r = await getJson<Overview>(`${s.base}/api/quality`);
    expect(r.status).toBe(200);
    const i = r.body.sensors.findIndex((x) => x.sensorId === sensor);
    const mine = r.body.sensors[i]!;
    expect(mine).toMatchObject({ assetId: 'TEST-1', state: 'bad', calibrationDue: null, calibrationOverdue: false });
    expect(mine.reasons[0]).toMatchObject({ code: 3, name: 'FLATLINE' });
    expect(mine.reasons[0]!.since).toBeGreaterThan(stuckFrom);
    expect(mine.score).toBeLessThan(50);
    // worst first: only bad sensors with a lower score can come before it
    for (const x of r.body.sensors.slice(0, i)) {
      expect(x.state).toBe('bad');
      expect(x.score!).toBeLessThanOrEqual(mine.score!);
    }
    for (let k = 1; k < r.body.sensors.length; k++)
      expect(RANK[r.body.sensors[k - 1]!.state]).toBeGreaterThanOrEqual(RANK[r.body.sensors[k]!.state]);
    expect(r.body.assets.find((a) => a.assetId === 'TEST-1')).toMatchObject({ name: 'Test skid', state: 'bad' });
    // the demo plant's calibrations are older than the default interval
    const demo = r.body.sensors.find((x) => x.sensorId === 'P-101.FLOW')!;
    expect(demo.calibrationOverdue).toBe(true);
    expect(demo.reasons.at(-1)!.name).toBe('CALIBRATION_OVERDUE');
  });

  it('GET /api/quality/sensors/:id returns the flagged interval to shade and the state changes', async () => {
    const from = stuckFrom - 60_000;
    const r = await getJson<Detail>(`${s.base}/api/quality/sensors/${sensor}?from=${from}&to=${Date.now()}`);
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('bad');
    const bad = r.body.intervals.filter((x) => x.state === 'bad' && x.reason === 'FLATLINE');
    expect(bad).toHaveLength(1);
    expect(bad[0]!.from).toBeGreaterThan(stuckFrom);
    expect(bad[0]!.to).toBe(stuckFrom + 100_000);
    expect(r.body.transitions.map((t) => t.to)).toEqual(['suspect', 'bad']);
    const missing = await getJson<{ code: string }>(`${s.base}/api/quality/sensors/NOPE.X`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('SENSOR_NOT_FOUND');
  });

  it('raises one sensor alert and one work order for the stuck sensor, and tells the live stream', async () => {
    type A = { id: string; kind: string; state: string; title: string; explanation: string };
    const alert = await waitFor(
      async () => (await getJson<A[]>(`${s.base}/api/alerts?assetId=TEST-1`)).body.find((a) => a.kind === 'sensor'),
      10_000,
      'a sensor alert',
    );
    expect(alert.state).toBe('open');
    expect(alert.title).toMatch(/^Sensor TEST-1\.PT-01 stuck \(flatline\) since \d\d:\d\d — check transmitter$/);
    expect(alert.explanation).toContain('not of the machine');
    const wos = await getJson<{ alertId: string; title: string; status: string }[]>(
      `${s.base}/api/work-orders?assetId=TEST-1`,
    );
    expect(wos.body).toEqual([expect.objectContaining({ alertId: alert.id, status: 'open' })]);
    expect(wos.body[0]!.title).toContain('Check/recalibrate sensor TEST-1.PT-01');
    await new Promise((r) => setTimeout(r, 1000));
    const all = (await getJson<A[]>(`${s.base}/api/alerts?assetId=TEST-1`)).body;
    expect(all.filter((a) => a.kind === 'sensor')).toHaveLength(1);
    const events = live.events as { sensorId: string; state: string; reasons: Reason[] }[];
    const mine = events.filter((e) => e.sensorId === sensor);
    expect(mine.map((e) => e.state)).toEqual(['suspect', 'bad']);
    expect(mine[0]!.reasons[0]!.name).toBe('FLATLINE');
  });

  it('asset endpoints carry the data quality', async () => {
    const one = await getJson<{ dataQuality: { score: number; state: string; worstSensors: string[] } }>(
      `${s.base}/api/assets/TEST-1`,
    );
    expect(one.body.dataQuality).toMatchObject({ state: 'bad', worstSensors: [sensor] });
    expect(one.body.dataQuality.score).toBeLessThan(50);
    const all = await getJson<{ id: string; dataQuality: { state: string } }[]>(`${s.base}/api/assets`);
    for (const a of all.body) expect(['good', 'suspect', 'bad']).toContain(a.dataQuality.state);
  });

  it('injects, lists and clears simulated sensor faults, and the checks see them', async () => {
    const target = 'P-101.PRESS-DIS';
    const f = await postJson<{ id: string; sensorId: string; kind: string; active: boolean }>(
      `${s.base}/api/simulator/sensor-faults`,
      { sensorId: target, kind: 'unit_change', durationMinutes: 5 },
    );
    expect(f.status).toBe(200);
    expect(f.body).toMatchObject({ sensorId: target, kind: 'unit_change', active: true });
    const list = await getJson<{ id: string }[]>(`${s.base}/api/simulator/sensor-faults`);
    expect(list.body.map((x) => x.id)).toContain(f.body.id);
    // bar read as psi is far beyond the 0..10 bar range: flagged within seconds
    const flagged = await waitFor(
      async () => {
        const d = (await getJson<Detail>(`${s.base}/api/quality/sensors/${target}`)).body;
        return d.state !== 'good' ? d : undefined;
      },
      10_000,
      `${target} to be flagged`,
    );
    expect(flagged.reasons.map((x) => x.name)).toContain('OUT_OF_RANGE');
    const del = await fetch(`${s.base}/api/simulator/sensor-faults/${f.body.id}`, { method: 'DELETE' });
    expect(await del.json()).toEqual({ cleared: f.body.id });
    const again = await fetch(`${s.base}/api/simulator/sensor-faults/${f.body.id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { code: string }).code).toBe('SENSOR_FAULT_NOT_FOUND');
    const unknown = await postJson<{ code: string }>(`${s.base}/api/simulator/sensor-faults`, {
      sensorId: 'NOPE.X',
      kind: 'stuck',
    });
    expect(unknown.body.code).toBe('SENSOR_NOT_FOUND');
    const badKind = await postJson<{ code: string }>(`${s.base}/api/simulator/sensor-faults`, {
      sensorId: target,
      kind: 'gremlins',
    });
    expect(badKind.status).toBe(400);
  });
});
