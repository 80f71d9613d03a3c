import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DEMO_TECHNICIANS, demoPreventivePlans, demoWindows } from '@prognos/simulator';
import { type MetadataStore, openPgStore, openSqliteStore, type PgStore, type ReadingStore } from '@prognos/store';
import type { FastifyInstance } from 'fastify';
import mqtt from 'mqtt';
import { bootstrapCluster } from './cluster/bootstrap';
import { ClusterForwardingStore } from './cluster/forwarding-store';
import { createSessions } from './cluster/session';
import { type PrognosConfig, type PrognosConfigInput, redactUrl, resolveConfig } from './config';
import { ConnectorService } from './connectors/connector-service';
import { EventBus } from './event-bus';
import { buildApp, type RouteInfo } from './http/app';
import type { AppContext } from './http/context';
import { IngestService } from './ingest-service';
import { cmmsWorkOrderPort } from './integrations/work-order-port';
import { createMaintenance } from './maintenance/maintenance';
import { logOperationalEvents } from './metrics/event-log';
import { Metrics } from './metrics/metrics';
import { type EmbeddedBroker, startEmbeddedBroker } from './mqtt/embedded-broker';
import { NotificationService } from './notifications/notification-service';
import { loadNotificationsConfig } from './notifications/notifications-config';
import { AnalyticsPipeline } from './pipeline/analytics-pipeline';
import { SimulatorControl } from './pipeline/simulator-control';
import { createPlanning } from './planning/planning';
import { QualityService } from './quality/quality-service';
import { startRetention } from './retention';
import { RoiService } from './roi/roi-service';
import { RulService } from './rul/rul-service';
import { TrainingService } from './training/training-service';

export const VERSION = '0.1.0';

export interface RunningPrognos {
  version: string;
  port: number;
  mqttPort: number | null;
  dataDir: string;
  simulatorSummary?: string;
  ctx: AppContext;
  app: FastifyInstance;
  routes: RouteInfo[];
  broker?: EmbeddedBroker;
  close(): Promise<void>;
}

