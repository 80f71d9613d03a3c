import { randomUUID } from 'node:crypto';
import {
  type AssetModel,
  AssetMonitor,
  type Attribution,
  attributeAnomaly,
  type ComponentHealth,
  DETECTOR_KINDS,
  type DetectorKind,
  type HealthRul,
  isDetectorKind,
  type MonitorEvent,
  similarEpisodes,
  trainAssetModelAsync,
} from '@prognos/analytics';
import {
  type Alert,
  type AssetHealth,
  PrognosError,
  type Reading,
  type Sensor,
  type SensorContribution,
  type SimilarEpisode,
} from '@prognos/core';
import type { MetadataStore, ReadingStore } from '@prognos/store';
import type { EventBus } from '../event-bus';
import { flagPeriods, labelExclusion } from '../maintenance/label-periods';
import type { ScoringMetrics } from '../metrics/metrics';
import { asSensorAlert, type TrustOf } from '../quality/attribution';
import { type Job, type ModelCreator, ModelRegistry, type ModelVersionSummary } from './model-registry';

export interface PipelineLog {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

/** What a training is asked for: the healthy period, the detector, a note, and who asked. */
export interface TrainRequest {
  from: number;
  to: number;
  detector?: DetectorKind;
  note?: string;
  createdBy?: ModelCreator;
}

const DAY_MS = 86_400_000;
/** Finished jobs kept for GET /api/jobs/:id (in memory: a job is about the training running now). */
const MAX_JOBS_KEPT = 100;
/** Shares of a job's progress bar: reading the stored series 30 %, training 65 %, storing the version the rest. */
const READ_SHARE = 0.3;
const TRAIN_SHARE = 0.65;
/** Setting holding when scheduled retraining last ran, so that restarts do not reset the period. */
const SCHEDULE_KEY = 'models:schedule';

/**
 * Wires live readings to one AssetMonitor per asset (baseline model → score → health → alert episodes) and
 * persists what comes out. Readings of assets without a model are ignored here (they are still stored).
 */
/** The live health beyond AssetHealth: its trend, what drives it, each component, and the operating envelope. */
/** Most recent alerts searched for similar past episodes. */
const SIMILAR_LOOKBACK_ALERTS = 2000;

export interface HealthDetail {
  ts: number;
  /** Health points per hour over the last two hours (negative = degrading). */
  trendPerHour: number;
  drivers: SensorContribution[];
  /** Worst first; empty when the asset has no components. */
  components: ComponentHealth[];
  /** Set while the machine runs outside the operating range its model learned (no alert can open then). */
  outside?: { sensor: string; value: number; low: number; high: number };
  /** Remaining useful life from the falling health trend, with its 90 % interval and failure probability. */
  rul?: HealthRul;
}

export class AnalyticsPipeline {
  private monitors = new Map<string, AssetMonitor>();
  private sensorAsset = new Map<string, string>();
  private healthByAsset = new Map<string, AssetHealth>();
  /** What the monitor knows beyond the stored health: trend, drivers, components, operating envelope. */
  private detailByAsset = new Map<string, HealthDetail>();
  /** Similar past episodes of open alerts (looked up when each opened). */
  private similarByAlert = new Map<string, SimilarEpisode[]>();
  private activeByAsset = new Map<string, Alert>();
  private runningByAsset = new Map<string, boolean>();
  /**
   * Anomaly episodes explained by untrusted sensors. Sticky for the episode: an alert that flipped between
   * "sensor" and "machine" with every window would send a technician back and forth.
   */
  private attributed = new Map<string, Attribution>();
  /** Persistence is sequential so that alert updates land in order. */
  private queue: Promise<void> = Promise.resolve();
  /** Jobs in `queue` not yet finished (the queue depth the metrics show). */
  private queued = 0;
  /** Model versions per asset (the store of every training). */
  readonly models: ModelRegistry;
  /** Version of the model each monitored asset runs. */
  private versionByAsset = new Map<string, number>();
  private jobs = new Map<string, Job>();
  /** The one training job per asset that may run at a time, and its completion. */
  private runningJobs = new Map<string, { job: Job; done: Promise<void> }>();
  private retrain: { everyMs: number; days: number; lastRunAt: number; timer: NodeJS.Timeout } | undefined;

