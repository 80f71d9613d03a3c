import { type Asset, convert, convertDelta, GOOD, type Reading, Rng, type Sensor } from '@prognos/core';
import { type AssetPhysics, EXTRA_NORMALS, type ModelDef, type ModelEnv, type SignalSpec } from './models/model';
import { clamp } from './models/physics';
import { ouStep } from './schedule';
import type { FaultLevels } from './types';

/** How one plant sensor reads one model signal. */
interface Binding {
  sensor: string;
  index: number;
  spec: SignalSpec;
  /** The sensor's unit (the model's unit when they match). */
  unit: string;
  /** Converts from the model's unit to the sensor's unit (identity when they match). */
  unitFrom?: (v: number) => number;
  resolution: number;
}

const LOAD_TAU_S = 2 * 3600; // load wanders slowly around the shift demand…
const LOAD_SIGMA = 0.06; // …by a few percent
const WARM_UP_S = 2 * 86_400;
const NO_FAULTS: FaultLevels = { bearing_wear: 0, misalignment: 0, cavitation: 0, clogged_filter: 0, overheating: 0 };

/** A 32-bit integer hash (murmur3 finaliser) → uniform [0, 1), for pure per-key randomness. */
function hash01(seed: number, key: number): number {
  let h = (seed ^ Math.imul(key | 0, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

function quantise(v: number, res: number): number {
  const inv = Math.round(1 / res);
  // Decimal resolutions (0.1, 0.01) divide by an integer so that values print cleanly (0.3, not 0.30000000000000004).
  if (inv >= 1 && Math.abs(1 / res - inv) < 1e-9) return Math.round(v * inv) / inv + 0; // + 0 turns -0 into 0
  return Math.round(v / res) * res + 0;
}

function bindSensor(asset: Asset, model: ModelDef, sensor: Sensor): Binding {
  const suffix = sensor.id.startsWith(`${asset.id}.`) ? sensor.id.slice(asset.id.length + 1) : sensor.id;
  let index = model.signals.findIndex((s) => s.name === suffix);
  if (index < 0) index = model.signals.findIndex((s) => s.kind === sensor.kind);
  if (index < 0) {
    const names = model.signals.map((s) => `${s.name} (${s.kind})`).join(', ');
    throw new Error(
      `sensor ${sensor.id}: asset type ${asset.type} has no signal "${suffix}" or of kind ${sensor.kind}; known: ${names}`,
    );
  }
  const spec = model.signals[index]!;
  if (sensor.unit === spec.unit) {
    return { sensor: sensor.id, index, spec, unit: sensor.unit, resolution: spec.resolution };
  }
  convert(0, spec.unit, sensor.unit); // throws on a quantity mismatch
  return {
    sensor: sensor.id,
    index,
    spec,
    unit: sensor.unit,
    unitFrom: (v) => convert(v, spec.unit, sensor.unit),
    resolution: Math.abs(convertDelta(spec.resolution, spec.unit, sensor.unit)),
  };
}

/** One simulated asset: its physics, its own random stream, its running state and planned-stop schedule. */
export class AssetRuntime {
  readonly physics: AssetPhysics;
  private readonly rng: Rng;
  private readonly hashSeed: number;
  private readonly bindings: Binding[];
  private readonly out: Float64Array;
  private readonly z = new Float64Array(EXTRA_NORMALS);
  private readonly noise: Float64Array;
  private readonly env: ModelEnv;
  running = true;
  failed = false;
  /** Stopped by an operator: only an operator start (or a repair) restarts it. */
  held = false;
  load = 0;
  private loadDev = 0;
  nextStopAt = Number.POSITIVE_INFINITY;
  restartAt = Number.POSITIVE_INFINITY;
  failedAtProc = Number.POSITIVE_INFINITY;

  constructor(
    readonly asset: Asset,
    readonly model: ModelDef,
    sensors: readonly Sensor[],
    seed: number | string,
    private readonly randomStops: boolean,
  ) {
    // One stream per asset, keyed by its id: adding or removing an asset leaves the others' readings unchanged.
    this.rng = new Rng(`${seed}/${asset.id}`);
    this.hashSeed = Math.floor(this.rng.next() * 4294967296);
    this.physics = model.create();
    this.bindings = sensors.map((s) => bindSensor(asset, model, s));
    this.out = new Float64Array(model.signals.length);
    this.noise = new Float64Array(model.signals.length);
    this.env = {
      dtS: 0,
      procMs: 0,
      ambient: 20,
      load: 0,
      running: true,
      f: NO_FAULTS,
      z: this.z,
      u: (key) => hash01(this.hashSeed, key),
    };
  }

  /** Brings the physics to steady state at the starting conditions (no random draws) and plans the first stop. */
  init(procMs: number, ambient: number, demand: number): void {
    this.load = this.baseLoad(demand, ambient);
    Object.assign(this.env, { dtS: WARM_UP_S, procMs, ambient, load: this.load, running: true, f: NO_FAULTS });
    this.physics.step(this.env, this.out);
    this.planNextStop(procMs);
  }

  private baseLoad(demand: number, ambient: number): number {
    return this.model.loadFrom ? this.model.loadFrom(demand, ambient) : demand;
  }

  private expHours(meanHours: number): number {
    return -Math.log(1 - this.rng.next()) * meanHours * 3_600_000;
  }

  planNextStop(procMs: number): void {
    this.nextStopAt = this.randomStops
      ? procMs + this.expHours(this.model.duty.meanRunHours)
      : Number.POSITIVE_INFINITY;
  }

  /** Planned stop at nextStopAt, lasting a random duration. */
  stopForSchedule(): void {
    const [lo, hi] = this.model.duty.stopMinutes;
    this.running = false;
    this.restartAt = this.nextStopAt + (lo + (hi - lo) * this.rng.next()) * 60_000;
    this.nextStopAt = Number.POSITIVE_INFINITY;
  }

  /**
   * A sensor's own measurement noise (standard deviation) and resolution at a value, both in the sensor's unit;
   * undefined when the sensor is not on this asset. Sensor faults use it to scale extra noise.
   */
  sensorNoise(sensorId: string, value: number): { sigma: number; resolution: number } | undefined {
    const b = this.bindings.find((x) => x.sensor === sensorId);
    if (!b) return undefined;
    const vModel = b.unitFrom ? convert(value, b.unit, b.spec.unit) : value;
    const sigmaModel = b.spec.noiseAbs + b.spec.noiseRel * Math.abs(vModel);
    const sigma = b.unitFrom ? Math.abs(convertDelta(sigmaModel, b.spec.unit, b.unit)) : sigmaModel;
    return { sigma, resolution: b.resolution };
  }

  /** Advances the physics to procMs and appends one reading per bound sensor. Draws a fixed count of normals. */
  step(ts: number, procMs: number, dtS: number, ambient: number, demand: number, f: FaultLevels, into: Reading[]) {
    const rng = this.rng;
    this.loadDev = ouStep(this.loadDev, dtS, LOAD_TAU_S, LOAD_SIGMA, rng.normal());
    this.load = clamp(this.baseLoad(demand, ambient) + this.loadDev, 0.05, 1);
    for (let i = 0; i < this.z.length; i++) this.z[i] = rng.normal();
    for (let i = 0; i < this.noise.length; i++) this.noise[i] = rng.normal();
    const env = this.env;
    env.dtS = dtS;
    env.procMs = procMs;
    env.ambient = ambient;
    env.load = this.load;
    env.running = this.running;
    env.f = f;
    this.physics.step(env, this.out);
    for (const b of this.bindings) {
      const v = this.out[b.index]!;
      const spec = b.spec;
      let x = v + (spec.noiseAbs + spec.noiseRel * Math.abs(v)) * this.noise[b.index]!;
      if (spec.nonNegative && x < 0) x = 0;
      if (b.unitFrom) x = b.unitFrom(x);
      into.push({ sensor: b.sensor, ts, value: quantise(x, b.resolution), quality: GOOD });
    }
  }
}
