import { type AddressInfo, createServer, type Server } from 'node:net';
import { Aedes, type Client, type PublishPacket } from 'aedes';
import type { IngestService } from '../ingest-service';
import { acceptWaveform, type WaveformDeps } from '../vibration/waveform-store';

export const READINGS_TOPIC_PREFIX = 'prognos/readings';
export const ERRORS_TOPIC_PREFIX = 'prognos/errors';
/** `prognos/waveforms/<sensorId>`: one vibration snapshot per message (the POST /api/sensors/{id}/waveforms body). */
export const WAVEFORMS_TOPIC_PREFIX = 'prognos/waveforms';

export interface EmbeddedBroker {
  port: number;
  broker: Aedes;
  /** Messages on the readings topics that were parsed (for metrics and tests). */
  stats: { messages: number; readings: number; rejected: number; malformed: number; waveforms: number };
  close(): Promise<void>;
}

/** Decodes one MQTT payload: a reading object, an array of them, or { readings: [...] }. */
export function decodePayload(payload: Buffer): unknown[] | string {
  let doc: unknown;
  try {
    doc = JSON.parse(payload.toString('utf8'));
  } catch (e) {
    return `payload is not JSON (${(e as Error).message})`;
  }
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object') {
    const r = (doc as { readings?: unknown }).readings;
    if (Array.isArray(r)) return r;
    if (r === undefined) return [doc];
  }
  return 'payload must be a reading object, an array of readings or {"readings": [...]}';
}

/**
 * The embedded MQTT broker (aedes). Devices publish JSON readings to `prognos/readings/<anything>`.
 * Ingest runs inside authorizePublish, i.e. *before* aedes writes the PUBACK (aedes acks QoS 1 right after
 * authorization), so a PUBACK means the readings are in the store. Per-item errors are published to
 * `prognos/errors/<clientId>` so a gateway can see what was rejected and why; the good items are kept.
 * Vibration snapshots go to `prognos/waveforms/<sensorId>` (one per message) the same way: PUBACK once stored,
 * a bad snapshot reported there with WAVEFORM_INVALID (or SENSOR_NOT_FOUND).
 */
export async function startEmbeddedBroker(opts: {
  port: number;
  host?: string;
  ingest: IngestService;
  /** Where waveform snapshots are stored; without it the waveforms topics are plain topics. */
  waveforms?: WaveformDeps;
}): Promise<EmbeddedBroker> {
  const stats = { messages: 0, readings: 0, rejected: 0, malformed: 0, waveforms: 0 };
  const broker = await Aedes.createBroker({
    authorizePublish(client: Client | null, packet: PublishPacket, callback: (error?: Error | null) => void) {
      if (packet.topic.startsWith('$SYS')) return callback(new Error('$SYS topics are reserved'));
      if (client && opts.waveforms && packet.topic.startsWith(`${WAVEFORMS_TOPIC_PREFIX}/`)) {
        return onWaveform(client.id, packet, callback);
      }
      if (
        !client ||
        !(packet.topic === READINGS_TOPIC_PREFIX || packet.topic.startsWith(`${READINGS_TOPIC_PREFIX}/`))
      ) {
        return callback(null);
      }
      stats.messages++;
      const items = decodePayload(packet.payload as Buffer);
      const clientId = client.id;
      if (typeof items === 'string') {
        stats.malformed++;
        reportErrors(clientId, packet.topic, [{ index: -1, code: 'MALFORMED_BODY', message: items }]);
        return callback(null);
      }
      opts.ingest.ingest(items, Date.now(), 'mqtt').then(
        (res) => {
          stats.readings += res.stored;
          stats.rejected += res.rejected;
          if (res.errors.length > 0) reportErrors(clientId, packet.topic, res.errors.slice(0, 100), res.rejected);
          callback(null);
        },
        // the store failed: no PUBACK (the connection closes), so the device keeps the message and retries
        (err: Error) => callback(err),
      );
    },
  });

  /** Like the readings: stored before the PUBACK, a refusal reported on the errors topic and acknowledged. */
  function onWaveform(clientId: string, packet: PublishPacket, callback: (error?: Error | null) => void): void {
    stats.messages++;
    const sensorId = packet.topic.slice(WAVEFORMS_TOPIC_PREFIX.length + 1);
    let doc: unknown;
    try {
      doc = JSON.parse((packet.payload as Buffer).toString('utf8'));
    } catch (e) {
      stats.malformed++;
      const message = `payload is not JSON (${(e as Error).message})`;
      reportErrors(clientId, packet.topic, [{ index: -1, code: 'MALFORMED_BODY', message }]);
      callback(null);
      return;
    }
    acceptWaveform(opts.waveforms!, sensorId, doc, 'mqtt').then(
      (res) => {
        if (res.ok) stats.waveforms++;
        else {
          stats.rejected++;
          reportErrors(clientId, packet.topic, [{ index: 0, ...res.error }]);
        }
        callback(null);
      },
      // the store failed: no PUBACK, the device keeps the snapshot and retries
      (err: Error) => callback(err),
    );
  }

  function reportErrors(clientId: string, topic: string, errors: unknown[], total = errors.length): void {
    const payload = Buffer.from(JSON.stringify({ topic, rejected: total, errors }));
    broker.publish(
      { cmd: 'publish', topic: `${ERRORS_TOPIC_PREFIX}/${clientId}`, payload, qos: 0, retain: false, dup: false },
      () => {},
    );
  }

  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    broker,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
        // sockets of connected clients keep server.close pending; aedes.close ends them
      }),
  };
}
