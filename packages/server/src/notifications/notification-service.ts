import type { Alert, AlertSeverity, Asset, RankedFailureMode, WorkOrderDetail } from '@prognos/core';
import { PrognosError } from '@prognos/core';
import type { MetadataStore } from '@prognos/store';
import type { BusEvents, EventBus } from '../event-bus';
import { type ChannelConfig, type NotificationEvent, validateChannel } from './channel-config';
import { DeliveryLog, type DeliveryLogEntry } from './delivery-log';
import { DEFAULT_QUEUE_OPTIONS, type DeliveryOutcome, DeliveryQueue, type QueueOptions } from './delivery-queue';
import type { NotificationsSettings } from './notifications-config';
import { type NotificationMessage, renderAlert, renderWorkOrder, SEVERITY_RANK } from './render';
import { maskChannel, unmaskChannel } from './secrets';
import type { Sender } from './sender';
import { createSender } from './senders';
import { testMessage } from './test-message';

const SETTINGS_KEY = 'notifications.channels';
/** An update the CMMS itself caused is not sent back to it within this time (no echo loop). */
const ECHO_MS = 30_000;

export interface NotificationLog {
  info: (o: unknown, m?: string) => void;
  warn: (o: unknown, m?: string) => void;
  error: (o: unknown, m?: string) => void;
}

export interface NotificationServiceDeps {
  bus: EventBus;
  metadata: Pick<MetadataStore, 'getSetting' | 'setSetting' | 'getAsset' | 'listAlerts'>;
  log: NotificationLog;
  /** From the notifications file (channels, base URL); channels changed through the API override it by id. */
  settings?: NotificationsSettings;
  /** Base URL of the UI when the file gives none (the server's own address). */
  defaultBaseUrl?: () => string | undefined;
  /** A snoozed alert does not notify (the alert workflow's snoozedUntil). */
  isSnoozed?: (alertId: string) => boolean;
  /** The failure modes ranked for an alert (the alert workflow), for the message body. */
  failureModes?: (alert: Alert) => Promise<readonly RankedFailureMode[] | undefined>;
  /** The library's name of a failure mode id. */
  failureModeName?: (id: string) => Promise<string | undefined>;
  queue?: Partial<QueueOptions>;
  env?: NodeJS.ProcessEnv;
}

interface Runtime {
  channel: ChannelConfig;
  source: 'file' | 'api';
  sender: Sender;
  queue: DeliveryQueue<NotificationMessage>;
  stats: { delivered: number; failed: number; lastDeliveredAt?: number; lastError?: string; lastErrorAt?: number };
}

export interface ChannelView {
  channel: ChannelConfig;
  source: 'file' | 'api';
  status: Runtime['stats'] & { pending: number };
}

type SavedEntry = ChannelConfig | { id: string; deleted: true };

/**
 * Turns alert and work-order events into messages and delivers them through the configured channels (webhook,
 * e-mail, MQTT, CMMS), each with its own bounded retry queue. Listening to the bus never waits for a delivery.
 */
export class NotificationService {
  private readonly runtimes = new Map<string, Runtime>();
  private readonly saved = new Map<string, SavedEntry>();
  private readonly log = new DeliveryLog();
  /** Severity last notified per open alert, to tell an escalation from an ordinary update. */
  private readonly severity = new Map<string, AlertSeverity>();
  private readonly echo = new Map<string, { count: number; until: number }>();
  private readonly pending = new Set<Promise<void>>();
  private chain: Promise<void> = Promise.resolve();
  private started = false;

  constructor(private readonly deps: NotificationServiceDeps) {}

  private get baseUrl(): string | undefined {
    return this.deps.settings?.baseUrl ?? this.deps.defaultBaseUrl?.();
  }

  async init(): Promise<void> {
    const fromFile = this.deps.settings?.channels ?? [];
    const channels = new Map<string, { channel: ChannelConfig; source: 'file' | 'api' }>();
    for (const c of fromFile) channels.set(c.id, { channel: c, source: 'file' });
    for (const e of await this.loadSaved()) {
      this.saved.set(e.id, e);
      if ('deleted' in e) channels.delete(e.id);
      else {
        // a saved channel from an older version that no longer validates is skipped, not fatal
        const r = validateChannel(e);
        if (r.ok) channels.set(e.id, { channel: r.channel, source: 'api' });
        else
          this.deps.log.warn({ channel: e.id, errors: r.errors }, 'saved notification channel is not valid; ignored');
      }
    }
    for (const [id, c] of channels) this.runtimes.set(id, this.runtime(c.channel, c.source));
    for (const a of await this.deps.metadata.listAlerts({ state: 'active', limit: 1000 }))
      this.severity.set(a.id, a.severity);
    this.deps.bus.on('alert', this.onAlert);
    this.deps.bus.on('work-order', this.onWorkOrder);
    this.started = true;
  }

