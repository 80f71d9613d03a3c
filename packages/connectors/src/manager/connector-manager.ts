import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reading, WaveformSnapshot } from '@prognos/core';
import { CONNECTORS_CONFIG_VERSION, type ConnectorsConfig, ConnectorsConfigError } from '../config/types';
import { validateConnectorEntry, validateConnectorsConfig } from '../config/validate';
import type {
  BrowseItem,
  Connector,
  ConnectorConfigBase,
  ConnectorEvent,
  ConnectorFactory,
  ConnectorHealth,
  ConnectorLog,
} from '../contract';
import { StoreAndForward, type StoreAndForwardOptions } from '../store-forward/store-and-forward';
import { WaveformSpool } from '../store-forward/waveform-spool';
import { StaleWatchdog } from './stale-watchdog';

export interface ConnectorManagerOptions {
  factories: readonly ConnectorFactory[];
  /** Each connector gets `<dataDir>/connectors/<id>/` (its files) with its disk buffer in `buffer/` there. */
  dataDir: string;
  /** Where readings go (ingest/store). Reject only when the store/server is unreachable: that triggers buffering. */
  sink: (readings: Reading[], connectorId: string) => Promise<void>;
  /**
   * Where waveform snapshots go (analysis and storage); reject only when unreachable, which spools them to
   * `<dataDir>/connectors/<id>/waveforms/`. Without it connectors get no waveform sink.
   */
  waveformSink?: (snapshot: WaveformSnapshot, connectorId: string) => Promise<void>;
  log: ConnectorLog;
  onEvent?: (e: ConnectorEvent) => void;
  /** Store-and-forward settings for every connector (bound in bytes, backoff...). */
  buffer?: Omit<StoreAndForwardOptions, 'dir' | 'sink' | 'connectorId' | 'log' | 'onEvent' | 'now'>;
  /** How often the stale-tag watchdog looks (default 1000 ms). */
  watchdogIntervalMs?: number;
  now?: () => number;
}

export class ConnectorManagerError extends Error {
  constructor(
    readonly code: 'not_found' | 'not_running' | 'no_browse',
    message: string,
  ) {
    super(message);
    this.name = 'ConnectorManagerError';
  }
}

interface Managed {
  config: ConnectorConfigBase;
  factory: ConnectorFactory;
  connector?: Connector;
  saf?: StoreAndForward;
  spool?: WaveformSpool;
  running: boolean;
  since: number;
  /** Why the connector could not be created or started (the health then says "error"). */
  failure?: { at: number; message: string };
}

function enabled(c: ConnectorConfigBase): boolean {
  return c.enabled !== false;
}

/**
 * Runs the configured connectors: one store-and-forward buffer each between the connector and the sink, start/stop,
 * changes at runtime (add/update/remove), health with buffer counts, discovery, and a stale-tag watchdog.
 * One bad connector (it cannot be created or fails to start) never stops the others: its health says why.
 */
