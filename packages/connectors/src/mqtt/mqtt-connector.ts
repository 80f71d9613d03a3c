import { readFile } from 'node:fs/promises';
import { GOOD, type Reading } from '@prognos/core';
import mqtt, { type IClientOptions, type IConnackPacket, type IPublishPacket, type MqttClient } from 'mqtt';
import { Backoff } from '../backoff';
import type {
  BrowseItem,
  Connector,
  ConnectorContext,
  ConnectorHealth,
  ConnectorSinks,
  Emit,
  EmitWaveform,
} from '../contract';
import { ConnectorHealthTracker } from '../manager/health-tracker';
import { TopicCache } from './browse-cache';
import type { MqttConnectorConfig } from './config';
import { type CompiledMqttMapping, compileMqttMappings, extractReadings, parsePayload } from './mapping';
import { compileTopicTemplate } from './topic-template';
import { type CompiledWaveformMapping, compileWaveformMappings, readWaveform } from './waveform-mapping';

/** MQTT 5 PUBACK reason codes (MQTT 5.0 §3.4.2.1). */
const PUBACK_SUCCESS = 0;
const PUBACK_PAYLOAD_FORMAT_INVALID = 0x99;
/** CONNACK codes meaning "fix the credentials" (3.1.1: 4, 5; MQTT 5: 0x86, 0x87). */
const AUTH_CODES = new Set([4, 5, 0x86, 0x87]);
/** Node TLS error codes meaning "fix the certificates" (not a network hiccup). */
const TLS_CODE_RE = /CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS|ERR_SSL|HOSTNAME/;

/** Failures that retrying alone will not cure: the state says "error" until a connection succeeds. */
function needsAttention(err: Error & { code?: number | string }): boolean {
  if (typeof err.code === 'number') return AUTH_CODES.has(err.code);
  return typeof err.code === 'string' && TLS_CODE_RE.test(err.code);
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}

/**
 * Generic MQTT JSON connector. Subscribes with QoS 1 in a persistent session and acknowledges each message only
 * after `emit` resolved (MQTT 5 `customHandleAcks`; for 3.1.1 `handleMessage`, which mqtt.js calls before it sends
 * the PUBACK), so a message the broker delivered is never lost between broker and store: if the process dies before
 * the readings are durable, the broker redelivers.
 */
export class MqttConnector implements Connector {
  readonly kind = 'mqtt' as const;
  readonly id: string;
  private readonly tracker: ConnectorHealthTracker;
  private readonly mappings: CompiledMqttMapping[];
  private readonly waveformMappings: CompiledWaveformMapping[];
  private waveformsEmitted = 0;
  private emitWaveformFn?: EmitWaveform;
  private readonly cache = new TopicCache();
  private readonly reconnectBackoff: Backoff;
  private readonly emitBackoff = new Backoff({ baseMs: 100, maxMs: 5000 });
  private readonly lastEmitted = new Map<string, { value: number; quality: number }>();
  private client?: MqttClient;
  private emitFn?: Emit;
  private stopping = false;
  private subscribedOnce = false;
  /** Credentials or certificates were refused: retrying continues, but the state says "error". */
  private authFailed = false;

  constructor(
    readonly config: MqttConnectorConfig,
    ctx: ConnectorContext,
  ) {
    this.id = config.id;
    this.tracker = new ConnectorHealthTracker(config.id, 'mqtt', redactUrl(config.url), ctx);
    this.mappings = compileMqttMappings(config);
    this.waveformMappings = compileWaveformMappings(config);
    this.reconnectBackoff = new Backoff({
      baseMs: config.reconnect?.baseMs ?? 500,
      maxMs: config.reconnect?.maxMs ?? 8000,
    });
    for (const m of config.mappings) {
      for (const [topic, sensor] of Object.entries(m.sensors ?? {})) {
        this.tracker.registerTag(topic, sensor, m.expectedIntervalMs);
      }
    }
    for (const w of config.waveforms ?? []) {
      for (const [topic, sensor] of Object.entries(w.sensors ?? {})) this.tracker.registerTag(topic, sensor);
    }
  }

