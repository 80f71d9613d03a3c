import type { Reading } from '@prognos/core';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { IdleWaiters } from './idle-waiters';

export interface MqttGatewayOptions {
  clientId?: string;
  /** Messages go to `${topicPrefix}/${assetId}` (default 'prognos/readings'). */
  topicPrefix?: string;
  username?: string;
  password?: string;
  /**
   * Messages (one per asset per publish) held while the broker is unreachable; beyond it the oldest are
   * dropped and counted. Default 20,000: about 45 minutes of the 7-asset demo plant at 1 Hz.
   */
  maxBuffered?: number;
  /** QoS 1 messages handed to the client and not yet acknowledged (default 100). */
  maxInFlight?: number;
  /** How long connect() waits for the first CONNACK (default 10 s). */
  connectTimeoutMs?: number;
  /** When false, connect() returns at once and publishes are buffered until the broker answers (default true). */
  waitForConnect?: boolean;
  /** Pause between reconnection attempts (default 1 s; mqtt.js reconnects by itself). */
  reconnectPeriodMs?: number;
  /** The asset a sensor belongs to (default: the part of the tag before the first '.', "P-101.VIB-DE" → "P-101"). */
  assetOf?: (sensorId: string) => string;
}

export interface GatewayStats {
  connected: boolean;
  /** Messages waiting in the gateway's buffer. */
  queued: number;
  /** Messages sent and not yet acknowledged. */
  inFlight: number;
  /** Messages acknowledged by the broker. */
  sent: number;
  /** Messages dropped because the buffer was full. */
  dropped: number;
}

interface Message {
  topic: string;
  payload: string;
}

const defaultAssetOf = (sensor: string) => {
  const i = sensor.indexOf('.');
  return i < 0 ? sensor : sensor.slice(0, i);
};

/**
 * Publishes readings like a field gateway: one JSON message per asset per call, QoS 1, with a bounded
 * in-memory buffer that rides out broker outages (mqtt.js reconnects; unacknowledged messages are re-sent).
 */
export class MqttGateway {
  private readonly queue: Message[] = [];
  private inFlight = 0;
  private sent = 0;
  private dropped = 0;
  private ended = false;
  private readonly idleWaiters = new IdleWaiters();
  private readonly prefix: string;
  private readonly maxBuffered: number;
  private readonly maxInFlight: number;
  private readonly assetOf: (sensorId: string) => string;
  /** The last error the client reported (authentication refused, broker gone…), for diagnostics. */
  lastError?: Error;

  private constructor(
    private readonly client: MqttClient,
    opts: MqttGatewayOptions,
  ) {
    this.prefix = (opts.topicPrefix ?? 'prognos/readings').replace(/\/+$/, '');
    this.maxBuffered = opts.maxBuffered ?? 20_000;
    this.maxInFlight = opts.maxInFlight ?? 100;
    this.assetOf = opts.assetOf ?? defaultAssetOf;
    client.on('connect', () => this.pump());
    client.on('error', (err) => {
      this.lastError = err;
    });
  }

  static async connect(url: string, opts: MqttGatewayOptions = {}): Promise<MqttGateway> {
    const clientOpts: IClientOptions = {
      clientId: opts.clientId ?? `prognos-gateway-${Math.random().toString(16).slice(2, 10)}`,
      reconnectPeriod: opts.reconnectPeriodMs ?? 1000,
      connectTimeout: opts.connectTimeoutMs ?? 10_000,
      clean: true,
      ...(opts.username !== undefined ? { username: opts.username } : {}),
      ...(opts.password !== undefined ? { password: opts.password } : {}),
    };
    const client = mqtt.connect(url, clientOpts);
    const gw = new MqttGateway(client, opts);
    if (opts.waitForConnect === false) return gw;
    const timeoutMs = opts.connectTimeoutMs ?? 10_000;
    await new Promise<void>((resolve, reject) => {
      const fail = (why: string) => {
        cleanup();
        client.end(true);
        reject(new Error(`cannot connect to MQTT broker ${url}: ${why}`));
      };
      const onConnect = () => {
        cleanup();
        resolve();
      };
      const onError = (err: Error) => fail(err.message);
      const timer = setTimeout(
        () => fail(`no answer within ${timeoutMs} ms${gw.lastError ? ` (${gw.lastError.message})` : ''}`),
        timeoutMs,
      );
      const cleanup = () => {
        clearTimeout(timer);
        client.off('connect', onConnect);
        client.off('error', onError);
      };
      client.on('connect', onConnect);
      client.on('error', onError);
    });
    return gw;
  }

  /** Queues one message per asset and returns how many were queued; delivery continues in the background. */
  publish(readings: readonly Reading[]): number {
    if (this.ended) throw new Error('MqttGateway is closed');
    const byAsset = new Map<string, Reading[]>();
    for (const r of readings) {
      const asset = this.assetOf(r.sensor);
      let list = byAsset.get(asset);
      if (!list) {
        list = [];
        byAsset.set(asset, list);
      }
      list.push(r);
    }
    for (const [asset, list] of byAsset) {
      const payload = JSON.stringify({
        readings: list.map((r) => ({ sensor: r.sensor, ts: r.ts, value: r.value, quality: r.quality })),
      });
      // Topic levels must not contain the wildcards or separators of MQTT topic syntax.
      this.queue.push({ topic: `${this.prefix}/${asset.replace(/[+#/]/g, '_')}`, payload });
    }
    while (this.queue.length > this.maxBuffered) {
      this.queue.shift();
      this.dropped++;
    }
    this.pump();
    return byAsset.size;
  }

  stats(): GatewayStats {
    return {
      connected: this.client.connected,
      queued: this.queue.length,
      inFlight: this.inFlight,
      sent: this.sent,
      dropped: this.dropped,
    };
  }

  /** Resolves true once everything queued has been acknowledged, false after timeoutMs. */
  flush(timeoutMs = 10_000): Promise<boolean> {
    return this.idleWaiters.wait(this.idle(), timeoutMs);
  }

  /** Delivers what is buffered (waiting up to timeoutMs while connected), then disconnects. */
  async close(timeoutMs = 5_000): Promise<void> {
    if (this.ended) return;
    if (this.client.connected) await this.flush(timeoutMs);
    this.ended = true;
    await this.client.endAsync(!this.client.connected);
  }

  private idle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0;
  }

  private pump(): void {
    while (!this.ended && this.client.connected && this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const m = this.queue.shift()!;
      this.inFlight++;
      this.client.publish(m.topic, m.payload, { qos: 1 }, (err) => {
        this.inFlight--;
        if (err) {
          // Not delivered (client closed under it): put it back unless we are shutting down.
          if (!this.ended) this.queue.unshift(m);
        } else {
          this.sent++;
        }
        this.idleWaiters.notify(this.idle());
        this.pump();
      });
    }
  }
}