  constructor(
    private readonly deps: {
      metadata: MetadataStore;
      readings: ReadingStore;
      bus: EventBus;
      windowMs: number;
      /** Windows after an asset (re)starts that are neither trained on nor scored (warm-up transients). */
      startupMs?: number;
      log: PipelineLog;
      /** Sensor trust: an anomaly carried by suspect/bad sensors becomes a sensor alert (the attribution gate). */
      trustOf?: TrustOf;
      /** Alerts raised by someone else (sensor alerts): never resumed as an asset's anomaly episode. */
      foreignAlert?: (alertId: string) => boolean;
      /** Scoring time and scored windows, per asset and batch. */
      metrics?: ScoringMetrics;
      /**
       * The assets this pipeline may monitor (default all). A cluster worker passes the assets of the partitions it
       * holds, and adopt()/release() follow its partitions as they move between workers.
       */
      assetFilter?: (assetId: string) => boolean;
    },
  ) {
    this.models = new ModelRegistry(deps.metadata);
  }

  async init(opts: { trainFrom?: number; trainTo?: number } = {}): Promise<void> {
    this.deps.bus.on('quality', this.reattributeRecent);
    const { metadata } = this.deps;
    for (const h of await metadata.latestHealth()) {
      // an asset monitored elsewhere (a cluster) shows its stored health, refreshed by refreshStoredHealth
      if (this.deps.assetFilter?.(h.assetId) === false) this.storedHealth.set(h.assetId, h);
      else this.healthByAsset.set(h.assetId, h);
    }
    for (const a of await metadata.listAlerts({ state: 'active', limit: 1000 })) {
      if (this.deps.foreignAlert?.(a.id)) continue;
      if (!this.activeByAsset.has(a.assetId)) this.activeByAsset.set(a.assetId, a);
    }
    const sensors = await metadata.listSensors();
    for (const s of sensors) this.sensorAsset.set(s.id, s.assetId);
    const filter = this.deps.assetFilter;
    for (const asset of await metadata.listAssets()) {
      if (filter && !filter(asset.id)) continue;
      const own = sensors.filter((s) => s.assetId === asset.id);
      if (own.length < 2) continue;
      if (!(await this.attachActive(asset.id, own)) && opts.trainTo !== undefined) {
        await this.train(asset.id, opts.trainFrom ?? opts.trainTo - 6 * 3600_000, opts.trainTo, own);
      }
    }
  }

  /**
   * Monitors the asset with its active model version (a model stored before versions existed becomes version 1).
   * False when it has none, none that can be read, or the asset is not this pipeline's.
   */
  private async attachActive(assetId: string, sensors: Sensor[]): Promise<boolean> {
    let stored: Awaited<ReturnType<ModelRegistry['active']>>;
    try {
      stored = await this.models.active(assetId);
    } catch (err) {
      this.deps.log.warn({ err, asset: assetId }, 'stored model unreadable');
    }
    if (!stored) return false;
    await this.attach(assetId, sensors, stored.model, stored.summary.version);
    // attach leaves out assets outside the filter
    return this.versionByAsset.get(assetId) === stored.summary.version;
  }

  /**
   * Starts monitoring assets that came to this pipeline (a cluster worker took over their partition) with their
   * active models. Their open alert episode and last health are read back from the store, where the previous
   * owner left them, so an episode goes on instead of opening twice. Assets already monitored, without a model or
   * with fewer than 2 sensors are skipped. Returns the assets now monitored.
   */
  async adopt(assetIds: readonly string[]): Promise<string[]> {
    const { metadata } = this.deps;
    const wanted = assetIds.filter((id) => !this.monitors.has(id));
    if (wanted.length === 0) return [];
    const ids = new Set(wanted);
    const sensors = (await metadata.listSensors()).filter((s) => ids.has(s.assetId));
    for (const s of sensors) this.sensorAsset.set(s.id, s.assetId);
    for (const h of await metadata.latestHealth()) if (ids.has(h.assetId)) this.healthByAsset.set(h.assetId, h);
    for (const id of wanted) this.activeByAsset.delete(id);
    for (const a of await metadata.listAlerts({ state: 'active', limit: 1000 })) {
      if (!ids.has(a.assetId) || this.deps.foreignAlert?.(a.id)) continue;
      if (!this.activeByAsset.has(a.assetId)) this.activeByAsset.set(a.assetId, a);
    }
    const adopted: string[] = [];
    for (const id of wanted) {
      const own = sensors.filter((s) => s.assetId === id);
      if (own.length >= 2 && (await this.attachActive(id, own))) adopted.push(id);
    }
    return adopted;
  }

