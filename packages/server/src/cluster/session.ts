/**
 * One partition's persistent MQTT session: the consumer side of `prognos/v1/readings/<p>/+`.
 *
 * Why one session per partition rather than `$share/<group>/prognos/v1/readings/#`: a shared subscription
 * spreads messages per message, not per asset, so an asset's readings would reach every worker and its model
 * could not live in one process; and when a member of a share group dies, Mosquitto leaves the messages in flight
 * to it in that member's session instead of re-delivering them to the group, so an acknowledged reading could be
 * lost. A persistent session per partition keeps queued and unacknowledged messages on the broker while nobody
 * holds the partition and hands them to whoever connects with its client id next. MQTT's session takeover closes
 * the previous connection (with DISCONNECT reason 0x8E where the broker sends one; Mosquitto 2.0.11 just closes
 * it), and a holder whose connection drops reconnects only while PostgreSQL still names it the lease owner, so a
 * stale holder is fenced out instead of taking the session back.
 *
 * Shared subscriptions have no sound use here: every message the workers consume is a reading that must not be
 * lost (so none may sit in a dead member's session), and the only cluster-wide coordination (leases, layout) goes
 * through PostgreSQL, not MQTT, so there is no control topic whose messages any one worker could take.
 *
 * A message is acknowledged (PUBACK) only once its readings are committed to PostgreSQL: mqtt.js sends the
 * PUBACK of a QoS 1 message when `handleMessage` calls back, and processes the next packet only after that, so
 * each session consumes its partition in order, one message at a time (the ingest service still commits the
 * messages of all partitions that arrive together in one transaction).
 */
import { partitionTopicFilter } from '@prognos/core';
import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { redactUrl } from '../config';
import type { PipelineLog } from '../pipeline/analytics-pipeline';

/** Sessions never expire on their own: a partition nobody holds must keep its queued readings for the next holder. */
export const SESSION_EXPIRY_NEVER = 0xffffffff;
/** MQTT 5 DISCONNECT reason code: another connection with the same client id took the session over. */
const SESSION_TAKEN_OVER = 0x8e;

export function partitionClientId(clusterId: string, partition: number): string {
  return `${clusterId}-p${partition}`;
}

function sessionOptions(clientId: string, extra: IClientOptions = {}): IClientOptions {
  return {
    clientId,
    protocolVersion: 5,
    // cleanStart false: resume the partition's session (its subscription, queued and unacknowledged messages)
    clean: false,
    properties: { sessionExpiryInterval: SESSION_EXPIRY_NEVER },
    // the session keeps the subscription; mqtt.js re-subscribing on reconnect would be redundant
    resubscribe: false,
    // no automatic reconnect: PartitionSession reconnects only while it still holds the partition's lease
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    keepalive: 15,
    ...extra,
  };
}

/** What to do with one message: resolve true to acknowledge it, false to leave it with the broker. */
export type MessageHandler = (topic: string, payload: Buffer, partition: number) => Promise<boolean>;

export interface PartitionSessionOptions {
  mqttUrl: string;
  clusterId: string;
  partition: number;
  onMessage: MessageHandler;
  /**
   * Asked when the connection drops without this side closing it: true when the partition's lease is still this
   * worker's (a network or broker hiccup: reconnect), false when it is not (another worker took the session over).
   */
  stillOwned: (partition: number) => Promise<boolean>;
  /** The session was taken over by another connection: this worker must drop the partition. */
  onFenced: (partition: number) => void;
  log: PipelineLog;
  /** Wait before reconnecting a dropped connection (default 1 s). */
  reconnectDelayMs?: number;
  mqttOptions?: IClientOptions;
}

export class PartitionSession {
  readonly partition: number;
  readonly clientId: string;
  private readonly client: MqttClient;
  /** False once stopping or fenced: messages still arriving are left unacknowledged for the next holder. */
  private consuming = true;
  /** The message being committed now, if any (a graceful stop waits for it and its PUBACK). */
  private current: Promise<void> = Promise.resolve();
  private stopped: Promise<void> | undefined;
  /** A dropped connection is being looked into (lease check, then reconnect or fence). */
  private recovering = false;
  /** The current outage was logged (one line per outage, not one per reconnect attempt). */
  private outageLogged = false;

