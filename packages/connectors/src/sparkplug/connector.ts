import mqtt, { type IClientOptions, type IConnackPacket, type IPublishPacket, type MqttClient } from 'mqtt';
import { Backoff } from '../backoff';
import type { Connector, ConnectorContext, ConnectorEvent, ConnectorHealth, ConnectorState, Emit } from '../contract';
import { browseModel, type SparkplugBrowseItem } from './browse';
import { clientOptions } from './client-options';
import { REBIRTH_METRIC, sparkplugCodec } from './codec';
import { groupsOf, type SparkplugConfig } from './config';
import { HostModel } from './host-model';
import { MetricMapper } from './mapping';
import { TagTracker } from './tag-tracker';
import { nodeTopic, parseTopic, type SparkplugTopic, stateTopic } from './topic';

export type { SparkplugBrowseItem } from './browse';

/** MQTT CONNACK return codes that retrying will not fix by itself (MQTT 3.1.1 §3.2.2.3: 1–5). */
function isRefusal(err: Error & { code?: unknown }): boolean {
  return typeof err.code === 'number' && err.code >= 1 && err.code <= 5;
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * A Sparkplug B host application (Eclipse Sparkplug 3.0) on any MQTT broker. Messages are handled strictly in
 * arrival order; a QoS 1 message is acknowledged only after `emit` has resolved for its readings, so with a
 * persistent session the broker re-delivers whatever was not yet durable when the connection or the downstream failed.
 */
export class SparkplugConnector implements Connector {
  readonly kind = 'sparkplug' as const;
  readonly id: string;
  private state: ConnectorState = 'stopped';
  private since: number;
  private emit?: Emit;
  private client?: MqttClient;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly backoff: Backoff;
  private reconnectTimer?: NodeJS.Timeout;
  private staleTimer?: NodeJS.Timeout;
  private stopping = false;
  private connectedOnce = false;
  private readonly lost = new WeakSet<MqttClient>();
  private readonly lastRebirth = new Map<string, number>();
  private stateTimestamp = 0;
  private readings = 0;
  private errors = 0;
  private reconnects = 0;
  private rebirthRequests = 0;
  private lastError?: { at: number; message: string };
  private lastDataAt?: number;
  private readonly model: HostModel;
  private readonly tracker: TagTracker;
  private readonly groups: string[];
  private readonly edgeNodes?: Set<string>;
  private readonly now: () => number;

  constructor(
    private readonly config: SparkplugConfig,
    private readonly ctx: ConnectorContext,
  ) {
    this.id = config.id;
    this.now = ctx.now ?? Date.now;
    this.since = this.now();
    this.groups = groupsOf(config);
    if (config.edgeNodes) this.edgeNodes = new Set(config.edgeNodes);
    const mapper = new MetricMapper(config.mapping, {
      ...(config.expectedIntervalMs !== undefined ? { expectedIntervalMs: config.expectedIntervalMs } : {}),
      ...(config.devices ? { devices: config.devices } : {}),
    });
    this.model = new HostModel(mapper, this.now);
    this.tracker = new TagTracker(this.id, this.now, (e) => this.event(e));
    this.backoff = new Backoff({ baseMs: 250, maxMs: config.reconnectMaxMs ?? 4000, minMs: 100 });
  }

  async start(emit: Emit): Promise<void> {
    if (this.state !== 'stopped') throw new Error(`connector ${this.id} is already started`);
    this.emit = emit;
    this.stopping = false;
    this.setState('connecting');
    this.staleTimer = setInterval(() => this.tracker.checkIntervals(), 1000);
    this.staleTimer.unref();
    const first = this.open();
    // Wait for the first attempt only: a broker that is down is a state to report, not a reason to fail start().
    await Promise.race([first, new Promise((r) => setTimeout(r, this.config.connectTimeoutMs ?? 5000).unref())]);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.staleTimer);
    const client = this.client;
    this.client = undefined;
    if (client) {
      if (client.connected && this.config.hostId) {
        // A graceful disconnect sends no will, so the host publishes its own offline STATE (Sparkplug 3.0 ch. 5).
        await client
          .publishAsync(stateTopic(this.config.hostId), this.statePayload(false), { qos: 1, retain: true })
          .catch(() => undefined);
      }
      // Let the message in hand finish (its emit and ack) before the session goes away.
      await Promise.race([this.chain, new Promise((r) => setTimeout(r, 2000).unref())]);
      await client.endAsync(!client.connected).catch(() => undefined);
    }
    this.setState('stopped');
  }

  health(): ConnectorHealth {
    const latency = this.tracker.latency();
    return {
      id: this.id,
      kind: this.kind,
      state: this.state,
      since: this.since,
      target: redact(this.config.url),
      ...(this.lastError ? { lastError: { ...this.lastError } } : {}),
      ...(this.lastDataAt !== undefined ? { lastDataAt: this.lastDataAt } : {}),
      readings: this.readings,
      errors: this.errors,
      reconnects: this.reconnects,
      ...(latency ? { latencyMs: latency } : {}),
      buffered: 0,
      evicted: 0,
      tags: this.tracker.health(),
    };
  }

  /** Rebirth requests published so far (NCMD Node Control/Rebirth). */
  get rebirthsRequested(): number {
    return this.rebirthRequests;
  }

  /**
   * Discovery: '' → groups, 'G' → edge nodes, 'G/E' → devices and node metrics, 'G/E/D' → device metrics,
   * each metric with its last value, timestamp, quality and the sensor it feeds.
   */
  async browse(path = ''): Promise<SparkplugBrowseItem[]> {
    return browseModel(this.model, this.groups, path);
  }

  // ---- connection --------------------------------------------------------------------------------------------

  private open(): Promise<void> {
    const cfg = this.config;
    this.stateTimestamp = this.now();
    let opts: IClientOptions;
    try {
      opts = clientOptions(cfg, cfg.hostId ? this.statePayload(false) : undefined);
    } catch (err) {
      // An unreadable TLS file will not fix itself quickly, but it may be put in place: report and keep trying.
      this.fail(err as Error, true);
      this.scheduleReconnect();
      return Promise.resolve();
    }
    const client = mqtt.connect(cfg.url, opts);
    this.client = client;
    // mqtt.js sends the PUBACK of a QoS 1 message only when handleMessage calls back, and hands over the next
    // message only then (in MQTT 3.1.1 and 5 alike): so a message is acknowledged after its readings are emitted.
    client.handleMessage = (packet, callback) => {
      void this.enqueue(client, packet.topic, packet.payload as Buffer, packet).then((ok) =>
        // Not acknowledged on failure: the connection is dropped and the broker re-delivers the message.
        ok ? callback() : callback(new Error('not acknowledged: emit failed')),
      );
    };
    return new Promise<void>((resolve) => {
      client.on('connect', (connack) => void this.onConnect(client, connack).then(resolve));
      client.on('error', (err) => {
        this.fail(err, isRefusal(err as Error & { code?: unknown }));
        this.onLost(client);
        resolve();
      });
      client.on('close', () => {
        this.onLost(client);
        resolve();
      });
    });
  }

  /** Subscribes, announces the host STATE and asks for rebirths where needed; resolves when done (or failed). */
  private async onConnect(client: MqttClient, connack: IConnackPacket): Promise<void> {
    if (client !== this.client || this.stopping) return;
    const resumed = this.config.persistentSession !== false && connack.sessionPresent;
    const topics = Object.fromEntries(this.groups.map((g) => [`spBv1.0/${g}/#`, { qos: 1 as const }]));
    if (this.config.hostId) topics[stateTopic(this.config.hostId)] = { qos: 1 };
    const again = this.connectedOnce;
    this.connectedOnce = true;
    // The session is up from the CONNACK on: a resumed session's queued messages may arrive before the SUBACK.
    this.backoff.reset();
    this.setState('connected');
    if (again && !resumed) {
      // The broker lost our session (restart, expiry): births and deaths may have passed us by, so every alias
      // is suspect. Forget them in message order and ask each known edge node to rebirth (Sparkplug 3.0 ch. 5).
      this.chain = this.chain.then(() => this.model.forgetSessions());
    }
    try {
      await client.subscribeAsync(topics);
      if (this.config.hostId) {
        await client.publishAsync(stateTopic(this.config.hostId), this.statePayload(true), { qos: 1, retain: true });
      }
    } catch (err) {
      this.fail(err as Error, false);
      this.onLost(client);
      return;
    }
    if (client !== this.client) return;
    if (again && !resumed) {
      for (const n of this.model.nodes.values()) {
        this.requestRebirth(n.group, n.edgeNode, 'session lost after reconnect', true);
      }
    }
  }

  private onLost(client: MqttClient): void {
    if (this.lost.has(client)) return;
    this.lost.add(client);
    client.end(true);
    if (client !== this.client) return;
    this.client = undefined;
    if (this.stopping) return;
    if (this.state === 'connected') {
      this.reconnects++;
      // Without the broker we cannot know whether any edge node is alive: every tag is stale until data returns.
      this.tracker.markAllStale('lost the MQTT broker connection');
      for (const n of this.model.nodes.values()) n.online = false;
    }
    if (this.state !== 'error') this.setState(this.connectedOnce ? 'reconnecting' : 'connecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopping) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (!this.stopping && !this.client) void this.open();
    }, this.backoff.next());
  }

  private fail(err: Error, fatal: boolean): void {
    this.errors++;
    this.lastError = { at: this.now(), message: err.message };
    this.ctx.log.warn({ connector: this.id, err: err.message }, 'sparkplug connector error');
    if (fatal) this.setState('error');
  }

  private setState(s: ConnectorState): void {
    if (s === this.state) return;
    const from = this.state;
    this.state = s;
    this.since = this.now();
    this.event({
      type: 'state_changed',
      connectorId: this.id,
      ts: this.since,
      message: `${from} → ${s}${s === 'error' && this.lastError ? `: ${this.lastError.message}` : ''}`,
    });
  }

  private event(e: ConnectorEvent): void {
    try {
      this.ctx.onEvent?.(e);
    } catch (err) {
      this.ctx.log.error({ connector: this.id, err: (err as Error).message }, 'event handler failed');
    }
  }

  private statePayload(online: boolean): string {
    // Sparkplug 3.0 STATE: JSON {online, timestamp}; the birth and the will of one connection share the timestamp.
    return JSON.stringify({ online, timestamp: this.stateTimestamp });
  }

  // ---- messages ----------------------------------------------------------------------------------------------

  /** Runs one message after all earlier ones; resolves true when it may be acknowledged. */
  private enqueue(client: MqttClient, topic: string, payload: Buffer, packet: IPublishPacket): Promise<boolean> {
    const run = this.chain.then(() => this.handle(client, topic, payload, packet));
    this.chain = run.catch(() => undefined);
    return run.catch((err: Error) => {
      this.fail(err, false);
      return true; // a bug in handling one message must not block the session; it is counted and logged
    });
  }

  private async handle(client: MqttClient, topic: string, payload: Buffer, packet: IPublishPacket): Promise<boolean> {
    // A QoS 1 message of a connection we gave up will be re-delivered on the next one: handle it there, once.
    if (packet.qos > 0 && client !== this.client) return false;
    const t = parseTopic(topic);
    if (!t) return true;
    if (t.type === 'STATE') {
      this.onState(client, t, payload);
      return true;
    }
    if (t.type === 'NCMD' || t.type === 'DCMD') return true;
    if (this.edgeNodes && !this.edgeNodes.has(t.edgeNode)) return true;
    let decoded: ReturnType<typeof sparkplugCodec.decodePayload>;
    try {
      decoded = sparkplugCodec.decodePayload(payload);
    } catch (err) {
      this.fail(new Error(`undecodable Sparkplug payload on ${topic}: ${(err as Error).message}`), false);
      return true; // a poison message is acknowledged, or it would come back for ever
    }
    const out = this.model.handle(t, decoded, packet.dup === true);
    if (out.ignored) this.ctx.log.info({ connector: this.id, topic }, out.ignored);
    if (out.rebirth) {
      if (out.rebirth.reason === 'sequence_gap') {
        this.event({ type: 'sequence_gap', connectorId: this.id, ts: this.now(), message: out.rebirth.message });
      }
      this.requestRebirth(t.group, t.edgeNode, out.rebirth.message);
    }
    if (out.defined.length > 0) this.tracker.define(out.defined);
    if (out.died.length > 0) {
      this.tracker.markStale(
        out.died.map((m) => m.tag!),
        `${t.type} from ${t.group}/${t.edgeNode}${t.device ? `/${t.device}` : ''}`,
      );
    }
    const batch = this.tracker.filter(out.readings);
    if (batch.readings.length > 0) {
      try {
        await this.emit!(batch.readings);
      } catch (err) {
        this.model.restoreSeq(t.group, t.edgeNode, out.prevSeq);
        for (const r of out.readings) this.tracker.error(r.tag.key);
        this.fail(new Error(`emit failed: ${(err as Error).message}`), false);
        if (packet.qos > 0) {
          // Drop the connection so the unacknowledged message comes again (persistent session), after backoff.
          this.onLost(client);
          return false;
        }
        return true;
      }
      this.readings += batch.readings.length;
      this.lastDataAt = this.now();
    }
    this.tracker.commit(batch);
    return true;
  }

  private onState(client: MqttClient, t: SparkplugTopic, payload: Buffer): void {
    const hostId = this.config.hostId;
    if (!hostId || t.edgeNode !== hostId || client !== this.client || !client.connected) return;
    let online: unknown;
    try {
      online = (JSON.parse(payload.toString()) as { online?: unknown }).online;
    } catch {
      return;
    }
    // Someone (a stale will, another instance) says this host is offline while it is not: say otherwise.
    if (online === false) {
      client.publish(stateTopic(hostId), this.statePayload(true), { qos: 1, retain: true });
    }
  }

  private requestRebirth(group: string, edgeNode: string, why: string, force = false): void {
    const key = `${group}/${edgeNode}`;
    const now = this.now();
    const last = this.lastRebirth.get(key);
    if (!force && last !== undefined && now - last < (this.config.rebirthThrottleMs ?? 2000)) return;
    const client = this.client;
    if (!client?.connected) return; // asked again for every known node once we are back
    this.lastRebirth.set(key, now);
    const payload = sparkplugCodec.encodePayload({
      timestamp: now,
      metrics: [{ name: REBIRTH_METRIC, type: 'Boolean', value: true }],
    });
    // Sparkplug 3.0 ch. 4: NCMD is published at QoS 0, not retained.
    client.publish(nodeTopic('NCMD', group, edgeNode), Buffer.from(payload), { qos: 0, retain: false });
    this.rebirthRequests++;
    this.event({
      type: 'rebirth_requested',
      connectorId: this.id,
      ts: now,
      tag: key,
      message: `asked ${key} to rebirth: ${why}`,
    });
  }
}
