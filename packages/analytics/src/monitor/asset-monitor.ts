import {
  type Alert,
  type Asset,
  type AssetHealth,
  type Component,
  isGood,
  type Reading,
  type Sensor,
  type SensorContribution,
} from '@prognos/core';
import { type AlertChange, AlertEpisodes, type EpisodeOptions } from '../alerting/episode';
import { explainAnomaly } from '../alerting/explain';
import { RunGate } from '../features/operating-state';
import { fillRow, windowIndex } from '../features/windowing';
import {
  type ComponentHealth,
  type HealthGroup,
  type HealthSnapshot,
  HealthTracker,
  PROCESS_GROUP_ID,
} from '../health/health-index';
import type { AssetModel } from '../model/asset-model';
import { explainRow, imputeRow } from './anomaly-view';
import { type HealthRul, rulFromHealth } from './health-rul';

export interface AssetMonitorOptions extends EpisodeOptions {
  asset: Asset;
  /** Current sensor metadata (names, units, kinds for explanations); sensors unknown here fall back to the model's. */
  sensors: readonly Sensor[];
  model: AssetModel;
  /** Window length; defaults to (and should equal) the model's, since window means set the noise level it learned. */
  windowMs?: number;
  /**
   * How long after a window's end readings may still arrive before it is closed (readings of several sensors
   * published separately rarely arrive in perfect order). Default: a tenth of the window, at most 5 s.
   */
  latenessMs?: number;
  newId?: () => string;
  /** An alert of this asset still open from before a restart: the monitor carries on with that episode. */
  activeAlert?: Alert;
  /** EWMA weight of the health index (default 0.2). */
  healthAlpha?: number;
  /**
   * The asset's components: health is also tracked per component, from the model sensors mounted on it
   * (Sensor.componentId); model sensors on no component form a "Process" group.
   */
  components?: readonly Component[];
}

/** Health groups of an asset: one per component with model sensors on it, plus the rest as "Process". */
export function healthGroups(
  model: AssetModel,
  sensors: readonly Sensor[],
  components: readonly Component[],
): HealthGroup[] {
  if (components.length === 0) return [];
  const componentOf = new Map(sensors.map((s) => [s.id, s.componentId]));
  const known = new Set(components.map((c) => c.id));
  const groups: HealthGroup[] = components
    .map((c) => ({
      id: c.id,
      name: c.name,
      sensors: model.sensors.filter((s) => componentOf.get(s.id) === c.id).map((s) => s.id),
    }))
    .filter((g) => g.sensors.length > 0);
  const rest = model.sensors.filter((s) => !known.has(componentOf.get(s.id) ?? '')).map((s) => s.id);
  if (rest.length > 0) groups.push({ id: PROCESS_GROUP_ID, name: 'Process', sensors: rest });
  return groups;
}

export type MonitorEvent =
  | {
      type: 'health';
      health: AssetHealth;
      /** Health points per hour over the trend horizon (negative = degrading). */
      trendPerHour: number;
      /** Top contributors (up to 3, share ≥ 10 %). */
      drivers: SensorContribution[];
      /** Health per component, worst first (empty without components). */
      components: ComponentHealth[];
      /** Remaining useful life from the health trend, while health is falling (see rulFromHealth). */
      rul?: HealthRul;
      /** False for a stopped (or starting) window: health then keeps its last value. */
      running: boolean;
      /**
       * The window ran outside the model's operating envelope (see AssetModel.envelope): its score is shown but
       * cannot open an alert, and health keeps its last value.
       */
      outside?: { sensor: string; value: number; low: number; high: number };
    }
  | { type: 'alert'; alert: Alert; change: AlertChange };

export interface MonitorCounters {
  /** Readings of sensors this model does not use. */
  ignored: number;
  /** Readings not of good quality (never scored). */
  flagged: number;
  /** Readings for windows already closed. */
  late: number;
  /** Windows closed without a complete row (a sensor missing beyond the fill limit). */
  incomplete: number;
  /** Windows scored with some sensors reconstructed from the others (they had no good reading). */
  imputed: number;
  /** Running windows outside the model's operating envelope (scored, not allowed to open an alert). */
  outside: number;
}

/**
 * Live monitoring of one asset with a trained model. Feed it readings as they arrive (any order within a window,
 * several sensors, any batch size); windows close as the readings' own timestamps move past them (never by the
 * wall clock, so replaying history gives the same result). Each closed window with a complete row is classified
 * running / starting / stopped; running windows are scored, turned into a health value and into alert episodes.
 */
