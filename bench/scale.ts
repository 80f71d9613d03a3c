/**
 * `npm run bench -- scale [--json] [--quick] [--pg-url postgres://…] [--in-flight N] [--seconds S]`
 * The PostgreSQL reading store: ingest throughput (append = binary COPY into the head + sealing of completed
 * windows, plus the final flush; N appends in flight, default 4) and the latency of a 30-day chart query, on the
 * same plant data as the embedded-store benchmark (bench/ingest-store.ts: 100 sensors at 1 Hz, quantised, batches
 * of 10,000 readings). Then ingest through a cluster of 1 and 2 `prognos worker` processes (Mosquitto, PostgreSQL;
 * cluster-ingest.ts). Then the memory of a real server (`prognos serve` as a child process) with 10,000 sensors
 * fed at 1 Hz for S seconds (default 60; server-rss.ts), on PostgreSQL when a server is given, else embedded.
 * PostgreSQL comes from --pg-url, PROGNOS_PG_URL or PROGNOS_TEST_PG_URL; each run uses fresh schemas and drops them.
 */
import { performance } from 'node:perf_hooks';
import type { Reading } from '@prognos/core';
import { dropPgSchema, openPgReadingStore } from '@prognos/store';
import { benchClusterIngest } from './cluster-ingest';
import { PlantData } from './ingest-store';
import { benchServerRss } from './server-rss';
import { flag, fmt, option, printTable } from './table';

const T0 = Date.UTC(2024, 0, 1);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/**
 * Appends n readings in batches of 10,000 with up to `inFlight` appends outstanding, as the server's ingest
 * service does (it starts a store append per event-loop turn without waiting for the previous one), then
 * flushes, so every reading counted is committed and sealed. Batches are generated when a lane needs the next
 * one (holding all of them would put hundreds of MB on the heap and measure the garbage collector); the time
 * spent generating is taken out of the wall time, as the sequential version of this bench counted only the time
 * inside append() and flush().
 */
async function benchIngest(url: string, n: number, inFlight: number) {
  const schema = `prognos_bench_${process.pid}_ingest`;
  await dropPgSchema(url, schema);
  const store = await openPgReadingStore({ connectionString: url, schema });
  try {
    const data = new PlantData();
    let done = 0;
    let generatingMs = 0;
    const nextBatch = (): Reading[] | undefined => {
      if (done >= n) return undefined;
      const t = performance.now();
      const batch = data.next();
      const part = batch.length > n - done ? batch.slice(0, n - done) : batch;
      done += part.length;
      generatingMs += performance.now() - t;
      return part;
    };
    const lane = async () => {
      for (let batch = nextBatch(); batch; batch = nextBatch()) await store.append(batch);
    };
    const t = performance.now();
    await Promise.all(Array.from({ length: inFlight }, lane));
    await store.flush();
    const elapsed = performance.now() - t - generatingMs;
    const stats = await store.stats();
    return { readingsPerSecond: n / (elapsed / 1000), bytesPerReading: stats.bytesOnDisk / n };
  } finally {
    await store.close();
    await dropPgSchema(url, schema);
  }
}

/** One sensor with `days` days of 1 Hz data; downsample the whole range to 1,000 buckets `runs` times. */
async function benchChart(url: string, runs: number, days: number) {
  const schema = `prognos_bench_${process.pid}_chart`;
  await dropPgSchema(url, schema);
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
    await dropPgSchema(url, schema);
  }
}

export async function runScaleBench(args: string[]): Promise<void> {
  const json = flag(args, 'json');
  const quick = flag(args, 'quick');
  const url = option(args, 'pg-url') ?? process.env.PROGNOS_PG_URL ?? process.env.PROGNOS_TEST_PG_URL;
  const log = (m: string) => console.error(`[bench] ${m}`);
  const n = quick ? 500_000 : 2_000_000;
  const inFlight = Number(option(args, 'in-flight') ?? 4);
  if (!Number.isInteger(inFlight) || inFlight < 1) {
    console.error('[bench] --in-flight takes a whole number of appends, 1 or more');
    process.exit(2);
  }
  const seconds = Number(option(args, 'seconds') ?? (quick ? 15 : 60));
  if (!(Number.isInteger(seconds) && seconds >= 1)) {
    console.error('[bench] --seconds takes a whole number of seconds, 1 or more');
    process.exit(2);
  }
  // Each measure adds its table rows and JSON keys here, in this order.
  const rows: string[][] = [];
  const keys: Record<string, number> = {};

  if (url) {
    log(`PostgreSQL store append (binary COPY + sealing), ${fmt(n)} readings, ${inFlight} appends in flight`);
    const ingest = await benchIngest(url, n, inFlight);
    const days = quick ? 7 : 30;
    log(`PostgreSQL chart query over ${days} days of 1 Hz data`);
    const chart = await benchChart(url, 30, days);
    rows.push(
      [
        `PostgreSQL batch append (10,000 per batch, ${inFlight} in flight, incl. sealing)`,
        `${fmt(ingest.readingsPerSecond)} readings/s`,
      ],
      ['PostgreSQL bytes per reading (tables + indexes + TOAST)', ingest.bytesPerReading.toFixed(2)],
      [
        `PostgreSQL chart query, ${days} days of 1 Hz → 1,000 buckets (${chart.source})`,
        `${chart.p50Ms.toFixed(1)} ms p50, ${chart.p95Ms.toFixed(1)} ms p95`,
      ],
    );
    keys.pg_readings_per_s = Math.round(ingest.readingsPerSecond);
    keys.pg_bytes_per_reading = Number(ingest.bytesPerReading.toFixed(3));
    keys.pg_chart_query_ms_p50 = Number(chart.p50Ms.toFixed(2));
  } else {
    log('no PostgreSQL server (--pg-url, PROGNOS_PG_URL or PROGNOS_TEST_PG_URL): PostgreSQL store measures skipped');
  }

  if (url) {
    // Through the broker and `prognos worker` processes: validation, per-reading checks, commit, then PUBACK.
    const total = quick ? 200_000 : 1_000_000;
    for (const workers of [1, 2]) {
      log(`ingest through ${workers} worker(s): ${fmt(total)} readings over MQTT (Mosquitto) into PostgreSQL`);
      const r = await benchClusterIngest(url, workers, total);
      rows.push([
        `Ingest through ${workers} \`prognos worker\` (MQTT QoS 1 → worker → PostgreSQL, 1,000 per message)`,
        `${fmt(r.readingsPerS)} readings/s`,
      ]);
      keys[`cluster_${workers}_worker${workers > 1 ? 's' : ''}_readings_per_s`] = r.readingsPerS;
    }
  }

  log(`server memory, 10,000 sensors at 1 Hz for ${seconds} s (${url ? 'PostgreSQL' : 'embedded store'})`);
  const rssSchema = `prognos_bench_${process.pid}_rss`;
  if (url) await dropPgSchema(url, rssSchema);
  try {
    const mem = await benchServerRss({ pgUrl: url, pgSchema: rssSchema, seconds, log });
    rows.push([
      `Server memory (RSS), 10,000 sensors at 1 Hz for ${seconds} s, ${mem.store} store`,
      `${mem.rssMb.toFixed(0)} MB (peak ${mem.peakMb.toFixed(0)} MB)`,
    ]);
    keys.rss_mb_10k_sensors = Math.round(mem.rssMb);
  } finally {
    if (url) await dropPgSchema(url, rssSchema);
  }

  printTable(['Measure', 'Result'], rows);
  if (json) console.log(JSON.stringify(keys));
}
