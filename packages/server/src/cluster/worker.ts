/**
 * `prognos worker`: one of several processes sharing ingestion and analytics over an external MQTT broker and
 * PostgreSQL. The readings topics are split into a fixed number of partitions (partitionOf, FNV-1a of the asset
 * id); a worker consumes the partitions it leases (leases.ts) through each partition's persistent MQTT session
 * (session.ts), stores their readings through the same IngestService as every other path, and runs the models of
 * those partitions' assets only, so each asset's model runs in exactly one worker at a time. A message is
 * acknowledged only once its readings are committed, so a worker dying at any moment loses nothing the broker
 * acknowledged to a publisher: the next holder of the partition gets what was queued or unacknowledged.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { partitionOf } from '@prognos/core';
import { openPgStore, type PgStore } from '@prognos/store';
import { EventBus } from '../event-bus';
import { IngestService } from '../ingest-service';
import { createMaintenance } from '../maintenance/maintenance';
import { Metrics } from '../metrics/metrics';
import { AnalyticsPipeline, type PipelineLog } from '../pipeline/analytics-pipeline';
import { RulService } from '../rul/rul-service';
import { bootstrapCluster } from './bootstrap';
import { readingsHandler } from './consume';
import { LeaseManager, type LeaseTick } from './leases';
import { jsonLineLog } from './log';
import { createSessions, PartitionSession } from './session';
import type { WorkerConfig } from './worker-config';
import { clusterMetrics, serveWorkerHttp } from './worker-http';

export interface WorkerHandle {
  readonly id: string;
  readonly partitions: number;
  readonly clusterId: string;
  /** Port of GET /metrics and GET /api/health; null when not served. */
  readonly port: number | null;
  readonly metrics: Metrics;
  /** Partitions this worker consumes now, ascending. */
  ownedPartitions(): number[];
  /** Hands every partition back gracefully, leaves the cluster and closes the stores. */
  close(): Promise<void>;
}

/** Settings the worker needs; resolveWorkerConfig gives all of them, tests may pass fewer. */
export type WorkerSettings = Pick<WorkerConfig, 'pgUrl' | 'mqttUrl'> & Partial<WorkerConfig>;

/** How often sensors are re-read and newly modelled assets of owned partitions adopted (ms). */
const REFRESH_MS = 30_000;

/** One partition this worker consumes (or is starting to). */
interface Owned {
  partition: number;
  /** Its assets, adopted by the pipeline before the session starts. */
  assets: string[];
  session?: PartitionSession;
  /** Resolves once the assets are adopted and the session started (or the start was called off). */
  ready: Promise<void>;
}