  async start(emit: Emit, sinks: ConnectorSinks = {}): Promise<void> {
    if (this.client) throw new Error(`connector ${this.id} is already started`);
    this.emitFn = emit;
    this.emitWaveformFn = sinks.emitWaveform;
    this.stopping = false;
    this.tracker.setState('connecting');
    const c = this.config;
    const v5 = (c.protocolVersion ?? 5) === 5;
    let tls: Pick<IClientOptions, 'ca' | 'cert' | 'key'>;
    try {
      tls = {
        ca: c.ca ? await readFile(c.ca) : undefined,
        cert: c.cert ? await readFile(c.cert) : undefined,
        key: c.key ? await readFile(c.key) : undefined,
      };
    } catch (err) {
      const message = `cannot read TLS file: ${(err as Error).message}`;
      this.tracker.fail(message);
      this.tracker.setState('error', message);
      throw new Error(message);
    }
    const opts: IClientOptions = {
      clientId: c.clientId ?? `prognos-${c.id}`,
      username: c.username,
      password: c.password,
      protocolVersion: v5 ? 5 : 4,
      clean: c.cleanSession ?? false,
      // MQTT 5 ends a session at disconnect unless it has an expiry interval (MQTT 5.0 §3.1.2.11.2)
      properties: v5 ? { sessionExpiryInterval: c.sessionExpirySec ?? 86_400 } : undefined,
      keepalive: c.keepaliveSec ?? 30,
      connectTimeout: c.connectTimeoutMs ?? 10_000,
      reconnectPeriod: this.reconnectBackoff.next(),
      reconnectOnConnackError: true,
      resubscribe: false,
      rejectUnauthorized: c.rejectUnauthorized ?? true,
      ...tls,
    };
    if (v5) {
      opts.customHandleAcks = (topic, message, packet: IPublishPacket, done) => {
        this.onMessage(topic, message, packet.qos).then(
          (code) => done(code),
          (err: Error) => done(err),
        );
      };
    }
    const client = mqtt.connect(c.url, opts);
    this.client = client;
    if (!v5) {
      // 3.1.1: mqtt.js sends the PUBACK when this callback is called
      client.handleMessage = (packet, callback) => {
        this.onMessage(packet.topic, packet.payload as Buffer, packet.qos).then(
          () => callback(),
          (err: Error) => callback(err),
        );
      };
    }
    // runs before mqtt.js's own 'close' handler schedules the next attempt: exponential backoff with jitter
    client.prependListener('close', () => {
      client.options.reconnectPeriod = this.reconnectBackoff.next();
    });
    client.on('connect', (connack: IConnackPacket) => this.onConnect(client, connack));
    client.on('close', () => {
      if (this.stopping) return;
      this.tracker.setState(this.authFailed ? 'error' : 'reconnecting', 'connection closed');
    });
    client.on('offline', () => {
      if (!this.stopping && !this.authFailed) this.tracker.setState('reconnecting', 'broker unreachable');
    });
    client.on('reconnect', () => {
      this.tracker.reconnects++;
    });
    client.on('error', (err: Error & { code?: number | string }) => {
      if (this.stopping) return;
      this.tracker.fail(err.message);
      if (needsAttention(err)) {
        this.authFailed = true;
        this.tracker.setState('error', err.message);
      }
    });
    if (v5) {
      // QoS 0 messages bypass customHandleAcks (nothing to acknowledge); QoS 1 ones were handled there already
      client.on('message', (topic, payload, packet) => {
        if (packet.qos === 0) void this.onMessage(topic, payload, 0).catch(() => {});
      });
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.stopping = true;
    if (client) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          client.stream?.destroy();
          resolve();
        }, 2000);
        client.end(false, {}, () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    this.tracker.setState('stopped');
  }

  health(): ConnectorHealth {
    const h = this.tracker.snapshot();
    // buffered/evicted are the host's spool (the manager fills them in)
    if (this.waveformMappings.length > 0) h.waveforms = { emitted: this.waveformsEmitted, buffered: 0, evicted: 0 };
    return h;
  }

  /** Topics seen recently with their last values; `path` is an MQTT filter (e.g. "plant/#"). */
  async browse(path?: string): Promise<BrowseItem[]> {
    if (path) compileTopicTemplate(path);
    return this.cache.list(path);
  }

  private onConnect(client: MqttClient, connack: IConnackPacket): void {
    this.authFailed = false;
    this.reconnectBackoff.reset();
    client.options.reconnectPeriod = this.reconnectBackoff.next();
    this.tracker.setState('connected', connack.sessionPresent ? 'session resumed' : 'new session');
    if (connack.sessionPresent && this.subscribedOnce) return;
    const qos = this.config.qos ?? 1;
    const subs: Record<string, { qos: 0 | 1 }> = {};
    for (const m of this.mappings) subs[m.topic.filter] = { qos };
    for (const w of this.waveformMappings) subs[w.topic.filter] = { qos };
    if (this.config.discovery && !subs[this.config.discovery]) subs[this.config.discovery] = { qos: 0 };
    client.subscribe(subs, (err, granted) => {
      if (err) {
        this.tracker.fail(`subscribe failed: ${err.message}`);
        return;
      }
      this.subscribedOnce = true;
      for (const g of granted ?? []) {
        if (g.qos === 128 || g.qos > 2) this.tracker.fail(`broker refused the subscription to "${g.topic}"`);
      }
    });
  }

