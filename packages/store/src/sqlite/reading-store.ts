/**
 * The embedded ReadingStore: a write-ahead "head" of raw packed blocks plus compressed, sealed chunks, one per
 * sensor and aligned time window, each with count/min/max/sum and per-minute rollups.
 *
 * Why not one row per reading: a (series, ts, value) row costs ~30 bytes in SQLite (record header, rowid,
 * index entry); a sealed chunk of regular 1 Hz sensor data costs 1-3 bytes per reading, and appending one
 * blob per sensor per batch is cheaper than one B-tree insert per reading.
 *
 * append() groups a batch by sensor and writes one head row per sensor and window (durable on return, one
 * transaction). When a sensor's data moves into a newer window, its older windows are complete and are
 * compacted in the same transaction: heads (+ the existing chunk, for late data) are merged, deduplicated
 * (last write wins), encoded (chunk-codec) and written as one chunk row; the head rows are deleted.
 */
import { statSync } from 'node:fs';
import type { Reading } from '@prognos/core';
import type Database from 'better-sqlite3';
import type { AppendResult, DownsampledSeries, ReadingStore, Series, StoreStats } from '../ports';
import { BucketAccumulator, planBuckets } from './buckets';
import { type Columns, decodeChunk, encodeChunk } from './chunk-codec';
import { packHead, unpackHead } from './head-block';
import { emptyColumns, mergeSegments, sliceRange, sortDedupeInPlace } from './merge';
import { decodeMinuteRollup, encodeMinuteRollup, MINUTE_MS } from './minute-rollup';
import { prepareReadingStatements, type ReadingStatements } from './reading-statements';

export const DEFAULT_CHUNK_WINDOW_MS = 3_600_000;
/** Clamp for unbounded ranges: ±8.64e15 ms is the ECMAScript Date range. */
const TIME_LIMIT = 8.64e15;

interface SeriesState {
  id: number;
  sensor: string;
  /** window start → readings held in head rows for that window. */
  heads: Map<number, number>;
  maxWindow: number;
  latest: Reading | undefined;
  /** False after a restart until latest() has consulted the store once. */
  latestKnown: boolean;
  stamp: number;
  slot: number;
}

export interface ReadingStoreOptions {
  /** Chunk window in ms, a multiple of one minute (default one hour). Fixed when the database is created. */
  chunkWindowMs: number;
  /** zlib level for sealed chunks (default 1). */
  compressionLevel?: number;
  /** Database file path ('' or ':memory:' for in-memory). */
  path: string;
  /** Called once when the store is closed (the owner closes the shared database). */
  onClose?: () => void;
}

type Row = Record<string, number | Buffer | null>;

export class SqliteReadingStore implements ReadingStore {
  readonly windowMs: number;
  private readonly level: number;
  private readonly series = new Map<string, SeriesState>();
  private stamp = 0;
  private closed = false;
  // Scratch columns for grouping a batch by sensor (grown, never shrunk).
  private cols: Columns = { ts: new Float64Array(0), values: new Float64Array(0), quality: new Uint8Array(0) };
  private slotOf = new Int32Array(0);
  private readonly stmt: ReadingStatements;
  private readonly appendTx: (readings: readonly Reading[]) => number;
  private readonly flushTx: () => void;

  constructor(
    private readonly db: Database.Database,
    private readonly opts: ReadingStoreOptions,
  ) {
    this.windowMs = opts.chunkWindowMs;
    this.level = opts.compressionLevel ?? 1;
    if (!(this.windowMs >= MINUTE_MS) || this.windowMs % MINUTE_MS !== 0) {
      throw new Error(`chunk window must be a positive multiple of ${MINUTE_MS} ms, got ${this.windowMs}`);
    }
    this.stmt = prepareReadingStatements(db);
    this.appendTx = db.transaction((readings: readonly Reading[]) => this.appendSync(readings));
    this.flushTx = db.transaction(() => {
      for (const s of this.series.values()) for (const w of [...s.heads.keys()]) this.compact(s, w);
    });
    this.loadState();
  }

