import type { Alert, RulHistoryPoint } from '@prognos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, startTestServer, type TestServer, waitFor } from './harness';

interface SimStatus {
  speed: number;
  faults: { assetId: string; kind: string; failed: boolean; failedAt?: number; expectedFailureAt: number }[];
}

/**
 * The demo as a user runs it: the embedded server, its simulated plant (360× real time), models trained at start
 * on the back-filled hours, and machine faults injected through the API. One fault on each of six machines,
 * together covering every machine-fault type the simulator has; the seventh machine stays healthy.
 *
 * To keep the test short, faults run to failure in 2 wall minutes (12 process hours, where the demo's default is
 * 3 days) and windows are 2 s of wall time (12 process minutes; the demo's default is 10 s): with 10-s windows a
 * 12-hour fault lasts only 12 windows, and one that shows late in its P-F curve (overheating) has no room left for
 * the three abnormal windows an alert needs. `npm run bench -- alerts` runs every fault of every machine over the
 * full 3 days.
 */
const FAULTS: { assetId: string; kind: string }[] = [
  { assetId: 'P-101', kind: 'bearing_wear' },
  { assetId: 'P-102', kind: 'cavitation' },
  { assetId: 'M-201', kind: 'overheating' },
  { assetId: 'C-301', kind: 'clogged_filter' },
  { assetId: 'G-401', kind: 'misalignment' },
  { assetId: 'F-501', kind: 'bearing_wear' },
];
const HEALTHY = 'S-601';
/** Wall minutes to failure: 12 process hours at the demo's speed (360×). */
const TTF_MINUTES = 2;

describe('the demo: every machine-fault type, injected through the API', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ backfillHours: 24, windowMs: 2_000 });
  }, 120_000);
  afterAll(async () => s?.stop());

  it('raises exactly one alert per fault before its failure, and none on the healthy machine', {
    timeout: 300_000,
  }, async () => {
    const monitored = s.p.ctx.pipeline.monitored();
    for (const { assetId } of FAULTS) expect(monitored).toContain(assetId);
    expect(monitored).toContain(HEALTHY);
    for (const f of FAULTS) {
      const r = await postJson(`${s.base}/api/simulator/faults`, { ...f, timeToFailureMinutes: TTF_MINUTES });
      expect(r.status).toBe(200);
    }
    const status = await waitFor(
      async () => {
        const r = await getJson<SimStatus>(`${s.base}/api/simulator`);
        return FAULTS.every((f) => r.body.faults.some((x) => x.assetId === f.assetId && x.failed)) ? r.body : undefined;
      },
      (TTF_MINUTES + 2) * 60_000,
      'every injected fault to reach failure',
    );
    // Every alert since the start (times are the simulator's process time, like failedAt).
    const all = (await getJson<Alert[]>(`${s.base}/api/alerts`)).body;
    const lines: string[] = [];
    for (const f of FAULTS) {
      const fault = status.faults.find((x) => x.assetId === f.assetId)!;
      const failedAt = fault.failedAt ?? fault.expectedFailureAt;
      const before = all.filter((a) => a.assetId === f.assetId && a.startedAt < failedAt);
      // Lead time in process hours (alert and failure times are wall-clock; the simulator runs `speed` times faster).
      const lead = before.length ? ((failedAt - before[0]!.startedAt) * status.speed) / 3_600_000 : undefined;
      lines.push(
        `${f.assetId} ${f.kind}: ${before.length} alert(s), lead ${lead === undefined ? '—' : lead.toFixed(1)} h (process)`,
      );
    }
    console.log(lines.join('\n'));
    for (const f of FAULTS) {
      const fault = status.faults.find((x) => x.assetId === f.assetId)!;
      const failedAt = fault.failedAt ?? fault.expectedFailureAt;
      const before = all.filter((a) => a.assetId === f.assetId && a.startedAt < failedAt);
      expect(before.length, `${f.assetId} ${f.kind}`).toBe(1);
      expect(before[0]!.kind, `${f.assetId} ${f.kind}`).toBe('anomaly');
    }
    expect(all.filter((a) => a.assetId === HEALTHY)).toEqual([]);

    // Remaining useful life: every faulted machine has a stored history of predictions (from its falling health
    // trend) before it failed, each inside its own interval; the healthy machine has none.
    for (const f of FAULTS) {
      const fault = status.faults.find((x) => x.assetId === f.assetId)!;
      const failedAt = fault.failedAt ?? fault.expectedFailureAt;
      const rul = (await getJson<RulHistoryPoint[]>(`${s.base}/api/assets/${f.assetId}/rul?from=0&to=${failedAt}`))
        .body;
      expect(rul.length, `${f.assetId} ${f.kind}: RUL predictions before failure`).toBeGreaterThan(0);
      for (const p of rul) {
        expect(p.assetId).toBe(f.assetId);
        expect(p.lowerHours).toBeLessThanOrEqual(p.hours);
        expect(p.hours).toBeLessThanOrEqual(p.upperHours);
        expect(p.failureProbability).toBeGreaterThanOrEqual(0);
        expect(p.failureProbability).toBeLessThanOrEqual(1);
      }
      expect(rul.map((p) => p.ts)).toEqual([...rul.map((p) => p.ts)].sort((a, b) => a - b));
    }
    expect((await getJson<RulHistoryPoint[]>(`${s.base}/api/assets/${HEALTHY}/rul?from=0`)).body).toEqual([]);
    expect((await getJson(`${s.base}/api/assets/NOPE/rul`)).status).toBe(404);
  });
});
