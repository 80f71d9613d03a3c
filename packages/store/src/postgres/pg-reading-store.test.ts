/**
 * The PostgreSQL reading store against a real PostgreSQL 15: the shared ReadingStore conformance suite plus the
 * PostgreSQL-specific parts (migrations, monthly partitions, compact chunks, COPY bulk ingest compared with the
 * embedded store, retention). Every store lives in its own freshly created schema, dropped afterwards.
 *
 * Needs PROGNOS_TEST_PG_URL (scripts/test.sh always sets it, starting a local cluster); without it the file
 * is skipped so that ad-hoc runs on machines without PostgreSQL still work.
 */
import { type Reading, Rng } from '@prognos/core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../sqlite/open';
import { readingStoreConformance } from '../testing/reading-store-suite';
import { migratePg, PG_MIGRATIONS } from './migrations';
import { openPgReadingStore, type PgReadingStoreConfig } from './open';
import type { PgReadingStore } from './reading-store';

const url = process.env.PROGNOS_TEST_PG_URL;
const WINDOW = 10 * 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let seq = 0;

function uniqueSchema(): string {
  return `prognos_t_${process.pid}_${++seq}_${Math.random().toString(36).slice(2, 8)}`;
}

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** A store in a fresh schema; reopen() closes it and opens the same schema again; cleanup() drops the schema. */
async function harness(chunkWindowMs = WINDOW) {
  const schema = uniqueSchema();
  const config: PgReadingStoreConfig = { connectionString: url!, schema, chunkWindowMs, maxConnections: 4 };
  let current = await openPgReadingStore(config);
  return {
    schema,
    get current() {
      return current;
    },
    async reopen() {
      await current.close();
      current = await openPgReadingStore(config);
      return current;
    },
    async cleanup() {
      await current.close();
      await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

const T0 = Date.UTC(2024, 0, 1);

function series(sensor: string, start: number, n: number, stepMs: number, value: (i: number) => number): Reading[] {
  return Array.from({ length: n }, (_, i) => ({ sensor, ts: start + i * stepMs, value: value(i), quality: 0 }));
}

describe.skipIf(!url)('PostgreSQL reading store', () => {
  readingStoreConformance('postgresql', async () => {
    const h = await harness();
    return {
      store: h.current,
      reopen: async () => h.reopen(),
      cleanup: h.cleanup,
      chunkWindowMs: WINDOW,
    };
  });

  it('applies the numbered migrations once and refuses another chunk window', async () => {
    const h = await harness();
    const versions = await sql<{ version: number }>(
      `SELECT version FROM "${h.schema}".schema_migrations ORDER BY version`,
    );
    expect(versions.map((v) => v.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    await h.reopen();
    const count = await sql<{ n: string }>(`SELECT count(*) AS n FROM "${h.schema}".schema_migrations`);
    expect(Number(count[0]!.n)).toBe(PG_MIGRATIONS.length);
    await expect(openPgReadingStore({ connectionString: url!, schema: h.schema, chunkWindowMs: HOUR })).rejects.toThrow(
      /chunk window of 600000 ms/,
    );
    await expect(openPgReadingStore({ connectionString: url!, schema: 'Bad-Name' })).rejects.toThrow(/schema name/);
    await h.cleanup();
  });

  it('upgrades a head of one row per reading (versions 1-4) to packed blocks, keeping write order', async () => {
    const schema = uniqueSchema();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`SET search_path TO "${schema}"`);
      const v4 = PG_MIGRATIONS.filter((m) => m.version <= 4);
      await migratePg(c as unknown as pg.PoolClient, schema, v4);
      await c.query("INSERT INTO store_meta (key, value) VALUES ('chunk_window_ms', $1)", [String(WINDOW)]);
      await c.query(`INSERT INTO series (id, sensor, latest_ts, latest_value, latest_quality)
                     VALUES (1, 'A', ${T0 + WINDOW + 5}, 7, 0), (2, 'B', ${T0 + 1}, 1, 0)`);
      // A in two windows with a re-sent timestamp (the later row wins) and -0; B in one window.
      const rows: [number, number, number, number][] = [
        [1, T0 + 2, 1.5, 0],
        [1, T0 + 1, -0, 192],
        [2, T0 + 1, 1, 0],
        [1, T0 + WINDOW + 5, 7, 0],
        [1, T0 + 2, 2.5, 3],
      ];
      for (const [sid, ts, value, quality] of rows) {
        await c.query('INSERT INTO reading_head (series_id, ts, value, quality) VALUES ($1, $2, $3, $4)', [
          sid,
          String(ts),
          Object.is(value, -0) ? '-0' : String(value),
          quality,
        ]);
      }
    } finally {
      await c.end();
    }
    const store = await openPgReadingStore({ connectionString: url!, schema, chunkWindowMs: WINDOW });
    try {
      const blocks = await sql<{ series_id: number; t_min: number; t_max: number; n: number }>(
        `SELECT series_id, t_min, t_max, n FROM "${schema}".reading_head ORDER BY id`,
      );
      // One block per series and window, in write order of their first rows.
      expect(blocks).toEqual([
        { series_id: 1, t_min: T0 + 1, t_max: T0 + 2, n: 3 },
        { series_id: 2, t_min: T0 + 1, t_max: T0 + 1, n: 1 },
        { series_id: 1, t_min: T0 + WINDOW + 5, t_max: T0 + WINDOW + 5, n: 1 },
      ]);
      expect(await store.stats()).toMatchObject({ series: 2, headReadings: 5, chunks: 0 });
      const expectA = { ts: [T0 + 1, T0 + 2, T0 + WINDOW + 5], values: [-0, 2.5, 7], quality: [192, 3, 0] };
      const readA = async () => {
        const r = await store.read('A', T0, T0 + 2 * WINDOW);
        return { ts: [...r.ts], values: [...r.values], quality: [...r.quality] };
      };
      expect(await readA()).toEqual(expectA);
      expect(Object.is((await store.read('A', T0, T0 + 2))!.values[0], -0)).toBe(true);
      expect([...(await store.read('B', T0, T0 + WINDOW)).values]).toEqual([1]);
      await store.flush();
      expect(await store.stats()).toMatchObject({ headReadings: 0, sealedReadings: 4, chunks: 3 });
      expect(await readA()).toEqual(expectA);
    } finally {
      await store.close();
      await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });

  it('seals chunks into monthly partitions at ~1-2 bytes per regular 1 Hz reading', async () => {
    const h = await harness(HOUR);
    const store = h.current;
    // Two sensors, 1 Hz, six hours on each side of a month boundary.
    const start = Date.UTC(2024, 1, 29, 18);
    const n = 12 * 3600;
    for (let i = 0; i < n; i += 3600) {
      await store.append([
        ...series('A', start + i * 1000, 3600, 1000, (k) => Math.round(Math.sin((i + k) / 60) * 1e4) / 100),
        ...series('B', start + i * 1000, 3600, 1000, (k) => Math.round(((i + k) % 500) * 10) / 10),
      ]);
    }
    const before = await store.stats();
    // Every completed hour is sealed after its append (stats() waits for that); the last hour of each sensor is
    // still in the head.
    expect(before).toMatchObject({ series: 2, chunks: 22, headReadings: 2 * 3600 });
    await store.flush();
    const after = await store.stats();
    expect(after).toMatchObject({ chunks: 24, sealedReadings: 2 * n, headReadings: 0 });
    const parts = await sql<{ relname: string; n: string }>(
      `SELECT c.relname, count(*) AS n FROM "${h.schema}".reading_chunk r JOIN pg_class c ON c.oid = r.tableoid
       GROUP BY 1 ORDER BY 1`,
    );
    expect(parts.map((p) => [p.relname, Number(p.n)])).toEqual([
      ['reading_chunk_2024_02', 12],
      ['reading_chunk_2024_03', 12],
    ]);
    const bytes = await sql<{ b: string }>(
      `SELECT sum(octet_length(data) + octet_length(minutes)) AS b FROM "${h.schema}".reading_chunk`,
    );
    expect(Number(bytes[0]!.b) / (2 * n)).toBeLessThan(2);
    // A range inside one month reads only that month's partition.
    const plan = await sql<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT * FROM "${h.schema}".reading_chunk WHERE series_id = 1 AND window_start >= $1 AND window_start < $2`,
      [Date.UTC(2024, 2, 1), Date.UTC(2024, 2, 1, 6)],
    );
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('reading_chunk_2024_03');
    expect(text).not.toContain('reading_chunk_2024_02');
    await h.cleanup();
  });

  it('ingests 100,000 readings in one COPY batch and charts 30 days exactly like the embedded store', async () => {
    const h = await harness(HOUR);
    const lite = openSqliteStore({ path: ':memory:', chunkWindowMs: HOUR });
    const rng = new Rng('pg-100k');
    const step = (30 * DAY) / 50_000;
    const batch = [
      ...series(
        'PUMP-1.TEMP',
        T0,
        50_000,
        step,
        (i) => Math.round((60 + 5 * Math.sin(i / 300) + rng.normal()) * 10) / 10,
      ),
      ...series('PUMP-1.VIB', T0 + 7, 50_000, step, () => rng.normal() * 0.3 + 2),
    ];
    // One batch, interleaved by time like a gateway sends it.
    batch.sort((a, b) => a.ts - b.ts);
    expect((await h.current.append(batch)).stored).toBe(100_000);
    await lite.readings.append(batch);
    const st = await h.current.stats();
    expect(st.sealedReadings + st.headReadings).toBe(100_000);
    expect(st.headReadings).toBeLessThan(2 * (HOUR / step) + 2);
    for (const sensor of ['PUMP-1.TEMP', 'PUMP-1.VIB']) {
      for (const buckets of [720, 10_000, 300]) {
        const got = await h.current.downsample(sensor, T0, T0 + 30 * DAY, buckets);
        const want = await lite.readings.downsample(sensor, T0, T0 + 30 * DAY, buckets);
        expect(got).toEqual(want);
        expect(got.count.reduce((a, b) => a + b, 0)).toBe(50_000);
      }
      // A chart of the last day (minute tier) and one hour (raw) of the same data.
      const day = [T0 + 29 * DAY + 12_345, T0 + 30 * DAY] as const;
      expect(await h.current.downsample(sensor, ...day, 500)).toEqual(
        await lite.readings.downsample(sensor, ...day, 500),
      );
      const hour = [T0 + 10 * DAY, T0 + 10 * DAY + HOUR] as const;
      const raw = await h.current.downsample(sensor, ...hour, 5000);
      expect(raw.source).toBe('raw');
      expect(raw).toEqual(await lite.readings.downsample(sensor, ...hour, 5000));
      expect(await h.current.read(sensor, -Infinity, Infinity)).toEqual(
        await lite.readings.read(sensor, -Infinity, Infinity),
      );
    }
    const tier = await h.current.downsample('PUMP-1.TEMP', T0, T0 + 30 * DAY, 720);
    expect(tier.source).toBe('rollup-chunk');
    await lite.close();
    await h.cleanup();
  });

  it('drops whole month partitions older than the retention cut-off', async () => {
    const h = await harness(HOUR);
    const store = h.current;
    // One reading every 10 minutes from January to mid-March 2024.
    const start = Date.UTC(2024, 0, 1);
    const end = Date.UTC(2024, 2, 15);
    const rs = series('R', start, (end - start) / 600_000, 600_000, (i) => i % 100);
    await store.append(rs);
    await store.flush();
    // A sensor whose only (January) window is still unsealed in the head when retention runs.
    await store.append([{ sensor: 'H', ts: start + 123, value: -1, quality: 0 }]);
    const cut = Date.UTC(2024, 1, 10, 12, 30);
    const res = await store.applyRetention(cut);
    expect(res.droppedPartitions).toEqual(['reading_chunk_2024_01']);
    // February chunks that end before 12:00 on the 10th: 9 days and 12 hours.
    expect(res.deletedChunks).toBe(9 * 24 + 12);
    expect(res.deletedHeadReadings).toBe(1);
    const left = await store.read('R', -Infinity, Infinity);
    // The chunk 12:00-13:00 straddles the cut-off and is kept whole.
    expect(left.ts[0]).toBe(Date.UTC(2024, 1, 10, 12));
    expect(left.ts.length).toBe(rs.filter((r) => r.ts >= Date.UTC(2024, 1, 10, 12)).length);
    const parts = await sql<{ relname: string }>(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass ORDER BY 1`,
      [`"${h.schema}".reading_chunk`],
    );
    expect(parts.map((p) => p.relname)).toEqual(['reading_chunk_2024_02', 'reading_chunk_2024_03']);
    // New data for a dropped month recreates its partition.
    await store.append(series('R', start, 10, 1000, () => 5));
    await store.flush();
    expect((await store.read('R', start, start + HOUR)).ts.length).toBe(10);
    await h.cleanup();
  });

  it('lets two store instances (two workers) append to one schema at the same time', async () => {
    const h = await harness();
    const other = await openPgReadingStore({ connectionString: url!, schema: h.schema, chunkWindowMs: WINDOW });
    const all = series('W', T0, 4 * 3600, 1000, (i) => i / 8);
    const mine: Reading[][] = [];
    const theirs: Reading[][] = [];
    // Every window gets half of its readings from each worker, interleaved in time.
    for (let i = 0; i < all.length; i += 300) ((i / 300) % 2 === 0 ? mine : theirs).push(all.slice(i, i + 300));
    const run = async (store: PgReadingStore, batches: Reading[][]) => {
      for (const b of batches) await store.append(b);
    };
    await Promise.all([run(h.current, mine), run(other, theirs)]);
    await other.close();
    await h.current.flush();
    const st = await h.current.stats();
    expect(st).toMatchObject({ headReadings: 0, sealedReadings: all.length, chunks: (4 * 3600) / 600 });
    const got = await h.current.read('W', -Infinity, Infinity);
    expect(Array.from(got.ts)).toEqual(all.map((r) => r.ts));
    expect(Array.from(got.values)).toEqual(all.map((r) => r.value));
    expect((await h.current.latest(['W'])).get('W')?.ts).toBe(all.at(-1)!.ts);
    await h.cleanup();
  });

  it('keeps reads consistent while appends seal windows concurrently', async () => {
    const h = await harness();
    const store = h.current;
    const all = series('C', T0, 6 * 3600, 1000, (i) => i / 4);
    const writes = (async () => {
      for (let i = 0; i < all.length; i += 900) await store.append(all.slice(i, i + 900));
    })();
    // Every read sees a prefix of the data in batch steps: never a window missing mid-compaction.
    let reads = 0;
    let done = false;
    const stop = () => {
      done = true;
    };
    writes.then(stop, stop);
    while (!done) {
      const got = await store.read('C', -Infinity, Infinity);
      expect(got.ts.length % 900).toBe(0);
      for (let i = 0; i < got.ts.length; i++) if (got.ts[i] !== all[i]!.ts) throw new Error(`gap at ${i}`);
      reads++;
    }
    await writes;
    expect(reads).toBeGreaterThan(0);
    expect((await store.read('C', -Infinity, Infinity)).ts.length).toBe(all.length);
    await h.cleanup();
  });

  it('commits appends in flight together, in call order, each resolved with its own count', async () => {
    const h = await harness();
    const store = h.current;
    // 40 appends started without waiting: each covers 120 s of sensor G with value = its call number and overlaps
    // the next by 60 s, so every re-sent timestamp must end with the later call's value (last write wins).
    // Every append also repeats its first reading (same timestamp, value -1 first): deduplicated in the batch.
    const calls = Array.from({ length: 40 }, (_, i) => [
      { sensor: 'G', ts: T0 + i * 60_000, value: -1, quality: 0 },
      ...series('G', T0 + i * 60_000, 120, 1000, () => i),
      ...series('H', T0 + (i + 1) * 60_000, 60, 1000, () => i),
    ]);
    const results = await Promise.all(calls.map((batch) => store.append(batch)));
    expect(results.map((r) => r.stored)).toEqual(calls.map(() => 180));
    // The completed windows are sealed behind the commits (stats() waits for it): only the newest window, minute
    // 40 of G and H (written by the last call only), is left in the head.
    expect(await store.stats()).toMatchObject({ series: 2, headReadings: 120, sealedReadings: 40 * 60 + 39 * 60 });
    const check = async () => {
      const g = await store.read('G', -Infinity, Infinity);
      expect(g.ts.length).toBe(41 * 60);
      for (let k = 0; k < g.ts.length; k++) {
        expect(g.ts[k]).toBe(T0 + k * 1000);
        expect(g.values[k]).toBe(Math.min(39, Math.floor(k / 60)));
      }
      const latest = await store.latest(['G', 'H']);
      expect(latest.get('G')).toEqual({ sensor: 'G', ts: T0 + 41 * 60_000 - 1000, value: 39, quality: 0 });
      expect(latest.get('H')).toEqual({ sensor: 'H', ts: T0 + 41 * 60_000 - 1000, value: 39, quality: 0 });
    };
    await check();
    await store.flush();
    await check();
    await h.cleanup();
  });
});
