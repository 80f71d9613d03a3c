import type { Reading } from '@prognos/core';
import { Backoff } from '../backoff';
import type {
  BrowseItem,
  Connector,
  ConnectorContext,
  ConnectorEvent,
  ConnectorHealth,
  ConnectorState,
  Emit,
} from '../contract';
import type { ModbusConfig, ModbusPollGroup } from './config';
import { decodeRegisters } from './decode';
import { classifyModbusError, ModbusException } from './errors';
import { LatencyWindow } from './latency';
import { type PlannedItem, planReads, type ReadRequest, splitRequest } from './planner';
import { scanRange } from './scan';
import { TagState } from './tag-state';
import { parseBrowsePath, TABLES } from './tags';
import { describeTarget, ModbusTransport } from './transport';

/** Timeouts in a row after which the link counts as dead (a half-open TCP connection only ever times out). */
const MAX_CONSECUTIVE_TIMEOUTS = 3;

interface GroupRuntime {
  group: ModbusPollGroup;
  requests: ReadRequest[];
  /** TagState per register index of the group. */
  tags: TagState[];
  timer?: NodeJS.Timeout;
  nextAt: number;
}

/**
 * Polls a Modbus TCP server (or an RTU slave on a serial line). Reads are planned once at start (contiguous
 * registers in one request); each poll group runs on its own interval; readings carry the poll time (Modbus has no
 * source timestamps); failures become bad-quality readings with a reason, link failures a reconnect with backoff.
 */
export class ModbusConnector implements Connector {
  readonly kind = 'modbus' as const;
  readonly id: string;
  private readonly groups: GroupRuntime[];
  private readonly tags: TagState[];
  private readonly now: () => number;
  // Capped at 5 s so a restarted device is polled again within seconds (the fault tests ask for < 10 s).
  private readonly backoff = new Backoff({ baseMs: 500, maxMs: 5000 });
  private readonly latency = new LatencyWindow();
  private state: ConnectorState = 'stopped';
  private since: number;
  private transport?: ModbusTransport;
  private emitFn?: Emit;
  private running = false;
  private reconnectTimer?: NodeJS.Timeout;
  private staleTimer?: NodeJS.Timeout;
  private timeoutsInRow = 0;
  private readings = 0;
  private errors = 0;
  private reconnects = 0;
  private lastError?: { at: number; message: string };
  private lastDataAt?: number;
  private connecting?: Promise<void>;

  constructor(
    readonly config: ModbusConfig,
    private readonly ctx: ConnectorContext,
  ) {
    this.id = config.id;
    this.now = ctx.now ?? Date.now;
    this.since = this.now();
    const planOpts = { maxGap: config.maxGap, maxRegisters: config.maxRegistersPerRead };
    this.groups = config.pollGroups.map((group) => ({
      group,
      requests: planReads(group.registers, planOpts),
      tags: group.registers.map((r) => new TagState(r, group.intervalMs, this.since)),
      nextAt: 0,
    }));
    this.tags = this.groups.flatMap((g) => g.tags);
  }

  /** The planned requests per poll group (for diagnostics and tests). */
  plan(): Record<string, ReadRequest[]> {
    return Object.fromEntries(this.groups.map((g) => [g.group.name, g.requests]));
  }

