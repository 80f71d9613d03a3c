import { isGood, QualityReason, type QualityReasonCode, type Sensor } from '@prognos/core';
import { runningIndicator, STOPPED_FLOOR_FRACTION } from '../features/operating-state';
import { type CheckInput, type CheckResult, SensorChecker, type SensorCheckerOptions } from './sensor-checker';
import {
  FeatureTracker,
  type Frame,
  features,
  predict,
  RESIDUAL_TAU_MS,
  type scaleOf,
  type VirtualSensorModel,
} from './virtual-sensor';
import { type TrainVirtualSensorsOptions, trainVirtualSensors } from './virtual-sensor-train';

export interface DriftOptions {
  /** |slow residual| / its cross-validated σ to enter the drift state (default 4) and to leave it (default 2). */
  zEnter?: number;
  zExit?: number;
  /** Ignore slow residuals below this share of span (default 0.0075): a drift too small to matter. */
  minFractionOfSpan?: number;
}

export interface PlantQualityOptions {
  /** Per-sensor resolution (smallest meaningful change), e.g. estimated from a warm-up hour. */
  resolutions?: ReadonlyMap<string, number>;
  /** Options for every SensorChecker (resolution comes from `resolutions`). */
  checker?: Omit<SensorCheckerOptions, 'resolution'>;
  /** Sensor overrides (e.g. the rate actually delivered), by id. */
  sensorOverrides?: ReadonlyMap<string, Partial<Sensor>>;
  /** Wall ms per frame (default 60 000) and process ms per wall ms (default 1; the demo runs faster). */
  frameMs?: number;
  timeScale?: number;
  /** Process ms after a start during which drift is not judged (thermal transients; default 30 min). */
  startupMs?: number;
  /** Keep frames for training virtual sensors (up to this many; default 0 = none). */
  recordFrames?: number;
  drift?: DriftOptions;
}

interface Acc {
  sum: number;
  n: number;
  flagged: boolean;
}
interface DriftState {
  model: VirtualSensorModel;
  ewma: number;
  /** Slow residuals of the reduced models, by left-out input. */
  reduced: Map<string, number>;
  /** Scale of the model in use (the full one, or a reduced one while an input is untrusted). */
  sigma: number;
  /** Why the last judgement did or did not flag it, when it was a candidate (for diagnosis). */
  why?: string;
  /** Process time of the frame that last updated it. */
  updatedAt?: number;
  /** Process time since when it has been the asset's isolated candidate, continuously. */
  candidateSince?: number;
  /** Process time of the last frame its residual was within one σ: where a drift found later began. */
  quietAt?: number;
  n: number;
  z: number;
  /** The last frames' residuals (full model) and values, consecutive frames only (the step test's window). */
  buf: { t: number; r: number; y: number }[];
  /** Weights the residuals in `buf` come from (a switch to a reduced model starts the window again). */
  bufModel?: readonly number[];
  /** A latched calibration step: when, by how much (sensor unit). */
  step?: { at: number; delta: number };
  /** Process time of the last isolated step taken (flagged or not). */
  lastStepAt?: number;
}
interface AssetRun {
  indicator?: string;
  threshold: number;
  running: boolean;
  /** Process time of the last start (undefined until a stop has been seen: assume long running). */
  startedAt?: number;
  stoppedInFrame: boolean;
}

const DRIFT_KEY = 'drift';
const STEP_KEY = 'step';
/**
 * Calibration steps (a bias that appears at once: a transmitter re-zeroed wrongly, swapped, knocked) are judged
 * on STEP_FRAMES frames before and after: the residual against the virtual sensor must sit flat at one level
 * before and flat at another after, a step rather than a ramp (a fault that grows, a drift), by at least
 * STEP_SIGMAS frame σ of the model and STEP_MIN_FRACTION of span, while no other sensor of the machine stepped.
 */