  /** Channels saved through the API; unreadable settings are reported, not fatal (the file's channels still work). */
  private async loadSaved(): Promise<SavedEntry[]> {
    const raw = await this.deps.metadata.getSetting(SETTINGS_KEY);
    if (!raw) return [];
    try {
      const list = JSON.parse(raw) as unknown;
      if (Array.isArray(list)) return list.filter((e): e is SavedEntry => typeof e?.id === 'string');
    } catch {}
    this.deps.log.error({ key: SETTINGS_KEY }, 'saved notification channels are unreadable; ignored');
    return [];
  }

  private runtime(channel: ChannelConfig, source: 'file' | 'api'): Runtime {
    const sender = createSender(channel, this.deps.env ?? process.env);
    const rt: Runtime = {
      channel,
      source,
      sender,
      stats: { delivered: 0, failed: 0 },
      queue: new DeliveryQueue<NotificationMessage>(
        (m) => sender.send(m),
        (m, outcome) => this.record(rt, m, outcome),
        { ...DEFAULT_QUEUE_OPTIONS, ...this.deps.queue },
      ),
    };
    return rt;
  }

  private record(rt: Runtime, m: NotificationMessage, o: DeliveryOutcome): void {
    const entry: DeliveryLogEntry = {
      messageId: m.id,
      at: Date.now(),
      channelId: rt.channel.id,
      kind: rt.channel.kind,
      event: m.event,
      subject: m.subject,
      status: o.status,
      attempt: o.attempt,
      durationMs: o.durationMs,
      ...('error' in o ? { error: o.error } : {}),
      ...('retryInMs' in o ? { retryInMs: o.retryInMs } : {}),
    };
    this.log.add(entry);
    if (o.status === 'ok') {
      rt.stats.delivered++;
      rt.stats.lastDeliveredAt = entry.at;
      return;
    }
    rt.stats.lastError = o.error;
    rt.stats.lastErrorAt = entry.at;
    if (o.status === 'retried') return;
    rt.stats.failed++;
    this.deps.log.warn(
      { channel: rt.channel.id, event: m.event, attempt: o.attempt, error: o.error },
      `notification ${o.status}: ${m.subject}`,
    );
  }

  // ---- events ------------------------------------------------------------------------------------------------

  private readonly onAlert = ({ change, alert }: BusEvents['alert'][0]): void => {
    let event: 'alert.opened' | 'alert.escalated' | 'alert.closed' | undefined;
    const before = this.severity.get(alert.id);
    if (change === 'opened') event = 'alert.opened';
    else if (change === 'closed') event = 'alert.closed';
    else if (change === 'updated' && before !== undefined && SEVERITY_RANK[alert.severity] > SEVERITY_RANK[before])
      event = 'alert.escalated';
    if (change === 'closed') this.severity.delete(alert.id);
    else if (before === undefined || SEVERITY_RANK[alert.severity] > SEVERITY_RANK[before])
      this.severity.set(alert.id, alert.severity);
    if (!event) return;
    if (this.deps.isSnoozed?.(alert.id)) return;
    const ev = event;
    this.track(async () => {
      const asset = await this.asset(alert.assetId);
      const failureModes = ev === 'alert.closed' ? undefined : await this.deps.failureModes?.(alert);
      const m = renderAlert({ event: ev, alert, asset, failureModes, previousSeverity: before, baseUrl: this.baseUrl });
      this.dispatch(m);
    });
  };

  private readonly onWorkOrder = ({ change, workOrder }: BusEvents['work-order'][0]): void => {
    const event = `work_order.${change}` as const;
    this.track(async () => {
      const asset = await this.asset(workOrder.assetId);
      const fm = workOrder.findings?.failureModeId ?? workOrder.failureModeId;
      const failureModeName = fm ? await this.deps.failureModeName?.(fm) : undefined;
      const m = renderWorkOrder({ event, workOrder, asset, failureModeName, baseUrl: this.baseUrl });
      this.dispatch(m, this.isEcho(workOrder, event));
    });
  };

  /**
   * Runs rendering off the bus listener, one event after the other (so "escalated" cannot overtake "closed"); a
   * failure there is logged, never thrown into the emitter.
   */
  private track(fn: () => Promise<void>): void {
    const p = this.chain
      .then(fn)
      .catch((err) => this.deps.log.error({ err }, 'rendering a notification failed'))
      .finally(() => this.pending.delete(p));
    this.chain = p;
    this.pending.add(p);
  }

  private async asset(id: string): Promise<Pick<Asset, 'id' | 'name' | 'criticality'> | undefined> {
    try {
      return await this.deps.metadata.getAsset(id);
    } catch {
      return undefined;
    }
  }

  private dispatch(m: NotificationMessage, skipCmms = false): void {
    for (const rt of this.runtimes.values()) {
      const c = rt.channel;
      if (c.enabled === false || !c.events.includes(m.event as NotificationEvent)) continue;
      if (skipCmms && c.kind === 'cmms') continue;
      if (m.severity && c.minSeverity && SEVERITY_RANK[m.severity] < SEVERITY_RANK[c.minSeverity]) continue;
      rt.queue.push(m);
    }
  }