  /**
   * Switches monitored assets to their active model version where that changed elsewhere (another process trained
   * or activated one: an API instance, in a cluster). The open alert episode carries over. Returns the assets
   * switched.
   */
  async followActiveVersions(assetIds: readonly string[]): Promise<string[]> {
    const switched: string[] = [];
    for (const id of assetIds) {
      const running = this.versionByAsset.get(id);
      if (!this.monitors.has(id) || running === undefined) continue;
      const active = await this.models.activeSummary(id);
      if (!active || active.version === running) continue;
      if (await this.attachActive(id, await this.deps.metadata.listSensors(id))) switched.push(id);
    }
    return switched;
  }

  /**
   * Stops monitoring assets that went to another worker: their monitors and live state are dropped here (their
   * persisted health and alerts stay; drain() waits until the last of them is saved). A training job of such an
   * asset still finishes and stores its version.
   */
  release(assetIds: readonly string[]): void {
    for (const id of assetIds) {
      const alert = this.activeByAsset.get(id);
      // after the saves already queued, which still attach the episode's similar past episodes to it
      if (alert) this.enqueue(async () => void this.similarByAlert.delete(alert.id));
      this.monitors.delete(id);
      this.versionByAsset.delete(id);
      this.activeByAsset.delete(id);
      this.healthByAsset.delete(id);
      this.detailByAsset.delete(id);
      this.runningByAsset.delete(id);
    }
  }

  /**
   * Learns the asset's baseline from a healthy period [from, to), stores it as a new version and starts monitoring
   * with it. Returns undefined (and logs why) when it cannot be trained; see trainVersion for the coded error.
   */
  async train(
    assetId: string,
    from: number,
    to: number,
    sensors?: Sensor[],
    opts: Omit<TrainRequest, 'from' | 'to'> = {},
  ): Promise<AssetModel | undefined> {
    try {
      return (await this.trainVersion(assetId, { createdBy: 'startup', ...opts, from, to }, sensors)).model;
    } catch (err) {
      this.deps.log.warn({ asset: assetId, err: (err as Error).message }, 'baseline not trained');
      return undefined;
    }
  }

  /**
   * Trains a new model version on [from, to), stores it, activates it and switches monitoring to it. The series are
   * read with their quality bytes: trainAssetModel learns from good readings only (suspect and bad are out).
   * Training yields to the event loop between its stages, so the server keeps serving while it runs.
   */
  async trainVersion(
    assetId: string,
    req: TrainRequest,
    sensors?: Sensor[],
    onProgress: (fraction: number, message: string) => void = () => {},
  ): Promise<{ model: AssetModel; summary: ModelVersionSummary }> {
    const { metadata, readings } = this.deps;
    const asset = await metadata.getAsset(assetId);
    if (!asset) throw new PrognosError('ASSET_NOT_FOUND', [assetId]);
    const own = sensors ?? (await metadata.listSensors(assetId));
    const series = new Map<string, Awaited<ReturnType<ReadingStore['read']>>>();
    onProgress(0, `reading data of ${own.length} sensors`);
    // Labels: confirmed-failure periods are left out of the baseline; false alarms stay in as normal behaviour.
    const labels = labelExclusion(
      await metadata.listAlerts({ assetId, limit: 100_000 }),
      await metadata.listAlertWorkflows({ assetId, labelled: true }),
      req.from,
      req.to,
    );
    for (const [i, s] of own.entries()) {
      series.set(s.id, flagPeriods(await readings.read(s.id, req.from, req.to), labels.periods));
      onProgress((READ_SHARE * (i + 1)) / own.length, `reading data (${i + 1} of ${own.length} sensors)`);
    }
    const t0 = performance.now();
    const model = await trainAssetModelAsync(asset, own, series, {
      windowMs: this.deps.windowMs,
      startupMs: this.deps.startupMs,
      detector: req.detector,
      onProgress: (f, message) => onProgress(READ_SHARE + TRAIN_SHARE * f, message),
    });
    const trainingSeconds = (performance.now() - t0) / 1000;
    onProgress(READ_SHARE + TRAIN_SHARE, 'storing the model version');
    const summary = await this.models.add(model, {
      createdBy: req.createdBy ?? 'api',
      note: req.note,
      trainingSeconds,
      labels: {
        excludedEpisodes: labels.excludedEpisodes,
        excludedHours: labels.excludedHours,
        falseAlarmEpisodesKept: labels.falseAlarmEpisodesKept,
      },
    });
    await this.attach(assetId, own, model, summary.version);
    this.deps.log.info(
      { asset: assetId, from: req.from, to: req.to, version: summary.version, detector: summary.detector },
      'model trained',
    );
    this.deps.bus.emit('model', { change: 'trained', model: summary });
    return { model, summary };
  }

