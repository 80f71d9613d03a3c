/**
 * The ReadingStore port on PostgreSQL 15 (native partitioning only; TimescaleDB is not required). Same layout
 * as the embedded store (sqlite/reading-store.ts), so both share the chunk codec, the minute rollups and the
 * downsample tiers, and pass the same conformance suite:
 *
 * - reading_head: raw recent readings as packed blocks, one row per (series, chunk window, append) written by
 *   binary COPY (copy-binary.ts; bulk ingest without a row or an index entry per reading). Its identity column
 *   records write order, so "last write wins" for re-sent (sensor, ts) pairs is applied when readings are merged,
 *   exactly like the SQLite head blocks.
 * - reading_chunk: one sealed chunk per sensor and chunk window (compressed with chunk-codec, 1-3 bytes per
 *   regular reading instead of ~40 bytes per row) with count/min/max/sum and per-minute rollups, partitioned by
 *   month (partitions.ts). Charts over long ranges read only the stats or the minute rollups.
 * - series: sensor ids and each sensor's latest reading, so latest() is one indexed query.
 *
 * Sealing: when a sensor's data moves into a newer window, its older head windows are complete and are
 * compacted (head rows + the existing chunk, for late data, merged and encoded into one chunk row; the head rows
 * deleted) right after the append's commit, on another connection while the next appends commit (one seal run
 * at a time; requests made meanwhile join the next run); flush() seals the rest and is called periodically and
 * on close.
 *
 * Consistency: reads that need more than one statement run in a REPEATABLE READ snapshot, so they never see a
 * compaction half done. Commits of one store instance are serialised in process (appends in flight are grouped
 * into one transaction), and so are its seal runs. Several processes (scale-out
 * workers) may append to one schema: COPY into the head never conflicts, and compactions (and retention) take a
 * schema-wide advisory lock before their snapshot, so a compaction merges every head row committed before it and
 * deletes exactly those. Each process seals the windows it wrote to; flush() on any of them seals what is left.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Reading } from '@prognos/core';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { forEachWindow, type GroupedSeries, SeriesBatcher } from '../common/series-batch';
import type { AppendResult, DownsampledSeries, ReadingStore, Series, StoreStats } from '../ports';
import { BucketAccumulator, planBuckets } from '../sqlite/buckets';
import { type Columns, decodeChunk, encodeChunk } from '../sqlite/chunk-codec';
import { concatLatest, emptyColumns, mergeSegments, sliceRange, sortDedupeInPlace } from '../sqlite/merge';
import { decodeMinuteRollup, encodeMinuteRollup, MINUTE_MS } from '../sqlite/minute-rollup';
import { HeadCopyWriter, packBlock, packedCount, parseHeadBlocks, unpackBlock } from './copy-binary';
import { quoteIdent } from './migrations';
import { createPartitionSql, partitionFor } from './partitions';
import { withTransaction } from './transaction';

/** Clamp for unbounded ranges and the accepted timestamp range: ±8.64e15 ms is the ECMAScript Date range. */
const TIME_LIMIT = 8.64e15;
/** Head readings sealed per compaction transaction (bounds memory when flush() seals a large backlog). */
const COMPACT_BATCH_READINGS = 500_000;
/** COPY data is handed to the socket in pieces of this size. */
const COPY_PIECE_BYTES = 1 << 20;

/** Readings the store keeps: a timestamp within the ECMAScript Date range and a numeric value. */
function isStorable(r: Reading): boolean {
  return typeof r.ts === 'number' && Math.abs(r.ts) <= TIME_LIMIT && typeof r.value === 'number';
}

interface SeriesState extends GroupedSeries {
  id: number;
  sensor: string;
  /** window start → head readings written by this process (or found on open) for that window. */
  heads: Map<number, number>;
  maxWindow: number;
}

export interface PgReadingStoreOptions {
  /** Chunk window in ms, a multiple of one minute. Fixed when the schema is created (see open.ts). */
  chunkWindowMs: number;
  /** zlib level for sealed chunks (default 1). */
  compressionLevel?: number;
  /** The schema the pool's connections use (their search_path). */
  schema: string;
  /** Called once when the store is closed (ends the pool it owns). */
  onClose?: () => Promise<void>;
}

/** What applyRetention() removed. */
export interface RetentionResult {
  /** Month partitions dropped whole. */
  droppedPartitions: string[];
  /** Chunks deleted one by one from the month that straddles the cut-off. */
  deletedChunks: number;
  /** Unsealed readings deleted. */
  deletedHeadReadings: number;
}

/** A head block: its row id (write order) and its packed readings. */
interface HeadBlock {
  id: number;
  data: Buffer;
}

type ChunkRow = [window: number, data: Buffer];

/** A window to seal: its series, window start and the head readings known for it when the seal started. */
type CompactItem = [series: SeriesState, window: number, readings: number];

/** An append waiting to be written in a group commit. */
interface PendingAppend {
  readings: readonly Reading[];
  resolve: (stored: number) => void;
  reject: (err: unknown) => void;
}

