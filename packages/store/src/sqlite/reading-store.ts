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
import { forEachWindow, type GroupedSeries, SeriesBatcher } from '../common/series-batch';
import type { AppendResult, DownsampledSeries, ReadingStore, RetentionSummary, Series, StoreStats } from '../ports';
import { BucketAccumulator, planBuckets } from './buckets';
import { type Columns, decodeChunk, encodeChunk } from './chunk-codec';
import { packHead, unpackHead } from './head-block';
import { concatLatest, emptyColumns, mergeSegments, sliceRange } from './merge';
import { decodeMinuteRollup, encodeMinuteRollup, MINUTE_MS } from './minute-rollup';
import { prepareReadingStatements, type ReadingStatements } from './reading-statements';

export const DEFAULT_CHUNK_WINDOW_MS = 3_600_000;
/** Clamp for unbounded ranges: ±8.64e15 ms is the ECMAScript Date range. */
const TIME_LIMIT = 8.64e15;

/** Readings the store keeps: a numeric, finite timestamp and a numeric value. */
function isStorable(r: Reading): boolean {
  return typeof r.ts === 'number' && Number.isFinite(r.ts) && typeof r.value === 'number';
}

interface SeriesState extends GroupedSeries {
  id: number;
  sensor: string;
  /** window start → readings held in head rows for that window. */
  heads: Map<number, number>;
  maxWindow: number;
  latest: Reading | undefined;
  /** False after a restart until latest() has consulted the store once. */
  latestKnown: boolean;
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
  private closed = false;
  private readonly batcher = new SeriesBatcher<SeriesState>();
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

  private appendSync(readings: readonly Reading[]): number {
    const batch = this.batcher.group(readings, isStorable, (sensor) => this.seriesFor(sensor));
    const cols = batch.cols;
    // One head row per series and window.
    for (let k = 0; k < batch.series.length; k++) {
      const s = batch.series[k]!;
      const end = batch.ends[k]!;
      forEachWindow(cols.ts, batch.starts[k]!, end, this.windowMs, (w, i, j) => {
        this.stmt.insertHead.run(s.id, w, j - i, packHead(cols, i, j));
        s.heads.set(w, (s.heads.get(w) ?? 0) + (j - i));
        if (w > s.maxWindow) s.maxWindow = w;
      });
      const l = end - 1;
      if (s.latestKnown && (s.latest === undefined || cols.ts[l]! >= s.latest.ts)) {
        s.latest = { sensor: s.sensor, ts: cols.ts[l]!, value: cols.values[l]!, quality: cols.quality[l]! };
      }
    }
    // Compaction of windows that are complete (the series has moved on to a newer window).
    for (const s of batch.series) {
      for (const w of s.heads.keys()) if (w < s.maxWindow) this.compact(s, w);
    }
    return batch.stored;
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
    return { sensor, ...concatLatest(parts, total, limit) };
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

  /**
   * Retention: deletes every window that ends at or before `before` (sealed chunks and head rows), in one
   * transaction. The window that straddles the cut-off is kept whole, so a little more than asked may remain.
   */
  async applyRetention(before: number): Promise<RetentionSummary> {
    this.check();
    if (!Number.isFinite(before)) throw new Error(`retention cut-off must be a finite time, got ${before}`);
    // window_start + W <= before ⇔ window_start <= floor(before) - W (window starts are integers).
    const last = Math.floor(before) - this.windowMs;
    const result = this.db.transaction(() => {
      const heads = this.db
        .prepare('SELECT COALESCE(SUM(n), 0) FROM reading_head WHERE window_start <= ?')
        .pluck()
        .get(last) as number;
      this.db.prepare('DELETE FROM reading_head WHERE window_start <= ?').run(last);
      const chunks = this.db.prepare('DELETE FROM reading_chunk WHERE window_start <= ?').run(last).changes;
      return { deletedChunks: chunks, deletedHeadReadings: heads };
    })();
    for (const s of this.series.values()) {
      for (const w of [...s.heads.keys()]) if (w <= last) s.heads.delete(w);
      // the latest reading may have gone with its window: found again on the next latest()
      if (s.latest && s.latest.ts < before) {
        s.latest = undefined;
        s.latestKnown = false;
      }
    }
    if (this.isFile()) this.db.pragma('incremental_vacuum');
    return result;
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