  /** Rebuilds the in-memory index (series ids, open head windows) from the database. */
  private loadState(): void {
    this.series.clear();
    for (const r of this.db.prepare('SELECT id, sensor FROM series').all() as { id: number; sensor: string }[]) {
      this.series.set(r.sensor, {
        id: r.id,
        sensor: r.sensor,
        heads: new Map(),
        maxWindow: Number.NEGATIVE_INFINITY,
        latest: undefined,
        latestKnown: false,
        stamp: 0,
        slot: 0,
      });
    }
    const byId = new Map([...this.series.values()].map((s) => [s.id, s]));
    const heads = this.db
      .prepare(
        'SELECT series_id AS id, window_start AS w, SUM(n) AS n FROM reading_head GROUP BY series_id, window_start',
      )
      .all() as { id: number; w: number; n: number }[];
    for (const h of heads) {
      const s = byId.get(h.id);
      if (!s) continue;
      s.heads.set(h.w, h.n);
      s.maxWindow = Math.max(s.maxWindow, h.w);
    }
    const maxes = this.db
      .prepare('SELECT series_id AS id, MAX(window_start) AS w FROM reading_chunk GROUP BY series_id')
      .all() as { id: number; w: number }[];
    for (const m of maxes) {
      const s = byId.get(m.id);
      if (s) s.maxWindow = Math.max(s.maxWindow, m.w);
    }
  }

  private check(): void {
    if (this.closed) throw new Error('reading store is closed');
  }

  async append(readings: readonly Reading[]): Promise<AppendResult> {
    this.check();
    if (readings.length === 0) return { stored: 0 };
    try {
      return { stored: this.appendTx(readings) };
    } catch (err) {
      // The transaction rolled back: drop in-memory state that may describe rows that no longer exist.
      this.loadState();
      throw err;
    }
  }

  private seriesFor(sensor: string): SeriesState {
    let s = this.series.get(sensor);
    if (s) return s;
    const id = Number(this.stmt.insertSeries.run(sensor).lastInsertRowid);
    s = {
      id,
      sensor,
      heads: new Map(),
      maxWindow: Number.NEGATIVE_INFINITY,
      latest: undefined,
      latestKnown: true,
      stamp: 0,
      slot: 0,
    };
    this.series.set(sensor, s);
    return s;
  }

  private ensureScratch(n: number): void {
    if (this.slotOf.length >= n) return;
    const cap = Math.max(n, this.slotOf.length * 2);
    this.slotOf = new Int32Array(cap);
    this.cols = { ts: new Float64Array(cap), values: new Float64Array(cap), quality: new Uint8Array(cap) };
  }

  private appendSync(readings: readonly Reading[]): number {
    const n = readings.length;
    this.ensureScratch(n);
    const stamp = ++this.stamp;
    const touched: SeriesState[] = [];
    const counts: number[] = [];
    const slotOf = this.slotOf;
    let last: SeriesState | undefined;
    // Pass 1: find each reading's series (consecutive readings of one sensor skip the map lookup).
    for (let i = 0; i < n; i++) {
      const r = readings[i]!;
      const ts = r.ts;
      if (typeof ts !== 'number' || !Number.isFinite(ts) || typeof r.value !== 'number') {
        slotOf[i] = -1;
        continue;
      }
      const s = last !== undefined && last.sensor === r.sensor ? last : this.seriesFor(r.sensor);
      last = s;
      if (s.stamp !== stamp) {
        s.stamp = stamp;
        s.slot = touched.length;
        touched.push(s);
        counts.push(0);
      }
      counts[s.slot]!++;
      slotOf[i] = s.slot;
    }
    // Pass 2: counting sort into per-series segments of the scratch columns.
    const starts = new Array<number>(touched.length);
    const pos = new Array<number>(touched.length);
    let acc = 0;
    for (let k = 0; k < touched.length; k++) {
      starts[k] = acc;
      pos[k] = acc;
      acc += counts[k]!;
    }
    const { ts, values, quality } = this.cols;
    for (let i = 0; i < n; i++) {
      const k = slotOf[i]!;
      if (k < 0) continue;
      const r = readings[i]!;
      const p = pos[k]!++;
      ts[p] = r.ts;
      values[p] = r.value;
      quality[p] = r.quality & 0xff;
    }
    // Pass 3: one head row per series and window.
    const W = this.windowMs;
    let stored = 0;
    for (let k = 0; k < touched.length; k++) {
      const s = touched[k]!;
      const start = starts[k]!;
      const end = sortDedupeInPlace(this.cols, start, start + counts[k]!);
      stored += end - start;
      let i = start;
      while (i < end) {
        const w = Math.floor(ts[i]! / W) * W;
        const wEnd = w + W;
        let j = i + 1;
        while (j < end && ts[j]! < wEnd) j++;
        this.stmt.insertHead.run(s.id, w, j - i, packHead(this.cols, i, j));
        s.heads.set(w, (s.heads.get(w) ?? 0) + (j - i));
        if (w > s.maxWindow) s.maxWindow = w;
        i = j;
      }
      const l = end - 1;
      if (s.latestKnown && (s.latest === undefined || ts[l]! >= s.latest.ts)) {
        s.latest = { sensor: s.sensor, ts: ts[l]!, value: values[l]!, quality: quality[l]! };
      }
    }
    // Compaction of windows that are complete (the series has moved on to a newer window).
    for (const s of touched) {
      for (const w of s.heads.keys()) if (w < s.maxWindow) this.compact(s, w);
    }
    return stored;
  }

