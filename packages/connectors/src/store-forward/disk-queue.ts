import { type FileHandle, mkdir, open, readdir, readFile, rename, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reading } from '@prognos/core';
import type { ConnectorLog } from '../contract';
import { decodePayload, encodeRecord, RECORD_HEADER_BYTES, recordReadingCount, scanRecords } from './codec';

interface Segment {
  seq: number;
  path: string;
  /** Bytes of complete records in the file (what a reader may read). */
  bytes: number;
  /** Where the next undelivered record starts. */
  readOffset: number;
  /** Readings after readOffset. */
  remaining: number;
}

export interface DiskQueueOptions {
  dir: string;
  /** Upper bound of the segment files together, bytes. */
  maxBytes: number;
  /** A new segment file starts when the current one reaches this size. */
  segmentBytes: number;
  log?: ConnectorLog;
}

/** A batch handed out by `read`: deliver it, then `commit` (or `release` when delivery failed). */
export interface QueueBatch {
  readings: Reading[];
  seq: number;
  end: number;
  count: number;
}

interface QueueState {
  headSeq: number;
  headOffset: number;
  evicted: number;
}

const SEGMENT_RE = /^seg-(\d{12})\.log$/;
const READ_WINDOW = 4 << 20;

function segName(seq: number): string {
  return `seg-${String(seq).padStart(12, '0')}.log`;
}

/**
 * An append-only queue of reading batches in segment files. Appends are fsync'd; eviction drops whole segments,
 * oldest first, so it never rewrites a file. The read position survives restarts through a small state file.
 */
export class DiskQueue {
  private segments: Segment[] = [];
  private writer?: { seq: number; fh: FileHandle };
  private nextSeq = 1;
  private appending = false;
  private inflight?: { seq: number; count: number; orphaned: boolean };
  private stateChain: Promise<void> = Promise.resolve();
  /** Readings dropped because the bound was hit (kept across restarts). */
  evicted = 0;

  constructor(private readonly o: DiskQueueOptions) {}

  get buffered(): number {
    let n = 0;
    for (const s of this.segments) n += s.remaining;
    return n;
  }

