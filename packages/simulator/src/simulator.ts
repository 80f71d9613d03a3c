import { PrognosError, type Reading, Rng } from '@prognos/core';
import { AssetRuntime } from './asset-runtime';
import { modelFor } from './models/index';
import { ambientBaseAt, demandAt, ouStep } from './schedule';
import {
  type InjectSensorFaultOptions,
  SensorFaultInjector,
  type SensorFaultKind,
  type SensorFaultState,
  type SensorFaultTruth,
} from './sensor-faults';
import { severityAt } from './severity';
import type {
  AssetState,
  FaultKind,
  FaultLevels,
  FaultState,
  InjectFaultOptions,
  PlantDefinition,
  SimEvent,
  SimulatorOptions,
} from './types';

export const DEFAULT_TIME_TO_FAILURE_MS = 3 * 24 * 3_600_000;
/** Readings handed to a back-fill sink at once. */
const BACKFILL_BATCH = 10_000;

interface FaultRecord {
  id: string;
  assetId: string;
  kind: FaultKind;
  startedAt: number;
  /** Process time of onset; recomputed for pending faults when the speed changes. */
  startProc: number;
  ttf: number;
  severity: number;
  active: boolean;
  failed: boolean;
  failedAt?: number;
}

/**
 * A seeded, deterministic plant simulator. Readings carry the wall-clock timestamps the caller steps to; process
 * time (which drives degradation, the shift pattern and the thermal and load dynamics) runs `speed` times faster:
 * process = origin + (wall − origin) · speed. Same seed + same sequence of calls → identical readings.
 */
export class PlantSimulator {
  readonly plant: PlantDefinition;
  private readonly runtimes: AssetRuntime[];
  private readonly byId = new Map<string, AssetRuntime>();
  private readonly ambientRng: Rng;
  private readonly listeners = new Set<(e: SimEvent) => void>();
  private readonly defaultTtf: number;
  private readonly autoRepairAfterMs?: number;
  private faultList: FaultRecord[] = [];
  private faultSeq = 0;
  private _speed: number;
  private _origin?: number;
  private anchorWall?: number;
  private anchorProc = 0;
  private lastTs?: number;
  private lastProc = 0;
  private ambientDev = 0;
  private started = false;
  private readonly last = new Map<string, Reading>();
  private readonly sensorFaultsOf: SensorFaultInjector;

  constructor(plant: PlantDefinition, opts: SimulatorOptions = {}) {
    const seed = opts.seed ?? 1;
    this._speed = checkSpeed(opts.speed ?? 1);
    this.defaultTtf = opts.defaultTimeToFailureMs ?? DEFAULT_TIME_TO_FAILURE_MS;
    this.autoRepairAfterMs = opts.autoRepairAfterMs;
    if (opts.origin !== undefined) this.ensureOrigin(opts.origin);
    this.plant = plant;
    this.ambientRng = new Rng(`${seed}/ambient`);
    const assetIds = new Set(plant.assets.map((a) => a.id));
    for (const s of plant.sensors) {
      if (!assetIds.has(s.assetId)) throw new Error(`sensor ${s.id} belongs to unknown asset ${s.assetId}`);
    }
    this.runtimes = plant.assets.map((a) => {
      const sensors = plant.sensors.filter((s) => s.assetId === a.id);
      return new AssetRuntime(a, modelFor(a.type), sensors, seed, opts.randomStops ?? true);
    });
    for (const rt of this.runtimes) this.byId.set(rt.asset.id, rt);
    const sensorById = new Map(plant.sensors.map((s) => [s.id, s]));
    this.sensorFaultsOf = new SensorFaultInjector(seed, sensorById, (sensorId, value) => {
      const s = sensorById.get(sensorId);
      return s ? this.byId.get(s.assetId)?.sensorNoise(sensorId, value) : undefined;
    });
  }

  /** Process-time acceleration (process ms per wall ms). */
  get speed(): number {
    return this._speed;
  }
  /** Wall time of the last step, or undefined before the first one. */
  get now(): number | undefined {
    return this.lastTs;
  }
  /** Wall time at which process time equals wall time, once known. */
  get origin(): number | undefined {
    return this._origin;
  }

  /** Process time (epoch ms) at a wall time (the identity until the origin is known). */
  processTime(wallMs: number): number {
    if (this.anchorWall === undefined) return wallMs;
    return this.anchorProc + (wallMs - this.anchorWall) * this._speed;
  }
  /** Wall time at which process time reaches procMs, at the current speed. */
  wallTime(procMs: number): number {
    if (this.anchorWall === undefined) return procMs;
    return this.anchorWall + (procMs - this.anchorProc) / this._speed;
  }

