import type { SensorTrust as AttributionTrust } from '@prognos/analytics';
import type { Asset, QualityReasonCode, QualityState, Reading, Sensor } from '@prognos/core';
import type { MetadataStore, ReadingStore } from '@prognos/store';
import type { QualityConfig } from '../config';
import type { EventBus } from '../event-bus';
import type { PipelineLog } from '../pipeline/analytics-pipeline';
import { parseTrust, SNAPSHOT_KEY, serializeTrust } from './quality-snapshot';
import { assetDataQuality, buildSensorView, type DataQuality, type SensorQualityView } from './quality-views';
import { type IngestQualityGate, ReadingChecks } from './reading-checks';
import { SensorAlerts } from './sensor-alerts';
import { newTrust, type ReasonInfo, type SensorTrust } from './trust';
import { LIVE_MS, TrustTracker } from './trust-tracker';

/** The live 'quality' event: a sensor's state changed. */
export interface QualityEvent {
  sensorId: string;
  assetId: string;
  state: QualityState;
  score: number | null;
  reasons: ReasonInfo[];
}

export interface QualityServiceDeps {
  metadata: MetadataStore;
  readings: ReadingStore;
  bus: EventBus;
  config: QualityConfig;
  log: PipelineLog;
  newId?: () => string;
  /** Process ms per wall ms (the demo simulator's speed-up), default 1. */
  timeScale?: number;
}

/** History read at start (the latest readings of the last hour): the resolution and the last value of each sensor. */
const PRIME_READINGS = 600;
const PRIME_SPAN_MS = 3600_000;
/** After start, connectors need time to reconnect before silence means anything. */
const STARTUP_GRACE_MS = 30_000;

/** Smallest non-zero step between consecutive values: the resolution a deployer would configure. */
export function estimateResolution(values: ArrayLike<number>): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < values.length; i++) {
    const d = Math.abs(values[i] - values[i - 1]);
    if (d > 0 && d < best) best = d;
  }
  return Number.isFinite(best) ? best : 0;
}

/**
 * Sensor trust: every reading passes the streaming checks on its way to the store (through IngestService, so
 * every path does), and each sensor gets a state, a score, its current reasons and a history of transitions.
 * A periodic tick notices sensors that went silent and runs the sensor-alert episodes; the states are saved
 * in the settings and restored on start.
 */
export class QualityService implements IngestQualityGate {
  readonly checks: ReadingChecks;
  readonly alerts: SensorAlerts;
  private readonly tracker: TrustTracker;
  private assets = new Map<string, Asset>();
  private timeZone: string | undefined;
  private timers: NodeJS.Timeout[] = [];
  private gapsFrom = Number.POSITIVE_INFINITY;

  constructor(private readonly deps: QualityServiceDeps) {
    this.checks = new ReadingChecks({
      observer: (s, res, r, q, now) => this.tracker.observe(s, res, r, q, now),
      timeScale: deps.timeScale,
    });
    this.tracker = new TrustTracker(deps.bus, (id) => this.checks.sensor(id));
    this.alerts = new SensorAlerts({
      metadata: deps.metadata,
      bus: deps.bus,
      holdMs: deps.config.alertHoldMs,
      log: deps.log,
      assetOf: (id) => this.assets.get(id),
      timeZone: () => this.timeZone,
      newId: deps.newId,
      changed: () => {
        this.tracker.dirty = true;
      },
      levelConsistent: (id) => {
        const d = this.checks.monitor.driftOf(id);
        return d ? Math.abs(d.z) < 2 : undefined;
      },
    });
    deps.bus.on('alert', this.alerts.onAlert);
  }

  apply(readings: Reading[], now: number): Reading[] {
    return this.checks.apply(readings, now);
  }
  sensorsChanged(sensors: readonly Sensor[]): void {
    this.checks.sensorsChanged(sensors);
    this.refreshAssets().catch((err) => this.deps.log.warn({ err }, 'reading the assets for sensor alerts failed'));
  }

