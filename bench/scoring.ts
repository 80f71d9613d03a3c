/**
 * `npm run bench -- scoring [--json] [--hours N]`
 * Multivariate scoring throughput on one core: an 8-sensor machine sampled at 1 Hz, its model trained on two
 * healthy days, then N hours of readings streamed through the same AssetMonitor the server runs per asset
 * (windowing, running/stopped gate, imputation, detector scoring, health index, alert episodes). Readings/s is the
 * number of readings ingested divided by the time spent in `ingest` (Node runs it on one thread: one core).
 * Also printed: each detector's own rows/s on window rows (a row = one window of all 8 sensors).
 * The data is generated, so `--data` is accepted and unused.
 */
import { AssetMonitor, type Detector, PcaDetector, type Row, trainAssetModel } from '@prognos/analytics';
import { type Asset, GOOD, type Reading, Rng, type Sensor } from '@prognos/core';
import { flag, fmt, option, printTable } from './table';

const ASSET: Asset = { id: 'B-1', lineId: 'L1', name: 'Bench pump', type: 'centrifugal_pump', criticality: 'B' };
const SENSORS: Sensor[] = [
  ['SPEED', 'speed', 'rpm', 0, 3600],
  ['CURRENT', 'current', 'A', 0, 120],
  ['POWER', 'power', 'kW', 0, 75],
  ['FLOW', 'flow', 'm3/h', 0, 400],
  ['PRESS', 'pressure', 'bar', 0, 16],
  ['VIB-DE', 'vibration', 'mm/s', 0, 20],
  ['VIB-NDE', 'vibration', 'mm/s', 0, 20],
  ['TEMP', 'temperature', 'degC', 0, 150],
].map(([id, kind, unit, min, max]) => ({
  id: `B-1.${id}`,
  assetId: 'B-1',
  name: String(id),
  kind: kind as Sensor['kind'],
  unit: String(unit),
  min: Number(min),
  max: Number(max),
  sampleRateHz: 1,
}));

/** One second of the machine: everything follows a slowly varying load, with sensor noise. */
function sample(rng: Rng, t: number, load: number): number[] {
  const n = () => rng.normal();
  return [
    1500 + 1500 * load + 3 * n(),
    30 + 70 * load + 0.5 * n(),
    10 + 55 * load + 0.4 * n(),
    80 + 250 * load + 2 * n(),
    3 + 9 * load * load + 0.05 * n(),
    1 + 2.5 * load + 0.05 * n(),
    0.8 + 2 * load + 0.05 * n(),
    45 + 30 * load + 2 * Math.sin((2 * Math.PI * t) / 86_400_000) + 0.1 * n(),
  ];
}

function* stream(rng: Rng, from: number, to: number): Generator<Reading[]> {
  let load = 0.6;
  for (let t = from; t < to; t += 1000) {
    load = Math.min(0.95, Math.max(0.3, load + 0.002 * rng.normal()));
    const v = sample(rng, t, load);
    yield SENSORS.map((s, j) => ({ sensor: s.id, ts: t, value: v[j] as number, quality: GOOD }));
  }
}

export async function runScoringBench(args: string[]): Promise<void> {
  const json = flag(args, 'json');
  const hours = Number(option(args, 'hours') ?? 24);
  const rng = new Rng('scoring-bench');
  const t0 = Date.UTC(2026, 0, 1);
  const trainMs = 2 * 86_400_000;
  const series = new Map(
    SENSORS.map((s) => [s.id, { ts: [] as number[], values: [] as number[], quality: [] as number[] }]),
  );
  for (const batch of stream(rng, t0, t0 + trainMs)) {
    for (const r of batch) {
      const s = series.get(r.sensor);
      s?.ts.push(r.ts);
      s?.values.push(r.value);
      s?.quality.push(r.quality ?? GOOD);
    }
  }
  const model = trainAssetModel(ASSET, SENSORS, series);
  let seq = 0;
  const mon = new AssetMonitor({ asset: ASSET, sensors: SENSORS, model, newId: () => `A-${++seq}` });
  // Pre-generate the readings so the timing is the monitor's, not the generator's; ingest in 10-s batches, as a
  // connector or the MQTT ingest hands them over.
  const readings: Reading[][] = [];
  let batch: Reading[] = [];
  for (const b of stream(rng, t0 + trainMs, t0 + trainMs + hours * 3_600_000)) {
    batch.push(...b);
    if (batch.length >= 80) {
      readings.push(batch);
      batch = [];
    }
  }
  if (batch.length) readings.push(batch);
  const total = readings.reduce((s, b) => s + b.length, 0);
  let events = 0;
  const start = performance.now();
  for (const b of readings) events += mon.ingest(b).length;
  const ms = performance.now() - start;
  const perS = total / (ms / 1000);
  console.error(`[bench] ${fmt(total)} readings in ${ms.toFixed(0)} ms, ${events} monitor events`);

  // Detector-only throughput on window rows (what the monitor scores once per window).
  const rows: Row[] = [];
  for (const b of stream(new Rng('rows'), t0, t0 + 20_000_000)) rows.push(b.map((r) => r.value));
  const detectors: [string, Detector][] = [['pca', new PcaDetector().fit(rows.slice(0, 5000))]];
  const detRows: (string | number)[][] = [];
  for (const [name, d] of detectors) {
    const test = rows.slice(5000);
    const s = performance.now();
    let acc = 0;
    for (let k = 0; k < 3; k++) for (const x of d.score(test)) acc += x;
    const sec = (performance.now() - s) / 1000;
    detRows.push([
      `${name} detector: rows scored/s (8 sensors each)`,
      fmt((3 * test.length) / sec),
      Number.isFinite(acc) ? '' : 'NaN',
    ]);
  }
  printTable(
    ['figure', 'value', 'goal'],
    [
      ['asset monitor: readings/s on one core (8 sensors, 1 Hz, 60-s windows)', fmt(perS), '≥ 200,000'],
      ...detRows.map((r) => [r[0] as string, r[1] as string, '—']),
    ],
  );
  if (json) console.log(JSON.stringify({ readings_per_s_per_core: Math.round(perS) }));
}
