/**
 * MQTT JSON load generator, run in its own process so that it does not share the connector's event loop:
 * `node --import tsx mqtt-publisher.ts '<json options>'` (see PublisherOptions), driven over the IPC channel.
 *
 * Each message is what a gateway polling one asset sends: `scans` consecutive scans of `sensors` values,
 * `[{"t": <epoch ms>, "v": [...]}, ...]` (a single scan is sent as the bare object). Timestamps are taken when the
 * message is built, 1 ms apart, ending now; per topic they strictly increase, so no two readings of one sensor share
 * a timestamp (the store would keep only one).
 *
 * Messages go out at QoS 1 as fast as the broker acknowledges them, with two bounds: at most `inflight` unacknowledged
 * by the broker, and at most `window` readings published but not yet in the store (the parent reports the stored
 * count every few ms). The second bound is end-to-end flow control: Mosquitto acknowledges a QoS 1 publish as soon as
 * it has it, so without it the publisher would just fill the broker's queue and measure nothing but the queue.
 */
import mqtt from 'mqtt';

export interface PublisherOptions {
  url: string;
  topics: number;
  sensors: number;
  scans: number;
  durationMs: number;
  inflight: number;
  window: number;
}

const o = JSON.parse(process.argv[2]!) as PublisherOptions;
const topics = Array.from({ length: o.topics }, (_, i) => `bench/A${String(i).padStart(2, '0')}`);
const send = (m: unknown) => process.send?.(m);

const client = await mqtt.connectAsync(o.url, { clientId: `bench-pub-${process.pid}`, clean: true });
const lastTs = new Array<number>(topics.length).fill(0);
const values = new Float64Array(o.sensors);
let stored = 0;
const waiting = new Set<() => void>();

function scan(t: number): string {
  // a slowly moving process value per sensor with two decimals, as a transmitter reports it
  for (let s = 0; s < o.sensors; s++) values[s] = Math.round((50 + 10 * Math.sin(t / 10_000 + s)) * 100) / 100;
  return `{"t":${t},"v":[${values.join(',')}]}`;
}

function message(k: number): { topic: string; payload: string } {
  const i = k % topics.length;
  const first = Math.max(Date.now() - (o.scans - 1), lastTs[i]! + 1);
  lastTs[i] = first + o.scans - 1;
  if (o.scans === 1) return { topic: topics[i]!, payload: scan(first) };
  const parts: string[] = [];
  for (let j = 0; j < o.scans; j++) parts.push(scan(first + j));
  return { topic: topics[i]!, payload: `[${parts.join(',')}]` };
}

let go: (() => void) | undefined;
process.on('message', (m: { type: string; stored?: number }) => {
  if (m.type === 'stored') {
    stored = m.stored ?? stored;
    for (const w of waiting) w();
  } else if (m.type === 'go') go?.();
});
await new Promise<void>((resolve) => {
  go = resolve;
  send({ type: 'ready' });
});

const perMessage = o.sensors * o.scans;
const t0 = Date.now();
const end = t0 + o.durationMs;
let k = 0;
let published = 0;
const worker = async () => {
  while (Date.now() < end) {
    while (published * perMessage - stored >= o.window && Date.now() < end) {
      await new Promise<void>((r) => {
        const done = () => {
          clearTimeout(t);
          waiting.delete(done);
          r();
        };
        const t = setTimeout(done, 5);
        waiting.add(done);
      });
    }
    if (Date.now() >= end) break;
    const m = message(k++);
    published++;
    await client.publishAsync(m.topic, m.payload, { qos: 1 });
  }
};
await Promise.all(Array.from({ length: o.inflight }, worker));
const t1 = Date.now();
await client.endAsync();
send({ type: 'done', messages: published, readings: published * perMessage, t0, t1 });
process.disconnect?.();
