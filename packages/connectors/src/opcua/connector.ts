import { isGood, type Reading } from '@prognos/core';
import { Backoff } from '../backoff';
import type {
  BrowseItem,
  Connector,
  ConnectorContext,
  ConnectorEvent,
  ConnectorHealth,
  ConnectorState,
  Emit,
  TagHealth,
} from '../contract';
import { browseNode } from './browse';
import type { OpcuaConfig, OpcuaTag } from './config';
import { LatencyWindow } from './latency';
import { monitorTags, planItem } from './monitor';
import { OpcuaSetupError } from './security';
import { closeQuietly, type OpenSession, openSession } from './session';
import { qualityFromStatus } from './status';
import { type UA, ua } from './ua';
import { variantNumber } from './values';

/** Readings held in memory while emit is failing; beyond it the oldest are dropped and counted as evicted. */
const MAX_PENDING = 100_000;
/** Publishes without data after which the server sends a keep-alive (Part 4 §5.13.1 MaxKeepAliveCount). */
const MAX_KEEP_ALIVE_COUNT = 10;
const WATCHDOG_MS = 1000;

interface TagRuntime {
  cfg: OpcuaTag;
  health: TagHealth;
  scale: number;
  offset: number;
  /** Deadband applied here because the server refused the filter (converted unit); 0 = none. */
  clientDeadband: number;
  lastEmitted?: number;
  staleSince?: number;
}

/** BadWaitingForInitialData (0x80320000, OPC UA Part 4): a fixed code, so node-opcua need not load to know it. */
const WAITING_FOR_INITIAL_DATA = 0x80320000;

/**
 * OPC UA client connector: one session, one subscription, a monitored item per tag. Short outages are repaired by
 * node-opcua (new channel, session reactivated or recreated, subscription transferred or recreated); when that
 * gives up, the session is closed by the server, or no publish answer arrives for three keep-alive periods, the
 * connector drops everything and reconnects from scratch with its own Backoff, discovery included.
 */
export class OpcuaConnector implements Connector {
  readonly kind = 'opcua' as const;
  readonly id: string;
  private state: ConnectorState = 'stopped';
  private since: number;
  private running = false;
  private everConnected = false;
  private conn?: OpenSession;
  /** Bumped on every (re)build: callbacks of an older client are ignored. */
  private generation = 0;
  private readonly backoff: Backoff;
  private retryTimer?: NodeJS.Timeout;
  private watchdog?: NodeJS.Timeout;
  private lastActivity = 0;
  /** When node-opcua started repairing a broken connection (undefined when it is not). */
  private repairingSince?: number;
  /** Keep-alive period the server granted: publishing interval × max keep-alive count (ms). */
  private keepAliveMs: number;
  private attempting?: Promise<void>;
  private readonly tags: TagRuntime[];
  private readonly nodeIds: UA.NodeId[];
  private emitFn?: Emit;
  private pending: Reading[] = [];
  private flushing?: Promise<void>;
  private readings = 0;
  private errors = 0;
  private reconnects = 0;
  private evicted = 0;
  private lastError?: { at: number; message: string };
  private lastDataAt?: number;
  private readonly latency = new LatencyWindow();
  private readonly now: () => number;

  constructor(
    private readonly cfg: OpcuaConfig,
    private readonly ctx: ConnectorContext,
  ) {
    this.id = cfg.id;
    this.now = ctx.now ?? Date.now;
    this.since = this.now();
    this.backoff = new Backoff({ baseMs: cfg.reconnect?.baseMs ?? 500, maxMs: cfg.reconnect?.maxMs ?? 5000 });
    this.tags = cfg.tags.map((t) => ({
      cfg: t,
      health: { tag: t.nodeId, sensor: t.sensor, errors: 0, stale: false },
      scale: t.scale ?? 1,
      offset: t.offset ?? 0,
      clientDeadband: 0,
    }));
    this.nodeIds = cfg.tags.map((t) => ua.resolveNodeId(t.nodeId));
    this.keepAliveMs = (cfg.publishingIntervalMs ?? 500) * MAX_KEEP_ALIVE_COUNT;
  }

