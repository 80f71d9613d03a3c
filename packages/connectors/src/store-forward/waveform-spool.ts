import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { WaveformSnapshot } from '@prognos/core';
import { Backoff, type BackoffOptions } from '../backoff';
import type { ConnectorEvent, ConnectorLog, EmitWaveform } from '../contract';
import { withTimeout } from './sink-timeout';

/**
 * Store-and-forward for waveform snapshots. The readings' DiskQueue cannot carry them cheaply: its record format is a
 * fixed 19-byte (sensor, ts, value, quality) row per reading, its counts and eviction are in readings, and a record
 * tag would make backlogs written by an older version unreadable. Snapshots are the opposite shape — few, large
 * (1 KB to 1 MB), independent — so each gets a file of its own: written to a temporary name, fsync'd and renamed
 * (a crash leaves a whole file or none), replayed oldest first, deleted once the sink took it.
 *
 * File layout: u32 LE header length | JSON header (sensorId, ts, sampleRateHz, unit, meta) | float32 LE samples.
 */
export interface WaveformSpoolOptions {
  dir: string;
  sink: EmitWaveform;
  /** Bound of the spool in bytes (default 64 MiB: 16 million samples); the oldest snapshots go first. */
  maxBytes?: number;
  /** A sink call that takes longer counts as failed and the snapshot is spooled (default 30 s). */
  sinkTimeoutMs?: number;
  backoff?: BackoffOptions;
  connectorId?: string;
  log?: ConnectorLog;
  onEvent?: (e: ConnectorEvent) => void;
  now?: () => number;
}

export interface WaveformSpoolStats {
  buffered: number;
  evicted: number;
  delivered: number;
  bytes: number;
}

const FILE_RE = /^wf-(\d{12})\.bin$/;
const DEFAULT_MAX_BYTES = 64 << 20;

export function encodeSnapshot(s: WaveformSnapshot): Buffer {
  const header = Buffer.from(
    JSON.stringify({ sensorId: s.sensorId, ts: s.ts, sampleRateHz: s.sampleRateHz, unit: s.unit, meta: s.meta }),
  );
  const out = Buffer.allocUnsafe(4 + header.length + s.values.length * 4);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  for (let i = 0; i < s.values.length; i++) out.writeFloatLE(s.values[i]!, 4 + header.length + i * 4);
  return out;
}

export function decodeSnapshot(buf: Buffer): WaveformSnapshot {
  const len = buf.readUInt32LE(0);
  const head = JSON.parse(buf.toString('utf8', 4, 4 + len)) as Omit<WaveformSnapshot, 'values'>;
  const n = (buf.length - 4 - len) / 4;
  if (!Number.isInteger(n)) throw new Error('sample bytes are not a whole number of float32 values');
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = buf.readFloatLE(4 + len + i * 4);
  return { ...head, values };
}

export class WaveformSpool {
  private files: { seq: number; bytes: number }[] = [];
  private nextSeq = 1;
  private chain: Promise<unknown> = Promise.resolve();
  private replaying?: Promise<void>;
  private wake?: () => void;
  private closed = false;
  private readonly backoff: Backoff;
  private evicted = 0;
  private delivered = 0;

  constructor(private readonly o: WaveformSpoolOptions) {
    this.backoff = new Backoff({ baseMs: 250, maxMs: 10_000, ...o.backoff });
  }

  /** Finds a backlog left by a previous process and starts replaying it. */
  async open(): Promise<void> {
    await mkdir(this.o.dir, { recursive: true });
    for (const name of (await readdir(this.o.dir)).sort()) {
      const m = FILE_RE.exec(name);
      // a temporary file is a snapshot whose emit never resolved: the source still has it
      if (!m) {
        if (name.endsWith('.tmp')) await unlink(join(this.o.dir, name)).catch(() => {});
        continue;
      }
      const seq = Number(m[1]);
      this.files.push({ seq, bytes: (await stat(join(this.o.dir, name))).size });
      this.nextSeq = Math.max(this.nextSeq, seq + 1);
    }
    if (this.files.length > 0) {
      this.o.log?.info(
        { connector: this.o.connectorId, buffered: this.files.length },
        'waveform spool: replaying a backlog left on disk',
      );
      this.startReplay();
    }
  }

