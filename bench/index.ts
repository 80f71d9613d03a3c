/**
 * Benchmarks: `npm run bench -- <name> [--data DIR] [--json]`. Each prints a table; with --json the same figures
 * as one JSON object on the last line.
 */
import { runConnectorsBench } from './connectors';
import { runIngestBench } from './ingest';
import { runQualityBench } from './quality';

const benches: Record<string, (args: string[]) => Promise<void>> = {
  ingest: runIngestBench,
  connectors: runConnectorsBench,
  quality: runQualityBench,
};

const [name, ...rest] = process.argv.slice(2);
if (!name || !benches[name]) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [--data DIR] [--json]`);
  process.exit(2);
}
await benches[name](rest);
