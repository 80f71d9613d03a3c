import type { Reading } from '@prognos/core';
import type { Connector, ConnectorConfigBase, ConnectorFactory, ConnectorHealth } from '../contract';
import { ConnectorManager } from '../manager/connector-manager';

/**
 * Helpers for store-outage fault tests: "the store is stopped for a while → nothing the device produced in that
 * time is lost once it returns" (issue 3). They know nothing of a particular store: `openSqliteStore` from
 * @prognos/store fits `OutageStoreLike` as it is.
 */

/** The parts of an embedded store that the outage harness uses. */
export interface OutageStoreLike {
  readings: {
    append(readings: readonly Reading[]): Promise<unknown>;
    read(
      sensor: string,
      from: number,
      to: number,
    ): Promise<{ ts: Float64Array; values: Float64Array; quality: Uint8Array }>;
  };
  close(): Promise<void>;
}

/**
 * A real store that can be stopped and started again. While stopped, the database is closed and the sink rejects
 * the way an unreachable store does (which is what makes store-and-forward buffer); `start` reopens the same
 * files. `accepted` records, in order, every reading the store took in (re-sends included), so a test can check
 * the order of arrival, which the store's own sorted reads would hide.
 */
export class SwitchableStore {
  private store?: OutageStoreLike;
  /** Every reading the store accepted, in the order it accepted them. */
  readonly accepted: Reading[] = [];
  /** Sink calls refused while the store was stopped. */
  refused = 0;

  constructor(private readonly open: () => OutageStoreLike | Promise<OutageStoreLike>) {}

  get isUp(): boolean {
    return this.store !== undefined;
  }

  async start(): Promise<void> {
    if (!this.store) this.store = await this.open();
  }

  /** Closes the store: from now on the sink rejects until `start`. */
  async stop(): Promise<void> {
    const s = this.store;
    this.store = undefined;
    await s?.close();
  }

  /** The ConnectorManager's `sink`. */
  readonly sink = async (readings: Reading[]): Promise<void> => {
    const s = this.store;
    if (!s) {
      this.refused++;
      throw new Error('store unreachable: connect ECONNREFUSED');
    }
    await s.readings.append(readings);
    this.accepted.push(...readings);
  };

  /** Everything stored for a sensor, sorted by time (the store keeps one reading per sensor and timestamp). */
  async read(sensor: string): Promise<Reading[]> {
    const s = this.store;
    if (!s) throw new Error('the store is stopped');
    const series = await s.readings.read(sensor, 0, 8.64e15);
    return Array.from(series.ts, (ts, i) => ({
      sensor,
      ts,
      value: series.values[i] as number,
      quality: series.quality[i] as number,
    }));
  }
}

export interface ManagerOverStoreOptions {
  /** Opens the real store (again after each outage); e.g. `() => openSqliteStore({ path })` from @prognos/store. */
  open: () => OutageStoreLike | Promise<OutageStoreLike>;
  factory: ConnectorFactory;
  /** The manager's data folder (connector files, disk buffers). */
  dataDir: string;
  /** The one connector entry under test, as it would appear in the connectors file. */
  connector: ConnectorConfigBase & Record<string, unknown>;
}

export interface ManagerOverStore {
  store: SwitchableStore;
  mgr: ConnectorManager;
  /** The connector's current health. */
  health: () => ConnectorHealth | undefined;
  /** What to print when a wait times out: the health and how many readings the store took in. */
  why: () => unknown;
}

const quiet = { info() {}, warn() {}, error() {} };

/**
 * Starts a SwitchableStore and loads (does not start) a ConnectorManager that writes into it with one connector.
 * The replay loop retries at most every second, so the backlog goes out soon after the store returns.
 */
export async function managerOverStore(opts: ManagerOverStoreOptions): Promise<ManagerOverStore> {
  const store = new SwitchableStore(opts.open);
  await store.start();
  const mgr = new ConnectorManager({
    factories: [opts.factory],
    dataDir: opts.dataDir,
    sink: store.sink,
    log: quiet,
    buffer: { backoff: { baseMs: 100, maxMs: 1000 } },
  });
  await mgr.load({ version: 1, connectors: [opts.connector] });
  const id = opts.connector.id;
  const health = () => mgr.get(id)?.health;
  const why = () => ({ health: healthSummary(health()), stored: store.accepted.length });
  return { store, mgr, health, why };
}