export class ConnectorManager {
  private readonly managed = new Map<string, Managed>();
  private readonly watchdog = new StaleWatchdog();
  private timer?: NodeJS.Timeout;
  private started = false;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: ConnectorManagerOptions) {}

  /** Replaces the set of connectors with `config` (validated): unchanged entries keep running. */
  load(config: ConnectorsConfig | unknown): Promise<void> {
    return this.serial(async () => {
      const res = validateConnectorsConfig(config, this.o.factories);
      if (!res.ok || !res.config) throw new ConnectorsConfigError(res.errors);
      const next = new Map(res.config.connectors.map((c) => [c.id, c]));
      for (const id of [...this.managed.keys()]) if (!next.has(id)) await this.removeOne(id);
      for (const entry of res.config.connectors) {
        const cur = this.managed.get(entry.id);
        if (!cur) await this.addOne(entry);
        else if (JSON.stringify(cur.config) !== JSON.stringify(entry)) await this.updateOne(entry);
      }
    });
  }

  start(): Promise<void> {
    return this.serial(async () => {
      this.started = true;
      for (const m of this.managed.values()) if (enabled(m.config)) await this.startOne(m);
      if (!this.timer) {
        this.timer = setInterval(() => this.checkStale(), this.o.watchdogIntervalMs ?? 1000);
        this.timer.unref();
      }
    });
  }

  stop(): Promise<void> {
    return this.serial(async () => {
      this.started = false;
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      await Promise.all([...this.managed.values()].map((m) => this.stopOne(m)));
    });
  }

  /** Adds a connector at runtime (validated like a file entry); started at once when the manager runs. */
  add(entry: unknown): Promise<ConnectorHealth> {
    return this.serial(async () => {
      const c = this.validate(entry);
      if (this.managed.has(c.id)) {
        throw new ConnectorsConfigError([{ path: 'id', message: `a connector "${c.id}" already exists` }]);
      }
      await this.addOne(c);
      return this.healthOf(this.managed.get(c.id)!);
    });
  }

  /** Replaces a connector's configuration; its disk buffer is kept. */
  update(entry: unknown): Promise<ConnectorHealth> {
    return this.serial(async () => {
      const c = this.validate(entry);
      if (!this.managed.has(c.id)) throw new ConnectorManagerError('not_found', `no connector "${c.id}"`);
      await this.updateOne(c);
      return this.healthOf(this.managed.get(c.id)!);
    });
  }

  remove(idOrEntry: string | { id: string }): Promise<void> {
    const id = typeof idOrEntry === 'string' ? idOrEntry : idOrEntry.id;
    return this.serial(async () => {
      if (!this.managed.has(id)) throw new ConnectorManagerError('not_found', `no connector "${id}"`);
      await this.removeOne(id);
    });
  }

  list(): ConnectorHealth[] {
    return [...this.managed.values()].map((m) => this.healthOf(m));
  }

  get(id: string): { config: ConnectorConfigBase; health: ConnectorHealth } | undefined {
    const m = this.managed.get(id);
    return m ? { config: m.config, health: this.healthOf(m) } : undefined;
  }

  /** The current configuration (to save it back after runtime changes). */
  config(): ConnectorsConfig {
    return { version: CONNECTORS_CONFIG_VERSION, connectors: [...this.managed.values()].map((m) => m.config) };
  }

  async browse(id: string, path?: string): Promise<BrowseItem[]> {
    const m = this.managed.get(id);
    if (!m) throw new ConnectorManagerError('not_found', `no connector "${id}"`);
    if (!m.connector?.browse) {
      throw new ConnectorManagerError('no_browse', `connector "${id}" (${m.config.kind}) cannot browse`);
    }
    if (!m.running) throw new ConnectorManagerError('not_running', `connector "${id}" is not running`);
    return m.connector.browse(path);
  }

  /** Runs the watchdog once (the timer calls this; tests may too). */
  checkStale(): void {
    const now = this.now();
    for (const m of this.managed.values()) {
      if (!m.running || !m.connector) continue;
      let h: ConnectorHealth;
      try {
        h = m.connector.health();
      } catch {
        continue;
      }
      for (const e of this.watchdog.check(h, now)) this.event(e);
    }
  }

  private now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const p = this.chain.then(f, f);
    this.chain = p.catch(() => {});
    return p;
  }

  private validate(entry: unknown): ConnectorConfigBase {
    const issues = validateConnectorEntry(entry, this.o.factories);
    if (issues.length > 0) throw new ConnectorsConfigError(issues);
    return entry as ConnectorConfigBase;
  }

  private event(e: ConnectorEvent): void {
    if (e.type === 'tag_stale' || e.type === 'buffer_evicted') this.o.log.warn(e, e.message);
    this.o.onEvent?.(e);
  }

  private dirOf(id: string): string {
    return join(this.o.dataDir, 'connectors', id);
  }

  private async addOne(config: ConnectorConfigBase): Promise<void> {
    const factory = this.o.factories.find((f) => f.kind === config.kind)!;
    const m: Managed = { config, factory, running: false, since: this.now() };
    this.managed.set(config.id, m);
    this.create(m);
    if (this.started && enabled(config)) await this.startOne(m);
  }

  private create(m: Managed): void {
    m.failure = undefined;
    m.connector = undefined;
    if (!enabled(m.config)) return;
    try {
      m.connector = m.factory.create(m.config, {
        dataDir: this.dirOf(m.config.id),
        log: this.o.log,
        onEvent: (e) => this.event(e),
        now: this.o.now,
      });
    } catch (err) {
      m.failure = { at: this.now(), message: (err as Error).message };
      this.o.log.error({ connector: m.config.id, err: m.failure.message }, 'connector could not be created');
    }
  }

  private async updateOne(config: ConnectorConfigBase): Promise<void> {
    const m = this.managed.get(config.id)!;
    const keepBuffer = enabled(config);
    if (m.connector && m.running) await this.stopConnector(m);
    if (!keepBuffer) await this.closeBuffer(m);
    m.config = config;
    m.factory = this.o.factories.find((f) => f.kind === config.kind)!;
    m.since = this.now();
    this.create(m);
    if (this.started && enabled(config)) await this.startOne(m);
  }

  private async removeOne(id: string): Promise<void> {
    const m = this.managed.get(id)!;
    await this.stopOne(m);
    this.managed.delete(id);
  }

  private async startOne(m: Managed): Promise<void> {
    if (m.running || !m.connector) return;
    const id = m.config.id;
    try {
      await mkdir(this.dirOf(id), { recursive: true });
      if (!m.saf) {
        const saf = new StoreAndForward({
          ...this.o.buffer,
          dir: join(this.dirOf(id), 'buffer'),
          sink: (r) => this.o.sink(r, id),
          connectorId: id,
          log: this.o.log,
          onEvent: (e) => this.event(e),
          now: this.o.now,
        });
        await saf.open();
        m.saf = saf;
      }
      const waveformSink = this.o.waveformSink;
      if (waveformSink && !m.spool) {
        const spool = new WaveformSpool({
          ...(this.o.buffer?.sinkTimeoutMs !== undefined ? { sinkTimeoutMs: this.o.buffer.sinkTimeoutMs } : {}),
          ...(this.o.buffer?.backoff ? { backoff: this.o.buffer.backoff } : {}),
          dir: join(this.dirOf(id), 'waveforms'),
          sink: (w) => waveformSink(w, id),
          connectorId: id,
          log: this.o.log,
          onEvent: (e) => this.event(e),
          now: this.o.now,
        });
        await spool.open();
        m.spool = spool;
      }
      m.running = true;
      await m.connector.start(m.saf.emit, m.spool ? { emitWaveform: m.spool.emit } : {});
      m.failure = undefined;
    } catch (err) {
      m.failure = { at: this.now(), message: (err as Error).message };
      this.o.log.error({ connector: id, err: m.failure.message }, 'connector failed to start');
    }
  }

  private async stopConnector(m: Managed): Promise<void> {
    if (!m.running) return;
    m.running = false;
    this.watchdog.forget(m.config.id);
    try {
      await m.connector?.stop();
    } catch (err) {
      this.o.log.warn({ connector: m.config.id, err: (err as Error).message }, 'connector did not stop cleanly');
    }
  }

  private async closeBuffer(m: Managed): Promise<void> {
    const spool = m.spool;
    m.spool = undefined;
    await spool?.close();
    const saf = m.saf;
    m.saf = undefined;
    if (!saf) return;
    const left = saf.stats().buffered;
    if (left > 0) {
      this.o.log.warn(
        { connector: m.config.id, buffered: left },
        'backlog stays on disk until the connector runs again',
      );
    }
    await saf.close();
  }

  private async stopOne(m: Managed): Promise<void> {
    await this.stopConnector(m);
    await this.closeBuffer(m);
  }

  private healthOf(m: Managed): ConnectorHealth {
    let h: ConnectorHealth;
    if (m.connector) {
      try {
        h = m.connector.health();
      } catch (err) {
        h = this.synthetic(m, 'error', { at: this.now(), message: (err as Error).message });
      }
    } else {
      h = this.synthetic(m, m.failure ? 'error' : 'stopped', m.failure);
    }
    if (m.failure && h.state === 'stopped' && enabled(m.config)) {
      h = { ...h, state: 'error', lastError: m.failure };
    }
    const s = m.saf?.stats();
    const w = m.spool?.stats();
    const waveforms =
      h.waveforms || w?.buffered || w?.evicted
        ? { emitted: h.waveforms?.emitted ?? 0, buffered: w?.buffered ?? 0, evicted: w?.evicted ?? 0 }
        : undefined;
    return { ...h, buffered: s?.buffered ?? 0, evicted: s?.evicted ?? 0, ...(waveforms ? { waveforms } : {}) };
  }

  private synthetic(
    m: Managed,
    state: ConnectorHealth['state'],
    lastError?: { at: number; message: string },
  ): ConnectorHealth {
    return {
      id: m.config.id,
      kind: m.config.kind,
      state,
      since: m.since,
      target: '',
      lastError,
      readings: 0,
      errors: lastError ? 1 : 0,
      reconnects: 0,
      buffered: 0,
      evicted: 0,
      tags: [],
    };
  }
}
