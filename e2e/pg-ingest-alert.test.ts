/**
 * Ingest to alert with the readings in PostgreSQL 15 (config pgUrl / PROGNOS_PG_URL): the demo plant back-filled
 * and running live into a fresh schema, a machine fault injected through the API, the anomaly alert it raises,
 * and the readings behind that alert checked in PostgreSQL's own tables and served by the readings endpoints.
 * Readings posted through POST /api/readings are acknowledged and read back exactly, before and after sealing.
 * The metadata (plant, models, alerts, health) is in PostgreSQL too: the alert is also read from its table there.
 *
 * Needs PROGNOS_TEST_PG_URL (scripts/test.sh sets it, starting a local cluster); without it the file is skipped.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '@prognos/core';
import { startPrognos } from '@prognos/server';
import { PgReadingStore } from '@prognos/store';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, registerTestSensor, startTestServer, type TestServer, waitFor } from './harness';

const url = process.env.PROGNOS_TEST_PG_URL;
/** Wall minutes to failure and 2-s windows, as in knowledge.test.ts: the misalignment alerts within ~30 s. */
const TTF_MINUTES = 2;
const ASSET = 'G-401';
const HOUR = 3_600_000;
/** The CLI demo's default back-fill: enough healthy history to train on, and a quicker start than 24 h. */
const BACKFILL_HOURS = 6;

interface SeriesBody {
  sensor: string;
  ts: number[];
  values: number[];
  quality: number[];
}
interface IngestBody {
  stored: number;
  rejected: number;
}