  async start(emit: Emit): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.emitFn = emit;
    this.everConnected = false;
    this.setState('connecting');
    this.lastActivity = this.now();
    for (const t of this.tags) t.staleSince = this.now();
    this.watchdog = setInterval(() => this.check(), WATCHDOG_MS);
    this.watchdog.unref?.();
    this.attempting = this.attempt();
    await this.attempting;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    await this.attempting;
    await this.teardown();
    await this.flushing;
    this.setState('stopped');
  }

  health(): ConnectorHealth {
    const h: ConnectorHealth = {
      id: this.id,
      kind: 'opcua',
      state: this.state,
      since: this.since,
      target: this.cfg.endpointUrl,
      readings: this.readings,
      errors: this.errors,
      reconnects: this.reconnects,
      buffered: this.pending.length,
      evicted: this.evicted,
      tags: this.tags.map((t) => ({ ...t.health })),
    };
    if (this.lastError) h.lastError = { ...this.lastError };
    if (this.lastDataAt !== undefined) h.lastDataAt = this.lastDataAt;
    const lat = this.latency.percentiles();
    if (lat) h.latencyMs = lat;
    return h;
  }

  /** Children of a node (Objects by default) with live values; uses the running session or a short-lived one. */
  async browse(path?: string): Promise<BrowseItem[]> {
    if (this.conn && this.state === 'connected') return browseNode(this.conn.session, path);
    const tmp = await openSession(this.cfg, this.ctx.dataDir, { reconnect: { baseMs: 500, maxMs: 2000 } });
    try {
      return await browseNode(tmp.session, path);
    } finally {
      await closeQuietly(tmp.client);
      await tmp.cm.dispose().catch(() => {});
    }
  }

  // --- connection lifecycle -------------------------------------------------------------------------------------

  private async attempt(): Promise<void> {
    const gen = ++this.generation;
    try {
      await this.connect(gen);
      if (gen !== this.generation) return;
      if (this.everConnected) this.reconnects++;
      this.everConnected = true;
      this.backoff.reset();
      this.lastActivity = this.now();
      this.setState('connected');
      this.ctx.log.info({ connector: this.id, endpoint: this.cfg.endpointUrl }, 'OPC UA connected');
    } catch (err) {
      if (gen !== this.generation || !this.running) return;
      await this.teardown();
      this.fail(err);
      this.scheduleRetry();
    }
  }

  private async connect(gen: number): Promise<void> {
    const conn = await openSession(this.cfg, this.ctx.dataDir, {
      reconnect: { baseMs: this.cfg.reconnect?.baseMs ?? 500, maxMs: this.cfg.reconnect?.maxMs ?? 5000 },
      onClient: (client) => this.watchClient(client, gen),
    });
    if (gen !== this.generation) {
      await closeQuietly(conn.client);
      await conn.cm.dispose().catch(() => {});
      return;
    }
    this.conn = conn;
    conn.session.on('session_closed', () => {
      if (gen === this.generation && this.running) this.rebuild(new Error('the server closed the session'));
    });
    const publishingInterval = this.cfg.publishingIntervalMs ?? 500;
    const sub = await conn.session.createSubscription2({
      requestedPublishingInterval: publishingInterval,
      requestedMaxKeepAliveCount: MAX_KEEP_ALIVE_COUNT,
      // Lifetime ≥ 3 × keep-alive (Part 4 §5.13.2); 6× lets the subscription outlive a short outage.
      requestedLifetimeCount: MAX_KEEP_ALIVE_COUNT * 6,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10,
    });
    this.keepAliveMs = sub.publishingInterval * sub.maxKeepAliveCount || this.keepAliveMs;
    const alive = () => {
      if (gen === this.generation) this.lastActivity = this.now();
    };
    sub.on('keepalive', alive);
    sub.on('received_notifications', alive);
    const plans = this.cfg.tags.map((t, i) => planItem(this.cfg, t, i));
    const result = await monitorTags(sub, this.nodeIds, plans, (index, dv) => {
      if (gen === this.generation) this.onValue(this.tags[index] as TagRuntime, dv);
    });
    for (const i of result.withoutFilter) {
      const t = this.tags[i] as TagRuntime;
      if (t.cfg.deadbandType === 'percent') {
        this.ctx.log.warn(
          { connector: this.id, tag: t.cfg.nodeId },
          'server refused the percent deadband: no deadband',
        );
      } else t.clientDeadband = t.cfg.deadband ?? 0;
    }
    for (const f of result.failed) {
      const t = this.tags[f.index] as TagRuntime;
      t.health.errors++;
      this.errors++;
      const message = `tags[${f.index}] ${t.cfg.nodeId} (${t.cfg.sensor}): the server refused to monitor it (${f.status})`;
      this.lastError = { at: this.now(), message };
      this.ctx.log.warn({ connector: this.id, tag: t.cfg.nodeId, status: f.status }, message);
    }
  }

  /** node-opcua's own repair of a broken connection, reported truthfully. */
  private watchClient(client: UA.OPCUAClient, gen: number): void {
    const current = () => gen === this.generation && this.running;
    client.on('connection_lost', () => {
      if (!current()) return;
      this.noteError(new Error(`connection to ${this.cfg.endpointUrl} lost`));
      this.repairingSince = this.now();
      this.setState('reconnecting');
    });
    client.on('reconnection_attempt_has_failed', (err: Error) => {
      if (current()) this.noteError(err);
    });
    client.on('connection_reestablished', () => {
      if (!current()) return;
      this.repairingSince = undefined;
      this.reconnects++;
      this.lastActivity = this.now();
      this.setState('connected');
      this.ctx.log.info({ connector: this.id }, 'OPC UA connection re-established');
    });
    client.on('close', (err?: Error | null) => {
      if (current() && err) this.rebuild(err);
    });
  }

  /** Drops the client and starts over with discovery, after a delay from the Backoff. */
  private rebuild(err: unknown): void {
    if (!this.running) return;
    this.generation++;
    this.fail(err);
    void this.teardown().then(() => {
      if (this.running) this.scheduleRetry();
    });
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    const delay = this.backoff.next();
    this.retryTimer = setTimeout(() => {
      if (this.running) this.attempting = this.attempt();
    }, delay);
  }

  private async teardown(): Promise<void> {
    // Whatever the old client and session still report (session_closed while closing it) no longer counts.
    this.generation++;
    this.repairingSince = undefined;
    const conn = this.conn;
    this.conn = undefined;
    if (!conn) return;
    await closeQuietly(conn.client);
    await conn.cm.dispose().catch(() => {});
  }

  private fail(err: unknown): void {
    this.noteError(err);
    if (err instanceof OpcuaSetupError) this.setState('error');
    else this.setState(this.everConnected ? 'reconnecting' : 'connecting');
    this.ctx.log.warn({ connector: this.id, err: this.lastError?.message }, 'OPC UA connection failed');
  }

  private noteError(err: unknown): void {
    this.errors++;
    this.lastError = { at: this.now(), message: err instanceof Error ? err.message : String(err) };
  }

  /** Every second: stale tags, and a session node-opcua cannot bring back. */
  private check(): void {
    const now = this.now();
    for (const t of this.tags) {
      const expected = t.cfg.expectedIntervalMs;
      if (!expected || t.health.stale) continue;
      const last = t.health.lastValueAt ?? t.staleSince ?? now;
      if (now - last > 3 * expected) {
        t.health.stale = true;
        this.event({
          type: 'tag_stale',
          sensor: t.cfg.sensor,
          tag: t.cfg.nodeId,
          message: `${t.cfg.sensor} (${t.cfg.nodeId}) has not updated for ${Math.round((now - last) / 1000)} s`,
        });
      }
    }
    if (!this.running || !this.conn) return;
    const keepAliveMs = this.keepAliveMs;
    const repairing = this.repairingSince;
    if (repairing !== undefined && now - repairing > 3 * keepAliveMs + (this.cfg.reconnect?.maxMs ?? 5000)) {
      this.rebuild(
        new Error(`node-opcua could not restore the session within ${Math.round((now - repairing) / 1000)} s`),
      );
    } else if (this.state === 'connected' && now - this.lastActivity > 3 * keepAliveMs) {
      this.rebuild(
        new Error(
          `no publish response from ${this.cfg.endpointUrl} for ${Math.round((now - this.lastActivity) / 1000)} s`,
        ),
      );
    }
  }

  // --- data -------------------------------------------------------------------------------------------------------

  private onValue(t: TagRuntime, dv: UA.DataValue): void {
    const status = dv.statusCode.value >>> 0;
    if (status === WAITING_FOR_INITIAL_DATA) return;
    const now = this.now();
    const quality = qualityFromStatus(status);
    const raw = variantNumber(dv.value);
    let value: number;
    if (raw !== undefined) value = raw * t.scale + t.offset;
    else if (!isGood(quality) && t.health.lastValue !== undefined) {
      // A Bad/Uncertain sample without a value: keep the series going with the last value, flagged by its quality.
      value = t.health.lastValue;
    } else {
      t.health.errors++;
      t.health.lastQuality = quality;
      this.noteError(
        new Error(
          `${t.cfg.nodeId} (${t.cfg.sensor}): ${isGood(quality) ? 'value is not a number' : dv.statusCode.name}`,
        ),
      );
      return;
    }
    const ts = (dv.sourceTimestamp ?? dv.serverTimestamp)?.getTime() ?? now;
    t.health.lastValueAt = now;
    t.health.lastValue = value;
    t.health.lastQuality = quality;
    if (t.health.stale) {
      t.health.stale = false;
      this.event({
        type: 'tag_recovered',
        sensor: t.cfg.sensor,
        tag: t.cfg.nodeId,
        message: `${t.cfg.sensor} updates again`,
      });
    }
    if (t.clientDeadband > 0 && isGood(quality) && t.lastEmitted !== undefined) {
      if (Math.abs(value - t.lastEmitted) < t.clientDeadband) return;
    }
    t.lastEmitted = value;
    this.pending.push({ sensor: t.cfg.sensor, ts, value, quality });
    if (this.pending.length > MAX_PENDING) {
      const drop = this.pending.length - MAX_PENDING;
      this.pending.splice(0, drop);
      this.evicted += drop;
      this.event({ type: 'buffer_evicted', message: `${drop} readings dropped: downstream not accepting` });
    }
    // One hand-over per publish response: the notifications of one response arrive in one tick.
    if (!this.flushing) this.flushing = new Promise((r) => setImmediate(r)).then(() => this.flush());
  }

  /** Hands pending readings downstream one batch at a time, waiting for each to be durable. */
  private async flush(): Promise<void> {
    try {
      while (this.pending.length && this.emitFn) {
        const batch = this.pending;
        this.pending = [];
        const handedAt = this.now();
        const step = Math.max(1, Math.floor(batch.length / 64));
        for (let i = 0; i < batch.length; i += step) this.latency.add(handedAt - (batch[i] as Reading).ts);
        try {
          await this.emitFn(batch);
          this.readings += batch.length;
          this.lastDataAt = this.now();
        } catch (err) {
          this.noteError(err);
          this.pending = batch.concat(this.pending);
          if (!this.running) return;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private setState(s: ConnectorState): void {
    if (s === this.state) return;
    this.state = s;
    this.since = this.now();
    this.event({
      type: 'state_changed',
      message: `${this.id} is ${s}${this.lastError && s !== 'connected' && s !== 'stopped' ? `: ${this.lastError.message}` : ''}`,
    });
  }

  private event(e: Omit<ConnectorEvent, 'connectorId' | 'ts'>): void {
    this.ctx.onEvent?.({ ...e, connectorId: this.id, ts: this.now() });
  }
}