/** float8 parameters as text: String(-0) is "0", so the sign of zero is written explicitly. */
function f8(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/**
 * Head blocks of one window (several appends) as sorted columns with one reading per timestamp in [lo, hi), the
 * last written: blocks are unpacked in write order (row id), so the stable sort keeps the last write last.
 */
function headColumns(blocks: HeadBlock[], lo = Number.NEGATIVE_INFINITY, hi = Number.POSITIVE_INFINITY): Columns {
  let inOrder = true;
  for (let i = 1; i < blocks.length && inOrder; i++) inOrder = blocks[i]!.id > blocks[i - 1]!.id;
  if (!inOrder) blocks.sort((a, b) => a.id - b.id);
  let room = 0;
  for (const b of blocks) room += packedCount(b.data);
  const all: Columns = { ts: new Float64Array(room), values: new Float64Array(room), quality: new Uint8Array(room) };
  let end = 0;
  for (const b of blocks) end = unpackBlock(b.data, all, end, lo, hi);
  const c =
    end === room
      ? all
      : { ts: all.ts.subarray(0, end), values: all.values.subarray(0, end), quality: all.quality.subarray(0, end) };
  const n = sortDedupeInPlace(c, 0, c.ts.length);
  if (n === c.ts.length) return c;
  return { ts: c.ts.subarray(0, n), values: c.values.subarray(0, n), quality: c.quality.subarray(0, n) };
}

function* pieces(buf: Buffer): Generator<Buffer> {
  for (let p = 0; p < buf.length; p += COPY_PIECE_BYTES) yield buf.subarray(p, p + COPY_PIECE_BYTES);
}

export class PgReadingStore implements ReadingStore {
  readonly windowMs: number;
  private readonly level: number;
  private readonly series = new Map<string, SeriesState>();
  /** Names of the month partitions known to exist. */
  private readonly partitions = new Set<string>();
  private closed = false;
  /** Tail of the in-process write queue (append, flush, retention run one at a time). */
  private writes: Promise<unknown> = Promise.resolve();
  private readonly batcher = new SeriesBatcher<SeriesState>();
  /** Appends waiting for the commit queued last in `writes` (not started yet); later appends join it. */
  private openGroup: PendingAppend[] | undefined;
  /** Tail of the sealing queue (compactions, flush, retention run one at a time, beside appends). */
  private sealing: Promise<unknown> = Promise.resolve();
  /** Series that may have complete windows to seal, for the seal run queued next. */
  private sealCandidates = new Set<SeriesState>();
  /** The seal run queued and not started yet, which new seal requests join. */
  private nextSeal: Promise<void> | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly opts: PgReadingStoreOptions,
  ) {
    this.windowMs = opts.chunkWindowMs;
    this.level = opts.compressionLevel ?? 1;
    if (!(this.windowMs >= MINUTE_MS) || this.windowMs % MINUTE_MS !== 0) {
      throw new Error(`chunk window must be a positive multiple of ${MINUTE_MS} ms, got ${this.windowMs}`);
    }
  }

  /** A store on a migrated schema (see openPgReadingStore, which also creates the pool). */
  static async create(pool: pg.Pool, opts: PgReadingStoreOptions): Promise<PgReadingStore> {
    const store = new PgReadingStore(pool, opts);
    await store.loadState();
    return store;
  }

  /** Rebuilds the in-memory index (series ids, open head windows, partitions) from the database. */
  private async loadState(): Promise<void> {
    const W = this.windowMs;
    const [series, heads, maxes] = await Promise.all([
      this.pool.query<{ id: number; sensor: string }>('SELECT id, sensor FROM series'),
      // A head block never spans two windows: its t_min gives its window.
      this.pool.query<{ id: number; w: number; n: number }>(
        'SELECT series_id AS id, floor(t_min / $1) * $1 AS w, sum(n) AS n FROM reading_head GROUP BY 1, 2',
        [W],
      ),
      this.pool.query<{ id: number; w: number }>(
        'SELECT series_id AS id, max(window_start) AS w FROM reading_chunk GROUP BY series_id',
      ),
      this.loadPartitions(),
    ]);
    this.series.clear();
    const byId = new Map<number, SeriesState>();
    for (const r of series.rows) {
      const s = this.newState(r.id, r.sensor);
      this.series.set(r.sensor, s);
      byId.set(r.id, s);
    }
    for (const h of heads.rows) {
      const s = byId.get(h.id);
      if (!s) continue;
      s.heads.set(h.w, h.n);
      s.maxWindow = Math.max(s.maxWindow, h.w);
    }
    for (const m of maxes.rows) {
      const s = byId.get(m.id);
      if (s) s.maxWindow = Math.max(s.maxWindow, m.w);
    }
  }

  private async loadPartitions(): Promise<void> {
    const parts = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'reading_chunk'::regclass`,
    );
    this.partitions.clear();
    for (const p of parts.rows) this.partitions.add(p.name);
  }

  private newState(id: number, sensor: string): SeriesState {
    return { id, sensor, heads: new Map(), maxWindow: Number.NEGATIVE_INFINITY, stamp: 0, slot: 0 };
  }

  private check(): void {
    if (this.closed) throw new Error('reading store is closed');
  }

  /** Runs write work one call at a time, in call order (a failed call does not block the next). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn, fn);
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Runs read-only queries in one snapshot on one pooled connection. */
  private async snapshot<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const out = await fn(c);
      await c.query('COMMIT');
      c.release();
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      c.release();
      throw err;
    }
  }

  /**
   * Runs fn in a read-write transaction on one pooled connection. With `lock`, the connection first takes that
   * session-level advisory lock and the transaction (and its snapshot) starts only once it holds it.
   */
  private transaction<T>(isolation: string, fn: (c: pg.PoolClient) => Promise<T>, lock?: string): Promise<T> {
    return withTransaction(this.pool, fn, { isolation, lock });
  }

  /** Advisory lock that serialises compaction and retention of this schema across processes. */
  private get compactionLock(): string {
    return `prognos-compact:${this.opts.schema}`;
  }

  /**
   * Appends a batch. The promise resolves once the batch is committed (with synchronous_commit as configured on
   * the server, on by default), never before. Appends called while a commit is running are written together in
   * the next transaction (group commit), each still resolved with its own stored count. Windows the batch
   * completed are sealed right after the commit, on another connection, while the next commits proceed;
   * stats() and flush() wait for that sealing.
   */
  async append(readings: readonly Reading[]): Promise<AppendResult> {
    this.check();
    if (readings.length === 0) return { stored: 0 };
    const stored = await new Promise<number>((resolve, reject) => {
      let group = this.openGroup;
      if (!group) {
        const g: PendingAppend[] = [];
        group = g;
        this.openGroup = g;
        void this.exclusive(() => {
          // From here on, later appends start a new group (queued behind this commit).
          if (this.openGroup === g) this.openGroup = undefined;
          return this.commitGroup(g);
        });
      }
      group.push({ readings, resolve, reject });
    });
    return { stored };
  }

  /**
   * Runs write work other than appends in call order with them. Appends called after it must not join a group
   * queued before it, so the open group is closed.
   */
  private exclusiveOther<T>(fn: () => Promise<T>): Promise<T> {
    this.openGroup = undefined;
    return this.exclusive(fn);
  }

  /**
   * Writes a group of appends in one transaction, settles each append's promise once it has committed, and
   * queues the sealing of the windows it completed (not awaited: the next group commits meanwhile).
   */
  private async commitGroup(group: readonly PendingAppend[]): Promise<void> {
    let written: { stored: number[]; series: SeriesState[] };
    try {
      written = await this.writeGroup(group.map((g) => g.readings));
    } catch (err) {
      for (const g of group) g.reject(err);
      return;
    }
    for (let i = 0; i < group.length; i++) group[i]!.resolve(written.stored[i]!);
    // Sealing is not part of the append's durability (the readings are committed in the head): it runs beside
    // the next commits. A failed run leaves its windows to the next run; flush() seals everything left and
    // reports a failure that persists.
    this.requestSeal(written.series).catch(() => undefined);
  }

  /** Creates the series rows of sensors not seen before (one round trip for all of them). */
  private async ensureSeries(sensors: readonly string[]): Promise<void> {
    if (sensors.length === 0) return;
    await this.pool.query('INSERT INTO series (sensor) SELECT unnest($1::text[]) ON CONFLICT (sensor) DO NOTHING', [
      sensors,
    ]);
    const rows = await this.pool.query<{ id: number; sensor: string }>(
      'SELECT id, sensor FROM series WHERE sensor = ANY($1::text[])',
      [sensors],
    );
    for (const r of rows.rows) if (!this.series.has(r.sensor)) this.series.set(r.sensor, this.newState(r.id, r.sensor));
  }

  /**
   * Writes batches (in call order) as one binary COPY into the head plus one update of the series' latest
   * readings, in one transaction. Returns each batch's stored count and the series written.
   */
  private async writeGroup(
    batches: readonly (readonly Reading[])[],
  ): Promise<{ stored: number[]; series: SeriesState[] }> {
    const unknown = new Set<string>();
    let total = 0;
    for (const readings of batches) {
      total += readings.length;
      for (const r of readings) if (isStorable(r) && !this.series.has(r.sensor)) unknown.add(r.sensor);
    }
    await this.ensureSeries([...unknown]);

    // Every block holds at least one reading, so `total` blocks is an upper bound.
    const copy = new HeadCopyWriter(total, total);
    const headAdds: [SeriesState, number, number][] = [];
    // Each series' newest reading of the group; on equal timestamps the later batch wins (last write wins).
    const latest = new Map<SeriesState, { ts: number; value: number; quality: number }>();
    const stored: number[] = [];
    for (const readings of batches) {
      // Each batch is grouped (and deduplicated) on its own so that its stored count is its own; rows are
      // copied in batch order, so the head's identity column keeps the write order across batches.
      const batch = this.batcher.group(readings, isStorable, (sensor) => this.series.get(sensor)!);
      stored.push(batch.stored);
      const { ts, values, quality } = batch.cols;
      for (let k = 0; k < batch.series.length; k++) {
        const s = batch.series[k]!;
        const end = batch.ends[k]!;
        // One block per series and window: compaction then takes whole blocks.
        forEachWindow(ts, batch.starts[k]!, end, this.windowMs, (w, i, j) => {
          copy.block(s.id, batch.cols, i, j);
          headAdds.push([s, w, j - i]);
        });
        const l = end - 1;
        const prev = latest.get(s);
        if (prev === undefined || ts[l]! >= prev.ts)
          latest.set(s, { ts: ts[l]!, value: values[l]!, quality: quality[l]! });
      }
    }
    if (latest.size === 0) return { stored, series: [] };
    // Rows of `series` are updated in id order, so concurrent appends of several processes lock them in the same
    // order and cannot deadlock.
    const touched = [...latest.keys()].sort((x, y) => x.id - y.id);
    const latestParams = [
      touched.map((s) => s.id),
      touched.map((s) => f8(latest.get(s)!.ts)),
      touched.map((s) => f8(latest.get(s)!.value)),
      touched.map((s) => latest.get(s)!.quality),
    ];
    const data = copy.finish();
    await this.transaction('READ COMMITTED', async (c) => {
      const sink = c.query(copyFrom('COPY reading_head (series_id, t_min, t_max, n, data) FROM STDIN (FORMAT binary)'));
      await pipeline(Readable.from(pieces(data)), sink);
      // Keep each sensor's latest reading; an older (late) reading does not replace a newer one.
      await c.query(
        `UPDATE series AS s SET latest_ts = v.ts, latest_value = v.value, latest_quality = v.quality
         FROM unnest($1::int4[], $2::float8[], $3::float8[], $4::int2[]) AS v(id, ts, value, quality)
         WHERE s.id = v.id AND (s.latest_ts IS NULL OR s.latest_ts <= v.ts)`,
        latestParams,
      );
    });
    for (const [s, w, count] of headAdds) {
      s.heads.set(w, (s.heads.get(w) ?? 0) + count);
      if (w > s.maxWindow) s.maxWindow = w;
    }
    return { stored, series: touched };
  }

  /** Runs sealing work (compactions, flush, retention) one at a time, in call order, beside the appends. */
  private sealSerially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.sealing.then(fn, fn);
    this.sealing = run.catch(() => undefined);
    return run;
  }

  /**
   * Seals the complete windows of these series (those older than the series' newest window). Requests made
   * before a queued seal run has started join it, so a backlog of commits costs one compaction pass, not one each.
   */
  private requestSeal(series: readonly SeriesState[]): Promise<void> {
    let any = false;
    for (const s of series) {
      for (const w of s.heads.keys()) {
        if (w < s.maxWindow) {
          this.sealCandidates.add(s);
          any = true;
          break;
        }
      }
    }
    if (!any) return this.nextSeal ?? Promise.resolve();
    if (!this.nextSeal) {
      const run = this.sealSerially(async () => {
        if (this.nextSeal === run) this.nextSeal = undefined;
        const candidates = this.sealCandidates;
        this.sealCandidates = new Set();
        const items: CompactItem[] = [];
        for (const s of candidates) for (const [w, n] of s.heads) if (w < s.maxWindow) items.push([s, w, n]);
        try {
          await this.compact(items);
        } catch (err) {
          // Left for the next seal run or flush(), which seals every open window.
          for (const s of candidates) this.sealCandidates.add(s);
          throw err;
        }
      });
      this.nextSeal = run;
    }
    return this.nextSeal;
  }

  /** Seals windows into chunks, in transactions of at most COMPACT_BATCH_READINGS head readings. */
  private async compact(items: readonly CompactItem[]): Promise<void> {
    let batch: CompactItem[] = [];
    let size = 0;
    for (const item of items) {
      batch.push(item);
      size += item[2];
      if (size >= COMPACT_BATCH_READINGS) {
        await this.compactBatch(batch);
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) await this.compactBatch(batch);
  }

  /**
   * Merges the head rows (and any sealed chunk) of each (series, window) into one sealed chunk, under the
   * compaction lock, in one REPEATABLE READ transaction: the head rows it merges are exactly the ones it deletes.
   */
  private async compactBatch(items: readonly CompactItem[]): Promise<void> {
    try {
      await this.compactOnce(items);
    } catch (err) {
      // "no partition of relation found for row": another process's retention dropped a month this process
      // still believed to exist. Re-read the partitions (ensurePartitions recreates it) and try once more.
      if ((err as { code?: string }).code !== '23514') throw err;
      await this.loadPartitions();
      await this.compactOnce(items);
    }
  }

  private async compactOnce(items: readonly CompactItem[]): Promise<void> {
    const W = this.windowMs;
    await this.ensurePartitions(items.map(([, w]) => w));
    const sids = items.map(([s]) => s.id);
    const ws = items.map(([, w]) => w);
    const ends = ws.map((w) => w + W);
    let wMin = Number.POSITIVE_INFINITY;
    let wMax = Number.NEGATIVE_INFINITY;
    for (const w of ws) {
      if (w < wMin) wMin = w;
      if (w > wMax) wMax = w;
    }
    await this.transaction(
      'REPEATABLE READ',
      async (c) => {
        const chunks = await c.query<[number, number, Buffer]>({
          text: `SELECT c.series_id, c.window_start, c.data FROM reading_chunk c
               JOIN unnest($1::int4[], $2::int8[]) AS k(sid, w) ON c.series_id = k.sid AND c.window_start = k.w
               WHERE c.window_start BETWEEN $3 AND $4`,
          values: [sids, ws, wMin, wMax],
          rowMode: 'array',
        });
        // One statement reads and deletes the head blocks (exactly those of this snapshot), returned as binary
        // COPY. A block lies in one window, so its t_min selects it. RETURNING has no ORDER BY, so the ids come
        // along and headColumns() restores write order. COPY takes no bind parameters: the arrays are inlined,
        // and they hold only numbers formatted here.
        const list = (xs: readonly number[]) => `'{${xs.map((x) => String(x)).join(',')}}'`;
        const stream = c.query(
          copyTo(`COPY (DELETE FROM reading_head h
                   USING unnest(${list(sids)}::int4[], ${list(ws)}::float8[], ${list(ends)}::float8[]) AS k(sid, lo, hi)
                   WHERE h.series_id = k.sid AND h.t_min >= k.lo AND h.t_min < k.hi
                   RETURNING h.id, h.series_id, h.t_min, h.data) TO STDOUT (FORMAT binary)`),
        );
        const copied: Buffer[] = [];
        for await (const piece of stream) copied.push(piece as Buffer);
        const key = (sid: number, w: number) => `${sid}:${w}`;
        const chunkOf = new Map<string, Buffer>();
        for (const [sid, w, data] of chunks.rows) chunkOf.set(key(sid, w), data);
        const headOf = new Map<string, HeadBlock[]>();
        parseHeadBlocks(Buffer.concat(copied), (id, sid, tMin, data) => {
          const k = key(sid, Math.floor(tMin / W) * W);
          const blocks = headOf.get(k);
          if (blocks) blocks.push({ id, data });
          else headOf.set(k, [{ id, data }]);
        });
        const out = {
          sid: [] as number[],
          w: [] as number[],
          n: [] as number[],
          tMin: [] as string[],
          tMax: [] as string[],
          vMin: [] as string[],
          vMax: [] as string[],
          vSum: [] as string[],
          minutes: [] as Buffer[],
          data: [] as Buffer[],
        };
        for (const [s, w] of items) {
          const segments: Columns[] = [];
          const chunk = chunkOf.get(key(s.id, w));
          if (chunk) segments.push(decodeChunk(chunk));
          const head = headOf.get(key(s.id, w));
          if (head) segments.push(headColumns(head));
          if (!head) continue; // nothing new for this window (its chunk stays as it is)
          const cols = mergeSegments(segments);
          const n = cols.ts.length;
          const enc = encodeChunk(cols, n, this.level);
          const r = encodeMinuteRollup(cols.ts, cols.values, n, w, enc.exponent);
          out.sid.push(s.id);
          out.w.push(w);
          out.n.push(n);
          out.tMin.push(f8(cols.ts[0]!));
          out.tMax.push(f8(cols.ts[n - 1]!));
          out.vMin.push(f8(r.min));
          out.vMax.push(f8(r.max));
          out.vSum.push(f8(r.sum));
          out.minutes.push(r.blob);
          out.data.push(enc.data);
        }
        if (out.sid.length > 0) {
          await c.query(
            `INSERT INTO reading_chunk (series_id, window_start, n, t_min, t_max, v_min, v_max, v_sum, minutes, data)
           SELECT * FROM unnest($1::int4[], $2::int8[], $3::int4[], $4::float8[], $5::float8[], $6::float8[],
             $7::float8[], $8::float8[], $9::bytea[], $10::bytea[])
           ON CONFLICT (series_id, window_start) DO UPDATE SET n = excluded.n, t_min = excluded.t_min,
             t_max = excluded.t_max, v_min = excluded.v_min, v_max = excluded.v_max, v_sum = excluded.v_sum,
             minutes = excluded.minutes, data = excluded.data`,
            [out.sid, out.w, out.n, out.tMin, out.tMax, out.vMin, out.vMax, out.vSum, out.minutes, out.data],
          );
        }
      },
      this.compactionLock,
    );
    // Subtract what was sealed rather than forget the window: appends commit while a seal runs, and late
    // readings committed after this transaction's snapshot are still in the head, to be sealed next time.
    for (const [s, w, n] of items) {
      const left = (s.heads.get(w) ?? 0) - n;
      if (left > 0) s.heads.set(w, left);
      else s.heads.delete(w);
    }
  }

  /** Creates the month partitions that chunks starting at these windows go to, when missing. */
  private async ensurePartitions(windows: readonly number[]): Promise<void> {
    for (const w of windows) {
      const p = partitionFor(w);
      if (this.partitions.has(p.name)) continue;
      try {
        await this.pool.query(createPartitionSql(p));
      } catch (err) {
        // Another process may have created it at the same moment (IF NOT EXISTS is not race-free).
        const exists = await this.pool.query('SELECT to_regclass($1) IS NOT NULL AS ok', [quoteIdent(p.name)]);
        if (!exists.rows[0]?.ok) throw err;
      }
      this.partitions.add(p.name);
    }
  }

  /** The series id of a sensor (also one created by another process), or undefined. */
  private async seriesId(sensor: string): Promise<number | undefined> {
    const s = this.series.get(sensor);
    if (s) return s.id;
    const r = await this.pool.query<{ id: number }>('SELECT id FROM series WHERE sensor = $1', [sensor]);
    const id = r.rows[0]?.id;
    if (id !== undefined) this.series.set(sensor, this.newState(id, sensor));
    return id;
  }

  /** Head readings of a series with lo <= ts < hi, grouped by window (last write wins in each). */
  private async headWindows(c: pg.PoolClient, id: number, lo: number, hi: number): Promise<Map<number, Columns>> {
    const W = this.windowMs;
    // A block lies in one window, so blocks with readings in [lo, hi) start at or after lo's window start.
    const r = await c.query<[number, number, Buffer]>({
      text: 'SELECT id, t_min, data FROM reading_head WHERE series_id = $1 AND t_min >= $2 AND t_min < $3 AND t_max >= $4',
      values: [id, f8(Math.floor(lo / W) * W), f8(hi), f8(lo)],
      rowMode: 'array',
    });
    const groups = new Map<number, HeadBlock[]>();
    for (const [blockId, tMin, data] of r.rows) {
      const w = Math.floor(tMin / W) * W;
      const blocks = groups.get(w);
      if (blocks) blocks.push({ id: blockId, data });
      else groups.set(w, [{ id: blockId, data }]);
    }
    const out = new Map<number, Columns>();
    for (const [w, blocks] of groups) {
      const cols = headColumns(blocks, lo, hi);
      if (cols.ts.length > 0) out.set(w, cols);
    }
    return out;
  }

  /** One window's readings in [lo, hi): the sealed chunk and the newer head rows merged (last write wins). */
  private windowColumns(chunk: Buffer | undefined, head: Columns | undefined, lo: number, hi: number): Columns {
    const segments: Columns[] = [];
    // The head rows are the window's newest writes: compaction folds them into the chunk and deletes them.
    if (chunk) segments.push(sliceRange(decodeChunk(chunk), lo, hi));
    if (head) segments.push(head);
    return mergeSegments(segments);
  }

  async read(sensor: string, from: number, to: number, limit?: number): Promise<Series> {
    this.check();
    const lo = Math.max(from, -TIME_LIMIT);
    const hi = Math.min(to, TIME_LIMIT);
    if (!(lo < hi) || (limit !== undefined && limit <= 0)) return { sensor, ...emptyColumns() };
    const id = await this.seriesId(sensor);
    if (id === undefined) return { sensor, ...emptyColumns() };
    const W = this.windowMs;
    const wFrom = Math.floor(lo / W) * W;
    // window_start is an integer: window_start < hi ⇔ window_start < ceil(hi).
    const wTo = Math.ceil(hi);
    const parts: Columns[] = [];
    let total = 0;
    await this.snapshot(async (c) => {
      const heads = await this.headWindows(c, id, lo, hi);
      if (limit === undefined) {
        const chunks = await c.query<ChunkRow>({
          text: `SELECT window_start, data FROM reading_chunk
                 WHERE series_id = $1 AND window_start >= $2 AND window_start < $3 ORDER BY window_start`,
          values: [id, wFrom, wTo],
          rowMode: 'array',
        });
        const chunkOf = new Map(chunks.rows);
        const windows = [...new Set([...chunkOf.keys(), ...heads.keys()])].sort((a, b) => a - b);
        for (const w of windows) {
          const cols = this.windowColumns(chunkOf.get(w), heads.get(w), lo, hi);
          parts.push(cols);
          total += cols.ts.length;
        }
        return;
      }
      // Latest `limit` readings: walk windows newest first, fetching one chunk at a time, and stop as soon as
      // enough are collected.
      const headKeys = [...heads.keys()].sort((a, b) => b - a);
      let h = 0;
      let cursor = wTo;
      let next: ChunkRow | null | undefined;
      while (total < limit) {
        if (next === undefined) {
          const r = await c.query<ChunkRow>({
            text: `SELECT window_start, data FROM reading_chunk
                   WHERE series_id = $1 AND window_start >= $2 AND window_start < $3
                   ORDER BY window_start DESC LIMIT 1`,
            values: [id, wFrom, cursor],
            rowMode: 'array',
          });
          next = r.rows[0] ?? null;
        }
        const cw = next ? next[0] : Number.NEGATIVE_INFINITY;
        const hw = h < headKeys.length ? headKeys[h]! : Number.NEGATIVE_INFINITY;
        const w = Math.max(cw, hw);
        if (w === Number.NEGATIVE_INFINITY) break;
        let chunk: Buffer | undefined;
        if (cw === w) {
          chunk = next![1];
          next = undefined;
        }
        if (hw === w) h++;
        const cols = this.windowColumns(chunk, hw === w ? heads.get(w) : undefined, lo, hi);
        parts.unshift(cols);
        total += cols.ts.length;
        cursor = w;
      }
    });
    return { sensor, ...concatLatest(parts, total, limit) };
  }

  async downsample(sensor: string, from: number, to: number, buckets: number): Promise<DownsampledSeries> {
    this.check();
    const id = await this.seriesId(sensor);
    let lo = Math.max(from, -TIME_LIMIT);
    let hi = Math.min(to, TIME_LIMIT);
    if (id !== undefined && (!Number.isFinite(from) || !Number.isFinite(to))) {
      // Unbounded ends resolve to the series' data bounds.
      const b = await this.pool.query<{ lo: number | null; hi: number | null }>(
        `SELECT LEAST((SELECT min(t_min) FROM reading_chunk WHERE series_id = $1),
                      (SELECT min(t_min) FROM reading_head WHERE series_id = $1)) AS lo,
                GREATEST((SELECT max(t_max) FROM reading_chunk WHERE series_id = $1),
                         (SELECT max(t_max) FROM reading_head WHERE series_id = $1)) AS hi`,
        [id],
      );
      const dataLo = b.rows[0]?.lo ?? Number.POSITIVE_INFINITY;
      const dataHi = b.rows[0]?.hi ?? Number.NEGATIVE_INFINITY;
      if (!Number.isFinite(from)) lo = Math.max(lo, dataLo);
      if (!Number.isFinite(to)) hi = Math.min(hi, dataHi + 1);
    }
    if (!(lo < hi)) lo = hi = Number.isFinite(from) ? from : 0;
    const plan = planBuckets(lo, hi, buckets, this.windowMs);
    const acc = new BucketAccumulator(lo, hi, plan.bucketMs);
    if (id === undefined || !(lo < hi)) return acc.result(sensor, lo, hi, plan.source);
    const W = this.windowMs;
    const wFrom = Math.floor(lo / W) * W;
    const wTo = Math.ceil(hi);
    await this.snapshot(async (c) => {
      const heads = await this.headWindows(c, id, lo, hi);
      // Raw tier: the range is short, fetch the chunk data at once; rollup tiers read stats or minute rollups.
      const extra = plan.source === 'raw' ? ', data' : plan.source === 'rollup-minute' ? ', minutes' : '';
      const rows = await c.query({
        text: `SELECT window_start, n, t_min, t_max, v_min, v_max, v_sum${extra} FROM reading_chunk
               WHERE series_id = $1 AND window_start >= $2 AND window_start < $3 ORDER BY window_start`,
        values: [id, wFrom, wTo],
      });
      const rawWindows: number[] = [];
      const rawData = new Map<number, Buffer>();
      const done = new Set<number>();
      for (const row of rows.rows) {
        const w = row.window_start as number;
        done.add(w);
        const inside = row.t_min >= lo && row.t_max < hi;
        // A chunk partly outside the range, or with newer head rows in it, is read raw.
        if (plan.source === 'raw' || !inside || heads.has(w)) {
          if (row.data) rawData.set(w, row.data);
          else rawWindows.push(w);
        } else if (plan.source === 'rollup-chunk') {
          acc.add(w, row.n, row.v_min, row.v_max, row.v_sum);
        } else {
          decodeMinuteRollup(row.minutes, w, acc);
        }
      }
      if (rawWindows.length > 0) {
        const r = await c.query<ChunkRow>({
          text: 'SELECT window_start, data FROM reading_chunk WHERE series_id = $1 AND window_start = ANY($2::int8[])',
          values: [id, rawWindows],
          rowMode: 'array',
        });
        for (const [w, data] of r.rows) rawData.set(w, data);
      }
      for (const [w, data] of rawData) {
        const cols = this.windowColumns(data, heads.get(w), lo, hi);
        acc.addRaw(cols.ts, cols.values);
      }
      // Windows that exist only in the head.
      for (const [w, head] of heads) {
        if (done.has(w)) continue;
        const cols = this.windowColumns(undefined, head, lo, hi);
        acc.addRaw(cols.ts, cols.values);
      }
    });
    return acc.result(sensor, lo, hi, plan.source);
  }

  async latest(sensors: readonly string[]): Promise<Map<string, Reading>> {
    this.check();
    const out = new Map<string, Reading>();
    if (sensors.length === 0) return out;
    const r = await this.pool.query<{ sensor: string; ts: number; value: number; quality: number }>(
      `SELECT sensor, latest_ts AS ts, latest_value AS value, latest_quality AS quality FROM series
       WHERE sensor = ANY($1::text[]) AND latest_ts IS NOT NULL`,
      [[...sensors]],
    );
    for (const row of r.rows)
      out.set(row.sensor, { sensor: row.sensor, ts: row.ts, value: row.value, quality: row.quality });
    return out;
  }

  async flush(): Promise<void> {
    this.check();
    // Behind the appends called before it (exclusive) and the seal runs they triggered (sealSerially).
    await this.exclusiveOther(() => this.sealSerially(() => this.flushLocked()));
  }

  private async flushLocked(): Promise<void> {
    const items: CompactItem[] = [];
    for (const s of this.series.values()) for (const [w, n] of s.heads) items.push([s, w, n]);
    this.sealCandidates.clear();
    await this.compact(items);
    if (items.length > 0) await this.reclaimHead();
  }

  /**
   * Returns the space of compacted head rows (the counterpart of the embedded store's incremental_vacuum): an
   * empty head is truncated, which also shrinks its index (VACUUM would leave the index at its peak size). The
   * emptiness check runs under the table lock, so no concurrent COPY can slip in. The lock wait is capped at 1 s
   * (long enough for an autovacuum of the head to give way, short enough not to stall readers queued behind
   * it); when it is not granted or other writers keep the head busy, VACUUM makes the space reusable instead.
   */
  private async reclaimHead(): Promise<void> {
    let truncated = false;
    try {
      truncated = await this.transaction('READ COMMITTED', async (c) => {
        await c.query("SET LOCAL lock_timeout = '1s'");
        await c.query('LOCK TABLE reading_head IN ACCESS EXCLUSIVE MODE');
        const r = await c.query<{ busy: boolean }>('SELECT EXISTS (SELECT 1 FROM reading_head) AS busy');
        if (r.rows[0]!.busy) return false;
        await c.query('TRUNCATE reading_head');
        return true;
      });
    } catch (err) {
      if ((err as { code?: string }).code !== '55P03') throw err; // lock_not_available: readers or writers busy
    }
    if (!truncated) await this.pool.query('VACUUM reading_head');
  }

  /**
   * Retention: removes readings older than `before` (ms). Whole month partitions whose chunks all end before the
   * cut-off are dropped (cheap: no row-by-row delete, space returned at once); in the month that straddles the
   * cut-off, chunks that end before it are deleted. A chunk that straddles the cut-off is kept whole, so readings
   * up to one chunk window older than `before` may remain. Unsealed readings older than `before` are deleted.
   * Not part of the ReadingStore port (the embedded store keeps everything); call it from a scheduled job.
   */
  async applyRetention(before: number): Promise<RetentionResult> {
    this.check();
    if (!Number.isFinite(before)) throw new Error(`retention cut-off must be a finite time, got ${before}`);
    const cut = Math.min(Math.max(before, -TIME_LIMIT), TIME_LIMIT);
    return this.exclusiveOther(() => this.sealSerially(() => this.retentionLocked(cut)));
  }

  private async retentionLocked(cut: number): Promise<RetentionResult> {
    const W = this.windowMs;
    const parts = await this.pool.query<{ name: string; bound: string }>(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'reading_chunk'::regclass`,
    );
    const dropped: string[] = [];
    for (const p of parts.rows) {
      // e.g. FOR VALUES FROM ('1709251200000') TO ('1711929600000'); MAXVALUE partitions are never dropped.
      const m = /TO \('?(-?\d+)'?\)/.exec(p.bound);
      if (!m) continue;
      const to = Number(m[1]);
      // The last chunk that can start in the partition ends at ceil(to / W) * W.
      if (Math.ceil(to / W) * W <= cut) dropped.push(p.name);
    }
    const result = await this.transaction(
      'READ COMMITTED',
      async (c) => {
        for (const name of dropped) await c.query(`DROP TABLE ${quoteIdent(name)}`);
        // window_start + W <= before ⇔ window_start <= floor(before) - W (window_start is an integer).
        const chunks = await c.query('DELETE FROM reading_chunk WHERE window_start <= $1', [Math.floor(cut) - W]);
        return {
          droppedPartitions: dropped,
          deletedChunks: chunks.rowCount ?? 0,
          deletedHeadReadings: await this.deleteHeadBefore(c, cut),
        };
      },
      this.compactionLock,
    );
    await this.loadState();
    this.sealCandidates.clear(); // they refer to the series states loadState() replaced
    return result;
  }

  /**
   * Deletes the head readings older than `cut`: blocks that end before it whole, and the older part of blocks
   * that straddle it (rewritten with the readings they keep, in their order). Returns the readings deleted.
   */
  private async deleteHeadBefore(c: pg.PoolClient, cut: number): Promise<number> {
    const whole = await c.query<{ n: number }>(
      'WITH d AS (DELETE FROM reading_head WHERE t_max < $1 RETURNING n) SELECT COALESCE(sum(n), 0) AS n FROM d',
      [f8(cut)],
    );
    let deleted = Number(whole.rows[0]!.n);
    const straddling = await c.query<[number, Buffer]>({
      text: 'SELECT id, data FROM reading_head WHERE t_min < $1',
      values: [f8(cut)],
      rowMode: 'array',
    });
    for (const [id, data] of straddling.rows) {
      const n = packedCount(data);
      const keep: Columns = { ts: new Float64Array(n), values: new Float64Array(n), quality: new Uint8Array(n) };
      const kept = unpackBlock(data, keep, 0, cut, Number.POSITIVE_INFINITY);
      let tMin = Number.POSITIVE_INFINITY;
      let tMax = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < kept; i++) {
        tMin = Math.min(tMin, keep.ts[i]!);
        tMax = Math.max(tMax, keep.ts[i]!);
      }
      // t_max >= cut, so at least one reading is kept.
      await c.query('UPDATE reading_head SET t_min = $2, t_max = $3, n = $4, data = $5 WHERE id = $1', [
        id,
        f8(tMin),
        f8(tMax),
        kept,
        packBlock(keep, 0, kept),
      ]);
      deleted += n - kept;
    }
    return deleted;
  }

  async stats(): Promise<StoreStats> {
    this.check();
    // Count what the appends so far leave behind once sealed, not a compaction in progress.
    await this.sealing;
    const r = await this.pool.query<{ series: number; chunks: number; sealed: number; head: number; bytes: number }>(
      `SELECT (SELECT count(*) FROM series) AS series,
              (SELECT count(*) FROM reading_chunk) AS chunks,
              (SELECT COALESCE(sum(n), 0) FROM reading_chunk) AS sealed,
              (SELECT COALESCE(sum(n), 0) FROM reading_head) AS head,
              (SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c
                WHERE c.relnamespace = $1::text::regnamespace AND c.relkind = 'r') AS bytes`,
      [this.opts.schema],
    );
    const row = r.rows[0]!;
    return {
      series: Number(row.series),
      chunks: Number(row.chunks),
      sealedReadings: Number(row.sealed),
      headReadings: Number(row.head),
      bytesOnDisk: Number(row.bytes),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.opts.onClose?.();
  }
}