describe.skipIf(!url)('ingest to alert with the readings in PostgreSQL', () => {
  const schema = `prognos_e2e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let s: TestServer;
  let db: pg.Client;
  const sql = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
    (await db.query<T>(text, values)).rows;
  /** Readings of one sensor as PostgreSQL holds them: sealed chunks plus the raw head readings not yet sealed. */
  const pgCount = async (sensor: string) => {
    const [row] = await sql<{ chunks: number; sealed: number; head: number }>(
      `SELECT (SELECT count(*) FROM "${schema}".reading_chunk c WHERE c.series_id = s.id)::int AS chunks,
              (SELECT COALESCE(sum(n), 0) FROM "${schema}".reading_chunk c WHERE c.series_id = s.id)::int AS sealed,
              (SELECT COALESCE(sum(n), 0) FROM "${schema}".reading_head h WHERE h.series_id = s.id)::int AS head
       FROM "${schema}".series s WHERE s.sensor = $1`,
      [sensor],
    );
    return row;
  };
  const readBack = async (sensor: string, from: number, to: number) =>
    (await getJson<SeriesBody>(`${s.base}/api/readings/${encodeURIComponent(sensor)}?from=${from}&to=${to}`)).body;

  beforeAll(async () => {
    db = new pg.Client({ connectionString: url });
    await db.connect();
    s = await startTestServer({ backfillHours: BACKFILL_HOURS, windowMs: 2_000, pgUrl: url, pgSchema: schema });
  }, 120_000);
  afterAll(async () => {
    await s?.stop();
    await db?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db?.end();
  });

  it('serves the readings from PostgreSQL: every simulated sensor has its series there', async () => {
    expect(s.p.ctx.readings).toBeInstanceOf(PgReadingStore);
    const sensors = s.p.ctx.simulator!.plant.sensors.map((x) => x.id);
    const stored = (await sql<{ sensor: string }>(`SELECT sensor FROM "${schema}".series`)).map((r) => r.sensor);
    expect(new Set(stored)).toEqual(new Set(sensors));
    // GET /api/store/stats reports the PostgreSQL store: the back-fill (one reading per sensor and second) is
    // there, sealed.
    const stats = (await getJson<{ series: number; sealedReadings: number }>(`${s.base}/api/store/stats`)).body;
    expect(stats.series).toBe(sensors.length);
    expect(stats.sealedReadings).toBeGreaterThanOrEqual(sensors.length * BACKFILL_HOURS * 3600 * 0.9);
  });

  it('raises the alert of an injected fault from readings stored in PostgreSQL', { timeout: 240_000 }, async () => {
    const injected = await postJson(`${s.base}/api/simulator/faults`, {
      assetId: ASSET,
      kind: 'misalignment',
      timeToFailureMinutes: TTF_MINUTES,
    });
    expect(injected.status).toBe(200);
    const alert = await waitFor(
      async () => {
        const list = (await getJson<Alert[]>(`${s.base}/api/alerts?assetId=${ASSET}&state=active`)).body;
        return list.find((a) => a.kind === 'anomaly');
      },
      (TTF_MINUTES + 1) * 60_000,
      `an anomaly alert on ${ASSET}`,
    );
    const sensor = alert.contributions[0]!.sensor;
    expect(sensor.startsWith(`${ASSET}.`)).toBe(true);
    // The alert, the asset and its trained model are rows in PostgreSQL, not in a local file.
    const rows = await sql<{ asset_id: string; state: string }>(
      `SELECT asset_id, state FROM "${schema}".alerts WHERE id = $1`,
      [alert.id],
    );
    expect(rows.map((r) => r.asset_id)).toEqual([ASSET]);
    expect((await sql(`SELECT id FROM "${schema}".assets WHERE id = $1`, [ASSET])).length).toBe(1);
    expect(existsSync(join(s.p.dataDir, 'prognos.db'))).toBe(false);

    // The windows behind the alert (the three abnormal ones it needs, and more) are in PostgreSQL: raw head blocks
    // or sealed chunks that overlap them.
    const from = alert.startedAt - 30_000;
    const [behind] = await sql<{ head: number; chunks: number }>(
      `SELECT (SELECT count(*) FROM "${schema}".reading_head h
                WHERE h.series_id = s.id AND h.t_max >= $2 AND h.t_min <= $3)::int AS head,
              (SELECT count(*) FROM "${schema}".reading_chunk c
                WHERE c.series_id = s.id AND c.t_max >= $2 AND c.t_min <= $3)::int AS chunks
       FROM "${schema}".series s WHERE s.sensor = $1`,
      [sensor, from, alert.startedAt],
    );
    expect(behind!.head + behind!.chunks).toBeGreaterThan(0);
    const raw = await readBack(sensor, from, alert.startedAt + 1);
    expect(raw.ts.length).toBeGreaterThan(5);
    // The chart endpoint serves the same readings, bucketed.
    const chart = (
      await getJson<{ sensor: string; count: number[]; min: number[]; max: number[] }>(
        `${s.base}/api/readings/${encodeURIComponent(sensor)}/downsample?from=${from}&to=${alert.startedAt + 1}&buckets=10`,
      )
    ).body;
    expect(chart.sensor).toBe(sensor);
    expect(chart.count.reduce((a, b) => a + b, 0)).toBe(raw.ts.length);
    const filled = (xs: number[]) => xs.filter((_, i) => chart.count[i]! > 0);
    expect(Math.min(...filled(chart.min))).toBe(Math.min(...raw.values));
    expect(Math.max(...filled(chart.max))).toBe(Math.max(...raw.values));

    // Everything the API serves for the sensor is what PostgreSQL holds: the API's count equals the sealed
    // readings plus the head rows. The plant keeps writing, so the comparison is retried until no batch of the
    // live plant lands between the reads.
    const start = Date.now() - (BACKFILL_HOURS + 1) * HOUR;
    const match = await waitFor(
      async () => {
        const before = (await readBack(sensor, start, Date.now() + 60_000)).ts.length;
        const c = await pgCount(sensor);
        const after = (await readBack(sensor, start, Date.now() + 60_000)).ts.length;
        return before === after && c && c.sealed + c.head === before ? { api: before, ...c } : undefined;
      },
      30_000,
      `the API's reading count of ${sensor} to equal PostgreSQL's`,
    );
    expect(match.api).toBeGreaterThan(BACKFILL_HOURS * 3600 * 0.9);
    expect(match.chunks).toBeGreaterThanOrEqual(BACKFILL_HOURS);
  });

  it('acknowledges readings posted to POST /api/readings and reads them back exactly from PostgreSQL', async () => {
    const sensor = await registerTestSensor(s, 'TEST-1.PT-PG');
    // 90 readings across an hour boundary two hours ago: the first window is sealed as soon as the second starts.
    const t0 = Math.floor((Date.now() - 2 * HOUR) / HOUR) * HOUR - 45_000;
    const items = Array.from({ length: 90 }, (_, i) => ({
      sensor,
      ts: t0 + i * 1000,
      value: Math.round((6 + Math.sin(i / 7) + (i % 5) * 0.013) * 1000) / 1000,
      ...(i === 17 ? { quality: 'suspect' } : {}),
    }));
    const first = await postJson<IngestBody>(`${s.base}/api/readings`, { readings: items.slice(0, 60) });
    const second = await postJson<IngestBody>(`${s.base}/api/readings`, items.slice(60));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.body, second.body]).toMatchObject([
      { stored: 60, rejected: 0 },
      { stored: 30, rejected: 0 },
    ]);
    // A re-sent reading replaces the value (last write wins), it never duplicates.
    const resent = await postJson<IngestBody>(`${s.base}/api/readings`, [{ sensor, ts: t0 + 5000, value: 9.25 }]);
    expect(resent.body).toMatchObject({ stored: 1, rejected: 0 });
    items[5]!.value = 9.25;

    const expectExact = async () => {
      const back = await readBack(sensor, t0, t0 + 90_000);
      expect(back.ts).toEqual(items.map((r) => r.ts));
      expect(back.values).toEqual(items.map((r) => r.value));
      expect(back.quality[17]).toBe(64); // suspect
    };
    await expectExact();
    const unsealed = await pgCount(sensor);
    // in PostgreSQL: the 91 rows written (the re-send is merged away when its window is sealed)
    expect(unsealed!.sealed + unsealed!.head).toBeGreaterThanOrEqual(90);

    // After the store's flush (the server runs it every minute and on close) both windows are sealed chunks.
    await s.p.ctx.readings.flush();
    const sealed = await pgCount(sensor);
    expect(sealed).toEqual({ chunks: 2, sealed: 90, head: 0 });
    await expectExact();
  });
});

describe('PostgreSQL readings: start errors', () => {
  it('stops the start with the store, the redacted URL and the cause named when PostgreSQL cannot be reached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prognos-e2e-pg-'));
    try {
      const start = startPrognos({
        port: 0,
        host: '127.0.0.1',
        mqttPort: null,
        dataDir: dir,
        simulator: false,
        logLevel: 'silent',
        pgUrl: 'postgres://plant:s3cret@127.0.0.1:1/prognos',
      });
      await expect(start).rejects.toThrow(
        /^cannot open the PostgreSQL store at postgres:\/\/plant:\*\*\*@127\.0\.0\.1:1\/prognos \(schema prognos\): .*ECONNREFUSED/,
      );
      await expect(start).rejects.not.toThrow(/s3cret/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
