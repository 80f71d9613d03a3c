/**
 * `npm run bench -- ingest [--json] [--quick] [--data DIR]`
 * Ingest throughput (in-process store append, raw better-sqlite3 baseline, HTTP, MQTT), bytes per reading on disk,
 * and chart-query latency, all from one run. --data DIR (a folder of SKAB-format CSVs, default
 * ../shared/datasets/skab when present) adds bytes per reading on real sensor data.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchRealData } from './ingest-real';
import { benchBaseline, benchBytesPerReading, benchChartQuery, benchInProcess } from './ingest-store';
import { benchHttp, benchMqtt, startBenchServer } from './ingest-wire';
import { flag, fmt, option, printTable } from './table';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function runIngestBench(args: string[]): Promise<void> {
  const json = flag(args, 'json');
  const quick = flag(args, 'quick');
  const dataDir =
    option(args, 'data') ??
    (existsSync(join(root, '../shared/datasets/skab')) ? join(root, '../shared/datasets/skab') : undefined);
  const log = (m: string) => console.error(`[bench] ${m}`);
  const n = quick ? 500_000 : 2_000_000;

  log(`raw better-sqlite3 prepared insert, ${fmt(n)} readings`);
  const baseline = benchBaseline(n);
  log(`in-process store append, ${fmt(n)} readings`);
  const inproc = await benchInProcess(n);
  log(`bytes per reading after ${quick ? '1,000,000' : '10,000,000'} readings at 1 Hz`);
  const bytes = await benchBytesPerReading(quick ? 1_000_000 : 10_000_000);
  log('chart query over 30 days of 1 Hz data');
  const chart = await benchChartQuery(30, 30);
  log('HTTP and MQTT ingestion against `prognos serve` in its own process');
  const server = await startBenchServer(100);
  let http: number;
  let mqtt: number;
  try {
    http = await benchHttp(server, quick ? 200_000 : 1_000_000);
    mqtt = await benchMqtt(server, quick ? 200_000 : 1_000_000);
  } finally {
    await server.stop();
  }
  const real = dataDir ? await benchRealData(dataDir) : undefined;

  const rows: (string | number)[][] = [
    [
      'In-process batch append (store, incl. compression)',
      `${fmt(inproc.readingsPerSecond)} readings/s`,
      `≥ 1,000,000 and ≥ 50 % of baseline (${((100 * inproc.readingsPerSecond) / baseline.readingsPerSecond).toFixed(0)} %)`,
    ],
    ['Raw better-sqlite3 prepared insert (baseline)', `${fmt(baseline.readingsPerSecond)} readings/s`, 'reference'],
    ['HTTP batch ingestion (10,000 per POST)', `${fmt(http)} readings/s`, '≥ 200,000'],
    ['MQTT ingestion (1,000 per message, QoS 1)', `${fmt(mqtt)} readings/s`, '≥ 100,000'],
    [`Bytes per reading on disk (${fmt(bytes.readings)} readings, 1 Hz)`, bytes.bytesPerReading.toFixed(2), '≤ 4'],
    [
      `Chart query, 30 days of 1 Hz → 1,000 buckets (${chart.source})`,
      `${chart.p50Ms.toFixed(1)} ms p50, ${chart.p95Ms.toFixed(1)} ms p95`,
      '≤ 50 ms p50',
    ],
  ];
  if (real)
    rows.push([
      `Bytes per reading on real data (${real.files} SKAB files, ${fmt(real.readings)} readings)`,
      real.bytesPerReading.toFixed(2),
      'informative',
    ]);
  printTable(['Measure', 'Result', 'Target'], rows);
  if (json) {
    console.log(
      JSON.stringify({
        inprocess_readings_per_s: Math.round(inproc.readingsPerSecond),
        baseline_readings_per_s: Math.round(baseline.readingsPerSecond),
        http_readings_per_s: Math.round(http),
        mqtt_readings_per_s: Math.round(mqtt),
        bytes_per_reading: Number(bytes.bytesPerReading.toFixed(3)),
        chart_query_ms_p50: Number(chart.p50Ms.toFixed(2)),
        ...(real ? { real_data_bytes_per_reading: Number(real.bytesPerReading.toFixed(3)) } : {}),
      }),
    );
  }
}