  /**
   * Starts a training job in the background (one at a time per asset) and returns it at once; its progress is
   * published as 'job' events and kept for job(id). On success the new version is active and monitored.
   */
  async startTraining(assetId: string, req: TrainRequest): Promise<Job> {
    if (!(Number.isFinite(req.from) && Number.isFinite(req.to) && req.from < req.to))
      throw new PrognosError('QUERY_INVALID_RANGE', ['from must be before to']);
    if (req.detector !== undefined && !isDetectorKind(req.detector))
      throw new PrognosError('BAD_REQUEST', [`unknown detector "${req.detector}"; use ${DETECTOR_KINDS.join(', ')}`]);
    const asset = await this.deps.metadata.getAsset(assetId);
    if (!asset) throw new PrognosError('ASSET_NOT_FOUND', [assetId]);
    const sensors = await this.deps.metadata.listSensors(assetId);
    if (sensors.length < 2)
      throw new PrognosError('BAD_REQUEST', [
        `asset ${assetId} has ${sensors.length} sensor(s); a model relates at least 2 sensors`,
      ]);
    // No await between this check and the registration below: two requests cannot both pass it.
    const running = this.runningJobs.get(assetId);
    if (running) throw new PrognosError('TRAINING_IN_PROGRESS', [assetId, running.job.id]);
    const job: Job = {
      id: randomUUID(),
      kind: 'train',
      assetId,
      state: 'running',
      progress: 0,
      message: 'starting',
      startedAt: Date.now(),
    };
    this.keepJob(job);
    this.deps.bus.emit('job', { ...job });
    let last = { progress: 0, message: job.message };
    const progress = (fraction: number, message: string) => {
      job.progress = Math.max(job.progress, Math.min(1, fraction));
      job.message = message;
      // One event per percent or new stage, not one per autoencoder epoch.
      if (job.progress - last.progress >= 0.01 || message !== last.message) {
        last = { progress: job.progress, message };
        this.deps.bus.emit('job', { ...job });
      }
    };
    const done = (async () => {
      try {
        const { summary } = await this.trainVersion(assetId, req, sensors, progress);
        Object.assign(job, {
          state: 'done',
          progress: 1,
          version: summary.version,
          message: `version ${summary.version} (${summary.detector}) trained on ${summary.rows} windows and active`,
        });
      } catch (err) {
        const e =
          err instanceof PrognosError ? err : new PrognosError('INTERNAL', [(err as Error)?.message ?? String(err)]);
        Object.assign(job, { state: 'failed', message: e.message, error: { code: e.code, message: e.message } });
        this.deps.log.warn({ asset: assetId, job: job.id, err: e.message }, 'model training failed');
      } finally {
        job.finishedAt = Date.now();
        this.runningJobs.delete(assetId);
        this.deps.bus.emit('job', { ...job });
      }
    })();
    this.runningJobs.set(assetId, { job, done });
    return { ...job };
  }

  /** A training job (a copy), running or finished; undefined when unknown. */
  job(id: string): Job | undefined {
    const j = this.jobs.get(id);
    return j ? { ...j, ...(j.error ? { error: { ...j.error } } : {}) } : undefined;
  }

  private keepJob(job: Job): void {
    this.jobs.set(job.id, job);
    if (this.jobs.size <= MAX_JOBS_KEPT) return;
    for (const [id, j] of this.jobs) {
      if (j.state === 'running') continue;
      this.jobs.delete(id);
      if (this.jobs.size <= MAX_JOBS_KEPT) return;
    }
  }

  /**
   * Makes a kept version the active model (rollback or roll forward) and monitors with it at once; an open alert
   * episode carries over to the new monitor.
   */
  async activateVersion(assetId: string, version: number): Promise<ModelVersionSummary> {
    const asset = await this.deps.metadata.getAsset(assetId);
    if (!asset) throw new PrognosError('ASSET_NOT_FOUND', [assetId]);
    const { model, summary } = await this.models.activate(assetId, version);
    await this.attach(assetId, await this.deps.metadata.listSensors(assetId), model, version);
    this.deps.log.info({ asset: assetId, version }, 'model version activated');
    this.deps.bus.emit('model', { change: 'activated', model: summary });
    return summary;
  }

