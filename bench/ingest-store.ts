/**
 * Storage benchmarks for the embedded reading store: append throughput against a raw better-sqlite3 baseline,
 * bytes on disk per reading, and the latency of a 30-day chart query.
 *
 * Data is realistic plant data: 100 sensors at 1 Hz, each a slow process signal plus noise, quantised to the
 * sensor's resolution the way a PLC or ADC reports it (e.g. 0.01 bar), arriving in batches of 10,000 readings
 * (100 s × 100 sensors). Generating the batches is not timed; only the store's work is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Reading, Rng } from '@prognos/core';
import { openSqliteStore } from '@prognos/store';
import Database from 'better-sqlite3';

export const SENSORS = 100;
export const BATCH_SECONDS = 100;
export const BATCH = SENSORS * BATCH_SECONDS;
/** 2024-01-01T00:00:00Z, aligned to the hour like a real start of recording would not need to be. */
const T0 = Date.UTC(2024, 0, 1);

interface Profile {
  id: string;
  base: number;
  amplitude: number;
  periodS: number;
  noise: number;
  /** 1 / resolution: 10 for 0.1, 100 for 0.01. */
  scale: number;
}

function profiles(count: number, rng: Rng): Profile[] {
  const kinds = [
    { name: 'TEMP', base: [40, 80], amp: 3, period: 6 * 3600, noise: 0.05, scale: 10 },
    { name: 'VIB', base: [1.5, 5], amp: 0.3, period: 1800, noise: 0.08, scale: 100 },
    { name: 'CUR', base: [20, 60], amp: 4, period: 900, noise: 0.15, scale: 100 },
    { name: 'PRES', base: [3, 8], amp: 0.2, period: 1200, noise: 0.01, scale: 100 },
  ];
  return Array.from({ length: count }, (_, i) => {
    const k = kinds[i % kinds.length]!;
    return {
      id: `M-${String(Math.floor(i / kinds.length)).padStart(3, '0')}.${k.name}`,
      base: rng.range(k.base[0]!, k.base[1]!),
      amplitude: k.amp * rng.range(0.5, 1.5),
      periodS: k.period * rng.range(0.7, 1.3),
      noise: k.noise,
      scale: k.scale,
    };
  });
}

/** Yields batches of readings: BATCH_SECONDS seconds of every sensor, in arrival (time, sensor) order. */
export class PlantData {
  private readonly rng: Rng;
  private readonly sensors: Profile[];
  private second = 0;
  constructor(sensors = SENSORS, seed = 42) {
    this.rng = new Rng(seed);
    this.sensors = profiles(sensors, this.rng);
  }
  get ids(): string[] {
    return this.sensors.map((s) => s.id);
  }
  next(seconds = BATCH_SECONDS): Reading[] {
    const out: Reading[] = new Array(seconds * this.sensors.length);
    let k = 0;
    for (let s = 0; s < seconds; s++, this.second++) {
      const ts = T0 + this.second * 1000;
      for (const p of this.sensors) {
        const v =
          p.base + p.amplitude * Math.sin((2 * Math.PI * this.second) / p.periodS) + p.noise * this.rng.normal();
        out[k++] = { sensor: p.id, ts, value: Math.round(v * p.scale) / p.scale, quality: 0 };
      }
    }
    return out;
  }
}

function withTmpDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'prognos-bench-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withTmpDirAsync<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'prognos-bench-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Throughput {
  readings: number;
  seconds: number;
  readingsPerSecond: number;
}

/**
 * Raw better-sqlite3 baseline: one row (sensor_id INTEGER, ts INTEGER, value REAL) per reading through a prepared
 * insert, one transaction per 10,000 rows, WAL and synchronous=NORMAL like the store.
 */
