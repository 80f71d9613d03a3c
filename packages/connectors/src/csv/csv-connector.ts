import { type FSWatcher, watch } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { Backoff } from '../backoff';
import type { Connector, ConnectorContext, ConnectorHealth, Emit } from '../contract';
import { ConnectorHealthTracker } from '../manager/health-tracker';
import type { CsvConnectorConfig } from './config';
import { CsvFormatError, type CsvRowError, readCsv } from './reader';

export interface CsvFileProgress {
  file: string;
  state: 'importing' | 'done' | 'failed';
  size: number;
  /** Bytes of the file processed so far (the progress bar: bytes / size). */
  bytes: number;
  rows: number;
  readings: number;
  errors: number;
  startedAt: number;
  finishedAt?: number;
  /** Where the file went (done/ or failed/), and its error report if any. */
  movedTo?: string;
  report?: string;
  message?: string;
}

export interface CsvConnectorHealth extends ConnectorHealth {
  files: CsvFileProgress[];
}

interface Checkpoint {
  file: string;
  size: number;
  mtimeMs: number;
  rows: number;
}

/** Row errors kept for the report; the rest are only counted (a broken 10 GB file must not fill memory). */
const MAX_REPORTED_ERRORS = 1000;
const MAX_FILES_IN_HEALTH = 20;

/**
 * Historian CSV connector: watches a drop folder (fs.watch, plus a periodic scan because watch events are not
 * reliable on every file system), imports each new file once it has stopped changing, streaming it in batches,
 * and moves it to done/ (or failed/, with a `.errors.txt` report) after every batch's emit has resolved. A
 * checkpoint after each batch lets a restart resume a file where it stopped instead of from the top.
 */
export class CsvConnector implements Connector {
  readonly kind = 'csv' as const;
  readonly id: string;
  private readonly tracker: ConnectorHealthTracker;
  private readonly folder: string;
  private readonly done: string;
  private readonly failed: string;
  private readonly backoff = new Backoff({ baseMs: 500, maxMs: 30_000 });
  private readonly files: CsvFileProgress[] = [];
  private readonly seen = new Map<string, { size: number; mtimeMs: number; since: number }>();
  private emitFn?: Emit;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private scanning?: Promise<void>;
  private rescan = false;
  private stopping = true;

  constructor(
    readonly config: CsvConnectorConfig,
    private readonly ctx: ConnectorContext,
  ) {
    this.id = config.id;
    this.folder = resolve(config.folder);
    this.done = resolve(config.doneFolder ?? join(this.folder, 'done'));
    this.failed = resolve(config.failedFolder ?? join(this.folder, 'failed'));
    this.tracker = new ConnectorHealthTracker(config.id, 'csv', this.folder, ctx);
  }

  async start(emit: Emit): Promise<void> {
    this.emitFn = emit;
    this.stopping = false;
    this.tracker.setState('connecting');
    this.timer = setInterval(() => this.kick(), this.config.scanIntervalMs ?? 5000);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    this.timer = undefined;
    this.watcher?.close();
    this.watcher = undefined;
    // an import stops at its next batch (its checkpoint lets the next start resume); do not hang on a stuck emit
    if (this.scanning) await Promise.race([this.scanning, new Promise((r) => setTimeout(r, 5000).unref())]);
    this.tracker.setState('stopped');
  }

  health(): CsvConnectorHealth {
    return { ...this.tracker.snapshot(), files: this.files.map((f) => ({ ...f })) };
  }

  /** Triggers a scan now (also what fs.watch events do). Resolves when that scan is over. */
  scanNow(): Promise<void> {
    this.kick();
    return this.scanning ?? Promise.resolve();
  }

  private kick(): void {
    if (this.stopping) return;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = this.scan()
      .catch((err: Error) => {
        this.tracker.fail(`${this.folder}: ${err.message}`);
        this.tracker.setState('error', err.message);
      })
      .finally(() => {
        this.scanning = undefined;
        if (this.rescan && !this.stopping) {
          this.rescan = false;
          this.kick();
        }
      });
  }