const STEP_FRAMES = 8;
/** A common-mode shift: the median z of same-kind sensors elsewhere, same sign, at least this and this share. */
const COMMON_MODE_Z = 1.5;
const COMMON_MODE_SHARE = 0.25;
const STEP_SIGMAS = 6;
const STEP_MIN_FRACTION = 0.02;
/** How long (process ms) a sensor must stay the isolated drift candidate before it is flagged. */
const PERSIST_MS = 3_600_000;
/**
 * A jump this large (in robust σ of the sensor's own changes) on another sensor of the same machine at the same
 * time makes a spike a process event: a sensor glitch is isolated in time and in space, a start or a load kick
 * moves current, power and vibration together.
 */
const PROCESS_JUMP_SIGMAS = 4;

/**
 * Sensor trust for a whole plant: one SensorChecker per sensor, fed with what only the plant knows — whether the
 * asset runs (a stopped machine reads flat), and how each sensor agrees with its virtual sensor (calibration
 * drift). Readings go through `check` one by one in time order; readings are never dropped, only flagged.
 * Once a frame (a minute) has passed, its per-sensor means update the virtual sensors; a sensor whose slow
 * residual leaves its cross-validated band, and is the asset's most deviating sensor (a machine fault moves
 * several sensors together; a calibration drift moves one), is flagged DRIFT until it comes back.
 */
export class PlantQualityMonitor {
  readonly checkers = new Map<string, SensorChecker>();
  private readonly options: PlantQualityOptions;
  private readonly sensors: Sensor[] = [];
  private readonly byId = new Map<string, Sensor>();
  private readonly assetSensors = new Map<string, Sensor[]>();
  private readonly contexts = new Map<string, { running: boolean; processEventAt: (ts: number) => boolean }>();
  private readonly runs = new Map<string, AssetRun>();
  private readonly frameMs: number;
  private readonly timeScale: number;
  private readonly startupMs: number;
  private readonly recordLimit: number;
  private readonly zEnter: number;
  private readonly zExit: number;
  private readonly minFraction: number;
  private frameIdx: number | undefined;
  /** Open frames by index: the current one and any later one readings have already reached. */
  private open = new Map<number, Map<string, Acc>>();
  private readonly tracker: FeatureTracker;
  private readonly scale: ReturnType<typeof scaleOf> = new Map();
  private drift = new Map<string, DriftState>();
  private readonly driftSince = new Map<string, number>();
  readonly frames: Frame[] = [];
  readonly usable = new Map<string, boolean[]>();

  constructor(sensors: readonly Sensor[], options: PlantQualityOptions = {}) {
    this.options = options;
    this.frameMs = options.frameMs ?? 60_000;
    this.timeScale = options.timeScale ?? 1;
    this.startupMs = options.startupMs ?? 30 * 60_000;
    this.recordLimit = options.recordFrames ?? 0;
    this.zEnter = options.drift?.zEnter ?? 5;
    this.zExit = Math.min(this.zEnter, options.drift?.zExit ?? 2);
    this.minFraction = options.drift?.minFractionOfSpan ?? 0.0075;
    this.tracker = new FeatureTracker(this.frameMs * this.timeScale);
    for (const s of sensors) this.upsertSensor(s, options.resolutions?.get(s.id));
  }

  /**
   * Adds a sensor or replaces its definition (a new range, unit or rate): its checks start afresh, with the given
   * resolution. The asset's running indicator is chosen again.
   */
  upsertSensor(sensor: Sensor, resolution?: number): SensorChecker {
    const old = this.byId.get(sensor.id);
    if (old) this.sensors.splice(this.sensors.indexOf(old), 1);
    this.sensors.push(sensor);
    this.byId.set(sensor.id, sensor);
    this.scale.set(sensor.id, { min: sensor.min, span: sensor.max - sensor.min > 0 ? sensor.max - sensor.min : 1 });
    const own = this.sensors.filter((s) => s.assetId === sensor.assetId);
    this.assetSensors.set(sensor.assetId, own);
    const eff = { ...sensor, ...this.options.sensorOverrides?.get(sensor.id) };
    const checker = new SensorChecker(eff, { ...this.options.checker, resolution: resolution ?? 0 });
    this.checkers.set(sensor.id, checker);
    this.contexts.delete(sensor.id);
    const d = this.drift.get(sensor.id);
    if (d) {
      d.step = undefined;
      d.lastStepAt = undefined;
      d.buf = [];
    }
    const ind = runningIndicator(own);
    const span = ind ? ind.max - ind.min : 0;
    const prev = this.runs.get(sensor.assetId);
    this.runs.set(sensor.assetId, {
      indicator: ind?.id,
      threshold: ind ? ind.min + STOPPED_FLOOR_FRACTION * span : 0,
      running: prev?.running ?? true,
      startedAt: prev?.startedAt,
      stoppedInFrame: prev?.stoppedInFrame ?? false,
    });
    if (!this.usable.has(sensor.assetId)) this.usable.set(sensor.assetId, []);
    return checker;
  }