  /**
   * Retrains every monitored asset every `days` days on its last `days` days (0 = off). The period counts from the
   * last scheduled run, kept in the store, so restarts do not postpone it forever; the first run comes `days` after
   * the schedule is first set up. The timer never keeps the process alive.
   */
  async scheduleRetraining(days: number, now = Date.now()): Promise<void> {
    this.stopRetraining();
    if (!(days > 0)) return;
    const everyMs = days * DAY_MS;
    let lastRunAt = now;
    try {
      const saved = JSON.parse((await this.deps.metadata.getSetting(SCHEDULE_KEY)) ?? '{}') as { lastRunAt?: number };
      if (typeof saved.lastRunAt === 'number' && saved.lastRunAt <= now) lastRunAt = saved.lastRunAt;
      else await this.deps.metadata.setSetting(SCHEDULE_KEY, JSON.stringify({ lastRunAt }));
    } catch (err) {
      this.deps.log.warn({ err }, 'retraining schedule unreadable; counting from now');
    }
    // Checked hourly (a timer of N days would overflow setInterval's 24.8-day limit and not survive restarts).
    const timer = setInterval(
      () => {
        void this.retrainIfDue(Date.now()).catch((err) => this.deps.log.error({ err }, 'scheduled retraining failed'));
      },
      Math.min(everyMs, 3_600_000),
    );
    timer.unref();
    this.retrain = { everyMs, days, lastRunAt, timer };
  }

  stopRetraining(): void {
    if (this.retrain) clearInterval(this.retrain.timer);
    this.retrain = undefined;
  }

  /** Runs scheduled retraining when its period has passed; the jobs it started (none when not due). */
  async retrainIfDue(now = Date.now()): Promise<Job[]> {
    const r = this.retrain;
    if (!r || now - r.lastRunAt < r.everyMs) return [];
    return this.retrainScheduled(now, r.days);
  }

  /**
   * Scheduled retraining, now: every monitored asset without an active alert (an abnormal period is no baseline)
   * and without a running job is retrained on the last `days` days with its active detector kind, as a 'schedule'
   * version. Training uses good-quality readings only. Returns the jobs started.
   */
  async retrainScheduled(now = Date.now(), days = this.retrain?.days ?? 0): Promise<Job[]> {
    if (!(days > 0)) return [];
    if (this.retrain) this.retrain.lastRunAt = now;
    await this.deps.metadata.setSetting(SCHEDULE_KEY, JSON.stringify({ lastRunAt: now }));
    const jobs: Job[] = [];
    for (const assetId of this.monitored()) {
      if (await this.hasActiveAlert(assetId)) {
        this.deps.log.info({ asset: assetId }, 'scheduled retraining skipped: the asset has an active alert');
        continue;
      }
      if (this.runningJobs.has(assetId)) continue;
      const active = await this.models.activeSummary(assetId);
      try {
        jobs.push(
          await this.startTraining(assetId, {
            from: now - days * DAY_MS,
            to: now,
            detector: active?.detector,
            createdBy: 'schedule',
            note: `scheduled retraining on the last ${days} day(s)`,
          }),
        );
      } catch (err) {
        this.deps.log.warn({ asset: assetId, err: (err as Error).message }, 'scheduled retraining not started');
      }
    }
    return jobs;
  }

  /** The asset's anomaly episode, or any other open machine alert (sensor alerts do not block: bad data is out). */
  private async hasActiveAlert(assetId: string): Promise<boolean> {
    if (this.activeByAsset.has(assetId)) return true;
    const alerts = await this.deps.metadata.listAlerts({ assetId, state: 'active', limit: 100 });
    return alerts.some((a) => a.kind !== 'sensor' && !this.deps.foreignAlert?.(a.id));
  }

