/**
 * What every connector phase shares: a fresh tmp folder with a real embedded store, a real ConnectorManager (so the
 * store-and-forward buffer sits between connector and store, as in production), and a sink that counts what the
 * store accepted and samples device-to-store latency (append returned − the reading's source timestamp).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type ConnectorLog, ConnectorManager, connectorFactories } from '@prognos/connectors';
import { openSqliteStore, type SqliteStore } from '@prognos/store';
import { LatencySample } from './latency';

export const log = (m: string): void => {
  console.error(`[bench] ${m}`);
};

/**
 * Connector logs: warnings and errors only, not more than 20 lines a phase (a broken peer can be chatty), and no
 * stale-tag events: every phase ends by stopping its peer, which makes every tag stale on purpose.
 */
function quietLog(): ConnectorLog {
  let lines = 0;
  const say = (level: string) => (obj: unknown, msg?: string) => {
    if ((obj as { type?: string } | null)?.type === 'tag_stale' || ++lines > 20) return;
    console.error(`[bench] connector ${level}: ${msg ?? ''} ${JSON.stringify(obj)}`);
  };
  return { info() {}, warn: say('warn'), error: say('error') };
}

export interface Phase {
  dir: string;
  store: SqliteStore;
  manager: ConnectorManager;
  latency: LatencySample;
  /** Readings the store accepted (sum of AppendResult.stored). */
  stored: number;
  /** Sink calls (appends) that returned. */
  appends: number;
  /** When the last append returned (epoch ms). */
  lastStoredAt: number;
  /** Runs `f` when the phase ends (peers, child processes), last registered first, even on failure. */
  defer(f: () => Promise<unknown> | unknown): void;
}

/**
 * Runs one phase with its own tmp folder, store and manager, and tears everything down afterwards, whatever
 * happens: connectors stopped, deferred cleanups run, store closed, folder removed.
 */
export async function withPhase<T>(name: string, run: (p: Phase) => Promise<T>): Promise<{ out: T; verified: number }> {
  const dir = mkdtempSync(join(tmpdir(), `prognos-bench-${name}-`));
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  let store: SqliteStore | undefined;
  let manager: ConnectorManager | undefined;
  try {
    store = openSqliteStore({ path: join(dir, 'store.db') });
    const s = store;
    const phase: Phase = {
      dir,
      store: s,
      manager: undefined as unknown as ConnectorManager,
      latency: new LatencySample(),
      stored: 0,
      appends: 0,
      lastStoredAt: 0,
      defer: (f) => cleanups.push(f),
    };
    manager = new ConnectorManager({
      factories: connectorFactories,
      dataDir: dir,
      sink: async (readings) => {
        const res = await s.readings.append(readings);
        const now = Date.now();
        phase.stored += res.stored;
        phase.appends++;
        phase.lastStoredAt = now;
        for (const r of readings) phase.latency.add(now - r.ts);
      },
      log: quietLog(),
    });
    phase.manager = manager;
    const out = await run(phase);
    const st = await s.readings.stats();
    return { out, verified: st.sealedReadings + st.headReadings };
  } finally {
    await manager?.stop().catch((e: Error) => log(`${name}: stopping connectors failed: ${e.message}`));
    while (cleanups.length) {
      await Promise.resolve()
        .then(cleanups.pop()!)
        .catch((e: Error) => log(`${name}: cleanup failed: ${e.message}`));
    }
    await store?.close().catch((e: Error) => log(`${name}: closing the store failed: ${e.message}`));
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Throws a clear error when a peer's program is not on PATH: startMosquitto spawns `mosquitto` without an 'error'
 * listener, so a missing binary would otherwise end the whole bench process instead of failing one phase.
 */
export function requireOnPath(program: string): void {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return;
    } catch {
      // not in this folder
    }
  }
  throw new Error(`${program} is not on PATH (Debian: apt-get install ${program})`);
}

/** Polls `cond` every 20 ms; resolves false after timeoutMs instead of throwing (the caller reports what it got). */
export async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  if (!(await waitUntil(cond, timeoutMs))) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A TypeScript script run by Node with tsx in its own process, talking over the IPC channel. */
export interface Child<M> {
  /** The next message of this type (rejects if the process exits first). */
  next<K extends string>(type: K, timeoutMs?: number): Promise<Extract<M, { type: K }>>;
  send(msg: unknown): void;
  kill(): Promise<void>;
}

export function spawnScript<M extends { type: string }>(script: string, args: string[]): Child<M> {
  const c: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: M[] = [];
  const waiters: (() => void)[] = [];
  let exited: string | undefined;
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  c.on('message', (m) => {
    inbox.push(m as M);
    wake();
  });
  c.once('exit', (code, signal) => {
    exited = `${script} exited (${code ?? signal})`;
    wake();
  });
  // 'error' also reports a send() on a channel the child already closed; only a failed spawn ends it
  c.on('error', (e) => {
    if (c.pid === undefined) exited = `${script}: ${e.message}`;
    wake();
  });
  return {
    async next(type, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = inbox.findIndex((m) => m.type === type);
        if (i >= 0) return inbox.splice(i, 1)[0] as Extract<M, { type: typeof type }>;
        if (exited) throw new Error(`${exited} before sending "${type}"`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`${script} sent no "${type}" within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    send(msg) {
      if (c.connected) c.send(msg as never, () => {});
    },
    async kill() {
      if (c.exitCode !== null || c.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      });
    },
  };
}

export interface PathResult {
  /** Readings (or registers / value changes) per second that reached the store. */
  rate: number;
  /** Readings stored in the measured window. */
  stored: number;
  /** All readings the sink saw stored in the phase (warm-up included), and what the store's statistics say it holds. */
  storedTotal: number;
  verified: number;
  /** What the peer produced (published, served), for comparison. */
  produced: number;
  seconds: number;
  latency: LatencySample;
  note: string;
}
