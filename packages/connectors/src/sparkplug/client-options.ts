import { readFileSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';
import type { SparkplugConfig } from './config';
import { stateTopic } from './topic';

/**
 * mqtt.js options for one connection attempt of the host. TLS files are read here, on every attempt, so a
 * certificate replaced on disk is picked up at the next reconnect; an unreadable file throws (naming the path).
 * `offlineState` is the STATE death message registered as the will when the config has a hostId.
 */
export function clientOptions(cfg: SparkplugConfig, offlineState?: string): IClientOptions {
  const tls = cfg.tls;
  return {
    clientId: cfg.clientId ?? `prognos-spb-${cfg.id}`,
    // A persistent session (MQTT 3.1.1 clean session = 0) keeps our subscriptions and queues QoS 1 messages at the
    // broker while we are away; what was delivered but not acknowledged is delivered again on reconnect.
    clean: cfg.persistentSession === false,
    protocolVersion: 4,
    reconnectPeriod: 0, // reconnects are the connector's, with exponential backoff and jitter
    connectTimeout: cfg.connectTimeoutMs ?? 5000,
    keepalive: cfg.keepaliveS ?? 30,
    ...(cfg.username !== undefined ? { username: cfg.username } : {}),
    ...(cfg.password !== undefined ? { password: cfg.password } : {}),
    ...(tls?.caFile ? { ca: readFileSync(tls.caFile) } : {}),
    ...(tls?.certFile ? { cert: readFileSync(tls.certFile) } : {}),
    ...(tls?.keyFile ? { key: readFileSync(tls.keyFile) } : {}),
    ...(tls?.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}),
    // Sparkplug 3.0 STATE: the offline message is the will, retained at QoS 1, so edge nodes learn of a crash.
    ...(cfg.hostId && offlineState
      ? { will: { topic: stateTopic(cfg.hostId), payload: Buffer.from(offlineState), qos: 1 as const, retain: true } }
      : {}),
  };
}
