import {
  type AssetModel,
  AssetMonitor,
  type Attribution,
  attributeAnomaly,
  deserializeAssetModel,
  type MonitorEvent,
  trainAssetModel,
} from '@prognos/analytics';
import { type Alert, type AssetHealth, PrognosError, type Reading, type Sensor } from '@prognos/core';
import type { MetadataStore, ReadingStore } from '@prognos/store';
import type { EventBus } from '../event-bus';
import { asSensorAlert, type TrustOf } from '../quality/attribution';

export interface PipelineLog {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

/**
 * Wires live readings to one AssetMonitor per asset (baseline model → score → health → alert episodes) and
 * persists what comes out. Readings of assets without a model are ignored here (they are still stored).
 */
export class AnalyticsPipeline {
  private monitors = new Map<string, AssetMonitor>();
  private sensorAsset = new Map<string, string>();
  private healthByAsset = new Map<string, AssetHealth>();
  private activeByAsset = new Map<string, Alert>();
  private runningByAsset = new Map<string, boolean>();
  /**
   * Anomaly episodes explained by untrusted sensors. Sticky for the episode: an alert that flipped between
   * "sensor" and "machine" with every window would send a technician back and forth.
   */
  private attributed = new Map<string, Attribution>();
  /** Persistence is sequential so that alert updates land in order. */
  private queue: Promise<void> = Promise.resolve();

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
    },
  ) {}

  async init(opts: { trainFrom?: number; trainTo?: number } = {}): Promise<void> {
    this.deps.bus.on('quality', this.reattributeRecent);
    const { metadata } = this.deps;
    for (const h of await metadata.latestHealth()) this.healthByAsset.set(h.assetId, h);
    for (const a of await metadata.listAlerts({ state: 'active', limit: 1000 })) {
      if (this.deps.foreignAlert?.(a.id)) continue;
      if (!this.activeByAsset.has(a.assetId)) this.activeByAsset.set(a.assetId, a);
    }
    const sensors = await metadata.listSensors();
    for (const s of sensors) this.sensorAsset.set(s.id, s.assetId);
    for (const asset of await metadata.listAssets()) {
      const own = sensors.filter((s) => s.assetId === asset.id);
      if (own.length < 2) continue;
      const saved = await metadata.getSetting(`model:${asset.id}`);
      let model: AssetModel | undefined;
      if (saved) {
        try {
          model = deserializeAssetModel(saved);
        } catch (err) {
          this.deps.log.warn({ err, asset: asset.id }, 'stored model unreadable; retraining');
        }
      }
      if (!model && opts.trainTo !== undefined) {
        model = await this.train(asset.id, opts.trainFrom ?? opts.trainTo - 6 * 3600_000, opts.trainTo, own);
      }
      if (model) await this.attach(asset.id, own, model);
    }
  }

  /**
   * Learns the asset's baseline from a healthy period [from, to) and starts monitoring with it. The series are
   * read with their quality bytes: trainAssetModel learns from good readings only (suspect and bad are out).
   */
  async train(assetId: string, from: number, to: number, sensors?: Sensor[]): Promise<AssetModel | undefined> {
    const { metadata, readings } = this.deps;
    const asset = await metadata.getAsset(assetId);
    if (!asset) throw new PrognosError('ASSET_NOT_FOUND', [assetId]);
    const own = sensors ?? (await metadata.listSensors(assetId));
    const series = new Map<string, Awaited<ReturnType<ReadingStore['read']>>>();
    for (const s of own) series.set(s.id, await readings.read(s.id, from, to));
    try {
      const model = trainAssetModel(asset, own, series, {
        windowMs: this.deps.windowMs,
        startupMs: this.deps.startupMs,
      });
      await metadata.setSetting(`model:${assetId}`, JSON.stringify(model.toJSON()));
      await this.attach(assetId, own, model);
      this.deps.log.info({ asset: assetId, from, to }, 'baseline trained');
      return model;
    } catch (err) {
      this.deps.log.warn({ asset: assetId, err: (err as Error).message }, 'baseline not trained');
      return undefined;
    }
  }

  private async attach(assetId: string, sensors: Sensor[], model: AssetModel): Promise<void> {
    const asset = await this.deps.metadata.getAsset(assetId);
    if (!asset) return;
    const active = this.activeByAsset.get(assetId);
    this.monitors.set(
      assetId,
      new AssetMonitor({ asset, sensors, model, windowMs: model.windowMs, activeAlert: active }),
    );
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
    for (const [assetId, list] of byAsset) {
      const events = this.monitors.get(assetId)!.ingest(list);
      for (const e of events) this.handle(assetId, e);
    }
  };

  private handle(assetId: string, e: MonitorEvent): void {
    const { metadata, bus } = this.deps;
    if (e.type === 'health') {
      this.healthByAsset.set(assetId, e.health);
      this.runningByAsset.set(assetId, e.running ?? true);
      this.enqueue(() => metadata.saveHealth(e.health));
      bus.emit('health', e.health);
    } else {
      const alert = this.attribute(assetId, e.alert, e.change);
      if (e.change === 'closed') this.activeByAsset.delete(assetId);
      else {
        const prev = this.activeByAsset.get(assetId);
        // keep a human's acknowledgement while the episode goes on
        if (prev && prev.id === alert.id && prev.state === 'acknowledged' && alert.state === 'open')
          alert.state = 'acknowledged';
        this.activeByAsset.set(assetId, alert);
      }
      this.enqueue(() => metadata.saveAlert(alert));
      bus.emit('alert', { change: e.change, alert });
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
    this.queue = this.queue
      .then(job)
      .catch((err) => this.deps.log.error({ err }, 'persisting analytics output failed'));
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

  health(assetId: string): AssetHealth | undefined {
    return this.healthByAsset.get(assetId);
  }
  /** The model an asset is monitored with (undefined when it has none). */
  model(assetId: string): AssetModel | undefined {
    return this.monitors.get(assetId)?.model;
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
}
