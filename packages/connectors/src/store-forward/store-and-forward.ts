import type { Reading } from '@prognos/core';
import { Backoff, type BackoffOptions } from '../backoff';
import type { ConnectorEvent, ConnectorLog, Emit } from '../contract';
import { DiskQueue } from './disk-queue';
import { withTimeout } from './sink-timeout';

/** Downstream of a connector: resolves when the readings are stored; rejects when the store/server is unreachable. */
export type ReadingSink = (readings: Reading[]) => Promise<void>;

export interface StoreAndForwardOptions {
  /** Folder of this buffer's segment files (one per connector). */
  dir: string;
  sink: ReadingSink;
  /** Bound of the disk buffer in bytes (default 256 MiB ≈ 13 million readings). */
  maxBytes?: number;
  /** Segment file size (default maxBytes/8, at most 4 MiB); eviction drops one segment at a time. */
  segmentBytes?: number;
  /** Readings per sink call while replaying (default 5000). */
  replayBatch?: number;
  /** Readings per sink call in direct delivery when emits pile up (default 50,000). */
  directBatch?: number;
  /** A sink call that takes longer counts as failed and its readings are buffered (default 30 s). */
  sinkTimeoutMs?: number;
  /** Retry delays of the replay loop while the sink keeps failing. */
  backoff?: BackoffOptions;
  connectorId?: string;
  log?: ConnectorLog;
  onEvent?: (e: ConnectorEvent) => void;
  now?: () => number;
}

export interface StoreAndForwardStats {
  mode: 'direct' | 'buffering';
  /** Readings waiting on disk. */
  buffered: number;
  /** Readings dropped because the bound was hit (oldest first), since the buffer was created. */
  evicted: number;
  /** Readings handed to the sink successfully (directly or replayed), since open. */
  delivered: number;
  bytes: number;
  segments: number;
  lastError?: { at: number; message: string };
}

interface Pending {
  readings: Reading[];
  resolve: () => void;
  reject: (e: Error) => void;
}

const DEFAULT_MAX_BYTES = 256 << 20;

/**
 * Store-and-forward between a connector and its sink. `emit` hands readings to the sink directly while it works;
 * when a sink call fails (or times out), those readings and every later batch go to a bounded disk queue (fsync'd
 * before `emit` resolves), and a replay loop delivers the queue oldest first, retrying with backoff, until it is
 * empty; then delivery is direct again. Order is kept because emits are processed one group at a time and nothing
 * goes direct while a backlog exists. A backlog left on disk by a previous process is replayed on `open`.
 *
 * The sink must reject only for failures worth retrying (unreachable store or server); per-reading validation
 * problems belong in its result, or a poisoned batch would be retried forever.
 */