  private async attach(assetId: string, sensors: Sensor[], model: AssetModel, version?: number): Promise<void> {
    // an asset that is not (or no longer) this pipeline's: a version trained meanwhile is stored, not monitored here
    if (this.deps.assetFilter && !this.deps.assetFilter(assetId)) return;
    const asset = await this.deps.metadata.getAsset(assetId);
    if (!asset) return;
    const active = this.activeByAsset.get(assetId);
    const components = await this.deps.metadata.listComponents(assetId);
    this.monitors.set(
      assetId,
      new AssetMonitor({ asset, sensors, model, components, windowMs: model.windowMs, activeAlert: active }),
    );
    for (const s of sensors) this.sensorAsset.set(s.id, assetId);
    if (version === undefined) this.versionByAsset.delete(assetId);
    else this.versionByAsset.set(assetId, version);
  }

  onReadings = (readings: readonly Reading[]): void => {
    if (this.monitors.size === 0) return;
    const byAsset = new Map<string, Reading[]>();
    for (const r of readings) {
      const a = this.sensorAsset.get(r.sensor);
      if (a === undefined || !this.monitors.has(a)) continue;
      let list = byAsset.get(a);
      if (!list) {
        list = [];
        byAsset.set(a, list);
      }
      list.push(r);
    }
    const metrics = this.deps.metrics;
    for (const [assetId, list] of byAsset) {
      const t0 = metrics ? performance.now() : 0;
      const events = this.monitors.get(assetId)!.ingest(list);
      if (metrics) {
        let windows = 0;
        for (const e of events) if (e.type === 'health') windows++;
        metrics.scored((performance.now() - t0) / 1000, windows);
      }
      for (const e of events) this.handle(assetId, e);
    }
  };

  private handle(assetId: string, e: MonitorEvent): void {
    const { metadata, bus } = this.deps;
    if (e.type === 'health') {
      this.healthByAsset.set(assetId, e.health);
      this.runningByAsset.set(assetId, e.running ?? true);
      const detail: HealthDetail = {
        ts: e.health.ts,
        trendPerHour: e.trendPerHour,
        drivers: e.drivers,
        components: e.components,
        ...(e.outside ? { outside: e.outside } : {}),
        ...(e.rul ? { rul: e.rul } : {}),
      };
      this.detailByAsset.set(assetId, detail);
      this.enqueue(() => metadata.saveHealth(e.health));
      // the prediction's history, for the asset page (how the estimate and its interval moved)
      if (e.rul) {
        const point = { assetId, ...e.rul };
        this.enqueue(() => metadata.saveRul(point));
      }
      bus.emit('health', { ...e.health, detail });
    } else {
      const attributed = this.attribute(assetId, e.alert, e.change);
      const similar = this.similarByAlert.get(attributed.id);
      const alert = similar ? { ...attributed, similar } : attributed;
      if (e.change === 'closed') this.activeByAsset.delete(assetId);
      else {
        const prev = this.activeByAsset.get(assetId);
        // keep a human's acknowledgement while the episode goes on
        if (prev && prev.id === alert.id && prev.state === 'acknowledged' && alert.state === 'open')
          alert.state = 'acknowledged';
        this.activeByAsset.set(assetId, alert);
      }
      // Saves are queued: similar episodes found meanwhile (findSimilar runs in the same queue) go with them.
      this.enqueue(async () => {
        // In a cluster a person may have closed or acknowledged the alert through an API instance meanwhile:
        // never write an episode's update over that.
        if (e.change !== 'opened' && this.deps.assetFilter && !(await this.takeStoredState(assetId, alert))) return;
        const found = this.similarByAlert.get(alert.id);
        await metadata.saveAlert(found && !alert.similar ? { ...alert, similar: found } : alert);
        if (e.change === 'closed') this.similarByAlert.delete(alert.id);
      });
      bus.emit('alert', { change: e.change, alert });
      if (e.change === 'opened' && alert.kind === 'anomaly') this.enqueue(() => this.findSimilar(alert));
    }
  }