  private async ensureFolders(): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    await mkdir(this.done, { recursive: true });
    await mkdir(this.failed, { recursive: true });
    if (!this.watcher) {
      try {
        const w = watch(this.folder, () => {
          if (this.debounce) clearTimeout(this.debounce);
          this.debounce = setTimeout(() => this.kick(), 100);
        });
        w.on('error', () => {
          // e.g. the folder was removed: the periodic scan recreates it and watches again
          w.close();
          if (this.watcher === w) this.watcher = undefined;
        });
        this.watcher = w;
      } catch {
        // fs.watch is unavailable on some file systems (network shares): the periodic scan still works
      }
    }
  }

  private async scan(): Promise<void> {
    await this.ensureFolders();
    if (this.tracker.state !== 'connected') this.tracker.setState('connected');
    const exts = (this.config.extensions ?? ['.csv', '.txt', '.tsv']).map((e) => e.toLowerCase());
    const settle = this.config.settleMs ?? 2000;
    const candidates: { name: string; mtimeMs: number; size: number }[] = [];
    const present = new Set<string>();
    for (const ent of await readdir(this.folder, { withFileTypes: true })) {
      if (!ent.isFile() || ent.name.startsWith('.') || ent.name.endsWith('.errors.txt')) continue;
      if (!exts.includes(extname(ent.name).toLowerCase())) continue;
      present.add(ent.name);
      const st = await stat(join(this.folder, ent.name)).catch(() => undefined);
      if (!st) continue;
      const now = this.tracker.now();
      const prev = this.seen.get(ent.name);
      if (!prev || prev.size !== st.size || prev.mtimeMs !== st.mtimeMs) {
        this.seen.set(ent.name, { size: st.size, mtimeMs: st.mtimeMs, since: now });
        // still being written (or just arrived): look again once it has settled
        if (settle > 0) {
          setTimeout(() => this.kick(), settle + 50).unref();
          continue;
        }
      } else if (now - prev.since < settle) continue;
      candidates.push({ name: ent.name, mtimeMs: st.mtimeMs, size: st.size });
    }
    for (const k of this.seen.keys()) if (!present.has(k)) this.seen.delete(k);
    candidates.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : 1));
    for (const c of candidates) {
      if (this.stopping) return;
      await this.importFile(c.name, c.size, c.mtimeMs);
    }
  }

  private progress(p: CsvFileProgress): CsvFileProgress {
    this.files.unshift(p);
    if (this.files.length > MAX_FILES_IN_HEALTH) this.files.pop();
    return p;
  }

  private async importFile(name: string, size: number, mtimeMs: number): Promise<void> {
    const path = join(this.folder, name);
    const cpFile = join(this.ctx.dataDir, 'csv-checkpoint.json');
    let skipRows = 0;
    try {
      const cp = JSON.parse(await readFile(cpFile, 'utf8')) as Checkpoint;
      if (cp.file === name && cp.size === size && cp.mtimeMs === mtimeMs) skipRows = cp.rows;
    } catch {
      // no checkpoint: start at the top
    }
    const p = this.progress({
      file: name,
      state: 'importing',
      size,
      bytes: 0,
      rows: skipRows,
      readings: 0,
      errors: 0,
      startedAt: this.tracker.now(),
    });
    if (skipRows > 0) this.ctx.log.info({ connector: this.id, file: name, skipRows }, 'csv: resuming an import');
    const reported: CsvRowError[] = [];
    let fatal: string | undefined;
    try {
      const opts = { ...this.config, batchSize: this.config.batchSize ?? 5000, skipRows };
      for await (const b of readCsv(path, opts)) {
        if (b.readings.length > 0) {
          const ok = await this.emitDurably(b.readings);
          if (!ok) {
            p.message = 'stopped before the end; resumes on the next start';
            return;
          }
          this.tracker.emitted(b.readings, false);
          for (let i = 0; i < b.readings.length; i++) {
            const r = b.readings[i]!;
            this.tracker.tagValue(b.tags[i]!, r.sensor, r.value, r.quality);
          }
          p.readings += b.readings.length;
        }
        for (const e of b.errors) {
          if (reported.length < MAX_REPORTED_ERRORS) reported.push(e);
        }
        if (b.errors.length > 0) {
          p.errors += b.errors.length;
          this.tracker.errors += b.errors.length;
          const e = b.errors[b.errors.length - 1]!;
          this.tracker.lastError = { at: this.tracker.now(), message: `${name} line ${e.line}: ${e.message}` };
        }
        p.rows = b.rows;
        p.bytes = b.bytes;
        await writeFile(cpFile, JSON.stringify({ file: name, size, mtimeMs, rows: b.rows } satisfies Checkpoint));
      }
      p.bytes = size;
    } catch (err) {
      fatal = err instanceof CsvFormatError ? `line ${err.line}: ${err.message}` : (err as Error).message;
      this.tracker.fail(`${name}: ${fatal}`);
    }
    const failed = fatal !== undefined || (p.readings === 0 && p.errors > 0);
    const target = await this.moveAway(path, failed ? this.failed : this.done);
    p.movedTo = target;
    p.state = failed ? 'failed' : 'done';
    p.message = fatal;
    p.finishedAt = this.tracker.now();
    if (fatal !== undefined || p.errors > 0) {
      p.report = `${target}.errors.txt`;
      await writeFile(p.report, this.report(name, p, reported, fatal));
    }
    await rm(cpFile, { force: true });
    this.seen.delete(name);
    this.ctx.log.info(
      { connector: this.id, file: name, readings: p.readings, errors: p.errors, to: target },
      `csv: ${p.state}`,
    );
  }

  private report(name: string, p: CsvFileProgress, errors: CsvRowError[], fatal?: string): string {
    const lines = [
      `Import of ${name} (${new Date(p.startedAt).toISOString()}): ${p.state}`,
      `rows ${p.rows}, readings ${p.readings}, rejected ${p.errors}`,
    ];
    if (fatal) lines.push(`file error: ${fatal}`);
    for (const e of errors) lines.push(`line ${e.line}${e.column ? ` [${e.column}]` : ''}: ${e.message}`);
    if (p.errors > errors.length) lines.push(`... and ${p.errors - errors.length} more`);
    return `${lines.join('\n')}\n`;
  }

  private async moveAway(path: string, folder: string): Promise<string> {
    let target = join(folder, basename(path));
    try {
      await stat(target);
      const ext = extname(target);
      target = `${target.slice(0, target.length - ext.length)}-${this.tracker.now()}${ext}`;
    } catch {
      // no file of that name there yet
    }
    await rename(path, target);
    return target;
  }

  /** Emits, retrying with backoff while emit fails; false when stopped meanwhile (the file is then resumed). */
  private async emitDurably(readings: Parameters<Emit>[0]): Promise<boolean> {
    for (;;) {
      if (this.stopping) return false;
      try {
        await this.emitFn!(readings);
        this.backoff.reset();
        return true;
      } catch (err) {
        this.tracker.fail(`emit failed: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, this.backoff.next()));
      }
    }
  }
}