export class StoreAndForward {
  private readonly queue: DiskQueue;
  private readonly backoff: Backoff;
  private pending: Pending[] = [];
  private working = false;
  private mode: 'direct' | 'buffering' = 'direct';
  private replaying?: Promise<void>;
  private wake?: () => void;
  private closed = false;
  private opened = false;
  private delivered = 0;
  private lastError?: { at: number; message: string };
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly o: StoreAndForwardOptions) {
    const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
    const segmentBytes = o.segmentBytes ?? Math.max(4096, Math.min(4 << 20, Math.floor(maxBytes / 8)));
    this.queue = new DiskQueue({ dir: o.dir, maxBytes, segmentBytes, log: o.log });
    this.backoff = new Backoff({ baseMs: 250, maxMs: 10_000, ...o.backoff });
  }

  /** Opens the queue; a backlog found on disk starts replaying at once. */
  async open(): Promise<void> {
    await this.queue.open();
    this.opened = true;
    if (this.queue.buffered > 0) {
      this.o.log?.info(
        { connector: this.o.connectorId, buffered: this.queue.buffered },
        'store-and-forward: replaying a backlog left on disk',
      );
      this.mode = 'buffering';
      this.startReplay();
    }
  }

  /** Resolves when the readings are stored downstream or fsync'd to the disk buffer. */
  readonly emit: Emit = (readings) => {
    if (this.closed) return Promise.reject(new Error('store-and-forward is closed'));
    if (!this.opened) return Promise.reject(new Error('store-and-forward is not open'));
    if (readings.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ readings, resolve, reject });
      if (!this.working) void this.work();
    });
  };

  stats(): StoreAndForwardStats {
    return {
      mode: this.mode,
      buffered: this.queue.buffered,
      evicted: this.queue.evicted,
      delivered: this.delivered,
      bytes: this.queue.bytes,
      segments: this.queue.segmentCount,
      lastError: this.lastError,
    };
  }

  /** Ends the current retry wait of the replay loop now (the operator knows the store is back). */
  retryNow(): void {
    this.backoff.reset();
    this.wake?.();
  }

  /** Resolves once nothing is pending or buffered (tests, graceful shutdown); rejects after timeoutMs. */
  async drain(timeoutMs = 30_000): Promise<void> {
    if (this.isIdle()) return;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        reject(new Error(`store-and-forward still has ${this.queue.buffered} readings buffered after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(t);
        resolve();
      };
      this.idleWaiters.push(done);
    });
  }

  /** Finishes pending emits (to the sink or to disk), stops replaying and closes the files. The backlog stays on disk. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.working) await new Promise((r) => setTimeout(r, 5));
    this.closed = true;
    this.wake?.();
    await this.replaying;
    await this.queue.close();
  }

  private isIdle(): boolean {
    return !this.working && this.pending.length === 0 && this.queue.buffered === 0 && this.mode === 'direct';
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const f of w) f();
  }

  private now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }

  private async work(): Promise<void> {
    this.working = true;
    const max = this.o.directBatch ?? 50_000;
    try {
      while (this.pending.length > 0) {
        // take every emit that arrived meanwhile: one sink call or one fsync serves them all (group commit)
        let n = 0;
        let count = 0;
        while (n < this.pending.length && (n === 0 || count + this.pending[n]!.readings.length <= max)) {
          count += this.pending[n]!.readings.length;
          n++;
        }
        const group = this.pending.splice(0, n);
        const readings = group.length === 1 ? group[0]!.readings : group.flatMap((p) => p.readings);
        if (this.mode === 'direct') {
          try {
            await withTimeout(this.o.sink(readings), this.o.sinkTimeoutMs ?? 30_000);
            this.delivered += readings.length;
            for (const p of group) p.resolve();
            continue;
          } catch (err) {
            this.noteFailure(err);
            this.mode = 'buffering';
            this.o.log?.warn(
              { connector: this.o.connectorId, err: (err as Error).message },
              'store-and-forward: sink failed, buffering to disk',
            );
          }
        }
        try {
          const dropped = await this.queue.append(readings);
          if (dropped > 0) this.reportEviction(dropped);
          for (const p of group) p.resolve();
        } catch (err) {
          // the disk itself failed: the readings are neither stored nor buffered, so the connector must not ack
          for (const p of group) p.reject(err as Error);
        }
        this.startReplay();
      }
    } finally {
      this.working = false;
      this.notifyIdle();
    }
  }

  private noteFailure(err: unknown): void {
    this.lastError = { at: this.now(), message: err instanceof Error ? err.message : String(err) };
  }

  private reportEviction(count: number): void {
    const message = `store-and-forward buffer full: evicted the ${count} oldest readings`;
    this.o.log?.warn({ connector: this.o.connectorId, evicted: count }, message);
    this.o.onEvent?.({ type: 'buffer_evicted', connectorId: this.o.connectorId ?? '', ts: this.now(), message });
  }

  private startReplay(): void {
    if (this.replaying || this.closed) return;
    this.replaying = this.replay().finally(() => {
      this.replaying = undefined;
      this.notifyIdle();
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  private async replay(): Promise<void> {
    const batchSize = this.o.replayBatch ?? 5000;
    while (!this.closed) {
      const batch = await this.queue.read(batchSize);
      if (!batch) {
        // switch back to direct delivery only between appends, so nothing can slip in front of the backlog
        if (this.queue.buffered === 0 && !this.working) {
          this.mode = 'direct';
          this.backoff.reset();
          this.o.log?.info({ connector: this.o.connectorId }, 'store-and-forward: backlog delivered');
          return;
        }
        await this.sleep(5);
        continue;
      }
      try {
        await withTimeout(this.o.sink(batch.readings), this.o.sinkTimeoutMs ?? 30_000);
        await this.queue.commit(batch);
        this.delivered += batch.count;
        this.backoff.reset();
      } catch (err) {
        this.noteFailure(err);
        const lost = this.queue.release(batch);
        if (lost > 0) this.reportEviction(lost);
        if (!this.closed) await this.sleep(this.backoff.next());
      }
    }
  }
}