  /**
   * Past episodes like this new one (same machine, or machines of its type) and how they ended: looked up once
   * when the episode opens, kept on the alert for as long as it lasts, published as an update.
   */
  private async findSimilar(opened: Alert): Promise<void> {
    const { metadata, bus } = this.deps;
    try {
      const [past, workOrders, assets, sensors] = await Promise.all([
        metadata.listAlerts({ limit: SIMILAR_LOOKBACK_ALERTS }),
        metadata.listWorkOrders(),
        metadata.listAssets(),
        metadata.listSensors(),
      ]);
      const kinds = new Map(sensors.map((x) => [x.id, x.kind]));
      const opts = { kindOf: (id: string) => kinds.get(id), assets: new Map(assets.map((a) => [a.id, a])), workOrders };
      const candidates = similarEpisodes(opened, past, opts);
      if (candidates.length === 0) return;
      // The findings live on the full work-order records: read only those of the few episodes found, then let
      // them tell what each episode was ("last time: coupling bolts loose — re-tightened; fixed in 40 min").
      const ids = [...new Set(candidates.flatMap((c) => (c.workOrderId ? [c.workOrderId] : [])))];
      const details = (await Promise.all(ids.map((id) => metadata.getWorkOrderDetail(id)))).filter(
        (d) => d !== undefined,
      );
      const modeNames = details.some((d) => d.findings)
        ? new Map((await metadata.listFailureModes()).map((m) => [m.id, m.name]))
        : new Map<string, string>();
      const similar =
        details.length === 0
          ? candidates
          : similarEpisodes(opened, past, {
              ...opts,
              workOrderDetails: new Map(details.map((d) => [d.id, d])),
              failureModeName: (id) => modeNames.get(id),
            });
      this.similarByAlert.set(opened.id, similar);
      // Still open: publish it now. Closed meanwhile: its close is saved after this, with the episodes.
      const active = this.activeByAsset.get(opened.assetId);
      if (active?.id !== opened.id) return;
      const updated = { ...active, similar };
      this.activeByAsset.set(opened.assetId, updated);
      await metadata.saveAlert(updated);
      bus.emit('alert', { change: 'updated', alert: updated });
    } catch (err) {
      this.deps.log.warn({ err, alert: opened.id }, 'looking up similar past episodes failed');
    }
  }

  /** The attribution gate: an anomaly carried by untrusted sensors is reported as a sensor alert. */
  private attribute(assetId: string, alert: Alert, change: string): Alert {
    const trustOf = this.deps.trustOf;
    if (trustOf && change !== 'closed' && !this.attributed.has(alert.id)) {
      const verdict = attributeAnomaly(alert.contributions, trustOf, { at: alert.updatedAt });
      if (verdict.cause === 'sensor') {
        this.attributed.set(alert.id, verdict);
        this.deps.log.info(
          { asset: assetId, alert: alert.id, sensors: verdict.sensors },
          'anomaly attributed to sensors',
        );
      }
    }
    const verdict = this.attributed.get(alert.id);
    if (change === 'closed') this.attributed.delete(alert.id);
    if (!verdict) return alert;
    return asSensorAlert(alert, this.monitors.get(assetId)?.asset.name ?? assetId, verdict);
  }

  /**
   * A sensor just became untrusted: anomaly alerts of its asset from the last day whose deviation it carried, and
   * whose evidence came after its trouble began, were the sensor's doing — also when they have closed meanwhile
   * (a flagged sensor stops feeding the model, so the anomaly it caused fades). They become sensor alerts.
   */
  private reattributeRecent = (e: { assetId: string; state: string }): void => {
    const trustOf = this.deps.trustOf;
    if (!trustOf || e.state === 'good') return;
    const since = Date.now() - 24 * 3_600_000;
    this.enqueue(async () => {
      for (const alert of await this.deps.metadata.listAlerts({ assetId: e.assetId, limit: 20 })) {
        if (alert.kind !== 'anomaly' || alert.updatedAt < since || this.attributed.has(alert.id)) continue;
        const verdict = attributeAnomaly(alert.contributions, trustOf, { at: alert.updatedAt });
        if (verdict.cause !== 'sensor') continue;
        this.attributed.set(alert.id, verdict);
        const name = this.monitors.get(e.assetId)?.asset.name ?? e.assetId;
        const updated = asSensorAlert(alert, name, verdict);
        if (this.activeByAsset.get(e.assetId)?.id === alert.id) this.activeByAsset.set(e.assetId, updated);
        await this.deps.metadata.saveAlert(updated);
        this.deps.bus.emit('alert', { change: 'updated', alert: updated });
        this.deps.log.info({ asset: e.assetId, alert: alert.id, sensors: verdict.sensors }, 'anomaly re-attributed');
      }
    });
  };

  private enqueue(job: () => Promise<void>): void {
    this.queued++;
    this.queue = this.queue
      .then(job)
      .catch((err) => this.deps.log.error({ err }, 'persisting analytics output failed'))
      .finally(() => {
        this.queued--;
      });
  }

  /** Persistence jobs (health, alerts, similar-episode look-ups) waiting or running. */
  queueDepth(): number {
    return this.queued;
  }