  /** Handles one message; resolves with the PUBACK reason code once its readings are durable. */
  private async onMessage(topic: string, payload: Buffer, qos: number): Promise<number> {
    const now = this.tracker.now();
    this.cache.note(topic, payload, now);
    for (const w of this.waveformMappings) {
      const vars = w.topic.match(topic);
      if (vars) return this.onWaveform(w, vars, topic, payload, qos, now);
    }
    const matches: [CompiledMqttMapping, Record<string, string>][] = [];
    for (const m of this.mappings) {
      const vars = m.topic.match(topic);
      if (vars) matches.push([m, vars]);
    }
    // a message only for discovery, or a retained-message deletion: nothing to store
    if (matches.length === 0 || payload.length === 0) return PUBACK_SUCCESS;
    if (qos === 0 && (this.config.qos ?? 1) !== 0) return PUBACK_SUCCESS;
    const parsed = parsePayload(payload);
    if (!parsed.ok) {
      this.tracker.tagError(topic, topic, `${topic}: ${parsed.message}`);
      return PUBACK_PAYLOAD_FORMAT_INVALID;
    }
    const readings: Reading[] = [];
    let errors = 0;
    let live = false;
    for (const [m, vars] of matches) {
      const ex = extractReadings(m, vars, topic, parsed.value, now);
      if (m.ts) live = true;
      for (const e of ex.errors) this.tracker.tagError(e.tag, e.sensor, e.message);
      errors += ex.errors.length;
      for (const v of ex.values) {
        const r = v.reading;
        this.tracker.tagValue(v.tag, r.sensor, r.value, r.quality, v.expectedIntervalMs);
        this.cache.mapped(topic, r.sensor, r.value, r.quality);
        const last = this.lastEmitted.get(r.sensor);
        if (v.deadband > 0 && last && last.quality === r.quality && Math.abs(r.value - last.value) < v.deadband) {
          continue;
        }
        this.lastEmitted.set(r.sensor, { value: r.value, quality: r.quality });
        readings.push(r);
      }
    }
    if (readings.length > 0) {
      await this.emitDurably(() => this.emitFn!(readings));
      this.tracker.emitted(readings, live);
    }
    return errors > 0 && readings.length === 0 ? PUBACK_PAYLOAD_FORMAT_INVALID : PUBACK_SUCCESS;
  }

  /** One waveform snapshot: checked here (per-message error, 0x99) so that only good ones are emitted and spooled. */
  private async onWaveform(
    w: CompiledWaveformMapping,
    vars: Record<string, string>,
    topic: string,
    payload: Buffer,
    qos: number,
    now: number,
  ): Promise<number> {
    if (payload.length === 0) return PUBACK_SUCCESS;
    if (qos === 0 && (this.config.qos ?? 1) !== 0) return PUBACK_SUCCESS;
    const r = readWaveform(w, vars, topic, payload, now);
    if (r.kind === 'ignored') return PUBACK_SUCCESS;
    if (r.kind === 'error') {
      this.tracker.tagError(topic, r.sensor, r.message);
      return PUBACK_PAYLOAD_FORMAT_INVALID;
    }
    const emitWaveform = this.emitWaveformFn;
    if (!emitWaveform) {
      this.tracker.tagError(topic, r.snapshot.sensorId, `${topic}: this host does not take waveform snapshots`);
      return PUBACK_PAYLOAD_FORMAT_INVALID;
    }
    await this.emitDurably(() => emitWaveform(r.snapshot));
    this.waveformsEmitted++;
    this.tracker.lastDataAt = now;
    // the tag's last value is the snapshot's r.m.s. (in its unit): something to see in health and browse
    this.tracker.tagValue(topic, r.snapshot.sensorId, r.rms, GOOD);
    this.cache.mapped(topic, r.snapshot.sensorId, r.rms, GOOD);
    return PUBACK_SUCCESS;
  }

  /**
   * Retries a failed emit (the disk buffer itself failed) instead of acknowledging: holding the message back makes
   * the broker queue the rest (backpressure), and stopping leaves it unacknowledged for redelivery.
   */
  private async emitDurably(send: () => Promise<void>): Promise<void> {
    for (;;) {
      try {
        await send();
        this.emitBackoff.reset();
        return;
      } catch (err) {
        this.tracker.fail(`emit failed: ${(err as Error).message}`);
        if (this.stopping) throw err;
        await new Promise((r) => setTimeout(r, this.emitBackoff.next()));
        if (this.stopping) throw err;
      }
    }
  }
}
