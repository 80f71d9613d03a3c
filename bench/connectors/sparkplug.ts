/**
 * Sparkplug B path: a real Mosquitto, the simulator's SparkplugEdgeNode in its own process (sparkplug-edge.ts)
 * publishing DDATA at QoS 1 as fast as the path takes it for a fixed time, and the `sparkplug` connector (a
 * Sparkplug host: births, aliases, sequence checks) run by the ConnectorManager. Rate = readings stored ÷
 * (last append − first publish).
 */
import { fileURLToPath } from 'node:url';
import { startMosquitto } from '@prognos/connectors/testing';
import { log, type PathResult, requireOnPath, spawnScript, waitFor, waitUntil, withPhase } from './harness';
import type { EdgeOptions } from './sparkplug-edge';

const EDGE = fileURLToPath(new URL('./sparkplug-edge.ts', import.meta.url));

type EdgeMsg =
  | { type: 'ready'; sensors: string[] }
  | { type: 'done'; readings: number; dropped: number; flushed: boolean; t0: number; t1: number };

export type SparkplugOptions = Omit<EdgeOptions, 'url' | 'groupId'>;

export async function benchSparkplug(o: SparkplugOptions): Promise<PathResult> {
  const { out, verified } = await withPhase('sparkplug', async (p) => {
    requireOnPath('mosquitto');
    const broker = await startMosquitto();
    p.defer(() => broker.stop());
    await p.manager.load({
      version: 1,
      connectors: [
        // the default mapping makes each metric the sensor "{device}.{metric}"
        { id: 'bench-spb', kind: 'sparkplug', url: broker.url, groupId: 'BENCH' },
      ],
    });
    await p.manager.start();
    await waitFor(() => p.manager.get('bench-spb')?.health.state === 'connected', 10_000, 'the Sparkplug connector');
    await new Promise((r) => setTimeout(r, 300));

    const edge = spawnScript<EdgeMsg>(EDGE, [JSON.stringify({ ...o, url: broker.url, groupId: 'BENCH' })]);
    p.defer(() => edge.kill());
    const ready = await edge.next('ready', 30_000);
    // births carry no values yet (null metrics): wait until the host knows every metric before the clock starts
    await waitFor(
      () => (p.manager.get('bench-spb')?.health.tags.length ?? 0) >= ready.sensors.length,
      10_000,
      'the DBIRTHs',
    );
    const before = p.stored;
    log(
      `sparkplug: ${o.devices} devices × ${o.metrics} metrics, ${o.scans} scan(s) per DDATA, QoS 1, for ${o.durationMs / 1000} s`,
    );
    const credit = setInterval(() => edge.send({ type: 'stored', stored: p.stored - before }), 5);
    p.defer(() => clearInterval(credit));
    edge.send({ type: 'go' });
    const done = await edge.next('done', o.durationMs + 60_000);
    clearInterval(credit);
    if (!done.flushed) log('sparkplug: the edge node could not publish everything it had queued');
    const drained = await waitUntil(() => p.stored - before >= done.readings, 60_000);
    if (!drained) log(`sparkplug: only ${p.stored - before} of ${done.readings} published readings stored after 60 s`);
    const h = p.manager.get('bench-spb')?.health;
    if (h?.errors) log(`sparkplug: connector counted ${h.errors} errors (last: ${h.lastError?.message})`);
    const seconds = (p.lastStoredAt - done.t0) / 1000;
    const stored = p.stored - before;
    return {
      stored,
      storedTotal: p.stored,
      produced: done.readings,
      seconds,
      rate: stored / seconds,
      latency: p.latency,
      note: `${o.devices} devices × ${o.metrics} metrics, ${o.scans} scan(s) per DDATA`,
    };
  });
  return { ...out, verified };
}