  async setAlertState(id: string, state: 'acknowledged' | 'closed'): Promise<Alert> {
    await this.queue;
    const alert = await this.deps.metadata.getAlert(id);
    if (!alert) throw new PrognosError('ALERT_NOT_FOUND', [id]);
    if (alert.state === 'closed') return alert;
    const now = Date.now();
    const updated: Alert = { ...alert, state, updatedAt: now, ...(state === 'closed' ? { closedAt: now } : {}) };
    await this.deps.metadata.saveAlert(updated);
    // Only the monitor's own episode is touched: a sensor alert of the same asset is not its episode.
    const own = this.activeByAsset.get(alert.assetId)?.id === id;
    if (own && state === 'closed') {
      this.activeByAsset.delete(alert.assetId);
      this.monitors.get(alert.assetId)?.closeEpisode?.();
    } else if (own) this.activeByAsset.set(alert.assetId, updated);
    this.deps.bus.emit('alert', { change: state === 'closed' ? 'closed' : 'acknowledged', alert: updated });
    return updated;
  }

  /**
   * An alert's state as stored, where another process (an API instance of a cluster) may have changed it: closed
   * there ends this monitor's episode (false: do not save the update), acknowledged there is kept on the update.
   */
  private async takeStoredState(assetId: string, alert: Alert): Promise<boolean> {
    const stored = await this.deps.metadata.getAlert(alert.id);
    if (stored?.state === 'closed') {
      if (this.activeByAsset.get(assetId)?.id === alert.id) {
        this.activeByAsset.delete(assetId);
        this.monitors.get(assetId)?.closeEpisode?.();
      }
      return false;
    }
    if (stored?.state === 'acknowledged' && alert.state === 'open') {
      alert.state = 'acknowledged';
      const active = this.activeByAsset.get(assetId);
      if (active?.id === alert.id) active.state = 'acknowledged';
    }
    return true;
  }

  /**
   * Takes the stored state of the open episodes of these assets (closed or acknowledged by a person through
   * another process, in a cluster). Returns the assets whose episode was closed there.
   */
  async followAlertStates(assetIds: readonly string[]): Promise<string[]> {
    const closed: string[] = [];
    for (const id of assetIds) {
      const alert = this.activeByAsset.get(id);
      if (alert?.kind !== 'anomaly') continue;
      await this.queue;
      if (!(await this.takeStoredState(id, alert))) closed.push(id);
    }
    return closed;
  }

  health(assetId: string): AssetHealth | undefined {
    return this.healthByAsset.get(assetId) ?? this.storedHealth.get(assetId);
  }

  /** The last stored health of every asset this pipeline does not monitor (kept by whoever monitors it). */
  private storedHealth = new Map<string, AssetHealth>();

  /**
   * Reads the stored health of the assets monitored elsewhere (an API instance of a cluster shows what the workers
   * store); health() answers with it for assets that have no monitor here.
   */
  async refreshStoredHealth(): Promise<void> {
    try {
      const latest = await this.deps.metadata.latestHealth();
      this.storedHealth = new Map(latest.filter((h) => !this.monitors.has(h.assetId)).map((h) => [h.assetId, h]));
    } catch (err) {
      this.deps.log.warn({ err }, 'reading the stored health failed');
    }
  }
  /** Trend, drivers and per-component health of the last window (undefined until one is scored after start). */
  healthDetail(assetId: string): HealthDetail | undefined {
    return this.detailByAsset.get(assetId);
  }
  /** The model an asset is monitored with: its active version (undefined when it has none). */
  model(assetId: string): AssetModel | undefined {
    return this.monitors.get(assetId)?.model;
  }
  /** The version number of the model an asset is monitored with. */
  modelVersion(assetId: string): number | undefined {
    return this.versionByAsset.get(assetId);
  }
  activeAlert(assetId: string): Alert | undefined {
    return this.activeByAsset.get(assetId);
  }
  running(assetId: string): boolean | undefined {
    return this.runningByAsset.get(assetId);
  }
  monitored(): string[] {
    return [...this.monitors.keys()];
  }
  async drain(): Promise<void> {
    await this.queue;
  }
  /** Stops scheduled retraining and waits for running training jobs (before the store closes). */
  async close(): Promise<void> {
    this.stopRetraining();
    await Promise.all([...this.runningJobs.values()].map((r) => r.done));
    await this.queue;
  }
}