/** The composition root: chooses the concrete store, broker and simulator and wires the one-way flow. */
export async function startPrognos(partial: PrognosConfigInput = {}): Promise<RunningPrognos> {
  const config = resolveConfig(partial);
  // read before anything opens: a wrong notifications file stops the start with every bad field named
  const notifySettings = config.notificationsConfig ? loadNotificationsConfig(config.notificationsConfig) : undefined;
  mkdirSync(config.dataDir, { recursive: true });
  const store = await openStores(config);
  const metadata = store.metadata;
  // An API instance of a cluster: readings go to the workers through the broker (see ClusterForwardingStore).
  let forwarding: ClusterForwardingStore | undefined;
  if (config.clusterMqttUrl && store.pool) {
    try {
      forwarding = await openForwarding(config.clusterMqttUrl, store.pool, store.readings, metadata);
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  const readings: ReadingStore = forwarding ?? store.readings;
  const closeStores = async () => {
    await forwarding?.close();
    await store.close();
  };
  const bus = new EventBus();
  const now = Date.now();
  const simulator = config.simulator
    ? new SimulatorControl({ seed: config.seed, speed: config.speed, origin: now })
    : undefined;

  // placeholder logger until fastify's exists: the pipeline gets the app logger below
  const log = { info() {}, warn() {}, error() {} } as {
    info: (o: unknown, m?: string) => void;
    warn: (o: unknown, m?: string) => void;
    error: (o: unknown, m?: string) => void;
  };
  // This instance's Prometheus registry (GET /metrics); a failing source is logged, the scrape still answers.
  const metrics = new Metrics({ onError: (err, source) => log.warn({ err, source }, 'collecting a metric failed') });
  // Sensor trust sits in the ingest path: every reading, whatever its path, is checked before it is stored.
  const quality = new QualityService({
    metadata: metadata,
    readings,
    bus,
    config: config.quality,
    log,
    timeScale: simulator?.speed ?? 1,
  });
  const ingest = new IngestService(readings, metadata, bus, {
    quality,
    onQualityError: (err) => log.error({ err }, 'data-quality checks failed; batch stored unchecked'),
    metrics,
  });
  // Warm-up after an asset restarts: 30 min of process time (thermal settling), scaled by the simulator's acceleration.
  const startupMs = simulator ? Math.max(config.windowMs * 3, (30 * 60_000) / simulator.speed) : undefined;
  const pipeline = new AnalyticsPipeline({
    metadata: metadata,
    readings,
    bus,
    windowMs: config.windowMs,
    startupMs,
    log,
    trustOf: quality.trustForAttribution,
    foreignAlert: quality.ownsAlert,
    metrics,
    // in a cluster the workers run the models; this instance shows the health they store
    ...(forwarding ? { assetFilter: () => false } : {}),
  });
  const rul = new RulService({ metadata: metadata, bus, log });
  const maintenance = createMaintenance({ metadata: metadata, bus, pipeline, log });
  const planning = createPlanning({
    metadata: metadata,
    readings,
    bus,
    log,
    running: (assetId) => pipeline.running(assetId),
    createWorkOrder: (m) => maintenance.workOrders.create(m),
  });
  const connectors = new ConnectorService({ dataDir: config.dataDir, ingest, metadata: metadata, bus, log });
  let httpPort: number | undefined;
  const notifications = new NotificationService({
    bus,
    metadata: metadata,
    log,
    settings: notifySettings,
    defaultBaseUrl: () =>
      config.publicUrl ??
      (httpPort === undefined
        ? undefined
        : `http://${config.host === '0.0.0.0' || config.host === '::' ? hostname() : config.host}:${httpPort}`),
    isSnoozed: (alertId) => maintenance.workflows.isSnoozed(alertId),
    failureModes: (alert) => maintenance.workflows.rank(alert),
    failureModeName: async (id) => (await metadata.getFailureMode(id))?.name,
  });
  const training = new TrainingService({ metadata: metadata, log });
  const roi = new RoiService({ metadata: metadata });
  const ctx: AppContext = {
    config,
    version: VERSION,
    startedAt: now,
    readings,
    metadata: metadata,
    ingest,
    bus,
    pipeline,
    quality,
    rul,
    maintenance,
    plan: planning.plan,
    preventive: planning.preventive,
    simulator,
    connectors,
    notifications,
    training,
    roi,
    cmms: {
      token: notifySettings?.cmmsToken ?? (process.env.PROGNOS_CMMS_TOKEN || undefined),
      workOrders: cmmsWorkOrderPort({ workOrders: maintenance.workOrders, metadata: metadata, bus }),
    },
    metrics,
  };
  // Queue depths and health are read from the services when Prometheus scrapes, not tracked on every change.
  metrics.setSources({
    pipelineQueue: () => pipeline.queueDepth(),
    notificationQueues: () =>
      notifications.list().map((c) => ({
        id: c.channel.id,
        kind: c.channel.kind,
        pending: c.status.pending,
        delivered: c.status.delivered,
        failed: c.status.failed,
      })),
    // the service's view: its error counts include readings the ingest rejected
    connectors: () => connectors.list().map((c) => c.health),
    activeAlerts: () => metadata.listAlerts({ state: 'active', limit: 100_000 }),
    sensorStates: () => quality.stateCounts(),
  });
  const { app, routes } = await buildApp(ctx);
  Object.assign(log, {
    info: app.log.info.bind(app.log),
    warn: app.log.warn.bind(app.log),
    error: app.log.error.bind(app.log),
  });
  const stopEventLog = logOperationalEvents(bus, log);

  let history: { from: number; to: number } | undefined;
  if (simulator) {
    const t0 = Date.now();
    const prep = await simulator.prepare(metadata, readings, ingest, config.backfillHours, now);
    history = prep;
    app.log.info(
      { readings: prep.backfilled, ms: Date.now() - t0 },
      'simulated plant registered and history back-filled',
    );
  }
  await ingest.refreshSensors();
  await quality.init();
  // Before the pipeline: alerts it raises from the first window on get their workflow.
  await maintenance.init();
  await notifications.init();
  // Spare parts on first start; the demo's crew, windows and preventive plans with the demo plant only.
  await planning.init(
    now,
    simulator
      ? { technicians: DEMO_TECHNICIANS, windows: demoWindows, preventivePlans: demoPreventivePlans }
      : undefined,
  );
  await pipeline.init(history ? { trainFrom: history.from, trainTo: history.to } : {});
  const healthTimer = forwarding ? setInterval(() => void pipeline.refreshStoredHealth(), 5_000) : undefined;
  healthTimer?.unref();
  bus.on('readings', pipeline.onReadings);
  // Scheduled retraining (off unless retrainDays > 0); its timer is unref'd.
  await pipeline.scheduleRetraining(config.retrainDays);

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await closeStores();
    const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
    throw new Error(
      `cannot listen on HTTP port ${config.port}: ${inUse ? 'the port is in use (another Prognos?); choose another with --port' : (err as Error).message}`,
    );
  }
  const port = (app.server.address() as { port: number }).port;
  httpPort = port;
  let broker: EmbeddedBroker | undefined;
  if (config.mqttPort !== null) {
    try {
      broker = await startEmbeddedBroker({ port: config.mqttPort, host: config.host, ingest, waveforms: ctx });
    } catch (err) {
      const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (inUse && config.mqttPortFallback) {
        // the default port is taken (another instance, or a system broker): use a free one and say which
        broker = await startEmbeddedBroker({ port: 0, host: config.host, ingest, waveforms: ctx });
        app.log.warn(
          { requested: config.mqttPort, port: broker.port },
          'MQTT port in use; the embedded broker listens on another port',
        );
      } else {
        await app.close();
        await closeStores();
        throw new Error(
          `cannot start the MQTT broker on port ${config.mqttPort}: ${inUse ? 'the port is in use; choose another with --mqtt-port or pass --no-mqtt' : (err as Error).message}`,
        );
      }
    }
  }
  let demoEntries: Awaited<ReturnType<SimulatorControl['startLive']>> = [];
  if (simulator) {
    if (config.demoFaults) simulator.injectDemoFaults(Date.now());
    demoEntries = await simulator.startLive(broker ? `mqtt://127.0.0.1:${broker.port}` : undefined, ingest);
  }
  await connectors.start({ configFile: config.connectorsConfig, extra: demoEntries });
  quality.start();
  planning.start();
  // Virtual sensors (drift detection) learn from the stored history in the background, like the baselines.
  // The demo's history is its back-fill, recorded at real speed (the live plant then runs faster).
  const learning = history
    ? quality.learnDrift(history.to + 1, (history.to + 1 - history.from) / 3_600_000, 1)
    : quality.learnDrift(Date.now());
  // Seal quiet sensors' open windows now and then (active ones seal themselves when their hour completes).
  const retention = startRetention(readings, config.retentionDays, log);
  const flushTimer = setInterval(() => {
    readings.flush().catch((err) => app.log.error({ err }, 'store flush failed'));
  }, 60_000);
  flushTimer.unref();
  let closed = false;
  return {
    version: VERSION,
    port,
    mqttPort: broker?.port ?? null,
    dataDir: config.dataDir,
    simulatorSummary: simulator
      ? `${simulator.plant.assets.length} assets, ${simulator.plant.sensors.length} sensors, speed ${simulator.speed}×` +
        (config.demoFaults ? ', demo fault injected' : '')
      : undefined,
    ctx,
    app,
    routes,
    broker,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(flushTimer);
      await retention.stop();
      clearInterval(healthTimer);
      stopEventLog();
      await learning;
      await connectors.stop();
      await simulator?.stop();
      await broker?.close();
      await app.close();
      // stops scheduled retraining and lets a running training job finish before the store closes
      await pipeline.close();
      await rul.close();
      await pipeline.drain();
      // the preventive check creates work orders: stopped before the work-order queue drains
      await planning.close();
      await maintenance.drain();
      // after the last work-order events: messages on their way get a moment, waiting retries are dropped
      await notifications.close();
      await quality.close();
      await readings.flush();
      await closeStores();
    },
  };
}

