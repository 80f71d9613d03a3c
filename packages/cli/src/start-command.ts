import { redactUrl, startPrognos } from '@prognos/server';

export interface StartOptions {
  port: number;
  dataDir: string;
  mqttPort: number;
  mqtt?: boolean;
  speed?: number;
  seed?: number;
  backfillHours?: number;
  demoFaults?: boolean;
  logLevel?: string;
  simulator: boolean;
  mqttPortFallback?: boolean;
  config?: string;
  notifications?: string;
  pgUrl?: string;
  pgSchema?: string;
  clusterMqttUrl?: string;
  retentionDays?: string;
}

export async function startCommand(o: StartOptions): Promise<void> {
  const t0 = Date.now();
  const p = await startPrognos({
    port: o.port,
    dataDir: o.dataDir,
    mqttPort: o.mqtt === false ? null : o.mqttPort,
    mqttPortFallback: o.mqttPortFallback,
    connectorsConfig: o.config,
    notificationsConfig: o.notifications,
    simulator: o.simulator,
    speed: o.speed,
    seed: o.seed,
    backfillHours: o.backfillHours,
    demoFaults: o.demoFaults,
    // unset: the server reads PROGNOS_PG_URL / PROGNOS_PG_SCHEMA (default: readings in the embedded store)
    pgUrl: o.pgUrl,
    pgSchema: o.pgSchema,
    clusterMqttUrl: o.clusterMqttUrl,
    // unset: PROGNOS_RETENTION_DAYS (default 0, keep everything); checked by the server
    retentionDays: o.retentionDays === undefined ? undefined : Number(o.retentionDays),
    // unset: the server reads PROGNOS_LOG_LEVEL (default info), and checks the value either way
    logLevel: o.logLevel as never,
  });
  const host = `http://localhost:${p.port}`;
  console.log(
    `\n  Prognos ${p.version} is running (${((Date.now() - t0) / 1000).toFixed(1)} s)\n` +
      `    Web UI     ${host}\n` +
      `    API docs   ${host}/docs   (OpenAPI: ${host}/openapi.json)\n` +
      (p.mqttPort !== null
        ? `    MQTT       mqtt://localhost:${p.mqttPort}  (publish JSON readings to prognos/readings/<device>)\n`
        : '') +
      `    Data       ${p.dataDir}\n` +
      (p.ctx.config.pgUrl
        ? `    Readings   ${redactUrl(p.ctx.config.pgUrl)} (PostgreSQL, schema ${p.ctx.config.pgSchema})\n`
        : '') +
      (o.simulator ? `    Simulator  ${p.simulatorSummary ?? ''}\n` : '') +
      '  Press Ctrl-C to stop.\n',
  );
  let stopping = false;
  const stop = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${sig}: stopping, flushing the store...`);
    await p.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