  /**
   * The CMMS inbound API is about to change this work order: that change is not sent back to the CMMS. Returns
   * the undo for a change that was refused (no event will come).
   */
  suppressEcho(workOrderId: string): () => void {
    const e = this.echo.get(workOrderId);
    const now = Date.now();
    this.echo.set(workOrderId, { count: (e && e.until >= now ? e.count : 0) + 1, until: now + ECHO_MS });
    return () => {
      const cur = this.echo.get(workOrderId);
      if (cur && --cur.count <= 0) this.echo.delete(workOrderId);
    };
  }

  private isEcho(wo: WorkOrderDetail, event: NotificationEvent): boolean {
    const e = this.echo.get(wo.id);
    if (!e || event === 'work_order.created') return false;
    if (--e.count <= 0) this.echo.delete(wo.id);
    return e.until >= Date.now();
  }

  // ---- API ---------------------------------------------------------------------------------------------------

  private view(rt: Runtime): ChannelView {
    return { channel: maskChannel(rt.channel), source: rt.source, status: { ...rt.stats, pending: rt.queue.pending } };
  }

  list(): ChannelView[] {
    return [...this.runtimes.values()].map((rt) => this.view(rt));
  }

  get(id: string): ChannelView {
    return this.view(this.must(id));
  }

  private must(id: string): Runtime {
    const rt = this.runtimes.get(id);
    if (!rt) throw new PrognosError('NOTIFICATION_CHANNEL_NOT_FOUND', [id]);
    return rt;
  }

  /** Creates or replaces a channel (validated; masked secrets keep their stored values) and persists it. */
  async put(id: string, body: unknown): Promise<ChannelView> {
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    const input = isObject ? { id, ...body } : body;
    if (isObject && (input as { id?: unknown }).id !== id)
      throw invalid([{ path: 'id', message: `must be "${id}", the id in the URL (or left out)` }]);
    const r = validateChannel(input);
    if (!r.ok) throw invalid(r.errors);
    const prev = this.runtimes.get(id);
    const { channel, masked } = unmaskChannel(r.channel, prev?.channel);
    if (masked.length > 0)
      throw invalid(masked.map((path) => ({ path, message: 'is masked (********): send the value itself' })));
    this.saved.set(id, channel);
    await this.persist();
    await this.retire(prev);
    const rt = this.runtime(channel, 'api');
    this.runtimes.set(id, rt);
    return this.view(rt);
  }

  async remove(id: string): Promise<void> {
    const rt = this.must(id);
    this.saved.set(id, { id, deleted: true });
    await this.persist();
    this.runtimes.delete(id);
    await this.retire(rt);
  }

  /** Sends a test message at once, one attempt, and says whether it arrived (and logs it). */
  async test(id: string): Promise<DeliveryLogEntry> {
    const rt = this.must(id);
    const m = testMessage(rt.channel, this.baseUrl);
    const t0 = Date.now();
    try {
      await rt.sender.send(m);
      this.record(rt, m, { status: 'ok', attempt: 1, durationMs: Date.now() - t0 });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      this.record(rt, m, { status: 'failed', attempt: 1, durationMs: Date.now() - t0, error });
      throw new PrognosError('NOTIFICATION_TEST_FAILED', [id, error]);
    }
    return this.log.list({ channelId: id, limit: 1 })[0] as DeliveryLogEntry;
  }

  deliveries(opts: { channelId?: string; limit?: number } = {}): DeliveryLogEntry[] {
    return this.log.list(opts);
  }

  private async persist(): Promise<void> {
    await this.deps.metadata.setSetting(SETTINGS_KEY, JSON.stringify([...this.saved.values()]));
  }

  private async retire(rt: Runtime | undefined): Promise<void> {
    if (!rt) return;
    rt.queue.close();
    await rt.sender.close().catch(() => {});
  }

  /** Resolves when every message rendered so far has been delivered or given up (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    await Promise.all([...this.runtimes.values()].map((rt) => rt.queue.whenIdle()));
  }

  async close(): Promise<void> {
    if (this.started) {
      this.deps.bus.off('alert', this.onAlert);
      this.deps.bus.off('work-order', this.onWorkOrder);
      this.started = false;
    }
    // a moment for messages already on their way (a shutdown right after an alert); retries waiting are dropped
    const settle = new Promise<void>((r) => setTimeout(r, 2_000).unref());
    await Promise.race([this.whenIdle(), settle]);
    await Promise.all([...this.runtimes.values()].map((rt) => this.retire(rt)));
    this.runtimes.clear();
  }
}

function invalid(errors: { path: string; message: string }[]): PrognosError {
  return new PrognosError('CONFIG_INVALID', [errors.map((e) => `${e.path}: ${e.message}`).join('; ')], { errors });
}
