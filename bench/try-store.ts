/** Prints the store benchmarks: `npx tsx bench/try-store.ts [readings]`. */
import { benchBaseline, benchBytesPerReading, benchChartQuery, benchInProcess } from './ingest-store';

const n = Number(process.argv[2] ?? 2_000_000);
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

const base = benchBaseline(n);
console.log(`baseline (raw prepared insert): ${fmt(base.readingsPerSecond)} readings/s`);
const app = await benchInProcess(n);
console.log(
  `store append + flush:          ${fmt(app.readingsPerSecond)} readings/s (${((100 * app.readingsPerSecond) / base.readingsPerSecond).toFixed(0)} % of baseline)`,
);
const bytes = await benchBytesPerReading(Number(process.argv[3] ?? 10_000_000));
console.log(
  `bytes on disk:                 ${bytes.bytesPerReading.toFixed(2)} B/reading (${fmt(bytes.readings)} readings, ${fmt(bytes.bytesOnDisk)} B, ${bytes.seconds.toFixed(1)} s)`,
);
const chart = await benchChartQuery();
console.log(
  `chart query (30 d, 1000 buckets): p50 ${chart.p50Ms.toFixed(1)} ms, p95 ${chart.p95Ms.toFixed(1)} ms, first ${chart.firstMs.toFixed(1)} ms via ${chart.source} (setup ${chart.setupSeconds.toFixed(1)} s)`,
);
