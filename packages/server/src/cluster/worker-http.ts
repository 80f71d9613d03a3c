/** What a worker serves over HTTP (Prometheus metrics and a health document), and its own metric families. */
import { createServer, type Server } from 'node:http';
import { Counter, Gauge } from 'prom-client';
import type { Metrics } from '../metrics/metrics';

/** The worker's own Prometheus families, next to the ingest and scoring ones of Metrics. */
export function clusterMetrics(metrics: Metrics, owned: () => number, live: () => number) {
  const registers = [metrics.registry];
  new Gauge({
    name: 'prognos_cluster_partitions_owned',
    help: 'Partitions this worker consumes now',
    registers,
    collect() {
      this.set(owned());
    },
  });
  new Gauge({
    name: 'prognos_cluster_live_workers',
    help: 'Workers with a fresh heartbeat, as this worker saw at its last lease tick',
    registers,
    collect() {
      this.set(live());
    },
  });
  return {
    changes: new Counter({
      name: 'prognos_cluster_partition_changes_total',
      help: 'Partitions taken (acquired), handed back (released), lost to expiry (lost) or taken over (fenced)',
      labelNames: ['change'],
      registers,
    }),
    messages: new Counter({
      name: 'prognos_cluster_messages_total',
      help: 'Readings messages consumed: stored and acknowledged, or rejected (bad topic or payload) and acknowledged',
      labelNames: ['outcome'],
      registers,
    }),
  };
}

/** GET /metrics (Prometheus text) and GET /api/health (JSON): all a worker serves. */
export async function serveWorkerHttp(
  port: number,
  host: string,
  metrics: Metrics,
  health: () => object,
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      metrics.render().then(
        (text) => res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }).end(text),
        (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message),
      );
    } else if (req.method === 'GET' && path === '/api/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(health()));
    } else {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 'NOT_FOUND', message: `No route ${req.method} ${path}.` }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
