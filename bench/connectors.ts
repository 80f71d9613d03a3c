/**
 * `npm run bench -- connectors [--json] [--quick] [--data DIR]`
 * Readings per second through each connector path and device-to-store latency, against the real peers the tests
 * use: Mosquitto (MQTT JSON and Sparkplug B), a node-opcua server and the Debian pymodbus server. Each path runs
 * through the real ConnectorManager (so the store-and-forward buffer is in the path) into a real embedded store in
 * a tmp folder; every number comes from what the store accepted (sink = store.readings.append), cross-checked
 * against the store's own statistics. Latency = the time the append returned − the reading's source timestamp
 * (for Modbus, which has none, the poll time), over every stored reading (systematically sampled).
 *
 * Connector throughput uses generated device data (the publishers and servers under bench/connectors/ make it), so
 * --data DIR is accepted for symmetry with the other benches and otherwise unused. --quick shortens every window.
 *
 * MQTT JSON and Sparkplug B run twice: with 10 consecutive scans per message (a gateway batching its polls: the
 * headline figure) and with a single scan per message. The single-scan figure is bounded by the store, not the
 * protocol: a connector acknowledges a QoS 1 message only once its readings are durable, MQTT clients hand over
 * messages one at a time, so each message becomes its own store append, and an append costs the store about 10 µs
 * per series it touches (measured on this machine) whatever the number of readings per series.
 */

import { log, type PathResult } from './connectors/harness';
import { type LatencySample, percentiles } from './connectors/latency';
import { benchModbus } from './connectors/modbus';
import { benchMqttJson } from './connectors/mqtt-json';
import { benchOpcua } from './connectors/opcua';
import { benchSparkplug } from './connectors/sparkplug';
import { flag, fmt, option, printTable } from './table';

interface Run {
  key: string;
  label: string;
  unit: string;
  goal: string;
  run: () => Promise<PathResult>;
}

export async function runConnectorsBench(args: string[]): Promise<void> {
  const json = flag(args, 'json');
  const quick = flag(args, 'quick');
  const data = option(args, 'data');
  if (data) log(`--data ${data} is not used: connector throughput uses generated device data`);
  const seconds = quick ? 3 : 6;
  const durationMs = seconds * 1000;
  // ~0.2 s of the goal rate may be published but not yet stored (end-to-end flow control of the load generators)
  const window = 20_000;

  const runs: Run[] = [
    {
      key: 'mqtt',
      label: 'MQTT JSON, 10 scans × 100 sensors per message, QoS 1',
      unit: 'readings/s',
      goal: '≥ 100,000',
      run: () => benchMqttJson({ durationMs, topics: 20, sensors: 100, scans: 10, inflight: 16, window: 5 * window }),
    },
    {
      key: 'mqtt_single_scan',
      label: 'MQTT JSON, 1 scan × 100 sensors per message, QoS 1',
      unit: 'readings/s',
      goal: 'informative (store-bound)',
      run: () => benchMqttJson({ durationMs, topics: 20, sensors: 100, scans: 1, inflight: 16, window }),
    },
    {
      key: 'sparkplug',
      label: 'Sparkplug B, 20 devices × 100 metrics, 10 scans per DDATA, QoS 1',
      unit: 'readings/s',
      goal: '≥ 100,000',
      run: () => benchSparkplug({ durationMs, devices: 20, metrics: 100, scans: 10, window: 5 * window }),
    },
    {
      key: 'sparkplug_single_scan',
      label: 'Sparkplug B, 20 devices × 100 metrics, 1 scan per DDATA, QoS 1',
      unit: 'readings/s',
      goal: 'informative (store-bound)',
      run: () => benchSparkplug({ durationMs, devices: 20, metrics: 100, scans: 1, window }),
    },
    {
      key: 'opcua',
      label: 'OPC UA, 4,000 variables changing every 100 ms, 1 subscription',
      unit: 'value changes/s',
      goal: '≥ 20,000',
      run: () =>
        benchOpcua({
          durationMs,
          variables: 4000,
          updateIntervalMs: 100,
          samplingIntervalMs: 100,
          publishingIntervalMs: 200,
        }),
    },
    {
      key: 'modbus',
      label: 'Modbus TCP, 4 poll groups × 100 holding registers every 10 ms, 1 server',
      unit: 'registers/s',
      goal: '≥ 10,000',
      run: () => benchModbus({ durationMs, groups: 4, intervalMs: 10 }),
    },
  ];

  const results = new Map<string, PathResult>();
  const rows: (string | number)[][] = [];
  const ms = (v: number | undefined) => (v === undefined ? 'n/a' : `${fmt(v)} ms`);
  for (const r of runs) {
    try {
      const res = await r.run();
      results.set(r.key, res);
      const [p50, p99] = percentiles([res.latency], [0.5, 0.99]) ?? [];
      const check = res.verified === res.storedTotal ? '' : ` (store stats say ${fmt(res.verified)}!)`;
      rows.push([
        r.label,
        `${fmt(res.rate)} ${r.unit}`,
        `${fmt(res.stored)} of ${fmt(res.produced)} in ${res.seconds.toFixed(1)} s${check}`,
        `${ms(p50)} / ${ms(p99)}`,
        r.goal,
      ]);
    } catch (err) {
      process.exitCode = 1;
      log(`${r.key} failed: ${(err as Error).stack ?? err}`);
      rows.push([r.label, `failed: ${(err as Error).message}`, '', '', r.goal]);
    }
  }
  const all: LatencySample[] = [...results.values()].map((r) => r.latency);
  const [p50, p99] = percentiles(all, [0.5, 0.99]) ?? [];
  rows.push([
    'Device-to-store latency, every reading above',
    `${ms(p50)} p50, ${ms(p99)} p99`,
    '',
    '',
    'p99 ≤ 1,000 ms',
  ]);
  printTable(['Path', 'Throughput', 'Stored of offered', 'Latency p50 / p99', 'Goal'], rows);

  if (json) {
    const out: Record<string, number | null> = {};
    const round = (v: number | undefined) => (v === undefined ? null : Number(v.toFixed(1)));
    for (const r of runs)
      out[`${r.key}_readings_per_s`] = results.has(r.key) ? Math.round(results.get(r.key)!.rate) : null;
    out.latency_ms_p50 = round(p50);
    out.latency_ms_p99 = round(p99);
    for (const [key, res] of results) {
      const [a, b] = percentiles([res.latency], [0.5, 0.99]) ?? [];
      out[`latency_ms_p50_${key}`] = round(a);
      out[`latency_ms_p99_${key}`] = round(b);
    }
    console.log(JSON.stringify(out));
  }
}