  /** Whether the asset is running, as its running indicator last read (true when unknown). */
  running(assetId: string): boolean {
    return this.runs.get(assetId)?.running ?? true;
  }

  /** Checks one reading at wall time `now` (see SensorChecker.check); unknown sensors are passed over. */
  check(reading: CheckInput & { sensor: string }, now: number): CheckResult | undefined {
    const c = this.checkers.get(reading.sensor);
    if (!c) return undefined;
    this.advance(now);
    const s = this.byId.get(reading.sensor) as Sensor;
    const run = this.runs.get(s.assetId) as AssetRun;
    if (run.indicator === reading.sensor && Number.isFinite(reading.value)) {
      const running = reading.value > run.threshold;
      if (running && !run.running) run.startedAt = reading.ts * this.timeScale;
      if (!running) run.stoppedInFrame = true;
      run.running = running;
    }
    let ctx = this.contexts.get(s.id);
    if (!ctx) {
      // One context per sensor, reused: no allocation per reading on the ingest path.
      ctx = { running: true, processEventAt: (ts: number) => this.processEvent(s, ts) };
      this.contexts.set(s.id, ctx);
    }
    ctx.running = run.running;
    const res = c.check(reading, now, ctx);
    const idx = Math.floor(reading.ts / this.frameMs);
    if (this.frameIdx === undefined) this.frameIdx = idx;
    // Readings later than one frame behind the clock miss their frame (they are still checked and flagged).
    if (idx >= this.frameIdx && idx <= this.frameIdx + 2 && Number.isFinite(reading.value)) {
      let frame = this.open.get(idx);
      if (!frame) {
        frame = new Map();
        this.open.set(idx, frame);
      }
      let a = frame.get(reading.sensor);
      if (!a) {
        a = { sum: 0, n: 0, flagged: false };
        frame.set(reading.sensor, a);
      }
      a.sum += reading.value;
      a.n++;
      // Drift and offset flags do not count here: the sensor's own residual must keep being watched to see it come back.
      if (
        res.flags.some((f) => f.reason !== QualityReason.DRIFT && f.reason !== QualityReason.BIAS) ||
        !isGood(reading.quality ?? 0)
      )
        a.flagged = true;
    }
    return res;
  }

  /** Whether another sensor of the asset jumped by ≥ PROCESS_JUMP_SIGMAS at `ts`: a process event. */
  private processEvent(s: Sensor, ts: number): boolean {
    for (const o of this.assetSensors.get(s.assetId) ?? []) {
      if (o.id === s.id) continue;
      const z = this.checkers.get(o.id)?.jumpAt(ts);
      if (z !== undefined && z >= PROCESS_JUMP_SIGMAS) return true;
    }
    return false;
  }

  /** Gap checks for sensors that went quiet, at wall time `now`. */
  tick(now: number): Map<string, CheckResult> {
    this.advance(now);
    const out = new Map<string, CheckResult>();
    for (const [id, c] of this.checkers) {
      const r = c.tick(now);
      if (r.flags.length > 0) out.set(id, r);
    }
    return out;
  }