  /** Restores the saved states and lets each checker learn from its sensor's recent history. */
  async init(now = Date.now()): Promise<void> {
    const { metadata } = this.deps;
    const sensors = await metadata.listSensors();
    await this.refreshAssets();
    this.checks.sensorsChanged(sensors);
    const known = new Set(sensors.map((s) => s.id));
    for (const t of parseTrust(await metadata.getSetting(SNAPSHOT_KEY))) {
      if (!known.has(t.sensorId)) continue;
      this.tracker.set(t);
      this.alerts.adopt(t);
    }
    for (const s of sensors) await this.prime(s, now);
  }

  /**
   * Learns the virtual sensors from the last `hours` of stored history (good readings only), in the background:
   * drift detection starts once they exist. Logs how many were learnt; never throws. `historyTimeScale`: process
   * ms per wall ms of that history (see ReadingChecks.learnVirtualSensors; the demo's back-fill runs at 1).
   */
  async learnDrift(now: number, hours = 24, historyTimeScale?: number): Promise<number> {
    try {
      const sensors = await this.deps.metadata.listSensors();
      // One mean per frame and sensor, of good readings only: what the virtual sensors learn from, without holding
      // a day of raw 1 Hz readings of every sensor in memory.
      const frameMs = this.checks.historyFrameMs(historyTimeScale);
      const readings: Reading[] = [];
      for (const s of sensors) {
        const ser = await this.deps.readings.read(s.id, now - hours * 3_600_000, now);
        let bucket = Number.NaN;
        let sum = 0;
        let n = 0;
        const emit = () => {
          if (n > 0) readings.push({ sensor: s.id, ts: bucket * frameMs, value: sum / n, quality: 0 });
        };
        for (let i = 0; i < ser.ts.length; i++) {
          if (ser.quality[i] !== 0) continue;
          const b = Math.floor((ser.ts[i] as number) / frameMs);
          if (b !== bucket) {
            emit();
            bucket = b;
            sum = 0;
            n = 0;
          }
          sum += ser.values[i] as number;
          n++;
        }
        emit();
      }
      const n = await this.checks.learnVirtualSensors(readings, sensors, historyTimeScale);
      this.deps.log.info({ virtualSensors: n, readings: readings.length }, 'virtual sensors learnt (drift detection)');
      return n;
    } catch (err) {
      this.deps.log.warn({ err }, 'learning the virtual sensors failed; drift detection is off');
      return 0;
    }
  }

  /** Starts the periodic tick (gaps, alert hold times) and snapshots; timers never keep the process alive. */
  start(now = Date.now()): void {
    this.watchGapsFrom(now + STARTUP_GRACE_MS);
    const { tickMs, snapshotMs } = this.deps.config;
    const tick = setInterval(() => this.tick(Date.now()), tickMs);
    const snap = setInterval(() => {
      void this.save();
      // assets are edited without telling anyone; alert texts and priorities follow within a snapshot period
      this.refreshAssets().catch(() => {});
    }, snapshotMs);
    tick.unref();
    snap.unref();
    this.timers.push(tick, snap);
  }

  /** Silence of live sensors counts as a gap from this wall time on (start() sets it after a grace period). */
  watchGapsFrom(ts: number): void {
    this.gapsFrom = ts;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.deps.bus.off('alert', this.alerts.onAlert);
    await this.alerts.drain();
    this.tracker.dirty = true;
    await this.save();
  }

  async save(): Promise<void> {
    if (!this.tracker.dirty) return;
    this.tracker.dirty = false;
    try {
      await this.deps.metadata.setSetting(SNAPSHOT_KEY, serializeTrust(this.tracker.trust.values(), Date.now()));
    } catch (err) {
      this.tracker.dirty = true;
      this.deps.log.error({ err }, 'saving the sensor quality states failed');
    }
  }

  private async refreshAssets(): Promise<void> {
    const [assets, sites] = await Promise.all([this.deps.metadata.listAssets(), this.deps.metadata.listSites()]);
    this.assets = new Map(assets.map((a) => [a.id, a]));
    this.timeZone = sites[0]?.timezone;
  }

