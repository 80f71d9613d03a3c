import { isGood, qualityState, type Reading } from '@prognos/core';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import spb from 'sparkplug-payload';
import { IdleWaiters } from './idle-waiters';
import type { PlantDefinition } from './types';

const codec = spb.get('spBv1.0')!;
type Metric = NonNullable<Parameters<typeof codec.encodePayload>[0]['metrics']>[number];

/** The node metric a host sets to ask for births again (Sparkplug 3.0, ch. 6 "Payloads"). */
const REBIRTH = 'Node Control/Rebirth';

export interface SparkplugEdgeOptions {
  groupId: string;
  edgeNodeId: string;
  /** Device id → the Prognos sensor ids it carries (in metric order). */
  devices: Record<string, readonly string[]>;
  /** Gives each sensor its short name (the id without the asset prefix) and its engineering unit. */
  plant?: PlantDefinition;
  clientId?: string;
  username?: string;
  password?: string;
  /**
   * QoS of births and data. Sparkplug 3.0 (ch. 4) has edge nodes publish them at 0, the default; 1 lets a host with
   * a persistent session receive what was published while it was away.
   */
  qos?: 0 | 1;
  /** How long connect() waits for the first CONNACK (default 10 s). */
  connectTimeoutMs?: number;
  /** Pause before each reconnection attempt (default 500 ms, with ±50 % jitter). */
  reconnectPeriodMs?: number;
  /** Readings held while the broker is unreachable; beyond it the oldest are dropped and counted (default 200,000). */
  maxBuffered?: number;
  /** DATA messages handed to the client and not yet written/acknowledged (default 32). */
  maxInFlight?: number;
  /** Metrics per DDATA message (default 500). */
  maxMetricsPerMessage?: number;
  /** bdSeq of the first connection (default 0); each new connection uses the next (mod 256). */
  bdSeq?: number;
}

export interface SparkplugEdgeStats {
  connected: boolean;
  bdSeq: number;
  /** Sequence number of the last message published (0–255). */
  seq: number;
  /** NBIRTH messages published (first births, reconnects and rebirths). */
  births: number;
  /** Rebirth requests (NCMD Node Control/Rebirth) received and answered. */
  rebirthRequests: number;
  /** DDATA messages written (QoS 0) or acknowledged (QoS 1). */
  dataMessages: number;
  /** Readings waiting to be published. */
  queued: number;
  inFlight: number;
  /** Readings dropped: buffer full, device dead, or a sensor no device carries. */
  dropped: number;
}

interface SensorSlot {
  sensor: string;
  device: string;
  name: string;
  alias: number;
  unit?: string;
}

interface Chunk {
  device: string;
  readings: Reading[];
}

/** OPC DA quality bytes (OPC DA 2.05a): what Sparkplug gateways commonly carry in a metric's "Quality" property. */
const DA_QUALITY = { good: 192, suspect: 64, bad: 0 } as const;

function shortName(sensor: string, plant?: PlantDefinition): string {
  const s = plant?.sensors.find((x) => x.id === sensor);
  if (s && sensor.startsWith(`${s.assetId}.`)) return sensor.slice(s.assetId.length + 1);
  const i = sensor.indexOf('.');
  return i < 0 ? sensor : sensor.slice(i + 1);
}

/**
 * A Sparkplug B edge node (Eclipse Sparkplug 3.0) for the simulator, tests and benchmarks: it publishes NBIRTH (bdSeq,
 * Node Control/Rebirth) and one DBIRTH per device (a Double metric per sensor, named by its short name, with an
 * alias and its unit as the "engUnit" property), then DDATA by alias with metric timestamps. The NDEATH is its MQTT
 * will; it answers rebirth requests, re-births after every reconnect and keeps readings while the broker is away.
 */
export class SparkplugEdgeNode {
  private client?: MqttClient;
  private connection = 0;
  private online = false;
  private closed = false;
  private seqNo = 0;
  private bdSeqNo: number;
  private births = 0;
  private rebirthRequests = 0;
  private dataMessages = 0;
  private dropped = 0;
  private queuedReadings = 0;
  private readonly queue: Chunk[] = [];
  private readonly inFlight = new Map<number, Chunk>();
  private nextChunkId = 0;
  private readonly slots = new Map<string, SensorSlot>();
  private readonly deviceSlots = new Map<string, SensorSlot[]>();
  private readonly dead = new Set<string>();
  private readonly last = new Map<string, Reading>();
  private readonly idleWaiters = new IdleWaiters();
  private reconnectTimer?: NodeJS.Timeout;
  private readonly qos: 0 | 1;
  /** The last error the MQTT client reported, for diagnostics. */
  lastError?: Error;