  /** Changes the acceleration from the simulator's current time on; progress so far is kept. */
  setSpeed(speed: number): void {
    checkSpeed(speed);
    const at = this.lastTs ?? this.anchorWall;
    if (at !== undefined) {
      this.anchorProc = this.processTime(at);
      this.anchorWall = at;
    }
    this._speed = speed;
    for (const f of this.faultList) if (!f.active) f.startProc = this.processTime(f.startedAt);
    this.sensorFaultsOf.rebase(this.lastTs, (w) => this.processTime(w));
  }

  onEvent(cb: (e: SimEvent) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Advances to wall time ts (not before the previous step) and returns one reading per sensor. */
  step(ts: number): Reading[] {
    const out: Reading[] = [];
    this.stepInto(ts, out);
    return out;
  }

  /**
   * Generates history on [from, to) every stepMs, handing batches to sink; returns the number of readings.
   * When the simulator has no origin yet, `to` becomes it (live operation starts there). Afterwards the simulator
   * is at the last back-filled step and continues live with step(t) for any t ≥ that (e.g. t = to).
   */
  backfill(from: number, to: number, stepMs: number, sink: (batch: Reading[]) => void): number {
    if (!(stepMs > 0) || !Number.isFinite(from) || !Number.isFinite(to)) {
      throw new RangeError(`backfill needs finite from/to and stepMs > 0 (got ${from}, ${to}, ${stepMs})`);
    }
    this.ensureOrigin(to);
    let t = from;
    if (this.lastTs !== undefined && t <= this.lastTs)
      t = from + (Math.floor((this.lastTs - from) / stepMs) + 1) * stepMs;
    let batch: Reading[] = [];
    let count = 0;
    for (; t < to; t += stepMs) {
      this.stepInto(t, batch);
      if (batch.length >= BACKFILL_BATCH) {
        count += batch.length;
        sink(batch);
        batch = [];
      }
    }
    if (batch.length) {
      count += batch.length;
      sink(batch);
    }
    return count;
  }

  injectFault(assetId: string, kind: FaultKind, opts: InjectFaultOptions = {}): FaultState {
    const rt = this.runtime(assetId);
    if (!rt.model.faults.includes(kind)) {
      throw new PrognosError('BAD_REQUEST', [
        `fault "${kind}" cannot be simulated on ${assetId} (${rt.asset.type}); possible: ${rt.model.faults.join(', ')}`,
      ]);
    }
    const ttf = opts.timeToFailureMs ?? this.defaultTtf;
    if (!(ttf > 0) || !Number.isFinite(ttf)) throw new PrognosError('BAD_REQUEST', ['timeToFailureMs must be > 0']);
    const startedAt = opts.startAt ?? this.lastTs ?? this.anchorWall;
    if (startedAt === undefined) {
      throw new PrognosError('BAD_REQUEST', ['the simulator has no time yet: pass startAt or an origin']);
    }
    this.ensureOrigin(startedAt);
    const f: FaultRecord = {
      id: `F-${String(++this.faultSeq).padStart(4, '0')}`,
      assetId,
      kind,
      startedAt,
      startProc: this.processTime(startedAt),
      ttf,
      severity: 0,
      active: false,
      failed: false,
    };
    this.faultList.push(f);
    if (this.lastTs !== undefined && startedAt <= this.lastTs) this.activate(f, this.lastTs);
    return this.view(f);
  }

  /** Removes faults (all, or those of one asset) as if never injected. A failed asset stays down until repair(). */
  clearFaults(assetId?: string): void {
    const ts = this.lastTs ?? this.anchorWall ?? 0;
    const keep: FaultRecord[] = [];
    for (const f of this.faultList) {
      if (assetId !== undefined && f.assetId !== assetId) keep.push(f);
      else
        this.emit({
          type: 'fault_cleared',
          ts,
          assetId: f.assetId,
          faultId: f.id,
          kind: f.kind,
          message: `${f.kind} cleared on ${f.assetId}`,
        });
    }
    this.faultList = keep;
  }

  /** Maintenance: removes the asset's started faults and, if it was down, restarts it. Pending faults remain. */
  repair(assetId: string): void {
    const rt = this.runtime(assetId);
    this.faultList = this.faultList.filter((f) => f.assetId !== assetId || !f.active);
    this.restore(rt, 'repair');
  }

  /** Operator stop/start. A stopped asset stays stopped until started again; a failed one needs repair(). */
  setRunning(assetId: string, running: boolean): void {
    const rt = this.runtime(assetId);
    const ts = this.lastTs ?? this.anchorWall ?? 0;
    if (running) {
      if (rt.failed) throw new PrognosError('CONFLICT', [`${assetId} has failed; repair it before starting it`]);
      rt.held = false;
      if (!rt.running) {
        rt.running = true;
        rt.planNextStop(this.lastProc);
        this.emit({
          type: 'asset_started',
          ts,
          assetId,
          reason: 'operator',
          message: `${assetId} started by operator`,
        });
      }
    } else {
      rt.held = true;
      rt.restartAt = Number.POSITIVE_INFINITY;
      if (rt.running) {
        rt.running = false;
        this.emit({
          type: 'asset_stopped',
          ts,
          assetId,
          reason: 'operator',
          message: `${assetId} stopped by operator`,
        });
      }
    }
  }

  /**
   * Injects a sensor fault: the sensor's readings are falsified after the physics, the machine is unaffected.
   * See sensor-faults.ts for the kinds and their magnitudes.
   */
  injectSensorFault(sensorId: string, kind: SensorFaultKind, opts: InjectSensorFaultOptions = {}): SensorFaultState {
    const now = this.lastTs ?? this.anchorWall;
    const state = this.sensorFaultsOf.inject(sensorId, kind, opts, now, (w) => this.processTime(w));
    this.ensureOrigin(state.startAt);
    return state;
  }

  /** The sensor faults injected and not cleared (pending, active and ended ones). */
  sensorFaults(): SensorFaultState[] {
    return this.sensorFaultsOf.states(this.lastTs);
  }

  /** Ends a sensor fault now; returns false when no fault has that id. */
  clearSensorFault(id: string): boolean {
    return this.sensorFaultsOf.clear(id, this.lastTs ?? this.anchorWall);
  }

  /** Ground truth of every sensor fault injected (sensor, kind, start, end in wall ms), for benchmarks. */
  sensorFaultLog(): SensorFaultTruth[] {
    return this.sensorFaultsOf.log();
  }

  /** The reading of each sensor at the last step (empty before the first), for servers that are polled (Modbus). */
  latest(): ReadonlyMap<string, Reading> {
    return this.last;
  }

  faults(): FaultState[] {
    return this.faultList.map((f) => this.view(f));
  }

  assetStates(): AssetState[] {
    return this.runtimes.map((rt) => ({
      assetId: rt.asset.id,
      running: rt.running,
      failed: rt.failed,
      load: rt.running ? rt.load : 0,
      speedFraction: rt.physics.speedFraction(),
    }));
  }

  // ---------------------------------------------------------------------------------------------------------

  private stepInto(ts: number, into: Reading[]): void {
    if (!Number.isFinite(ts)) throw new RangeError(`step needs a finite wall time, got ${ts}`);
    if (this.lastTs !== undefined && ts < this.lastTs) {
      throw new RangeError(`step(${ts}) is before the simulator's time ${this.lastTs}: time only moves forward`);
    }
    this.ensureOrigin(ts);
    const proc = this.processTime(ts);
    if (!this.started) this.init(proc);
    const dtS = (proc - this.lastProc) / 1000;
    this.ambientDev = ouStep(this.ambientDev, dtS, 6 * 3600, 1.2, this.ambientRng.normal());
    const ambient = ambientBaseAt(proc) + this.ambientDev;
    const demand = demandAt(proc);
    for (const f of this.faultList) {
      if (!f.active && ts >= f.startedAt) this.activate(f, ts);
      if (f.active && !f.failed) f.severity = severityAt((proc - f.startProc) / f.ttf);
    }
    const first = into.length;
    for (const rt of this.runtimes) {
      // Schedule first: an auto-repair removes the failed fault before the physics sees it.
      this.schedule(rt, ts, proc);
      const levels = this.levelsOf(rt, ts, proc);
      rt.step(ts, proc, dtS, ambient, demand, levels, into);
    }
    // Sensor faults falsify what leaves the simulator, after the physics: the machine model never sees them.
    if (this.sensorFaultsOf.size) this.sensorFaultsOf.apply(into, first, (w) => this.processTime(w));
    for (let i = first; i < into.length; i++) {
      const r = into[i] as Reading;
      this.last.set(r.sensor, r);
    }
    this.lastTs = ts;
    this.lastProc = proc;
  }

  private init(proc: number): void {
    const ambient = ambientBaseAt(proc);
    const demand = demandAt(proc);
    for (const rt of this.runtimes) rt.init(proc, ambient, demand);
    this.lastProc = proc;
    this.started = true;
  }

  /** Fault severities acting on an asset; trips the asset when one reaches failure. */
  private levelsOf(rt: AssetRuntime, ts: number, proc: number): FaultLevels {
    const levels: FaultLevels = { bearing_wear: 0, misalignment: 0, cavitation: 0, clogged_filter: 0, overheating: 0 };
    for (const f of this.faultList) {
      if (f.assetId !== rt.asset.id || !f.active) continue;
      if (f.severity >= 1 && !f.failed) {
        f.failed = true;
        f.failedAt = ts;
        if (!rt.failed) this.trip(rt, f, ts, proc);
      }
      if (f.severity > levels[f.kind]) levels[f.kind] = f.severity;
    }
    return levels;
  }

  private trip(rt: AssetRuntime, f: FaultRecord, ts: number, proc: number): void {
    const assetId = rt.asset.id;
    rt.failed = true;
    rt.failedAtProc = proc;
    rt.restartAt = Number.POSITIVE_INFINITY;
    rt.nextStopAt = Number.POSITIVE_INFINITY;
    const wasRunning = rt.running;
    rt.running = false;
    this.emit({
      type: 'asset_failed',
      ts,
      assetId,
      faultId: f.id,
      kind: f.kind,
      message: `${assetId} failed: ${f.kind}`,
    });
    if (wasRunning) {
      this.emit({
        type: 'asset_stopped',
        ts,
        assetId,
        faultId: f.id,
        reason: 'failure',
        message: `${assetId} tripped`,
      });
    }
  }

  /** Planned stops and restarts, and auto-repair after a failure. */
  private schedule(rt: AssetRuntime, ts: number, proc: number): void {
    const assetId = rt.asset.id;
    if (rt.failed) {
      if (this.autoRepairAfterMs !== undefined && proc - rt.failedAtProc >= this.autoRepairAfterMs) {
        this.faultList = this.faultList.filter((f) => f.assetId !== assetId || !f.active);
        this.restore(rt, 'auto_repair', ts, proc);
      }
      return;
    }
    if (rt.running && proc >= rt.nextStopAt) {
      rt.stopForSchedule();
      this.emit({ type: 'asset_stopped', ts, assetId, reason: 'schedule', message: `${assetId} stopped (planned)` });
    } else if (!rt.running && !rt.held && proc >= rt.restartAt) {
      rt.running = true;
      rt.restartAt = Number.POSITIVE_INFINITY;
      rt.planNextStop(proc);
      this.emit({ type: 'asset_started', ts, assetId, reason: 'schedule', message: `${assetId} started (planned)` });
    }
  }

  private restore(
    rt: AssetRuntime,
    reason: 'repair' | 'auto_repair',
    ts = this.lastTs ?? this.anchorWall ?? 0,
    proc = this.lastProc,
  ): void {
    const assetId = rt.asset.id;
    const wasFailed = rt.failed;
    rt.failed = false;
    rt.failedAtProc = Number.POSITIVE_INFINITY;
    this.emit({ type: 'asset_repaired', ts, assetId, reason, message: `${assetId} repaired` });
    if (wasFailed || (!rt.running && !rt.held)) {
      rt.held = false;
      if (!rt.running) {
        rt.running = true;
        rt.restartAt = Number.POSITIVE_INFINITY;
        rt.planNextStop(proc);
        this.emit({ type: 'asset_started', ts, assetId, reason, message: `${assetId} started after repair` });
      }
    }
  }

  private activate(f: FaultRecord, ts: number): void {
    f.active = true;
    this.emit({
      type: 'fault_started',
      ts,
      assetId: f.assetId,
      faultId: f.id,
      kind: f.kind,
      message: `${f.kind} started on ${f.assetId}`,
    });
  }

  private view(f: FaultRecord): FaultState {
    return {
      id: f.id,
      assetId: f.assetId,
      kind: f.kind,
      startedAt: f.startedAt,
      timeToFailureMs: f.ttf,
      severity: f.severity,
      expectedFailureAt: f.failedAt ?? Math.round(this.wallTime(f.startProc + f.ttf)),
      active: f.active,
      failed: f.failed,
      ...(f.failedAt !== undefined ? { failedAt: f.failedAt } : {}),
    };
  }

  private runtime(assetId: string): AssetRuntime {
    const rt = this.byId.get(assetId);
    if (!rt) throw new PrognosError('ASSET_NOT_FOUND', [assetId]);
    return rt;
  }

  private ensureOrigin(wallMs: number): void {
    if (this.anchorWall === undefined) this._origin = this.anchorWall = this.anchorProc = wallMs;
  }

  private emit(e: SimEvent): void {
    for (const cb of this.listeners) cb(e);
  }
}

function checkSpeed(speed: number): number {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  return speed;
}