  private async prime(sensor: Sensor, now: number): Promise<void> {
    const ser = await this.deps.readings.read(sensor.id, now - PRIME_SPAN_MS, now + 1, PRIME_READINGS);
    const n = ser.ts.length;
    if (n === 0) return;
    const resolution = estimateResolution(ser.values);
    if (resolution > 0) this.checks.setResolution(sensor.id, resolution);
    const checker = this.checks.checker(sensor.id);
    if (!checker) return;
    // The statistical checks learn their baselines from live data, not from the stored history: history may have
    // been sampled differently (the demo back-fills at real speed and then runs 360× faster; a historian import
    // has its own rate), and a baseline learnt at one rate calls the other noisy. The history gives the resolution.
    let t = this.tracker.get(sensor.id);
    if (!t) {
      t = newTrust(sensor, now);
      t.state = checker.state;
      t.score = checker.score;
      this.tracker.set(t);
    }
    t.lastTs = ser.ts[n - 1];
    t.latestAt = t.lastTs;
    t.lastValue ??= ser.values[n - 1];
    t.live = now - t.lastTs <= LIVE_MS;
  }

  /** Gaps of live sensors that went silent, expiry of old reasons, sensor-alert episodes. */
  tick(now: number): void {
    for (const t of this.tracker.trust.values()) {
      const sensor = this.checks.sensor(t.sensorId);
      if (!sensor) continue;
      const checker = this.checks.existing(t.sensorId);
      if (checker && t.live && now >= this.gapsFrom) {
        const f = checker.tick(now).flags[0];
        if (f) this.tracker.gap(t, f, checker.state, now);
      }
      if (t.state !== 'good' || t.episode || t.suppressed)
        this.alerts.evaluate(t, sensor, this.tracker.reasonsOf(t), now);
    }
  }

  /** Trust as the attribution gate reads it (analytics' attributeAnomaly). */
  trustForAttribution = (sensorId: string): AttributionTrust | undefined => {
    const t = this.tracker.get(sensorId);
    if (!t) return undefined;
    const reasons = this.tracker.reasonsOf(t);
    const detail = reasons.map((r) => r.detail).join('; ');
    const since = Math.min(...reasons.map((r) => r.since));
    const drift = this.checks.monitor.driftOf(sensorId);
    return {
      state: t.state,
      ...(drift ? { levelConsistent: Math.abs(drift.z) < 2 } : {}),
      reasons: reasons.map((r) => r.code as QualityReasonCode),
      ...(detail ? { detail } : {}),
      ...(Number.isFinite(since) ? { since } : {}),
    };
  };

  /** Sensors per data-quality state (those Prognos has judged: a sensor that never sent a reading is in none). */
  stateCounts(): Record<QualityState, number> {
    const counts: Record<QualityState, number> = { good: 0, suspect: 0, bad: 0 };
    for (const t of this.tracker.trust.values()) counts[t.state]++;
    return counts;
  }

  /** True for an alert this service raised (a sensor-alert episode). */
  ownsAlert = (alertId: string): boolean => this.alerts.owns(alertId);

  /** The sensor's trust for attribution and the API (undefined before Prognos has judged it). */
  trustOf(sensorId: string): SensorTrust | undefined {
    return this.tracker.get(sensorId);
  }

  view(sensor: Sensor, now: number): SensorQualityView {
    const t = this.tracker.get(sensor.id);
    return buildSensorView(
      sensor,
      t,
      t ? this.tracker.reasonsOf(t) : [],
      this.deps.config.calibrationIntervalDays,
      now,
    );
  }

  /** Data quality per asset of the sensors given. */
  dataQuality(sensors: readonly Sensor[], now: number): Map<string, DataQuality> {
    const views = new Map<string, SensorQualityView[]>();
    for (const s of sensors) {
      const list = views.get(s.assetId) ?? [];
      if (list.length === 0) views.set(s.assetId, list);
      list.push(this.view(s, now));
    }
    return new Map([...views].map(([id, list]) => [id, assetDataQuality(list)]));
  }

  async drain(): Promise<void> {
    await this.alerts.drain();
  }
}