  /** Merges the head rows (and any sealed chunk) of one window into one sealed chunk. */
  private compact(s: SeriesState, w: number): void {
    const segments: Columns[] = [];
    const chunk = this.stmt.chunkData.get(s.id, w) as Buffer | undefined;
    if (chunk) segments.push(decodeChunk(chunk));
    for (const blob of this.stmt.headData.all(s.id, w) as Buffer[]) segments.push(unpackHead(blob));
    const c = mergeSegments(segments);
    const n = c.ts.length;
    if (n > 0) {
      const enc = encodeChunk(c, n, this.level);
      const r = encodeMinuteRollup(c.ts, c.values, n, w, enc.exponent);
      this.stmt.upsertChunk.run(s.id, w, n, c.ts[0]!, c.ts[n - 1]!, r.min, r.max, r.sum, r.blob, enc.data);
    }
    this.stmt.deleteHeads.run(s.id, w);
    s.heads.delete(w);
  }

  /** All readings of one window: sealed chunk and head rows merged, sorted, deduplicated. */
  private loadWindow(s: SeriesState, w: number): Columns {
    const segments: Columns[] = [];
    const chunk = this.stmt.chunkData.get(s.id, w) as Buffer | undefined;
    if (chunk) segments.push(decodeChunk(chunk));
    if (s.heads.has(w)) {
      for (const blob of this.stmt.headData.all(s.id, w) as Buffer[]) segments.push(unpackHead(blob));
    }
    return mergeSegments(segments);
  }

  /** Windows with data of series s that overlap [from, to), ascending. */
  private windowsIn(s: SeriesState, from: number, to: number): number[] {
    const wFrom = Math.floor(from / this.windowMs) * this.windowMs;
    const set = new Set(this.stmt.chunkWindows.all(s.id, wFrom, to) as number[]);
    for (const w of s.heads.keys()) if (w >= wFrom && w < to) set.add(w);
    return [...set].sort((a, b) => a - b);
  }

  async read(sensor: string, from: number, to: number, limit?: number): Promise<Series> {
    this.check();
    const s = this.series.get(sensor);
    const lo = Math.max(from, -TIME_LIMIT);
    const hi = Math.min(to, TIME_LIMIT);
    if (!s || !(lo < hi) || (limit !== undefined && limit <= 0)) return { sensor, ...emptyColumns() };
    const windows = this.windowsIn(s, lo, hi);
    const parts: Columns[] = [];
    let total = 0;
    if (limit === undefined) {
      for (const w of windows) {
        const c = sliceRange(this.loadWindow(s, w), lo, hi);
        parts.push(c);
        total += c.ts.length;
      }
    } else {
      // Latest `limit` readings: walk windows newest first and stop as soon as enough are collected.
      for (let k = windows.length - 1; k >= 0 && total < limit; k--) {
        const c = sliceRange(this.loadWindow(s, windows[k]!), lo, hi);
        parts.unshift(c);
        total += c.ts.length;
      }
    }
    const skip = limit !== undefined && total > limit ? total - limit : 0;
    const n = total - skip;
    const out = { sensor, ts: new Float64Array(n), values: new Float64Array(n), quality: new Uint8Array(n) };
    let drop = skip;
    let p = 0;
    for (const c of parts) {
      const a = Math.min(drop, c.ts.length);
      drop -= a;
      out.ts.set(c.ts.subarray(a), p);
      out.values.set(c.values.subarray(a), p);
      out.quality.set(c.quality.subarray(a), p);
      p += c.ts.length - a;
    }
    return out;
  }

  /** Data bounds of a series, used to resolve unbounded downsample ranges. */
  private bounds(s: SeriesState): [number, number] {
    const b = this.stmt.chunkBounds.get(s.id) as { lo: number | null; hi: number | null };
    let lo = b.lo ?? Number.POSITIVE_INFINITY;
    let hi = b.hi ?? Number.NEGATIVE_INFINITY;
    for (const w of s.heads.keys()) {
      const c = this.loadWindow(s, w);
      if (c.ts.length === 0) continue;
      lo = Math.min(lo, c.ts[0]!);
      hi = Math.max(hi, c.ts[c.ts.length - 1]!);
    }
    return [lo, hi];
  }

