/**
 * MQTT JSON path: a real Mosquitto, the `mqtt` connector run by the ConnectorManager, and a publisher process
 * (mqtt-publisher.ts) sending JSON messages that carry many sensors each (`fields` mapping; `scans` > 1 makes each
 * message an array of consecutive scans), QoS 1, as fast as the path takes them, for a fixed time. The rate is readings
 * stored ÷ (last append − first publish), so a backlog still being worked off when the publisher stopped counts.
 */
import { fileURLToPath } from 'node:url';
import { startMosquitto } from '@prognos/connectors/testing';
import { log, type PathResult, requireOnPath, spawnScript, waitFor, waitUntil, withPhase } from './harness';
import type { PublisherOptions } from './mqtt-publisher';

const PUBLISHER = fileURLToPath(new URL('./mqtt-publisher.ts', import.meta.url));

type PublisherMsg = { type: 'ready' } | { type: 'done'; messages: number; readings: number; t0: number; t1: number };

export type MqttJsonOptions = Omit<PublisherOptions, 'url'>;

export async function benchMqttJson(o: MqttJsonOptions): Promise<PathResult> {
  const { out, verified } = await withPhase('mqtt', async (p) => {
    requireOnPath('mosquitto');
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
              // one sensor per array position; with scans > 1 the payload is an array of such objects
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

    const pub = spawnScript<PublisherMsg>(PUBLISHER, [JSON.stringify({ ...o, url: broker.url })]);
    p.defer(() => pub.kill());
    await pub.next('ready', 30_000);
    log(
      `mqtt: publishing ${o.scans} scan(s) × ${o.sensors} sensors per message on ${o.topics} topics, QoS 1, for ${o.durationMs / 1000} s`,
    );
    // end-to-end flow control: the publisher learns how much is stored (see mqtt-publisher.ts)
    const credit = setInterval(() => pub.send({ type: 'stored', stored: p.stored }), 5);
    p.defer(() => clearInterval(credit));
    pub.send({ type: 'go' });
    const done = await pub.next('done', o.durationMs + 60_000);
    clearInterval(credit);
    const drained = await waitUntil(() => p.stored >= done.readings, 60_000);
    if (!drained) log(`mqtt: only ${p.stored} of ${done.readings} published readings stored after 60 s`);
    const seconds = (p.lastStoredAt - done.t0) / 1000;
    return {
      stored: p.stored,
      storedTotal: p.stored,
      produced: done.readings,
      seconds,
      rate: p.stored / seconds,
      latency: p.latency,
      note: `${done.messages.toLocaleString('en-US')} messages of ${o.scans} × ${o.sensors} readings on ${o.topics} topics`,
    };
  });
  return { ...out, verified };
}