  private constructor(
    private readonly url: string,
    private readonly opts: SparkplugEdgeOptions,
  ) {
    this.qos = opts.qos ?? 0;
    this.bdSeqNo = (opts.bdSeq ?? 0) % 256;
    let alias = 1;
    for (const [device, sensors] of Object.entries(opts.devices)) {
      const list: SensorSlot[] = [];
      for (const sensor of sensors) {
        const unit = opts.plant?.sensors.find((s) => s.id === sensor)?.unit;
        const slot: SensorSlot = {
          sensor,
          device,
          name: shortName(sensor, opts.plant),
          alias: alias++,
          ...(unit ? { unit } : {}),
        };
        this.slots.set(sensor, slot);
        list.push(slot);
      }
      this.deviceSlots.set(device, list);
    }
  }

  /** Connects, publishes the births and resolves; rejects when the broker does not answer within connectTimeoutMs. */
  static async connect(url: string, opts: SparkplugEdgeOptions): Promise<SparkplugEdgeNode> {
    const node = new SparkplugEdgeNode(url, opts);
    const timeoutMs = opts.connectTimeoutMs ?? 10_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        node.closed = true;
        node.client?.end(true);
        clearTimeout(node.reconnectTimer);
        reject(
          new Error(
            `cannot connect to MQTT broker ${url}: no answer within ${timeoutMs} ms${node.lastError ? ` (${node.lastError.message})` : ''}`,
          ),
        );
      }, timeoutMs);
      node.onlineWaiter = () => {
        clearTimeout(timer);
        resolve();
      };
      node.open();
    });
    return node;
  }

  private onlineWaiter?: () => void;

  get groupId(): string {
    return this.opts.groupId;
  }
  get edgeNodeId(): string {
    return this.opts.edgeNodeId;
  }

  /** The alias of a sensor's metric (stable for the life of this object). */
  aliasOf(sensor: string): number | undefined {
    return this.slots.get(sensor)?.alias;
  }
  /** The metric name a sensor is published under (its short name). */
  metricNameOf(sensor: string): string | undefined {
    return this.slots.get(sensor)?.name;
  }

  /** `spBv1.0/{group}/{type}/{edgeNode}[/{device}]`. */
  topic(type: string, device?: string): string {
    const base = `spBv1.0/${this.opts.groupId}/${type}/${this.opts.edgeNodeId}`;
    return device === undefined ? base : `${base}/${device}`;
  }

  /** Queues DDATA (one message per device, up to maxMetricsPerMessage metrics); returns the readings accepted. */
  publish(readings: readonly Reading[]): number {
    if (this.closed) throw new Error('SparkplugEdgeNode is closed');
    const byDevice = new Map<string, Reading[]>();
    let accepted = 0;
    for (const r of readings) {
      const slot = this.slots.get(r.sensor);
      if (!slot || this.dead.has(slot.device)) {
        this.dropped++;
        continue;
      }
      const prev = this.last.get(r.sensor);
      if (Number.isFinite(r.value) && (!prev || r.ts >= prev.ts)) this.last.set(r.sensor, r);
      let list = byDevice.get(slot.device);
      if (!list) {
        list = [];
        byDevice.set(slot.device, list);
      }
      list.push(r);
      accepted++;
    }
    const max = this.opts.maxMetricsPerMessage ?? 500;
    for (const [device, list] of byDevice) {
      for (let i = 0; i < list.length; i += max) this.queue.push({ device, readings: list.slice(i, i + max) });
    }
    this.queuedReadings += accepted;
    const bound = this.opts.maxBuffered ?? 200_000;
    while (this.queuedReadings > bound && this.queue.length > 0) {
      const c = this.queue.shift()!;
      this.queuedReadings -= c.readings.length;
      this.dropped += c.readings.length;
    }
    this.pump();
    return accepted;
  }

  /** Publishes NBIRTH and every live device's DBIRTH again (what a rebirth request asks for). */
  rebirth(): void {
    if (this.online) this.publishBirths();
  }

  /** Publishes a DDEATH for one device; its readings are dropped until deviceBirth(). */
  deviceDeath(device: string): void {
    if (!this.deviceSlots.has(device)) throw new Error(`unknown device ${device}`);
    this.dead.add(device);
    if (this.online) {
      this.send(this.topic('DDEATH', device), { timestamp: Date.now(), seq: this.nextSeq(), metrics: [] });
    }
  }

  /** Brings a dead device back with a DBIRTH. */
  deviceBirth(device: string): void {
    if (!this.deviceSlots.has(device)) throw new Error(`unknown device ${device}`);
    this.dead.delete(device);
    if (this.online) this.publishDeviceBirth(device);
  }

  stats(): SparkplugEdgeStats {
    return {
      connected: this.online,
      bdSeq: this.bdSeqNo,
      seq: this.seqNo,
      births: this.births,
      rebirthRequests: this.rebirthRequests,
      dataMessages: this.dataMessages,
      queued: this.queuedReadings,
      inFlight: this.inFlight.size,
      dropped: this.dropped,
    };
  }

  /** Resolves true once everything queued has been published (and, at QoS 1, acknowledged); false after timeoutMs. */
  flush(timeoutMs = 10_000): Promise<boolean> {
    return this.idleWaiters.wait(this.idle(), timeoutMs);
  }

  /**
   * Drops the connection without an MQTT DISCONNECT, as a power cut or a pulled cable would: the broker then
   * publishes the NDEATH will. With `reconnect` the node comes back (next bdSeq, new births), otherwise it stays down.
   */
  async crash(opts: { reconnect?: boolean } = {}): Promise<void> {
    const client = this.client;
    if (!opts.reconnect) {
      this.closed = true;
      clearTimeout(this.reconnectTimer);
    }
    if (!client) return;
    await new Promise<void>((resolve) => {
      client.stream.once('close', () => resolve());
      client.stream.destroy();
    });
    client.end(true);
  }

  /** Publishes what is queued (up to timeoutMs), then an explicit NDEATH (a clean disconnect sends no will), then disconnects. */
  async close(timeoutMs = 5_000): Promise<void> {
    if (this.closed && !this.client) return;
    if (this.online) await this.flush(timeoutMs);
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    if (this.online) {
      this.online = false;
      await client.publishAsync(this.topic('NDEATH'), this.deathPayload(), { qos: 1 }).catch(() => undefined);
    }
    await client.endAsync(!client.connected).catch(() => undefined);
  }

  // ---- connection ------------------------------------------------------------------------------------------------

  private deathPayload(): Buffer {
    return Buffer.from(
      codec.encodePayload({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', type: 'UInt64', value: this.bdSeqNo }] }),
    );
  }

  private open(): void {
    if (this.closed) return;
    const id = ++this.connection;
    const o = this.opts;
    const options: IClientOptions = {
      clientId: o.clientId ?? `spb-edge-${o.groupId}-${o.edgeNodeId}`,
      clean: true, // Sparkplug 3.0 ch. 5: edge nodes start every session from their births
      reconnectPeriod: 0,
      connectTimeout: o.connectTimeoutMs ?? 10_000,
      keepalive: 30,
      // The NDEATH is registered as the will, at QoS 1, carrying this connection's bdSeq (Sparkplug 3.0 ch. 5).
      will: { topic: this.topic('NDEATH'), payload: this.deathPayload(), qos: 1, retain: false },
      ...(o.username !== undefined ? { username: o.username } : {}),
      ...(o.password !== undefined ? { password: o.password } : {}),
    };
    const client = mqtt.connect(this.url, options);
    this.client = client;
    client.on('connect', () => {
      if (id !== this.connection || this.closed) return;
      const ncmd = this.topic('NCMD');
      client
        .subscribeAsync({ [ncmd]: { qos: 0 }, [`${this.topic('DCMD')}/+`]: { qos: 0 } })
        .then(() => {
          if (id !== this.connection || this.closed) return;
          this.online = true;
          this.publishBirths();
          this.pump();
          const w = this.onlineWaiter;
          this.onlineWaiter = undefined;
          w?.();
        })
        .catch((err: Error) => {
          this.lastError = err;
          client.end(true);
        });
    });
    client.on('message', (topic, payload) => {
      if (id === this.connection && topic === this.topic('NCMD')) this.onCommand(payload);
    });
    client.on('error', (err) => {
      this.lastError = err;
    });
    client.on('close', () => {
      if (id !== this.connection) return;
      this.online = false;
      // In-flight data goes back to the front of the queue, in order: it is published again after the new births.
      if (this.inFlight.size > 0) {
        const back = [...this.inFlight.values()];
        this.inFlight.clear();
        this.queue.unshift(...back);
        for (const c of back) this.queuedReadings += c.readings.length;
      }
      client.end(true);
      if (this.client === client) this.client = undefined;
      // Each MQTT connection has its own bdSeq, so its NDEATH will can be told from a later session's.
      this.bdSeqNo = (this.bdSeqNo + 1) % 256;
      if (this.closed) return;
      const period = this.opts.reconnectPeriodMs ?? 500;
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => this.open(), period * (0.5 + Math.random()));
    });
  }

  private onCommand(payload: Buffer): void {
    let metrics: Metric[];
    try {
      metrics = (codec.decodePayload(payload).metrics ?? []) as Metric[];
    } catch (err) {
      this.lastError = err as Error;
      return;
    }
    if (metrics.some((m) => m.name === REBIRTH && m.value === true)) {
      this.rebirthRequests++;
      this.rebirth();
    }
  }

  private nextSeq(): number {
    this.seqNo = (this.seqNo + 1) % 256;
    return this.seqNo;
  }

  private send(topic: string, payload: Parameters<typeof codec.encodePayload>[0], cb?: (err?: Error) => void): void {
    this.client!.publish(topic, Buffer.from(codec.encodePayload(payload)), { qos: this.qos, retain: false }, cb);
  }

  private publishBirths(): void {
    const now = Date.now();
    this.seqNo = 0;
    this.births++;
    this.send(this.topic('NBIRTH'), {
      timestamp: now,
      seq: 0,
      metrics: [
        { name: 'bdSeq', type: 'UInt64', value: this.bdSeqNo, timestamp: now },
        { name: REBIRTH, type: 'Boolean', value: false, timestamp: now },
      ],
    });
    for (const device of this.deviceSlots.keys()) if (!this.dead.has(device)) this.publishDeviceBirth(device);
  }

  private publishDeviceBirth(device: string): void {
    const now = Date.now();
    const metrics: Metric[] = (this.deviceSlots.get(device) ?? []).map((s) => {
      const r = this.last.get(s.sensor);
      return {
        name: s.name,
        alias: s.alias,
        type: 'Double',
        // A birth carries every metric; one with no value yet is sent as null (is_null).
        value: r && Number.isFinite(r.value) ? r.value : null,
        timestamp: r?.ts ?? now,
        ...(s.unit ? { properties: { engUnit: { type: 'String', value: s.unit } } } : {}),
      };
    });
    this.send(this.topic('DBIRTH', device), { timestamp: now, seq: this.nextSeq(), metrics });
  }

  private pump(): void {
    const maxInFlight = this.opts.maxInFlight ?? 32;
    while (this.online && this.client?.connected && this.inFlight.size < maxInFlight && this.queue.length > 0) {
      const chunk = this.queue.shift()!;
      this.queuedReadings -= chunk.readings.length;
      if (this.dead.has(chunk.device)) {
        this.dropped += chunk.readings.length;
        continue;
      }
      const slots = this.slots;
      const metrics: Metric[] = chunk.readings.map((r) => {
        const slot = slots.get(r.sensor)!;
        const ok = Number.isFinite(r.value);
        const m: Metric = { alias: slot.alias, type: 'Double', value: ok ? r.value : null, timestamp: r.ts };
        if (!isGood(r.quality)) {
          m.properties = { Quality: { type: 'Int32', value: DA_QUALITY[qualityState(r.quality)] } };
        }
        return m;
      });
      const id = this.nextChunkId++;
      const connection = this.connection;
      this.inFlight.set(id, chunk);
      this.send(this.topic('DDATA', chunk.device), { timestamp: Date.now(), seq: this.nextSeq(), metrics }, (err) => {
        // A callback of an earlier connection: its chunk was already put back in the queue on close.
        if (connection !== this.connection || !this.inFlight.has(id)) return;
        // On error the chunk stays in flight: the connection is going down (mqtt.js fails in-flight publishes just
        // before it reports 'close'), and the close handler puts every in-flight chunk back in order.
        if (err) return;
        this.inFlight.delete(id);
        this.dataMessages++;
        this.idleWaiters.notify(this.idle());
        this.pump();
      });
    }
  }

  private idle(): boolean {
    return this.queue.length === 0 && this.inFlight.size === 0;
  }
}