/**
 * The stores: with pgUrl both ports (readings and metadata) live in PostgreSQL, in config.pgSchema, so that any
 * number of API instances and workers share one plant; otherwise the embedded SQLite file in the data directory.
 */
async function openStores(
  config: PrognosConfig,
): Promise<{ readings: ReadingStore; metadata: MetadataStore; pool?: PgStore['pool']; close(): Promise<void> }> {
  if (!config.pgUrl) return openSqliteStore({ path: join(config.dataDir, 'prognos.db') });
  try {
    return await openPgStore({ connectionString: config.pgUrl, schema: config.pgSchema });
  } catch (err) {
    throw new Error(
      `cannot open the PostgreSQL store at ${redactUrl(config.pgUrl)} (schema ${config.pgSchema}): ${(err as Error).message}`,
    );
  }
}

/**
 * The broker connection of a cluster API instance and the cluster's layout (recorded by the first worker, or by
 * this instance when it starts first: the partition sessions must exist before anything is published).
 */
async function openForwarding(
  url: string,
  pool: PgStore['pool'],
  readings: ReadingStore,
  metadata: MetadataStore,
): Promise<ClusterForwardingStore> {
  const client = await mqtt
    .connectAsync(url, {
      clientId: `prognos-api-${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      protocolVersion: 5,
      clean: true,
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
    })
    .catch((err: Error) => {
      throw new Error(`cannot connect to the cluster's MQTT broker at ${redactUrl(url)}: ${err.message}`);
    });
  try {
    const layout = await bootstrapCluster(pool, {}, (l) => createSessions(url, l));
    return new ClusterForwardingStore(readings, client, layout.partitions, metadata);
  } catch (err) {
    await client.endAsync();
    throw err;
  }
}