export class AssetMonitor {
  readonly asset: Asset;
  readonly model: AssetModel;
  readonly windowMs: number;
  readonly latenessMs: number;
  readonly counters: MonitorCounters = { ignored: 0, flagged: 0, late: 0, incomplete: 0, imputed: 0, outside: 0 };
  private readonly columns: string[];
  private readonly colIndex: Map<string, number>;
  private readonly meta: Map<string, { name: string; unit: string }>;
  private readonly sensorKinds: Pick<Sensor, 'id' | 'kind'>[];
  private readonly gate: RunGate;
  /** The model's alert level (see AssetModel.alert): window scores are divided by it. */
  private readonly level: number;
  private readonly health: HealthTracker;
  private readonly episodes: AlertEpisodes;
  private readonly buckets = new Map<number, Float64Array>();
  private readonly lastValues: { index: number; value: number }[] = [];
  /** The last good reading counted per column: what a late verdict on it takes back. */
  private readonly lastAdded: ({ ts: number; value: number } | undefined)[] = [];
  private watermark = Number.NEGATIVE_INFINITY;
  private closedUpTo = Number.NEGATIVE_INFINITY;

  constructor(opts: AssetMonitorOptions) {
    const { asset, model } = opts;
    if (model.assetId !== asset.id) throw new Error(`model is for asset ${model.assetId}, not ${asset.id}`);
    this.asset = asset;
    this.model = model;
    this.windowMs = opts.windowMs ?? model.windowMs;
    this.latenessMs = opts.latenessMs ?? Math.min(5_000, this.windowMs / 10);
    this.columns = model.sensors.map((s) => s.id);
    if (model.running && !this.columns.includes(model.running.sensor)) this.columns.push(model.running.sensor);
    this.colIndex = new Map(this.columns.map((id, j) => [id, j]));
    const current = new Map(opts.sensors.map((s) => [s.id, s]));
    this.meta = new Map(
      model.sensors.map((s) => {
        const now = current.get(s.id);
        return [s.id, { name: now?.name ?? s.name, unit: now?.unit ?? s.unit }];
      }),
    );
    this.sensorKinds = model.sensors.map((s) => ({ id: s.id, kind: current.get(s.id)?.kind ?? s.kind }));
    this.gate = new RunGate(
      model.running,
      model.running ? this.columns.indexOf(model.running.sensor) : -1,
      model.startupWindows,
    );
    this.level = model.alert?.level ?? 1;
    this.health = new HealthTracker({
      assetId: asset.id,
      normalScore: model.detector.calibration.normalScore / this.level,
      alpha: opts.healthAlpha,
      components: healthGroups(model, opts.sensors, opts.components ?? []),
    });
    this.episodes = new AlertEpisodes({
      persistence: opts.persistence ?? model.alert?.persistence,
      clearBelow: opts.clearBelow,
      clearWindows: opts.clearWindows,
      criticalAt: opts.criticalAt,
      reopenWithinMs: opts.reopenWithinMs,
      newId: opts.newId,
      assetId: asset.id,
      describe: (ctx) =>
        explainAnomaly({
          asset,
          sensors: this.sensorKinds,
          contributions: ctx.contributions,
          startedAt: ctx.startedAt,
          lastAbnormalAt: ctx.lastAbnormalAt,
          closedAt: ctx.closedAt,
        }),
    });
    if (opts.activeAlert) this.episodes.resume(opts.activeAlert);
  }

  /** Adds readings and returns the events of every window that could be closed. */
  ingest(readings: readonly Reading[]): MonitorEvent[] {
    const p = this.columns.length;
    for (const r of readings) {
      const j = this.colIndex.get(r.sensor);
      if (j === undefined) {
        this.counters.ignored++;
        continue;
      }
      if (r.ts > this.watermark) this.watermark = r.ts;
      if (!isGood(r.quality) || !Number.isFinite(r.value)) {
        this.counters.flagged++;
        // A late verdict (a spike confirmed by the next reading) on a reading already counted: take it back out
        // of its window while that window is open.
        const added = this.lastAdded[j];
        if (added && added.ts === r.ts) {
          const cell = this.buckets.get(windowIndex(r.ts, this.windowMs));
          if (cell && cell[2 * j + 1] > 0) {
            cell[2 * j] -= added.value;
            cell[2 * j + 1] -= 1;
          }
          this.lastAdded[j] = undefined;
        }
        continue;
      }
      const w = windowIndex(r.ts, this.windowMs);
      if (w <= this.closedUpTo) {
        this.counters.late++;
        continue;
      }
      let cell = this.buckets.get(w);
      if (!cell) {
        cell = new Float64Array(2 * p);
        this.buckets.set(w, cell);
      }
      cell[2 * j] += r.value;
      cell[2 * j + 1] += 1;
      this.lastAdded[j] = { ts: r.ts, value: r.value };
    }
    return this.closeUntil(this.watermark - this.latenessMs);
  }