export async function startWorker(settings: WorkerSettings): Promise<WorkerHandle> {
  const id = settings.workerId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const log: PipelineLog = jsonLineLog(settings.logLevel ?? 'info', { worker: id });
  const store: PgStore = await openPgStore({ connectionString: settings.pgUrl, schema: settings.pgSchema });
  let layout: Awaited<ReturnType<typeof bootstrapCluster>>;
  try {
    layout = await bootstrapCluster(store.pool, settings, (l) => createSessions(settings.mqttUrl, l));
  } catch (err) {
    await store.close();
    throw err;
  }
  const { partitions, clusterId } = layout;
  if (layout.created) log.info({ partitions, clusterId }, 'cluster created: layout recorded, partition sessions made');

  const metrics = new Metrics({ onError: (err, source) => log.warn({ err, source }, 'collecting a metric failed') });
  const owned = new Map<number, Owned>();
  /** Partitions being stopped: a restart of the same partition waits for its previous session to be gone. */
  const stopping = new Map<number, Promise<void>>();
  let lastTick: LeaseTick | undefined;
  const cluster = clusterMetrics(
    metrics,
    () => ownedPartitions().length,
    () => lastTick?.liveWorkers ?? 0,
  );

  const bus = new EventBus();
  const ingest = new IngestService(store.readings, store.metadata, bus, {
    metrics,
    onQualityError: (err) => log.error({ err }, 'data-quality checks failed; batch stored unchecked'),
  });
  const pipeline = new AnalyticsPipeline({
    metadata: store.metadata,
    readings: store.readings,
    bus,
    windowMs: settings.windowMs ?? 10_000,
    log,
    metrics,
    assetFilter: (assetId) => owned.has(partitionOf(assetId, partitions)),
  });
  const leases = new LeaseManager({ pool: store.pool, workerId: id, partitions, leaseTtlMs: settings.leaseTtlMs });
  // What follows an alert where it is raised: its workflow (ranked failure modes), the work order its rule makes,
  // and remaining-life predictions from health — here, in the worker that monitors the asset.
  const maintenance = createMaintenance({ metadata: store.metadata, bus, pipeline, log });
  const rul = new RulService({ metadata: store.metadata, bus, log });

  /** Sensor list re-reads: one at a time, whoever asks (a message naming a new sensor, the periodic refresh). */
  let sensorsLoading: Promise<void> | undefined;
  const reloadSensors = (): Promise<void> => {
    sensorsLoading ??= ingest.refreshSensors().finally(() => {
      sensorsLoading = undefined;
    });
    return sensorsLoading;
  };
  const onMessage = readingsHandler({
    partitions,
    ingest,
    reloadSensors,
    consuming: (partition) => owned.get(partition)?.session?.active === true,
    leaseValid: () => leases.stillValid(),
    counted: (outcome, error) => {
      cluster.messages.inc({ outcome });
      if (error) metrics.ingested('mqtt', 0, [error]);
    },
    log,
  });

  const assetsOf = async (partition: number): Promise<string[]> =>
    (await store.metadata.listAssets()).filter((a) => partitionOf(a.id, partitions) === partition).map((a) => a.id);

  /** Takes a partition: adopt its assets' models, then start consuming its session. */
  const start = (partition: number) => {
    const previous = stopping.get(partition);
    const entry: Owned = { partition, assets: [], ready: Promise.resolve() };
    owned.set(partition, entry);
    entry.ready = (async () => {
      await previous;
      try {
        entry.assets = await assetsOf(partition);
        await pipeline.adopt(entry.assets);
      } catch (err) {
        // the readings matter more than the models: consume anyway, the next refresh adopts them
        log.error({ err, partition }, 'loading the partition models failed');
      }
      if (owned.get(partition) !== entry) return; // given up meanwhile
      const session = new PartitionSession({
        mqttUrl: settings.mqttUrl,
        clusterId,
        partition,
        onMessage,
        log,
        stillOwned: (p) => leases.stillOwns(p),
        // Dropped here only: the lease tick finds it lost (taken over), or still this worker's and starts it again.
        onFenced: () => {
          if (owned.get(partition) !== entry) return;
          cluster.changes.inc({ change: 'fenced' });
          track(drop(partition));
        },
      });
      entry.session = session;
      cluster.changes.inc({ change: 'acquired' });
      log.info({ partition, assets: entry.assets.length }, 'partition taken');
    })();
  };

  /** Stops consuming a partition: at once (lease lost, session taken over), or gracefully (hand-back, close). */
  const stop = (partition: number, graceful: boolean): Promise<Owned | undefined> => {
    const entry = owned.get(partition);
    if (!entry) return Promise.resolve(undefined);
    owned.delete(partition);
    const done = (async () => {
      await entry.ready;
      await (graceful ? entry.session?.stop() : entry.session?.abort());
      pipeline.release(entry.assets);
    })();
    const tracked = done.finally(() => {
      if (stopping.get(partition) === tracked) stopping.delete(partition);
    });
    stopping.set(partition, tracked);
    return done.then(() => entry);
  };

  const drop = async (partition: number) => {
    if (await stop(partition, false)) log.warn({ partition }, 'partition dropped');
  };

  /** Surplus partitions on their way back: not restarted by the reconciliation while their lease is still held. */
  const handingBack = new Set<number>();
  /** Graceful hand-back of a surplus partition: in-flight messages stay queued for the next holder. */
  const handBack = async (partition: number) => {
    handingBack.add(partition);
    try {
      if (await stop(partition, true)) {
        await pipeline.drain();
        cluster.changes.inc({ change: 'released' });
        log.info({ partition }, 'partition handed back');
      }
    } finally {
      await leases.release([partition]).catch((err) => log.warn({ err, partition }, 'handing back a lease failed'));
      handingBack.delete(partition);
    }
  };

  const background = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    background.add(p);
    void p.finally(() => background.delete(p));
  };

  /**
   * Brings the consumers in line with the leases: every held partition consumed (unless on its way back), nothing
   * else. Reconciling sets rather than applying the tick's changes also restarts a partition dropped meanwhile
   * (its connection fell and the lease check could not be made) whose lease turns out to be this worker's.
   */
  const apply = (t: LeaseTick) => {
    const held = new Set(t.held);
    if (t.lost.length > 0) cluster.changes.inc({ change: 'lost' }, t.lost.length);
    for (const p of [...owned.keys()]) if (!held.has(p)) track(drop(p));
    for (const p of t.surplus) track(handBack(p));
    for (const p of t.held) if (!owned.has(p) && !handingBack.has(p)) start(p);
  };

  let closing = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();
  let lastRefresh = Date.now();
  const tick = async () => {
    try {
      lastTick = await leases.tick();
      apply(lastTick);
    } catch (err) {
      log.error({ err }, 'lease tick failed');
      // without a renewal, consuming stops before the leases can expire in the database
      if (!leases.stillValid()) for (const p of leases.forget()) track(drop(p));
    }
    // alerts closed or acknowledged by a person through an API instance: the episode here follows
    const mine = [...owned.values()].flatMap((e) => e.assets);
    track(
      pipeline.followAlertStates(mine).then(
        (closed) => void (closed.length > 0 && log.info({ assets: closed }, 'alert episodes closed elsewhere')),
        (err) => log.warn({ err }, 'following alert states failed'),
      ),
    );
    if (Date.now() - lastRefresh >= REFRESH_MS) {
      lastRefresh = Date.now();
      track(refresh());
    }
  };
  /** New sensors, owned assets that got a model since their partition was taken, and model versions activated elsewhere. */
  const refresh = async () => {
    try {
      await reloadSensors();
      const assets = await store.metadata.listAssets();
      for (const entry of owned.values())
        entry.assets = assets.filter((a) => partitionOf(a.id, partitions) === entry.partition).map((a) => a.id);
      const mine = [...owned.values()].flatMap((e) => e.assets);
      await pipeline.adopt(mine);
      const switched = await pipeline.followActiveVersions(mine);
      if (switched.length > 0) log.info({ assets: switched }, 'monitoring switched to newly active model versions');
    } catch (err) {
      log.warn({ err }, 'refreshing sensors and models failed');
    }
  };
  const schedule = () => {
    if (closing) return;
    timer = setTimeout(() => {
      ticking = tick().finally(schedule);
    }, settings.tickMs ?? 2_000);
  };

  const ownedPartitions = () =>
    [...owned.values()]
      .filter((e) => e.session?.active)
      .map((e) => e.partition)
      .sort((a, b) => a - b);
  const health = () => ({
    status: 'ok',
    workerId: id,
    clusterId,
    partitions,
    owned: ownedPartitions(),
    liveWorkers: lastTick?.liveWorkers ?? 0,
    fairShare: lastTick?.fairShare ?? partitions,
  });

  let server: Server | undefined;
  try {
    await reloadSensors();
    // before the pipeline: alerts it raises from the first window on get their workflow
    await maintenance.init();
    await pipeline.init();
    bus.on('readings', pipeline.onReadings);
    // before the first lease: a port in use stops the start while this worker holds nothing yet
    if (settings.port)
      server = await serveWorkerHttp(settings.port, settings.host ?? '0.0.0.0', metrics, () => health());
  } catch (err) {
    await store.close();
    throw err;
  }
  ticking = tick();
  await ticking;
  schedule();

  log.info({ partitions, clusterId, owned: ownedPartitions().length }, 'worker started');
  let closed: Promise<void> | undefined;
  return {
    id,
    partitions,
    clusterId,
    port: server ? (server.address() as { port: number }).port : null,
    metrics,
    ownedPartitions,
    close() {
      closed ??= (async () => {
        closing = true;
        clearTimeout(timer);
        await ticking;
        await Promise.all([...owned.keys()].map((p) => stop(p, true)));
        await Promise.all(background);
        await pipeline.close();
        await rul.close();
        await pipeline.drain();
        await maintenance.drain();
        await leases.leave().catch((err) => log.warn({ err }, 'leaving the cluster failed; leases will expire'));
        await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
        await store.close();
        log.info({}, 'worker stopped');
      })();
      return closed;
    },
  };
}