  /** Starts polling; resolves after the first connection attempt (it keeps retrying in the background). */
  async start(emit: Emit): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.emitFn = emit;
    const t = this.now();
    for (const tag of this.tags) tag.resetWatch(t);
    this.setState('connecting');
    const minInterval = Math.min(...this.tags.map((x) => x.expectedIntervalMs));
    this.staleTimer = setInterval(() => this.checkStale(), Math.min(5000, Math.max(100, minInterval / 2)));
    this.staleTimer.unref?.();
    await this.connect();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.staleTimer);
    this.stopPolling();
    await this.connecting;
    const t = this.transport;
    this.transport = undefined;
    await t?.close();
    this.setState('stopped');
  }

  health(): ConnectorHealth {
    this.checkStale();
    const latency = this.latency.percentiles();
    return {
      id: this.id,
      kind: this.kind,
      state: this.state,
      since: this.since,
      target: describeTarget(this.config),
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.lastDataAt !== undefined ? { lastDataAt: this.lastDataAt } : {}),
      readings: this.readings,
      errors: this.errors,
      reconnects: this.reconnects,
      ...(latency ? { latencyMs: latency } : {}),
      buffered: 0,
      evicted: 0,
      tags: this.tags.map((t) => t.health()),
    };
  }

  /**
   * Without a path: the four tables. With `holding:0-99`, `input:100-131:float32:CDAB`, `coil:0-15`...: the live
   * values of that range. Uses the running connection, or opens one for the scan (discovery before saving).
   */
  async browse(path?: string): Promise<BrowseItem[]> {
    if (!path) {
      return ([1, 2, 3, 4] as const).map((fn) => ({
        tag: `${TABLES[fn]}:0-99`,
        name: {
          1: 'Coils (function 1)',
          2: 'Discrete inputs (function 2)',
          3: 'Holding registers (function 3)',
          4: 'Input registers (function 4)',
        }[fn],
        hasChildren: true,
      }));
    }
    const range = parseBrowsePath(path);
    const opts = { maxRegisters: this.config.maxRegistersPerRead, now: this.now };
    const live = this.transport;
    if (live?.isOpen) return scanRange((fn, a, n) => live.read(fn, a, n), range, opts);
    const t = new ModbusTransport(this.config);
    await t.connect();
    try {
      return await scanRange((fn, a, n) => t.read(fn, a, n), range, opts);
    } finally {
      await t.close();
    }
  }

  // ---------------------------------------------------------------------------------------------------------

  private connect(): Promise<void> {
    const attempt = (async () => {
      const t = new ModbusTransport(this.config);
      try {
        await t.connect();
      } catch (err) {
        this.noteError(err);
        if (this.running) {
          this.setState('reconnecting');
          this.scheduleReconnect();
        }
        return;
      }
      if (!this.running) {
        await t.close();
        return;
      }
      this.transport = t;
      this.timeoutsInRow = 0;
      t.onClose((err) => this.lost(t, err));
      this.backoff.reset();
      this.setState('connected');
      this.startPolling(t);
    })();
    this.connecting = attempt.finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    const delay = this.backoff.next();
    this.ctx.log.info({ connector: this.id, delayMs: delay }, 'modbus: reconnecting');
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  /** The link dropped (socket closed, port error, or too many timeouts): mark every tag bad and reconnect. */
  private lost(t: ModbusTransport, err: unknown): void {
    if (t !== this.transport) return;
    this.transport = undefined;
    this.stopPolling();
    void t.close();
    this.noteError(err);
    if (!this.running) return;
    this.reconnects++;
    this.setState('reconnecting');
    const ts = this.now();
    const q = classifyModbusError(err).quality;
    const bad = this.tags.map((tag) => tag.bad(q, ts, false)).filter((r): r is Reading => r !== undefined);
    if (bad.length) void this.hand(bad);
    this.scheduleReconnect();
  }

  private startPolling(t: ModbusTransport): void {
    const start = this.now();
    for (const g of this.groups) {
      g.nextAt = start;
      const tick = async () => {
        if (!this.running || this.transport !== t) return;
        await this.pollGroup(g, t);
        if (!this.running || this.transport !== t) return;
        // Fixed rate: the next poll is due one interval after the previous one; an overrun skips missed slots.
        const now = this.now();
        g.nextAt += g.group.intervalMs;
        if (g.nextAt < now) g.nextAt = now + g.group.intervalMs - ((now - g.nextAt) % g.group.intervalMs);
        g.timer = setTimeout(() => void tick(), g.nextAt - now);
      };
      g.timer = setTimeout(() => void tick(), 0);
    }
  }

  private stopPolling(): void {
    for (const g of this.groups) {
      clearTimeout(g.timer);
      g.timer = undefined;
    }
  }

  /** One poll of a group: its planned requests in turn, then one hand-over of the readings. */
  private async pollGroup(g: GroupRuntime, t: ModbusTransport): Promise<void> {
    const out: Reading[] = [];
    let ok = 0;
    let failed = 0;
    const work = [...g.requests];
    while (work.length) {
      const req = work.shift() as ReadRequest;
      const ts = this.now();
      try {
        const data = await t.read(req.function, req.address, req.count);
        ok++;
        this.timeoutsInRow = 0;
        for (const it of req.items) push(out, g.tags[it.index]?.good(decodeItem(it, data), ts));
      } catch (err) {
        if (this.transport !== t) return;
        const c = classifyModbusError(err);
        if (c.class === 'link' || !t.isOpen) return this.lost(t, err);
        if (c.class === 'timeout' && ++this.timeoutsInRow >= MAX_CONSECUTIVE_TIMEOUTS) {
          return this.lost(t, new Error(`${MAX_CONSECUTIVE_TIMEOUTS} requests in a row timed out: ${c.message}`));
        }
        const parts = splitRequest(req);
        const rejected =
          c.code === ModbusException.ILLEGAL_DATA_ADDRESS || c.code === ModbusException.ILLEGAL_DATA_VALUE;
        if (rejected && parts.length > 1) {
          // A register bridged by the planner does not exist: read these values one by one from now on.
          g.requests.splice(g.requests.indexOf(req), 1, ...parts);
          work.unshift(...parts);
          this.ctx.log.warn(
            { connector: this.id, request: `${req.function}:${req.address}+${req.count}` },
            'modbus: split a rejected merged read',
          );
          continue;
        }
        failed++;
        this.noteError(err, `${TABLES[req.function]}:${req.address}+${req.count}: ${c.message}`);
        for (const it of req.items) push(out, g.tags[it.index]?.bad(c.quality, ts));
      }
    }
    // Connected but nothing readable (device behind a gateway gone, every request timing out) is an error state.
    if (ok === 0 && failed > 0 && this.state === 'connected') this.setState('error');
    else if (ok > 0 && this.state === 'error') this.setState('connected');
    if (out.length) await this.hand(out);
  }

  /** Hands readings downstream and waits until they are durable before polling on (backpressure). */
  private async hand(readings: Reading[]): Promise<void> {
    const emit = this.emitFn;
    if (!emit) return;
    const at = this.now();
    for (const r of readings) this.latency.add(at - r.ts);
    try {
      await emit(readings);
      this.readings += readings.length;
      this.lastDataAt = at;
    } catch (err) {
      this.noteError(err, `emit failed: ${(err as Error)?.message ?? err}`);
      this.ctx.log.error({ connector: this.id, err }, 'modbus: emit failed');
    }
  }

  private noteError(err: unknown, message?: string): void {
    this.errors++;
    const msg = message ?? ((err as { message?: unknown })?.message as string | undefined) ?? String(err);
    this.lastError = { at: this.now(), message: msg };
  }

  private setState(state: ConnectorState): void {
    if (state === this.state) return;
    const from = this.state;
    this.state = state;
    this.since = this.now();
    this.event({
      type: 'state_changed',
      message: `${from} → ${state}${this.lastError && state !== 'connected' && state !== 'stopped' ? `: ${this.lastError.message}` : ''}`,
    });
  }

  private checkStale(): void {
    if (!this.running) return;
    const now = this.now();
    for (const tag of this.tags) {
      const change = tag.checkStale(now);
      if (!change) continue;
      this.event({
        type: change === 'stale' ? 'tag_stale' : 'tag_recovered',
        sensor: tag.sensor,
        tag: tag.tag,
        message:
          change === 'stale'
            ? `${tag.tag} (${tag.sensor}): no update for more than 3 × ${tag.expectedIntervalMs} ms`
            : `${tag.tag} (${tag.sensor}) updates again`,
      });
    }
  }

  private event(e: Omit<ConnectorEvent, 'connectorId' | 'ts'>): void {
    this.ctx.onEvent?.({ ...e, connectorId: this.id, ts: this.now() });
  }
}

function decodeItem(it: PlannedItem, data: number[]): number {
  const r = it.register;
  if (r.function === 1 || r.function === 2) return data[it.offset] ?? 0;
  return decodeRegisters(data, it.offset, r.type ?? 'uint16', r.byteOrder, r.wordOrder, r.bit);
}

function push(out: Reading[], r: Reading | undefined): void {
  if (r) out.push(r);
}