  /** Trains the virtual sensors from the recorded frames (see `recordFrames`). Returns how many were learnt. */
  trainDrift(options: TrainVirtualSensorsOptions = {}): number {
    const models = trainVirtualSensors(this.sensors, this.frames, this.usable, {
      frameProcessMs: this.frameMs * this.timeScale,
      ...options,
    });
    this.setVirtualSensors(models);
    return models.length;
  }
  setVirtualSensors(models: readonly VirtualSensorModel[]): void {
    this.drift = new Map(
      models.map((m) => [
        m.target,
        { model: m, ewma: 0, reduced: new Map(), sigma: m.sigmaSlow, n: 0, z: 0, buf: [] } as DriftState,
      ]),
    );
  }
  virtualSensors(): VirtualSensorModel[] {
    return [...this.drift.values()].map((d) => d.model);
  }
  /** The current drift statistic of a sensor: slow residual (sensor unit) and its z; undefined without a model. */
  driftOf(sensorId: string): { residual: number; z: number; since?: number; why?: string } | undefined {
    const d = this.drift.get(sensorId);
    return d ? { residual: d.ewma, z: d.z, since: this.driftSince.get(sensorId), why: d.why } : undefined;
  }

  /** Closes the open frame once wall time has passed its end by one frame (late readings of other sources). */
  private advance(now: number): void {
    while (this.frameIdx !== undefined && now >= (this.frameIdx + 2) * this.frameMs) {
      this.closeFrame(this.frameIdx);
      this.frameIdx++;
    }
  }

  private closeFrame(idx: number): void {
    const values = new Map<string, number>();
    const flagged = new Set<string>();
    for (const [id, a] of this.open.get(idx) ?? []) {
      if (a.n === 0) continue;
      values.set(id, a.sum / a.n);
      if (a.flagged) flagged.add(id);
    }
    this.open.delete(idx);
    const t = idx * this.frameMs * this.timeScale;
    const usable = new Map<string, boolean>();
    for (const [asset, run] of this.runs) {
      const steady =
        run.running && !run.stoppedInFrame && (run.startedAt === undefined || t - run.startedAt >= this.startupMs);
      usable.set(asset, steady);
      run.stoppedInFrame = !run.running;
    }
    // Sensors under a drift flag are kept out of the features, like any other flagged sensor.
    const untrusted = new Set(flagged);
    for (const [id, c] of this.checkers) if (c.externalFlag(DRIFT_KEY) || c.externalFlag(STEP_KEY)) untrusted.add(id);
    const frame: Frame = { t, values, flagged: untrusted };
    if (this.recordLimit > 0 && this.frames.length < this.recordLimit) {
      this.frames.push({ t, values, flagged });
      for (const [a, u] of usable) this.usable.get(a)?.push(u);
    }
    // The features of a frame include that frame's own values (as in training): update the averages first.
    this.tracker.update(frame);
    if (this.drift.size > 0) this.updateDrift(frame, flagged, untrusted, usable);
  }

  private updateDrift(
    frame: Frame,
    flagged: ReadonlySet<string>,
    untrusted: ReadonlySet<string>,
    usable: ReadonlyMap<string, boolean>,
  ): void {
    const a = 1 - Math.exp(-(this.frameMs * this.timeScale) / RESIDUAL_TAU_MS);
    const warm = Math.ceil(RESIDUAL_TAU_MS / (this.frameMs * this.timeScale) / 2);
    const byAsset = new Map<string, DriftState[]>();
    for (const d of this.drift.values()) {
      const m = d.model;
      const asset = (this.byId.get(m.target) as Sensor).assetId;
      let list = byAsset.get(asset);
      if (!list) {
        list = [];
        byAsset.set(asset, list);
      }
      list.push(d);
      const y = frame.values.get(m.target);
      if (!usable.get(asset) || y === undefined || flagged.has(m.target)) continue;
      // Related sensors of other machines enter as slow averages, which hold their last trusted value while the
      // sensor is untrusted (FeatureTracker): a fault elsewhere in the plant does not stop this model.
      // One untrusted input: carry on with the model that does without it (its features are then held, not used);
      // more than one, and the residual would mean nothing: wait.
      const bad = m.inputs.filter((i) => untrusted.has(i));
      const instead = bad.length === 1 ? m.reduced?.find((r) => r.without === bad[0]) : undefined;
      if (bad.length > 1 || (bad.length === 1 && !instead)) continue;
      const x = features(m, this.tracker, frame.t, this.scale);
      if (!x) continue;
      const main = instead ? instead : { weights: m.weights, sigmaSlow: m.sigmaSlow };
      const r = y - predict(main.weights, x);
      const prev = d.buf.at(-1);
      if (d.bufModel !== main.weights || (prev && frame.t - prev.t > 1.5 * this.frameMs * this.timeScale)) d.buf = [];
      d.bufModel = main.weights;
      d.buf.push({ t: frame.t, r, y });
      if (d.buf.length > 2 * STEP_FRAMES) d.buf.shift();
      d.ewma += a * (r - d.ewma);
      d.sigma = main.sigmaSlow;
      for (const r of m.reduced ?? []) {
        const e = d.reduced.get(r.without) ?? 0;
        d.reduced.set(r.without, e + a * (y - predict(r.weights, x) - e));
      }
      d.n++;
      d.updatedAt = frame.t;
      d.z = d.n >= warm && d.sigma > 0 ? d.ewma / d.sigma : 0;
      if (Math.abs(d.z) < 1) d.quietAt = frame.t;
    }
    for (const list of byAsset.values()) {
      this.judgeAsset(list, frame.t);
      this.judgeSteps(list, frame.t);
    }
  }

