/**
 * `prognos worker --pg-url URL --mqtt-url URL [--partitions N] [--cluster-id ID] [--config FILE] [--port N]`: one
 * worker of a cluster sharing ingestion and analytics over an external MQTT broker and PostgreSQL. Settings come
 * from the flags, then PROGNOS_* environment variables, then the JSON --config file. Logs are JSON lines on stdout.
 */
// the cluster entry only: a worker does not load the HTTP app, the connectors or their protocol stacks
import { redactUrl, resolveWorkerConfig, startWorker } from '@prognos/server/cluster';

export interface WorkerOptions {
  pgUrl?: string;
  pgSchema?: string;
  mqttUrl?: string;
  partitions?: number;
  clusterId?: string;
  config?: string;
  port?: number;
  host?: string;
  logLevel?: string;
}

export async function workerCommand(o: WorkerOptions): Promise<void> {
  const config = resolveWorkerConfig(
    {
      pgUrl: o.pgUrl,
      pgSchema: o.pgSchema,
      mqttUrl: o.mqttUrl,
      partitions: o.partitions,
      clusterId: o.clusterId,
      port: o.port,
      host: o.host,
      logLevel: o.logLevel as never,
    },
    { file: o.config },
  );
  const w = await startWorker(config);
  console.error(
    `prognos worker ${w.id}: cluster ${w.clusterId}, ${w.partitions} partitions, ` +
      `PostgreSQL ${redactUrl(config.pgUrl)} (schema ${config.pgSchema}), MQTT ${redactUrl(config.mqttUrl)}` +
      (w.port !== null ? `, metrics on http://localhost:${w.port}/metrics` : ''),
  );
  let stopping = false;
  const stop = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${sig}: handing the partitions back and stopping...`);
    await w.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