/**
 * Wraps a factory so that every reading its connectors hand over is recorded (before it reaches the manager's
 * buffer): for polled protocols this is the ground truth of what the device produced.
 */
export function tapFactory<C extends ConnectorConfigBase>(
  factory: ConnectorFactory<C>,
  produced: Reading[],
): ConnectorFactory {
  return {
    kind: factory.kind,
    schema: factory.schema,
    create: (config, ctx) => {
      const c: Connector = factory.create(config as C, ctx);
      return {
        id: c.id,
        kind: c.kind,
        start: (emit) =>
          c.start(async (readings) => {
            produced.push(...readings);
            await emit(readings);
          }),
        stop: () => c.stop(),
        health: () => c.health(),
        ...(c.browse ? { browse: (path?: string) => c.browse!(path) } : {}),
      };
    },
  };
}

/**
 * Polls `cond` (sync or async) every 25 ms until it holds, or fails after timeoutMs naming `what`, with `detail()`
 * (e.g. the connector's health) in the message so that a failure on a busy CI machine can be understood.
 */
export async function eventually(
  cond: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  detail?: () => unknown,
): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) {
      const more = detail ? `; ${JSON.stringify(detail())}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${more}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The parts of a connector's health worth printing when a wait times out. */
export function healthSummary(h: ConnectorHealth | undefined): unknown {
  if (!h) return 'no such connector';
  const { state, lastError, readings, errors, reconnects, buffered, evicted, lastDataAt } = h;
  return { state, lastError, readings, errors, reconnects, buffered, evicted, lastDataAt, now: Date.now() };
}

export interface OutageResult {
  /** When the store went down and came back (epoch ms). */
  downAt: number;
  upAt: number;
  /** The largest `buffered` the connector's health showed while the store was down. */
  maxBuffered: number;
  /** The connector states seen while the store was down. */
  states: ConnectorHealth['state'][];
}

/**
 * Stops the store for `durationMs` (and at least until the health shows a backlog, so a slow machine cannot make the
 * test vacuous), watching the connector's health every 20 ms, then starts it again.
 */
export async function storeOutage(
  store: SwitchableStore,
  health: () => ConnectorHealth | undefined,
  durationMs: number,
): Promise<OutageResult> {
  const downAt = Date.now();
  await store.stop();
  let maxBuffered = 0;
  const states = new Set<ConnectorHealth['state']>();
  const limit = durationMs + 10_000;
  while (Date.now() - downAt < durationMs || maxBuffered === 0) {
    if (Date.now() - downAt > limit) break;
    const h = health();
    if (h) {
      maxBuffered = Math.max(maxBuffered, h.buffered);
      states.add(h.state);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await store.start();
  return { downAt, upAt: Date.now(), maxBuffered, states: [...states] };
}

const key = (r: Reading) => `${r.sensor}\u0000${r.ts}`;

/** Readings of `expected` that `stored` lacks, or holds with another value or quality. */
export function missingFrom(expected: readonly Reading[], stored: readonly Reading[]): Reading[] {
  const have = new Map(stored.map((r) => [key(r), r]));
  return expected.filter((r) => {
    const s = have.get(key(r));
    return !s || s.value !== r.value || s.quality !== r.quality;
  });
}

/**
 * What is wrong with the order in which the store took in one sensor's readings: time must only go forward, and
 * a timestamp seen before may come again only as an idempotent re-send (same value and quality).
 */
export function intakeProblems(accepted: readonly Reading[], sensor: string): string[] {
  const problems: string[] = [];
  const seen = new Map<number, Reading>();
  let last = Number.NEGATIVE_INFINITY;
  for (const r of accepted) {
    if (r.sensor !== sensor) continue;
    const before = seen.get(r.ts);
    if (before) {
      if (before.value !== r.value || before.quality !== r.quality) {
        problems.push(`${sensor}@${r.ts}: re-sent as ${r.value} (q ${r.quality}), first ${before.value}`);
      }
      continue;
    }
    if (r.ts <= last) problems.push(`${sensor}@${r.ts}: arrived after ${last}`);
    seen.set(r.ts, r);
    last = Math.max(last, r.ts);
  }
  return problems;
}