  get bytes(): number {
    let n = 0;
    for (const s of this.segments) n += s.bytes;
    return n;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  async open(): Promise<void> {
    await mkdir(this.o.dir, { recursive: true });
    const state = await this.readState();
    this.evicted = state?.evicted ?? 0;
    const seqs = (await readdir(this.o.dir))
      .map((f) => SEGMENT_RE.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const seq of seqs) {
      const path = join(this.o.dir, segName(seq));
      this.nextSeq = Math.max(this.nextSeq, seq + 1);
      if (state && seq < state.headSeq) {
        await unlink(path).catch(() => {});
        continue;
      }
      const buf = await readFile(path);
      const it = scanRecords(buf);
      let remaining = 0;
      const readOffset = state && seq === state.headSeq ? state.headOffset : 0;
      let r = it.next();
      while (!r.done) {
        if (r.value.offset >= readOffset) remaining += recordReadingCount(r.value.payload);
        r = it.next();
      }
      const { validEnd, damaged } = r.value;
      if (validEnd < buf.length) {
        // a crash mid-append leaves a torn last record; it was never acknowledged (emit had not resolved)
        this.o.log?.warn(
          { file: path, validEnd, size: buf.length, damaged },
          'store-and-forward: cutting a torn record off a segment',
        );
        await truncate(path, validEnd);
      }
      if (remaining === 0) {
        await unlink(path).catch(() => {});
        continue;
      }
      this.segments.push({ seq, path, bytes: validEnd, readOffset: Math.min(readOffset, validEnd), remaining });
    }
    await this.saveState();
  }

  /**
   * Appends one batch durably (write + fdatasync). When the bound would be exceeded, whole segments are evicted
   * oldest first; returns how many readings that dropped.
   */
  async append(readings: readonly Reading[]): Promise<number> {
    const rec = encodeRecord(readings);
    this.appending = true;
    try {
      let dropped = 0;
      while (this.segments.length > 0 && this.bytes + rec.length > this.o.maxBytes) {
        dropped += await this.evictOldest();
      }
      if (!this.writer || this.tail()!.bytes >= this.o.segmentBytes) await this.roll();
      const fh = this.writer!.fh;
      let off = 0;
      while (off < rec.length) {
        const { bytesWritten } = await fh.write(rec, off, rec.length - off, null);
        off += bytesWritten;
      }
      await fh.datasync();
      const seg = this.tail()!;
      seg.bytes += rec.length;
      seg.remaining += readings.length;
      if (dropped > 0) await this.saveState();
      return dropped;
    } finally {
      this.appending = false;
    }
  }

  /** The oldest undelivered readings, whole records only, about `maxReadings` of them. */
  async read(maxReadings: number): Promise<QueueBatch | undefined> {
    const seg = this.segments.find((s) => s.remaining > 0);
    if (!seg) return undefined;
    const fh = await open(seg.path, 'r');
    try {
      let want = Math.min(seg.bytes - seg.readOffset, READ_WINDOW);
      let buf = Buffer.allocUnsafe(want);
      await fh.read(buf, 0, want, seg.readOffset);
      const first = buf.readUInt32LE(0) + RECORD_HEADER_BYTES;
      if (first > want) {
        // one record larger than the read window: read exactly that record
        want = first;
        buf = Buffer.allocUnsafe(want);
        await fh.read(buf, 0, want, seg.readOffset);
      }
      const readings: Reading[] = [];
      let end = seg.readOffset;
      let count = 0;
      const it = scanRecords(buf);
      for (let r = it.next(); !r.done; r = it.next()) {
        const before = readings.length;
        decodePayload(r.value.payload, readings);
        count += readings.length - before;
        end = seg.readOffset + r.value.end;
        if (count >= maxReadings) break;
      }
      if (count === 0) {
        // the bytes below seg.bytes were written and synced by us; damage here means the disk lost data
        this.o.log?.error({ file: seg.path, offset: seg.readOffset }, 'store-and-forward: unreadable segment dropped');
        this.evicted += seg.remaining;
        this.segments = this.segments.filter((s) => s !== seg);
        if (this.writer?.seq === seg.seq) await this.closeWriter();
        await unlink(seg.path).catch(() => {});
        await this.saveState();
        return this.read(maxReadings);
      }
      this.inflight = { seq: seg.seq, count, orphaned: false };
      return { readings, seq: seg.seq, end, count };
    } finally {
      await fh.close();
    }
  }

  /** The batch was delivered: advance past it (and delete a segment that is fully delivered). */
  async commit(b: QueueBatch): Promise<void> {
    this.inflight = undefined;
    const seg = this.segments.find((s) => s.seq === b.seq);
    if (!seg) return; // evicted while in flight; it was delivered nonetheless
    seg.readOffset = b.end;
    seg.remaining -= b.count;
    if (seg.remaining === 0 && !(this.writer?.seq === seg.seq && this.appending)) {
      this.segments = this.segments.filter((s) => s !== seg);
      if (this.writer?.seq === seg.seq) await this.closeWriter();
      await unlink(seg.path).catch(() => {});
    }
    await this.saveState();
  }

  /** The batch was not delivered. Returns how many of its readings are lost (its segment was evicted meanwhile). */
  release(_b: QueueBatch): number {
    const f = this.inflight;
    this.inflight = undefined;
    if (f?.orphaned) {
      this.evicted += f.count;
      void this.saveState();
      return f.count;
    }
    return 0;
  }

  async close(): Promise<void> {
    await this.closeWriter();
    await this.saveState();
  }

  private tail(): Segment | undefined {
    return this.segments[this.segments.length - 1];
  }

  private async roll(): Promise<void> {
    await this.closeWriter();
    const seq = this.nextSeq++;
    const path = join(this.o.dir, segName(seq));
    const fh = await open(path, 'a');
    this.writer = { seq, fh };
    this.segments.push({ seq, path, bytes: 0, readOffset: 0, remaining: 0 });
    // make the new file's directory entry durable too, or a crash could lose a whole fsync'd segment
    const d = await open(this.o.dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  }

  private async closeWriter(): Promise<void> {
    const w = this.writer;
    this.writer = undefined;
    if (w) await w.fh.close();
  }

  private async evictOldest(): Promise<number> {
    const seg = this.segments.shift()!;
    let lost = seg.remaining;
    if (this.inflight && this.inflight.seq === seg.seq) {
      // the batch being delivered right now is not lost yet: it is counted only if that delivery fails
      this.inflight.orphaned = true;
      lost -= this.inflight.count;
    }
    if (this.writer?.seq === seg.seq) await this.closeWriter();
    await unlink(seg.path).catch(() => {});
    this.evicted += lost;
    return lost;
  }

  private async readState(): Promise<QueueState | undefined> {
    try {
      const s = JSON.parse(await readFile(join(this.o.dir, 'state.json'), 'utf8')) as QueueState;
      return typeof s.headSeq === 'number' && typeof s.headOffset === 'number' ? s : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Persists the read position. Not fsync'd on purpose: losing it in a crash only re-delivers a few batches, and the
   * store treats a re-sent (sensor, ts) as the same reading.
   */
  private saveState(): Promise<void> {
    this.stateChain = this.stateChain.then(async () => {
      const head = this.segments[0];
      const s: QueueState = {
        headSeq: head?.seq ?? this.nextSeq,
        headOffset: head?.readOffset ?? 0,
        evicted: this.evicted,
      };
      const file = join(this.o.dir, 'state.json');
      await writeFile(`${file}.tmp`, JSON.stringify(s));
      await rename(`${file}.tmp`, file);
    });
    const p = this.stateChain;
    this.stateChain = p.catch((err) => this.o.log?.warn({ err: String(err) }, 'store-and-forward: state not saved'));
    return this.stateChain;
  }
}