  /**
   * Closes every window that ends at or before `ts` (e.g. driven by a timer when a sensor goes quiet, with the
   * source's notion of time). Readings arriving later for those windows are counted as late.
   */
  advanceTo(ts: number): MonitorEvent[] {
    if (ts > this.watermark) this.watermark = ts;
    return this.closeUntil(ts);
  }

  /** The current health (undefined until the first running window has been scored). */
  state(): AssetHealth | undefined {
    return this.health.current()?.health;
  }

  /** Health with trend and drivers. */
  snapshot(): HealthSnapshot | undefined {
    return this.health.current();
  }

  /** The alert of the open episode, if any. */
  activeAlert(): Alert | undefined {
    return this.episodes.active();
  }

  /** The open episode was closed by a person: forget it (no event). A new episode needs `persistence` windows. */
  closeEpisode(): void {
    this.episodes.reset();
  }

  private closeUntil(ts: number): MonitorEvent[] {
    const events: MonitorEvent[] = [];
    const ready = [...this.buckets.keys()].filter((w) => (w + 1) * this.windowMs <= ts).sort((a, b) => a - b);
    for (const w of ready) {
      const cell = this.buckets.get(w)!;
      this.buckets.delete(w);
      this.closedUpTo = Math.max(this.closedUpTo, w);
      this.closeWindow(w, cell, events);
    }
    return events;
  }

  /**
   * A window in which a few of the model's sensors have no good reading (flagged by the data-quality checks, or
   * silent beyond the fill limit): the machine is still watched through the others. Each missing sensor takes its
   * expected value given the rest — the detector's reconstruction, which does not depend on the sensor's own
   * reading — iterated a few times when several are missing, so it contributes nothing to the score and a machine
   * fault still shows in the trusted sensors. Windows with more than a quarter of the sensors missing, or a
   * missing running indicator, stay unscored.
   */
  private impute(w: number, means: Float64Array): Float64Array | undefined {
    const r = imputeRow(this.model, w, means, this.lastValues);
    if (r) this.counters.imputed++;
    return r?.row;
  }

  private closeWindow(w: number, cell: Float64Array, events: MonitorEvent[]): void {
    const p = this.columns.length;
    const means = new Float64Array(p);
    for (let j = 0; j < p; j++) means[j] = cell[2 * j + 1] > 0 ? cell[2 * j] / cell[2 * j + 1] : Number.NaN;
    const row = fillRow(w, means, this.lastValues, this.model.fillLimit) ?? this.impute(w, means);
    if (!row) {
      this.counters.incomplete++;
      return;
    }
    const start = w * this.windowMs;
    const end = start + this.windowMs;
    if (this.gate.next(row) !== 'running') {
      const held = this.health.hold(end, this.episodes.active() !== undefined);
      if (held) events.push({ type: 'health', ...held });
      return;
    }
    const ex = explainRow(this.model, row, start);
    const contributions: SensorContribution[] = ex.columns.map((c, j) => {
      const s = this.model.sensors[j];
      const m = this.meta.get(s.id)!;
      return { sensor: s.id, name: m.name, unit: m.unit, ...c };
    });
    // Scores relative to the asset's alert level (calibrated to its false-alarm budget): 1.0 = alert threshold.
    const score = ex.score / this.level;
    const env = this.model.envelope;
    const v = env ? (row[this.colIndex.get(env.sensor) ?? -1] as number) : Number.NaN;
    if (env && (v < env.low || v > env.high) && !this.episodes.active()) {
      // Conditions the model never saw: its score is an extrapolation, not evidence of a fault. Shown, never
      // opening an alert; an alert already open goes on as usual.
      this.counters.outside++;
      const held = this.health.hold(end, false);
      if (held) {
        const outside = { sensor: env.sensor, value: v, low: env.low, high: env.high };
        events.push({ type: 'health', ...held, running: true, outside });
      }
      return;
    }
    const step = this.episodes.update({ start, end, score, contributions });
    if (step) events.push({ type: 'alert', ...step });
    const snap = this.health.update(end, score, contributions, this.episodes.active() !== undefined);
    const rul = rulFromHealth(this.health.recent());
    events.push({ type: 'health', ...snap, ...(rul ? { rul } : {}) });
  }
}
