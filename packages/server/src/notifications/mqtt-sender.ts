import mqtt, { type MqttClient } from 'mqtt';
import type { MqttChannel } from './channel-config';
import { type NotificationMessage, notificationPayload } from './render';
import { resolveSecret } from './secrets';
import { ATTEMPT_TIMEOUT_MS, type Sender } from './sender';

/** Replaces {asset} and {event}; MQTT wildcards and level separators in an asset id become "_". */
export function expandTopic(template: string, m: Pick<NotificationMessage, 'assetId' | 'event'>): string {
  // MQTT 3.1.1 §4.7.3: topic names must not contain the null character
  const safe = (s: string) => s.replace(/[+#/]/g, '_').split(String.fromCharCode(0)).join('_');
  return template.replace(/\{asset\}/g, safe(m.assetId)).replace(/\{event\}/g, safe(m.event));
}

/** Publishes the notification document to a broker (the plant's, or the embedded one). */
export class MqttSender implements Sender {
  private client: MqttClient | undefined;

  constructor(
    private readonly channel: MqttChannel,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private async connected(): Promise<MqttClient> {
    if (!this.client) {
      const password = resolveSecret(this.channel.password, this.channel.passwordEnv, this.env);
      this.client = mqtt.connect(this.channel.url, {
        clientId: `prognos-notify-${this.channel.id}-${Math.random().toString(16).slice(2, 8)}`,
        username: this.channel.username,
        password,
        connectTimeout: ATTEMPT_TIMEOUT_MS,
        reconnectPeriod: 2_000,
        // the delivery queue retries: messages must not also pile up in the client's offline queue
        queueQoSZero: false,
      });
      // errors surface through the attempt that meets them; an unhandled 'error' event would crash the process
      this.client.on('error', () => {});
    }
    const c = this.client;
    if (c.connected) return c;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`cannot connect to ${this.channel.url}: no answer`)),
        ATTEMPT_TIMEOUT_MS,
      );
      const onErr = (err: Error) => done(new Error(`cannot connect to ${this.channel.url}: ${err.message}`));
      const onOk = () => done();
      // a refused or dropped connection: fail this attempt now (the client keeps reconnecting in the background)
      const onClose = () => done(new Error(`cannot connect to ${this.channel.url}: connection refused or closed`));
      function done(err?: Error) {
        clearTimeout(timer);
        c.off('connect', onOk);
        c.off('error', onErr);
        c.off('close', onClose);
        if (err) reject(err);
        else resolve();
      }
      c.on('connect', onOk);
      c.on('error', onErr);
      c.on('close', onClose);
    });
    return c;
  }

  async send(m: NotificationMessage): Promise<void> {
    const c = await this.connected();
    const topic = expandTopic(this.channel.topic, m);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        c.publishAsync(topic, JSON.stringify(notificationPayload(m)), {
          qos: this.channel.qos,
          retain: this.channel.retain ?? false,
        }),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`the broker did not acknowledge within ${ATTEMPT_TIMEOUT_MS} ms`)),
            ATTEMPT_TIMEOUT_MS,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.endAsync(true).catch(() => {});
  }
}
