/**
 * MQTT JSON load generator, run in its own process (so it does not share the connector's event loop):
 * `node --import tsx mqtt-publisher.ts URL TOPICS SENSORS DURATION_MS INFLIGHT`.
 * Publishes `{"t": <epoch ms>, "v": [SENSORS numbers]}` at QoS 1 to bench/A00..A{TOPICS-1} in turn, with at most
 * INFLIGHT messages unacknowledged by the broker, for DURATION_MS after the parent says "go". The timestamp is taken
 * when the message is built, i.e. this "device" measured the values then. Per topic it strictly increases, so that
 * no two readings of one sensor share a timestamp (the store would keep only one).
 */
import mqtt from 'mqtt';

const [url, topicsArg, sensorsArg, durationArg, inflightArg] = process.argv.slice(2);
const topics = Array.from({ length: Number(topicsArg) }, (_, i) => `bench/A${String(i).padStart(2, '0')}`);
const sensors = Number(sensorsArg);
const durationMs = Number(durationArg);
const inflight = Number(inflightArg);
const send = (m: unknown) => process.send?.(m);

const client = await mqtt.connectAsync(url!, { clientId: `bench-pub-${process.pid}`, clean: true });
const lastTs = new Array<number>(topics.length).fill(0);
const values = new Float64Array(sensors);

function message(k: number): { topic: string; payload: string } {
  const i = k % topics.length;
  const t = Math.max(Date.now(), lastTs[i]! + 1);
  lastTs[i] = t;
  // a slowly moving process value per sensor with two decimals, like a transmitter reports it
  for (let s = 0; s < sensors; s++) values[s] = Math.round((50 + 10 * Math.sin(t / 10_000 + s)) * 100) / 100;
  return { topic: topics[i]!, payload: `{"t":${t},"v":[${values.join(',')}]}` };
}

send({ type: 'ready' });
process.once('message', async () => {
  const t0 = Date.now();
  const end = t0 + durationMs;
  let k = 0;
  let acked = 0;
  const worker = async () => {
    while (Date.now() < end) {
      const m = message(k++);
      await client.publishAsync(m.topic, m.payload, { qos: 1 });
      acked++;
    }
  };
  await Promise.all(Array.from({ length: inflight }, worker));
  const t1 = Date.now();
  await client.endAsync();
  send({ type: 'done', messages: acked, readings: acked * sensors, t0, t1 });
  process.disconnect?.();
});
