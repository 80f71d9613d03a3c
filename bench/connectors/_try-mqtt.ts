import { benchMqttJson } from '/work/main/bench/connectors/mqtt-json';
import { percentiles } from '/work/main/bench/connectors/latency';
const r = await benchMqttJson({ durationMs: Number(process.argv[2] ?? 5000), topics: 20, sensors: Number(process.argv[3] ?? 100), inflight: Number(process.argv[4] ?? 32) });
console.log({ ...r, latency: percentiles([r.latency], [0.5, 0.99]) });