  /**
   * Calibration steps: a sensor whose residual jumped from one flat level to another between the two halves of
   * its window, while the other sensors of the machine held their level, read with an offset from then on. A
   * machine fault grows (a ramp, not a step) and a process change moves several sensors at once. The flag holds
   * until the residual steps back by about the same amount (the sensor recalibrated), the slow residual shows no
   * offset hours later, or the sensor is redefined.
   */
  private judgeSteps(list: DriftState[], t: number): void {
    const full = (d: DriftState) => d.updatedAt === t && d.buf.length === 2 * STEP_FRAMES;
    for (const d of list) {
      if (!full(d)) continue;
      const c = this.checkers.get(d.model.target) as SensorChecker;
      if (d.step && t - d.step.at >= RESIDUAL_TAU_MS && Math.abs(d.z) < this.zExit) {
        // Hours after the step, the slow residual says the sensor agrees with its virtual sensor: no offset (or
        // the step was the machine's after all).
        d.step = undefined;
        c.setExternal(STEP_KEY, undefined);
      }
      const st = stepTest(d.buf, 'r');
      // The sensor's own reading must step the same way, by at least half as much (the load may move it meanwhile,
      // which the prediction follows): a residual that jumps because the prediction did (an input stepped, the
      // sensor follows with its thermal lag) is not an offset.
      const raw = stepTest(d.buf, 'y');
      const ratio = raw.delta / st.delta;
      const big =
        Math.abs(st.delta) >= Math.max(STEP_SIGMAS * d.model.sigmaFrame, STEP_MIN_FRACTION * d.model.span) &&
        st.sseStep <= 0.25 * st.sseRamp &&
        st.s <= Math.abs(st.delta) / 4 &&
        ratio >= 0.5 &&
        ratio <= 2;
      if (!big) continue;
      const at = (d.buf[STEP_FRAMES] as { t: number }).t;
      // One step is seen from a frame or two either side of the middle: take it once.
      if (d.lastStepAt !== undefined && at - d.lastStepAt < STEP_FRAMES * this.frameMs * this.timeScale) continue;
      // Every other sensor of the machine must be seen over the same frames, and must not have stepped.
      const alone = list.every((o) => {
        if (o === d) return true;
        if (!full(o) || o.buf[0]?.t !== d.buf[0]?.t) return false;
        const so = stepTest(o.buf, 'y');
        return Math.abs(so.delta) < Math.max(4 * so.s, 0.01 * o.model.span);
      });
      if (!alone) continue;
      d.lastStepAt = at;
      // The sensor's level changed at once by a known amount: the slow residual takes it at once too (not over
      // hours), so an offset shows in it now and, once corrected, leaves nothing behind to be mistaken for drift.
      const before = d.ewma;
      d.ewma += st.delta;
      for (const [k, e] of d.reduced) d.reduced.set(k, e + st.delta);
      d.z = d.sigma > 0 ? d.ewma / d.sigma : 0;
      const opposite = (x: number) => x !== 0 && Math.sign(st.delta) !== Math.sign(x);
      if (d.step) {
        // Stepped back by about the offset: recalibrated (or the connection fixed).
        if (opposite(d.step.delta) && Math.abs(st.delta + d.step.delta) <= 0.5 * Math.abs(d.step.delta)) {
          d.step = undefined;
          c.setExternal(STEP_KEY, undefined);
        }
        continue;
      }
      // A step back toward the virtual sensor of a sensor that read off (drifting, flagged or not) is its
      // recalibration: nothing to flag.
      const drifting = c.externalFlag(DRIFT_KEY) !== undefined || Math.abs(before) >= this.zEnter * d.sigma;
      if (drifting && opposite(before) && Math.abs(before) >= 0.5 * Math.abs(st.delta)) continue;
      d.step = { at, delta: st.delta };
      const pct = (100 * st.delta) / d.model.span;
      c.setExternal(STEP_KEY, {
        reason: QualityReason.BIAS as QualityReasonCode,
        severity: 'suspect',
        detail: `stepped ${pct >= 0 ? '+' : ''}${pct.toFixed(1)} % of span against its virtual sensor while the machine's other sensors held steady: an offset (bias); check the transmitter and its calibration`,
        since: at / this.timeScale,
      });
    }
  }