  async downsample(sensor: string, from: number, to: number, buckets: number): Promise<DownsampledSeries> {
    this.check();
    const s = this.series.get(sensor);
    let lo = Math.max(from, -TIME_LIMIT);
    let hi = Math.min(to, TIME_LIMIT);
    if (s && (!Number.isFinite(from) || !Number.isFinite(to))) {
      const [dataLo, dataHi] = this.bounds(s);
      if (!Number.isFinite(from)) lo = Math.max(lo, dataLo);
      if (!Number.isFinite(to)) hi = Math.min(hi, dataHi + 1);
    }
    if (!(lo < hi)) lo = hi = Number.isFinite(from) ? from : 0;
    const plan = planBuckets(lo, hi, buckets, this.windowMs);
    const acc = new BucketAccumulator(lo, hi, plan.bucketMs);
    if (!s || !(lo < hi)) return acc.result(sensor, lo, hi, plan.source);
    const W = this.windowMs;
    const wFrom = Math.floor(lo / W) * W;
    const done = new Set<number>();
    const stmt = plan.source === 'rollup-minute' ? this.stmt.chunkMinutes : this.stmt.chunkStats;
    for (const row of stmt.iterate(s.id, wFrom, hi) as Iterable<Row>) {
      const w = row.window_start as number;
      done.add(w);
      const inside = (row.t_min as number) >= lo && (row.t_max as number) < hi;
      if (plan.source === 'raw' || !inside || s.heads.has(w)) {
        const c = sliceRange(this.loadWindow(s, w), lo, hi);
        acc.addRaw(c.ts, c.values);
      } else if (plan.source === 'rollup-chunk') {
        acc.add(w, row.n as number, row.v_min as number, row.v_max as number, row.v_sum as number);
      } else {
        decodeMinuteRollup(row.minutes as Buffer, w, acc);
      }
    }
    // Windows that exist only in the head.
    for (const w of s.heads.keys()) {
      if (done.has(w) || w < wFrom || w >= hi) continue;
      const c = sliceRange(this.loadWindow(s, w), lo, hi);
      acc.addRaw(c.ts, c.values);
    }
    return acc.result(sensor, lo, hi, plan.source);
  }

  async latest(sensors: readonly string[]): Promise<Map<string, Reading>> {
    this.check();
    const out = new Map<string, Reading>();
    for (const sensor of sensors) {
      const s = this.series.get(sensor);
      if (!s) continue;
      if (!s.latestKnown) {
        let w = (this.stmt.maxChunkWindow.get(s.id) as number | null) ?? Number.NEGATIVE_INFINITY;
        for (const h of s.heads.keys()) if (h > w) w = h;
        if (Number.isFinite(w)) {
          const c = this.loadWindow(s, w);
          const l = c.ts.length - 1;
          if (l >= 0) s.latest = { sensor, ts: c.ts[l]!, value: c.values[l]!, quality: c.quality[l]! };
        }
        s.latestKnown = true;
      }
      if (s.latest) out.set(sensor, { ...s.latest });
    }
    return out;
  }

  async flush(): Promise<void> {
    this.check();
    this.flushSync();
  }

  private flushSync(): void {
    this.flushTx();
    if (this.isFile()) {
      // Return the pages freed by deleted head rows, then fold the WAL into the main file and truncate it.
      this.db.pragma('incremental_vacuum');
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
  }

  private isFile(): boolean {
    return this.opts.path !== '' && this.opts.path !== ':memory:';
  }

  async stats(): Promise<StoreStats> {
    this.check();
    const chunks = this.db.prepare('SELECT COUNT(*) AS c, COALESCE(SUM(n), 0) AS n FROM reading_chunk').get() as {
      c: number;
      n: number;
    };
    const head = this.db.prepare('SELECT COALESCE(SUM(n), 0) FROM reading_head').pluck().get() as number;
    let bytesOnDisk: number;
    if (this.isFile()) {
      bytesOnDisk = statSync(this.opts.path).size;
      try {
        bytesOnDisk += statSync(`${this.opts.path}-wal`).size;
      } catch {
        // no WAL file (checkpointed and removed)
      }
    } else {
      bytesOnDisk =
        (this.db.pragma('page_count', { simple: true }) as number) *
        (this.db.pragma('page_size', { simple: true }) as number);
    }
    return { series: this.series.size, chunks: chunks.c, sealedReadings: chunks.n, headReadings: head, bytesOnDisk };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flushSync();
    this.closed = true;
    this.opts.onClose?.();
  }
}