export function benchBaseline(n = 2_000_000): Throughput {
  return withTmpDir((dir) => {
    const db = new Database(join(dir, 'baseline.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE readings (sensor_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL)');
    const insert = db.prepare('INSERT INTO readings (sensor_id, ts, value) VALUES (?, ?, ?)');
    const data = new PlantData();
    const ids = new Map(data.ids.map((id, i) => [id, i + 1]));
    const tx = db.transaction((batch: Reading[]) => {
      for (const r of batch) insert.run(ids.get(r.sensor), r.ts, r.value);
    });
    let elapsed = 0;
    for (let done = 0; done < n; ) {
      const batch = data.next();
      const part = batch.length > n - done ? batch.slice(0, n - done) : batch;
      const t = performance.now();
      tx(part);
      elapsed += performance.now() - t;
      done += part.length;
    }
    db.close();
    return { readings: n, seconds: elapsed / 1000, readingsPerSecond: n / (elapsed / 1000) };
  });
}

/** readings.append() into a fresh store (compaction included), plus the final flush(). */
export async function benchInProcess(n = 2_000_000): Promise<Throughput> {
  return withTmpDirAsync(async (dir) => {
    const store = openSqliteStore({ path: join(dir, 'store.db') });
    const data = new PlantData();
    let elapsed = 0;
    for (let done = 0; done < n; ) {
      const batch = data.next();
      const part = batch.length > n - done ? batch.slice(0, n - done) : batch;
      const t = performance.now();
      await store.readings.append(part);
      elapsed += performance.now() - t;
      done += part.length;
    }
    const t = performance.now();
    await store.readings.flush();
    elapsed += performance.now() - t;
    await store.close();
    return { readings: n, seconds: elapsed / 1000, readingsPerSecond: n / (elapsed / 1000) };
  });
}

export interface BytesPerReading {
  readings: number;
  bytesOnDisk: number;
  bytesPerReading: number;
  seconds: number;
}

/** Ingests n readings, flushes, and divides the database size (main file + WAL) by n. */
export async function benchBytesPerReading(n = 10_000_000): Promise<BytesPerReading> {
  return withTmpDirAsync(async (dir) => {
    const store = openSqliteStore({ path: join(dir, 'store.db') });
    const data = new PlantData();
    const t = performance.now();
    for (let done = 0; done < n; ) {
      const batch = data.next();
      const part = batch.length > n - done ? batch.slice(0, n - done) : batch;
      await store.readings.append(part);
      done += part.length;
    }
    await store.readings.flush();
    const seconds = (performance.now() - t) / 1000;
    const { bytesOnDisk } = await store.readings.stats();
    await store.close();
    return { readings: n, bytesOnDisk, bytesPerReading: bytesOnDisk / n, seconds };
  });
}

export interface ChartQuery {
  readings: number;
  buckets: number;
  source: string;
  p50Ms: number;
  p95Ms: number;
  /** The first query after opening (cold page cache). */
  firstMs: number;
  setupSeconds: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** One sensor with 30 days of 1 Hz data; downsample the whole range to 1,000 buckets ~30 times. */
export async function benchChartQuery(runs = 30, days = 30): Promise<ChartQuery> {
  return withTmpDirAsync(async (dir) => {
    const path = join(dir, 'chart.db');
    let store = openSqliteStore({ path });
    const data = new PlantData(1, 7);
    const sensor = data.ids[0]!;
    const t0 = performance.now();
    // One day per append: the store seals each completed hour inside append().
    for (let d = 0; d < days; d++) await store.readings.append(data.next(86_400));
    await store.close();
    const setupSeconds = (performance.now() - t0) / 1000;
    // Query a freshly opened store, as a dashboard would after a restart; the first query runs on a cold cache.
    store = openSqliteStore({ path });
    const from = T0;
    const to = T0 + days * 86_400_000;
    const times: number[] = [];
    let source = '';
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const r = await store.readings.downsample(sensor, from, to, 1000);
      times.push(performance.now() - t);
      source = r.source;
    }
    await store.close();
    const firstMs = times[0]!;
    times.sort((a, b) => a - b);
    return {
      readings: days * 86_400,
      buckets: 1000,
      source,
      p50Ms: percentile(times, 0.5),
      p95Ms: percentile(times, 0.95),
      firstMs,
      setupSeconds,
    };
  });
}