  /**
   * Whether sensors of the same kind on other machines deviate the same way at the same time: the hall warming
   * beyond anything seen in training moves every bearing temperature's residual together. Calibration drift is
   * one instrument's; a common-mode shift is the environment (or the models' reach), and blames no sensor.
   */
  private commonMode(cand: DriftState, t: number): boolean {
    const me = this.byId.get(cand.model.target) as Sensor;
    const zs: number[] = [];
    for (const o of this.drift.values()) {
      if (o.updatedAt !== t || o === cand) continue;
      const s = this.byId.get(o.model.target) as Sensor;
      if (s.kind === me.kind && s.assetId !== me.assetId) zs.push(o.z);
    }
    if (zs.length < 2) return false;
    zs.sort((a, b) => a - b);
    const med =
      zs.length % 2
        ? (zs[(zs.length - 1) / 2] as number)
        : ((zs[zs.length / 2 - 1] as number) + (zs[zs.length / 2] as number)) / 2;
    return (
      Math.sign(med) === Math.sign(cand.z) &&
      Math.abs(med) >= Math.max(COMMON_MODE_Z, COMMON_MODE_SHARE * Math.abs(cand.z))
    );
  }

  /** Whether a sensor is untrusted for a reason of its own other than drift or offset. */
  private troubled(id: string): boolean {
    const c = this.checkers.get(id);
    return (
      c !== undefined &&
      c.state !== 'good' &&
      c.reasons.some(
        (r) => r !== QualityReason.DRIFT && r !== QualityReason.BIAS && r !== QualityReason.CALIBRATION_OVERDUE,
      )
    );
  }