  /** Resolves when the snapshot is stored downstream or fsync'd to the spool; in order with earlier emits. */
  readonly emit: EmitWaveform = (snapshot) => {
    if (this.closed) return Promise.reject(new Error('waveform spool is closed'));
    const p = this.chain.then(() => this.handle(snapshot));
    this.chain = p.catch(() => {});
    return p;
  };

  stats(): WaveformSpoolStats {
    return {
      buffered: this.files.length,
      evicted: this.evicted,
      delivered: this.delivered,
      bytes: this.files.reduce((a, f) => a + f.bytes, 0),
    };
  }

  /** Resolves once the backlog is delivered (tests, shutdown); rejects after timeoutMs. */
  async drain(timeoutMs = 30_000): Promise<void> {
    const t0 = Date.now();
    await this.chain;
    while (this.files.length > 0 || this.replaying) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`waveform spool still holds ${this.files.length} snapshots`);
      this.wake?.();
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Finishes pending emits and stops replaying; the backlog stays on disk. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.chain;
    this.closed = true;
    this.wake?.();
    await this.replaying;
  }

  private path(seq: number): string {
    return join(this.o.dir, `wf-${String(seq).padStart(12, '0')}.bin`);
  }

  private async handle(s: WaveformSnapshot): Promise<void> {
    // nothing may overtake a backlog, so while one exists every snapshot joins it
    if (this.files.length === 0) {
      try {
        await withTimeout(this.o.sink(s), this.o.sinkTimeoutMs ?? 30_000);
        this.delivered++;
        return;
      } catch (err) {
        this.o.log?.warn(
          { connector: this.o.connectorId, err: (err as Error).message },
          'waveform spool: sink failed, spooling to disk',
        );
      }
    }
    await this.write(s);
    this.startReplay();
  }

  private async write(s: WaveformSnapshot): Promise<void> {
    const buf = encodeSnapshot(s);
    const max = this.o.maxBytes ?? DEFAULT_MAX_BYTES;
    let dropped = 0;
    // keep the newest: the oldest snapshot of a long outage says least about the machine now
    while (this.files.length > 0 && this.stats().bytes + buf.length > max) {
      const f = this.files.shift()!;
      await unlink(this.path(f.seq)).catch(() => {});
      dropped++;
    }
    const seq = this.nextSeq++;
    const tmp = `${this.path(seq)}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(buf);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.path(seq));
    const dir = await open(this.o.dir, 'r');
    await dir.sync().finally(() => dir.close());
    this.files.push({ seq, bytes: buf.length });
    if (dropped > 0) {
      this.evicted += dropped;
      const message = `waveform spool full: evicted the ${dropped} oldest snapshots`;
      this.o.log?.warn({ connector: this.o.connectorId, evicted: dropped }, message);
      this.o.onEvent?.({
        type: 'buffer_evicted',
        connectorId: this.o.connectorId ?? '',
        ts: this.o.now ? this.o.now() : Date.now(),
        message,
      });
    }
  }

  private startReplay(): void {
    if (this.replaying || this.closed) return;
    this.replaying = this.replay().finally(() => {
      this.replaying = undefined;
      // a snapshot spooled between the loop's last look and here must not wait for the next failure
      if (this.files.length > 0 && !this.closed) this.startReplay();
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
    while (!this.closed && this.files.length > 0) {
      const f = this.files[0]!;
      let snap: WaveformSnapshot;
      try {
        snap = decodeSnapshot(await readFile(this.path(f.seq)));
      } catch (err) {
        // unreadable (damaged disk, evicted meanwhile): drop it rather than block every later snapshot
        if (this.files[0] === f) this.files.shift();
        await unlink(this.path(f.seq)).catch(() => {});
        this.evicted++;
        this.o.log?.warn({ connector: this.o.connectorId, err: (err as Error).message }, 'waveform spool: dropped');
        continue;
      }
      try {
        await withTimeout(this.o.sink(snap), this.o.sinkTimeoutMs ?? 30_000);
        this.delivered++;
        this.backoff.reset();
        const i = this.files.indexOf(f);
        if (i >= 0) this.files.splice(i, 1);
        await unlink(this.path(f.seq)).catch(() => {});
      } catch {
        if (!this.closed) await this.sleep(this.backoff.next());
      }
    }
  }
}