  constructor(private readonly opts: PartitionSessionOptions) {
    this.partition = opts.partition;
    this.clientId = partitionClientId(opts.clusterId, opts.partition);
    const client = mqtt.connect(opts.mqttUrl, sessionOptions(this.clientId, opts.mqttOptions));
    this.client = client;
    client.handleMessage = (packet, callback) => {
      if (!this.consuming) {
        // an error stops mqtt.js from sending the PUBACK: the message stays in the session, re-delivered later
        callback(new Error('partition released'));
        return;
      }
      const { topic, payload } = packet as IPublishPacket;
      const done = opts.onMessage(topic, payload as Buffer, this.partition).then(
        (ack) => callback(ack ? undefined : new Error('left for the next holder')),
        (err) => {
          opts.log.error({ err, partition: this.partition }, 'handling a readings message failed');
          callback(err as Error);
        },
      );
      this.current = done;
    };
    client.on('connect', (connack) => {
      if (this.outageLogged) opts.log.info({ partition: this.partition }, 'partition MQTT connection back');
      this.outageLogged = false;
      if (connack.sessionPresent) return;
      // A missing session means the broker lost it (restart without persistence, or it was never created):
      // readings published to this partition while it was missing are gone. Subscribing creates it again.
      opts.log.warn(
        { partition: this.partition, clientId: this.clientId },
        'partition session was missing; re-created',
      );
      client.subscribe(partitionTopicFilter(this.partition), { qos: 1 }, (err) => {
        if (err) opts.log.error({ err, partition: this.partition }, 'subscribing the partition failed');
      });
    });
    // Brokers that say so (DISCONNECT 0x8E, session taken over) fence a stale holder at once. Mosquitto 2.0.11
    // just closes the old connection; every unexpected close is therefore checked against the lease below.
    client.on('disconnect', (packet) => {
      if (packet.reasonCode === SESSION_TAKEN_OVER) this.fence('the broker reports the session taken over');
    });
    client.on('close', () => void this.connectionLost());
    client.on('error', (err) => {
      if (!this.outageLogged)
        opts.log.warn({ err: err.message, partition: this.partition }, 'partition MQTT connection error');
    });
  }

  /**
   * The connection dropped and this side did not close it. Reconnecting blindly would take the session back from
   * a worker that now holds the partition (two holders would then take it from each other for ever), so the
   * lease decides: still this worker's, reconnect after a pause; not (or unknown: the database is out of reach),
   * drop the partition. The lease tick starts it again if it turns out to be this worker's after all.
   */
  private async connectionLost(): Promise<void> {
    if (!this.consuming || this.recovering) return;
    this.recovering = true;
    let mine = false;
    try {
      mine = await this.opts.stillOwned(this.partition);
    } catch (err) {
      this.opts.log.warn(
        { err, partition: this.partition },
        'cannot check the partition lease; dropping the partition',
      );
    }
    this.recovering = false;
    if (!this.consuming) return;
    if (!mine) {
      this.fence("the connection dropped and the lease is no longer this worker's");
      return;
    }
    if (!this.outageLogged)
      this.opts.log.warn({ partition: this.partition }, 'partition MQTT connection dropped; reconnecting');
    this.outageLogged = true;
    setTimeout(() => {
      if (this.consuming && !this.client.connected) this.client.reconnect();
    }, this.opts.reconnectDelayMs ?? 1_000).unref();
  }

  private fence(why: string): void {
    if (!this.consuming) return;
    this.opts.log.warn({ partition: this.partition, why }, 'partition session taken over; dropping the partition');
    this.consuming = false;
    // never reconnect: that would take the session back from its rightful holder
    this.stopped ??= new Promise((resolve) => this.client.end(true, {}, () => resolve()));
    this.opts.onFenced(this.partition);
  }

  /** Whether this session still consumes (false once stopped or taken over). */
  get active(): boolean {
    return this.consuming;
  }

  /** Whether its MQTT connection is up now (it may be reconnecting while still active). */
  get connected(): boolean {
    return this.client.connected;
  }

  /**
   * Graceful hand-back: stop taking messages, let the one being committed finish and its PUBACK go out, then
   * DISCONNECT normally. What the broker sent but was not acknowledged stays in the session, with what is queued.
   */
  stop(): Promise<void> {
    this.consuming = false;
    this.stopped ??= (async () => {
      await this.current;
      await new Promise<void>((resolve) => this.client.end(false, {}, () => resolve()));
    })();
    return this.stopped;
  }

  /** Immediate stop (the lease is lost): the connection is dropped, nothing more is acknowledged. */
  abort(): Promise<void> {
    this.consuming = false;
    this.stopped ??= new Promise((resolve) => this.client.end(true, {}, () => resolve()));
    return this.stopped;
  }
}

/**
 * Makes sure every partition's session exists on the broker, subscribed at QoS 1, so that the broker queues
 * readings for partitions nobody holds yet. Run on first cluster start only, before any worker consumes (see
 * bootstrapCluster): connecting a client id takes its session over. It resumes (cleanStart false) rather than
 * cleaning, so a repeat after a crash half-way never discards what a session already queued; messages the broker
 * pushes meanwhile are left unacknowledged and stay in the session.
 */
export async function createSessions(
  mqttUrl: string,
  layout: { partitions: number; clusterId: string },
  mqttOptions: IClientOptions = {},
): Promise<void> {
  const one = async (partition: number) => {
    const clientId = partitionClientId(layout.clusterId, partition);
    const client = await mqtt.connectAsync(mqttUrl, sessionOptions(clientId, mqttOptions)).catch((err: Error) => {
      throw new Error(`cannot create the partition sessions on the MQTT broker ${redactUrl(mqttUrl)}: ${err.message}`);
    });
    client.handleMessage = (_packet, callback) => callback(new Error('setting up, not consuming'));
    try {
      await client.subscribeAsync(partitionTopicFilter(partition), { qos: 1 });
    } finally {
      await client.endAsync(false);
    }
  };
  const all = Array.from({ length: layout.partitions }, (_, p) => p);
  // a few connections at a time: a thousand partitions should not open a thousand sockets at once
  for (let i = 0; i < all.length; i += 32) await Promise.all(all.slice(i, i + 32).map(one));
}
