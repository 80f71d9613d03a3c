/**
 * MQTT JSON path: a real Mosquitto, the `mqtt` connector run by the ConnectorManager, and a publisher process that
 * sends one JSON message per "device scan" carrying many sensors (`fields` mapping), QoS 1, as fast as the broker
 * takes them (bounded in-flight) for a fixed time. The rate is readings stored ÷ (last append − first publish), so a
 * backlog the connector still had to work off when the publisher stopped is counted against it.
 */
import { fileURLToPath } from 'node:url';
import { startMosquitto } from '@prognos/connectors/testing';
import { log, type PathResult, spawnScript, waitFor, waitUntil, withPhase } from './harness';

const PUBLISHER = fileURLToPath(new URL('./mqtt-publisher.ts', import.meta.url));

type PublisherMsg =
  | { type: 'ready' }
  | { type: 'done'; messages: number; readings: number; t0: number; t1: number };

export interface MqttJsonOptions {
  durationMs: number;
  /** Topics (assets) the publisher cycles through. */
  topics: number;
  /** Sensors per message. */
  sensors: number;
  inflight: number;
}

export async function benchMqttJson(o: MqttJsonOptions): Promise<PathResult> {
  const { out, verified } = await withPhase('mqtt', async (p) => {
    const broker = await startMosquitto();
    p.defer(() => broker.stop());
    await p.manager.load({
      version: 1,
      connectors: [
        {
          id: 'bench-mqtt',
          kind: 'mqtt',
          url: broker.url,
          qos: 1,
          mappings: [
            {
              topic: 'bench/{asset}',
              timestampPath: 't',
              timestampUnit: 'ms',
              fields: Array.from({ length: o.sensors }, (_, i) => ({
                path: `v[${i}]`,
                sensor: `{asset}.S${String(i).padStart(3, '0')}`,
              })),
            },
          ],
        },
      ],
    });
    await p.manager.start();
    await waitFor(() => p.manager.get('bench-mqtt')?.health.state === 'connected', 10_000, 'the MQTT connector');
    // the subscription is made right after CONNACK; give its SUBACK a moment before the first publish
    await new Promise((r) => setTimeout(r, 300));

    const pub = spawnScript<PublisherMsg>(PUBLISHER, [
      broker.url,
      String(o.topics),
      String(o.sensors),
      String(o.durationMs),
      String(o.inflight),
    ]);
    p.defer(() => pub.kill());
    await pub.next('ready', 30_000);
    log(`mqtt: publishing ${o.sensors} sensors per message, QoS 1, for ${o.durationMs / 1000} s`);
    pub.send({ type: 'go' });
    const done = await pub.next('done', o.durationMs + 60_000);
    const drained = await waitUntil(() => p.stored >= done.readings, 60_000);
    if (!drained) log(`mqtt: only ${p.stored} of ${done.readings} published readings stored after 60 s`);
    const seconds = (p.lastStoredAt - done.t0) / 1000;
    return {
      stored: p.stored,
      produced: done.readings,
      seconds,
      rate: p.stored / seconds,
      latency: p.latency,
      note: `${done.messages.toLocaleString('en-US')} messages × ${o.sensors} sensors, publisher ${Math.round(
        done.readings / ((done.t1 - done.t0) / 1000),
      ).toLocaleString('en-US')} readings/s`,
    };
  });
  return { ...out, verified };
}
