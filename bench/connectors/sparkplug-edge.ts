/**
 * Sparkplug B load generator: the simulator's SparkplugEdgeNode in its own process,
 * `node --import tsx sparkplug-edge.ts '<json options>'` (see EdgeOptions), driven over the IPC channel.
 *
 * `devices` devices of `metrics` Double metrics each (born with DBIRTH, then DDATA by alias at QoS 1). Each round
 * takes `scans` scans of every device (timestamps 1 ms apart, ending now, strictly increasing per device) and hands
 * them to the edge node, which sends one DDATA per device. Rounds follow each other as fast as the node gets its
 * PUBACKs, with two bounds: the node's own queue (so timestamps are fresh when sent) and `window` readings published
 * but not yet in the store (end-to-end flow control, as for the MQTT JSON publisher).
 */
import type { Reading } from '@prognos/core';
import { SparkplugEdgeNode } from '@prognos/simulator';

export interface EdgeOptions {
  url: string;
  groupId: string;
  devices: number;
  metrics: number;
  scans: number;
  durationMs: number;
  window: number;
}

const o = JSON.parse(process.argv[2]!) as EdgeOptions;
const send = (m: unknown) => process.send?.(m);
const deviceIds = Array.from({ length: o.devices }, (_, d) => `D${String(d).padStart(2, '0')}`);
const sensorsOf = (d: string) => Array.from({ length: o.metrics }, (_, m) => `${d}.M${String(m).padStart(3, '0')}`);
const devices = Object.fromEntries(deviceIds.map((d) => [d, sensorsOf(d)]));

const node = await SparkplugEdgeNode.connect(o.url, {
  groupId: o.groupId,
  edgeNodeId: 'E1',
  devices,
  qos: 1,
  maxMetricsPerMessage: o.metrics * o.scans,
  maxInFlight: 16,
  // the flow control below keeps the queue short; this only guards against a runaway
  maxBuffered: 10 * o.window,
});

let stored = 0;
let go: (() => void) | undefined;
const waiting = new Set<() => void>();
process.on('message', (m: { type: string; stored?: number }) => {
  if (m.type === 'stored') {
    stored = m.stored ?? stored;
    for (const w of waiting) w();
  } else if (m.type === 'go') go?.();
});
await new Promise<void>((resolve) => {
  go = resolve;
  send({ type: 'ready', sensors: deviceIds.flatMap((d) => devices[d]!) });
});

const pause = () =>
  new Promise<void>((r) => {
    const done = () => {
      clearTimeout(t);
      waiting.delete(done);
      r();
    };
    const t = setTimeout(done, 2);
    waiting.add(done);
  });

const lastTs = new Map<string, number>();
const t0 = Date.now();
const end = t0 + o.durationMs;
let published = 0;
while (Date.now() < end) {
  const s = node.stats();
  if (s.queued > o.devices * o.metrics * o.scans || published - stored >= o.window) {
    await pause();
    continue;
  }
  const now = Date.now();
  const round: Reading[] = [];
  for (const d of deviceIds) {
    const first = Math.max(now - (o.scans - 1), (lastTs.get(d) ?? 0) + 1);
    lastTs.set(d, first + o.scans - 1);
    for (let j = 0; j < o.scans; j++) {
      const ts = first + j;
      for (const sensor of devices[d]!) {
        const value = Math.round((50 + 10 * Math.sin(ts / 10_000 + sensor.length)) * 100) / 100;
        round.push({ sensor, ts, value, quality: 0 });
      }
    }
  }
  published += node.publish(round);
  // let the client write and take PUBACKs between rounds
  await new Promise((r) => setImmediate(r));
}
const t1 = Date.now();
const flushed = await node.flush(30_000);
const st = node.stats();
await node.close(5_000);
send({ type: 'done', readings: published - st.dropped, dropped: st.dropped, flushed, t0, t1 });
process.disconnect?.();
