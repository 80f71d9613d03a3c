/**
 * Benchmarks: `npm run bench -- <name> [--data DIR] [--json]`. Each prints a table; with --json the same figures
 * as one JSON object on the last line of stdout.
 *
 * Benches are imported on demand: a bench that loads a protocol stack (node-opcua prints its own notices on
 * stdout when loaded) must not put lines after another bench's JSON.
 */
type Bench = (args: string[]) => Promise<void>;
const benches: Record<string, () => Promise<Bench>> = {
  ingest: async () => (await import('./ingest')).runIngestBench,
  connectors: async () => (await import('./connectors')).runConnectorsBench,
  quality: async () => (await import('./quality')).runQualityBench,
  skab: async () => (await import('./skab')).runSkabBench,
  scoring: async () => (await import('./scoring')).runScoringBench,
  alerts: async () => (await import('./alerts')).runAlertsBench,
  nab: async () => (await import('./nab')).runNab,
  ai4i: async () => (await import('./ai4i')).runAi4iBench,
  cwru: async () => (await import('./cwru')).runCwruBench,
  cmapss: async () => (await import('./cmapss')).runCmapssBench,
  planner: async () => (await import('./planner')).runPlannerBench,
  scale: async () => (await import('./scale')).runScaleBench,
};

const [benchName, ...rest] = process.argv.slice(2);
const load = benchName ? benches[benchName] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [--data DIR] [--json]`);
  process.exit(2);
}
await (await load())(rest);

export {};
