/**
 * `npm run bench -- scale [--json] [--quick] [--pg-url postgres://…]`
 * The PostgreSQL reading store: ingest throughput (append = binary COPY into the head + sealing of completed
 * windows, plus the final flush) and the latency of a 30-day chart query, on the same plant data as the
 * embedded-store benchmark (bench/ingest-store.ts: 100 sensors at 1 Hz, quantised, batches of 10,000 readings).
 * The server comes from --pg-url, PROGNOS_PG_URL or PROGNOS_TEST_PG_URL; each run uses a fresh schema and drops it.
 */
import { performance } from 'node:perf_hooks';
import { openPgReadingStore } from '@prognos/store';
import pg from 'pg';
import { PlantData } from './ingest-store';
import { flag, fmt, option, printTable } from './table';

const T0 = Date.UTC(2024, 0, 1);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await c.end();
  }
}

async function benchIngest(url: string, n: number) {
  const schema = `prognos_bench_${process.pid}_ingest`;
  await dropSchema(url, schema);
  const store = await openPgReadingStore({ connectionString: url, schema });
  try {
    const data = new PlantData();
    let elapsed = 0;
    for (let done = 0; done < n; ) {
      const batch = data.next();
      const part = batch.length > n - done ? batch.slice(0, n - done) : batch;
      const t = performance.now();
      await store.append(part);
      elapsed += performance.now() - t;
      done += part.length;
    }
    const t = performance.now();
    await store.flush();
    elapsed += performance.now() - t;
    const stats = await store.stats();
    return { readingsPerSecond: n / (elapsed / 1000), bytesPerReading: stats.bytesOnDisk / n };
  } finally {
    await store.close();
    await dropSchema(url, schema);
  }
}

/** One sensor with `days` days of 1 Hz data; downsample the whole range to 1,000 buckets `runs` times. */
async function benchChart(url: string, runs: number, days: number) {
  const schema = `prognos_bench_${process.pid}_chart`;
  await dropSchema(url, schema);
  let store = await openPgReadingStore({ connectionString: url, schema });
  try {
    const data = new PlantData(1, 7);
    const sensor = data.ids[0]!;
    for (let d = 0; d < days; d++) await store.append(data.next(86_400));
    await store.close();
    // Query a freshly opened store, as a dashboard would after a restart.
    store = await openPgReadingStore({ connectionString: url, schema });
    const times: number[] = [];
    let source = '';
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const r = await store.downsample(sensor, T0, T0 + days * 86_400_000, 1000);
      times.push(performance.now() - t);
      source = r.source;
    }
    times.sort((a, b) => a - b);
    return { source, p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95) };
  } finally {
    await store.close();
    await dropSchema(url, schema);
  }
}

export async function runScaleBench(args: string[]): Promise<void> {
  const json = flag(args, 'json');
  const quick = flag(args, 'quick');
  const url = option(args, 'pg-url') ?? process.env.PROGNOS_PG_URL ?? process.env.PROGNOS_TEST_PG_URL;
  if (!url) {
    console.error('[bench] scale needs a PostgreSQL server: --pg-url postgres://user:pass@host/db (or PROGNOS_PG_URL)');
    process.exit(2);
  }
  const log = (m: string) => console.error(`[bench] ${m}`);
  const n = quick ? 500_000 : 2_000_000;
  log(`PostgreSQL store append (binary COPY + sealing), ${fmt(n)} readings`);
  const ingest = await benchIngest(url, n);
  const days = quick ? 7 : 30;
  log(`PostgreSQL chart query over ${days} days of 1 Hz data`);
  const chart = await benchChart(url, 30, days);
  printTable(
    ['Measure', 'Result'],
    [
      ['PostgreSQL batch append (10,000 per batch, incl. sealing)', `${fmt(ingest.readingsPerSecond)} readings/s`],
      ['PostgreSQL bytes per reading (tables + indexes + TOAST)', ingest.bytesPerReading.toFixed(2)],
      [
        `PostgreSQL chart query, ${days} days of 1 Hz → 1,000 buckets (${chart.source})`,
        `${chart.p50Ms.toFixed(1)} ms p50, ${chart.p95Ms.toFixed(1)} ms p95`,
      ],
    ],
  );
  if (json) {
    console.log(
      JSON.stringify({
        pg_readings_per_s: Math.round(ingest.readingsPerSecond),
        pg_bytes_per_reading: Number(ingest.bytesPerReading.toFixed(3)),
        pg_chart_query_ms_p50: Number(chart.p50Ms.toFixed(2)),
      }),
    );
  }
}