  /**
   * Which sensor of an asset drifts, if any. A candidate's own residual must be large; and every other sensor of
   * the asset, predicted without the candidate, must be normal: then the candidate alone explains the deviation
   * (a calibration fault). When the others still deviate without it, the machine changed (a fault or a new
   * regime), and no sensor is blamed.
   */
  private judgeAsset(list: DriftState[], t: number): void {
    const warm = Math.ceil(RESIDUAL_TAU_MS / (this.frameMs * this.timeScale) / 2);
    const zOf = (d: DriftState, without: string): number | undefined => {
      const r = d.model.reduced?.find((x) => x.without === without);
      const e = d.reduced.get(without);
      return r && e !== undefined && d.n >= warm && r.sigmaSlow > 0 ? e / r.sigmaSlow : undefined;
    };
    // A model that could not be updated in this frame (its own readings flagged, inputs untrusted) has a stale
    // residual: it neither blames nor clears anyone.
    const fresh = (o: DriftState) => o.updatedAt === t;
    const isolated = (cand: DriftState) =>
      list.every((o) => {
        if (o === cand || !fresh(o)) return true;
        const z = zOf(o, cand.model.target);
        return z === undefined ? Math.abs(o.z) < this.zExit : Math.abs(z) < this.zEnter - 1;
      });
    const candidates = list
      .filter((d) => fresh(d) && Math.abs(d.z) >= this.zEnter && Math.abs(d.ewma) >= this.minFraction * d.model.span)
      .sort((p, q) => Math.abs(q.z) - Math.abs(p.z));
    // A calibration drift is slow and persistent: the same sensor must be the isolated candidate for PERSIST_MS
    // of process time before it is flagged, so an hour of odd operation does not blame an instrument.
    // Isolation rests on the other sensors being sound witnesses. While another sensor of the machine is already
    // untrusted for another reason (stuck, out of range, wrong unit …), one witness is missing: a machine fault
    // could then pass for a second sensor fault, so no new drift is declared until it is sound again.
    const impaired = (cand: DriftState) =>
      list.some((o) => o !== cand && this.troubled(o.model.target)) &&
      this.checkers.get(cand.model.target)?.externalFlag(DRIFT_KEY) === undefined;
    const first = candidates.find((c) => isolated(c) && !impaired(c) && !this.commonMode(c, t));
    for (const d of list) if (d !== first) d.candidateSince = undefined;
    if (first) first.candidateSince ??= t;
    const chosen = first && t - (first.candidateSince as number) >= PERSIST_MS ? first : undefined;
    for (const c of candidates) {
      if (c === chosen) c.why = 'isolated';
      else {
        const blocker = list.find((o) => {
          if (o === c || !fresh(o)) return false;
          const z = zOf(o, c.model.target);
          return z === undefined ? Math.abs(o.z) >= this.zExit : Math.abs(z) >= this.zEnter - 1;
        });
        c.why = blocker
          ? `not isolated: ${blocker.model.target} deviates without it (z ${zOf(blocker, c.model.target)?.toFixed(1) ?? blocker.z.toFixed(1)})`
          : 'another sensor deviates more';
      }
    }
    for (const d of list) {
      const m = d.model;
      const c = this.checkers.get(m.target) as SensorChecker;
      const active = c.externalFlag(DRIFT_KEY) !== undefined;
      if (d === chosen || (active && Math.abs(d.z) >= this.zExit)) {
        // The drift began where the residual last sat within one σ, hours before it was big enough to flag.
        if (!active) this.driftSince.set(m.target, (d.quietAt ?? t) / this.timeScale);
        const pct = (100 * d.ewma) / m.span;
        c.setExternal(DRIFT_KEY, {
          reason: QualityReason.DRIFT as QualityReasonCode,
          severity: 'suspect',
          detail: `reads ${pct >= 0 ? '+' : ''}${pct.toFixed(1)} % of span against its virtual sensor (from ${[...m.inputs, ...m.related].slice(0, 3).join(', ')} …)`,
          since: this.driftSince.get(m.target),
        });
      } else if (active) {
        c.setExternal(DRIFT_KEY, undefined);
        this.driftSince.delete(m.target);
      }
    }
  }
}

/**
 * Two models of a window split in half: two flat levels (a step at the middle) and a straight line (a ramp).
 * Returns the step (mean after − mean before), the pooled within-half standard deviation, and both fits' squared
 * errors. Means, not medians: the frames are already averages of many readings, and flagged ones are left out.
 */
export function stepTest<K extends string>(
  buf: readonly Record<K, number>[],
  key: K,
): { delta: number; s: number; sseStep: number; sseRamp: number } {
  const n = buf.length;
  const h = Math.floor(n / 2);
  if (h === 0) return { delta: 0, s: 0, sseStep: 0, sseRamp: 0 };
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const v = (buf[i] as Record<K, number>)[key];
    if (i < h) m1 += v;
    else m2 += v;
  }
  m1 /= h;
  m2 /= n - h;
  let sseStep = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const v = (buf[i] as Record<K, number>)[key];
    sseStep += (v - (i < h ? m1 : m2)) ** 2;
    mean += v;
  }
  mean /= n;
  const xm = (n - 1) / 2;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - xm) * ((buf[i] as Record<K, number>)[key] - mean);
    sxx += (i - xm) ** 2;
  }
  const b = sxx > 0 ? sxy / sxx : 0;
  let sseRamp = 0;
  for (let i = 0; i < n; i++) sseRamp += ((buf[i] as Record<K, number>)[key] - mean - b * (i - xm)) ** 2;
  return { delta: m2 - m1, s: Math.sqrt(sseStep / Math.max(1, n - 2)), sseStep, sseRamp };
}
