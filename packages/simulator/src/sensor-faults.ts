import { convert, convertDelta, PrognosError, type Reading, Rng, type Sensor } from '@prognos/core';

/**
 * Sensor faults: the instrument lies, the machine is fine. They act on the readings *after* the physics, so the
 * machine model never sees them, and they can be mixed freely with machine faults. The kinds follow the usual
 * sensor-fault taxonomy (bias, drift, precision degradation, stuck, outliers, loss of signal; e.g. Kullaa 2013,
 * "Detection, identification, and quantification of sensor fault in a sensor network", MSSP 40) plus two data-
 * integration faults the issue names: a unit change upstream and a skewed source clock.
 */
export type SensorFaultKind = 'bias' | 'drift' | 'stuck' | 'dropout' | 'spike' | 'noise' | 'unit_change' | 'clock_skew';

export const SENSOR_FAULT_KINDS: readonly SensorFaultKind[] = [
  'bias',
  'drift',
  'stuck',
  'dropout',
  'spike',
  'noise',
  'unit_change',
  'clock_skew',
];

export interface InjectSensorFaultOptions {
  /** Wall ms at which the fault starts (default: the simulator's current time). */
  startAt?: number;
  /** Wall ms the fault lasts (default: until cleared). */
  durationMs?: number;
  /** bias: offset in the sensor's unit (takes precedence over percentOfSpan). */
  offset?: number;
  /** bias: offset in % of the sensor's span (max − min), default 5. spike: spike height in % of span, default 30. */
  percentOfSpan?: number;
  /** drift: rate in % of span per process hour (sign gives the direction), default 0.5. */
  percentOfSpanPerHour?: number;
  /** spike: probability that one reading is a spike, default 0.01. */
  probability?: number;
  /** noise: the sensor's total noise becomes factor × its own, default 3 (must be > 1). */
  factor?: number;
  /** unit_change: the unit the values are now sent in (default: the counterpart of the sensor's unit). */
  toUnit?: string;
  /** clock_skew: seconds added to every timestamp (negative: the source clock is behind), default 60. */
  skewSeconds?: number;
}

/** A fault's magnitudes, resolved to the sensor's unit. Only the fields of its kind are set. */
export interface SensorFaultParams {
  /** bias: added to each value (sensor unit). */
  offset?: number;
  /** drift: added per process hour since the start (sensor unit / h). */
  ratePerHour?: number;
  /** spike: per-reading probability and height (sensor unit; the sign is random). */
  probability?: number;
  amplitude?: number;
  /** noise: total noise = factor × the sensor's own. */
  factor?: number;
  /** unit_change: from the sensor's unit to this one. */
  fromUnit?: string;
  toUnit?: string;
  /** clock_skew: ms added to each timestamp. */
  skewMs?: number;
}

export interface SensorFaultState {
  /** "SF-0001", … in injection order. */
  id: string;
  sensorId: string;
  kind: SensorFaultKind;
  /** Wall ms of the start. */
  startAt: number;
  /** Wall ms of the end (exclusive); absent while it lasts until cleared. */
  endAt?: number;
  /** True when the simulator's current time lies in [startAt, endAt). */
  active: boolean;
  params: SensorFaultParams;
}

/** Ground truth of one injected sensor fault, for benchmarks: what was wrong with which sensor, and when. */
export interface SensorFaultTruth {
  id: string;
  sensorId: string;
  kind: SensorFaultKind;
  /** Wall ms, inclusive. */
  startAt: number;
  /** Wall ms, exclusive: the planned end or the time it was cleared; null while open-ended. */
  endAt: number | null;
}

/**
 * Counterparts of a unit a misconfigured gateway or a swapped transmitter plausibly sends instead: imperial vs
 * metric, and the flow-unit confusion (m³/h vs L/min) the issue names.
 */
export const UNIT_COUNTERPARTS: Readonly<Record<string, string>> = Object.freeze({
  degC: 'degF',
  degF: 'degC',
  K: 'degC',
  bar: 'psi',
  psi: 'bar',
  kPa: 'psi',
  MPa: 'psi',
  'm3/h': 'L/min',
  'L/min': 'm3/h',
  'L/s': 'm3/h',
  'mm/s': 'in/s',
  'in/s': 'mm/s',
});

/** The unit a sensor's unit is plausibly confused with, or undefined when it has none. */
export function unitCounterpart(unit: string): string | undefined {
  return Object.hasOwn(UNIT_COUNTERPARTS, unit) ? UNIT_COUNTERPARTS[unit] : undefined;
}

/** What the injector needs to know about the sensor's own noise (from the asset model). */
export type SensorNoiseOf = (sensorId: string, value: number) => { sigma: number; resolution: number } | undefined;

const HOUR_MS = 3_600_000;

interface SensorFaultEntry {
  id: string;
  sensor: Sensor;
  kind: SensorFaultKind;
  startAt: number;
  endAt?: number;
  /** Process ms of the start (drift grows with process time, like machine degradation). */
  startProc: number;
  params: SensorFaultParams;
  /** stuck: the value frozen at the first reading in the window. */
  frozen?: number;
}

/**
 * Holds the injected sensor faults of one simulator and applies them to its readings. Each sensor has its own
 * random stream keyed by the simulator's seed and the sensor id, drawn only while one of its faults needs it: the
 * physics streams are never touched, so a run without sensor faults is bit-identical to one without this class, and
 * a sensor's faults do not change any other sensor's readings.
 */
export class SensorFaultInjector {
  private list: SensorFaultEntry[] = [];
  private truth: SensorFaultTruth[] = [];
  private seq = 0;
  private readonly rngs = new Map<string, Rng>();

  constructor(
    private readonly seed: number | string,
    private readonly sensors: ReadonlyMap<string, Sensor>,
    private readonly noiseOf: SensorNoiseOf,
  ) {}

  get size(): number {
    return this.list.length;
  }

  inject(
    sensorId: string,
    kind: SensorFaultKind,
    opts: InjectSensorFaultOptions,
    now: number | undefined,
    procOf: (wall: number) => number,
  ): SensorFaultState {
    const sensor = this.sensors.get(sensorId);
    if (!sensor) throw new PrognosError('SENSOR_NOT_FOUND', [sensorId]);
    if (!SENSOR_FAULT_KINDS.includes(kind)) {
      throw new PrognosError('BAD_REQUEST', [
        `unknown sensor fault "${kind}"; possible: ${SENSOR_FAULT_KINDS.join(', ')}`,
      ]);
    }
    const startAt = opts.startAt ?? now;
    if (startAt === undefined || !Number.isFinite(startAt)) {
      throw new PrognosError('BAD_REQUEST', ['the simulator has no time yet: pass startAt or an origin']);
    }
    if (opts.durationMs !== undefined && !(opts.durationMs > 0 && Number.isFinite(opts.durationMs))) {
      throw new PrognosError('BAD_REQUEST', ['durationMs must be a positive finite number']);
    }
    const r: SensorFaultEntry = {
      id: `SF-${String(++this.seq).padStart(4, '0')}`,
      sensor,
      kind,
      startAt,
      startProc: procOf(startAt),
      params: resolveParams(sensor, kind, opts),
      ...(opts.durationMs !== undefined ? { endAt: startAt + opts.durationMs } : {}),
    };
    this.list.push(r);
    this.truth.push({ id: r.id, sensorId, kind, startAt, endAt: r.endAt ?? null });
    return this.view(r, now);
  }

  /** After a speed change: recomputes the process-time start of faults that have not started by wall time `now`. */
  rebase(now: number | undefined, procOf: (wall: number) => number): void {
    for (const r of this.list) if (now === undefined || r.startAt > now) r.startProc = procOf(r.startAt);
  }

  /** Ends a fault at wall time `now`: its ground truth then ends there (or is dropped if it never started). */
  clear(id: string, now: number | undefined): boolean {
    const i = this.list.findIndex((r) => r.id === id);
    if (i < 0) return false;
    this.list.splice(i, 1);
    const t = this.truth.findIndex((x) => x.id === id);
    const truth = this.truth[t];
    if (truth) {
      const at = now ?? truth.startAt;
      if (at <= truth.startAt) this.truth.splice(t, 1);
      else if (truth.endAt === null || at < truth.endAt) truth.endAt = at;
    }
    return true;
  }

  states(now: number | undefined): SensorFaultState[] {
    return this.list.map((r) => this.view(r, now));
  }

  /** Ground truth of every fault injected so far (cleared ones included, up to their clearing). */
  log(): SensorFaultTruth[] {
    return this.truth.map((t) => ({ ...t }));
  }

  /**
   * Applies the faults to into[first..] in place (in injection order when a sensor has several); dropouts remove
   * readings. `procOf` maps a wall time to process time.
   */
  apply(into: Reading[], first: number, procOf: (wall: number) => number): void {
    let w = first;
    for (let i = first; i < into.length; i++) {
      const r = into[i] as Reading;
      if (this.applyOne(r, procOf)) into[w++] = r;
    }
    into.length = w;
  }

  private applyOne(r: Reading, procOf: (wall: number) => number): boolean {
    const wall = r.ts;
    for (const f of this.list) {
      if (f.sensor.id !== r.sensor || wall < f.startAt || (f.endAt !== undefined && wall >= f.endAt)) continue;
      const p = f.params;
      switch (f.kind) {
        case 'bias':
          r.value += p.offset ?? 0;
          break;
        case 'drift':
          r.value += ((p.ratePerHour ?? 0) * (procOf(wall) - f.startProc)) / HOUR_MS;
          break;
        case 'stuck':
          f.frozen ??= r.value;
          r.value = f.frozen;
          break;
        case 'dropout':
          return false;
        case 'spike': {
          const rng = this.rng(r.sensor);
          const hit = rng.next() < (p.probability ?? 0);
          const up = rng.next() < 0.5;
          if (hit) r.value += up ? (p.amplitude ?? 0) : -(p.amplitude ?? 0);
          break;
        }
        case 'noise': {
          const own = this.noiseOf(r.sensor, r.value);
          const k = p.factor ?? 1;
          // Independent Gaussian noise adds in variance: σ_extra = σ·√(k² − 1) makes the total k·σ.
          const sigma = (own?.sigma ?? 0) * Math.sqrt(k * k - 1);
          const v = r.value + sigma * this.rng(r.sensor).normal();
          r.value = own ? roundTo(v, own.resolution) : v;
          break;
        }
        case 'unit_change': {
          const from = p.fromUnit ?? f.sensor.unit;
          const to = p.toUnit ?? from;
          const own = this.noiseOf(r.sensor, r.value);
          const v = convert(r.value, from, to);
          // Keep the sensor's resolution, expressed in the new unit, so values print as a real device sends them.
          r.value = own ? roundTo(v, Math.abs(convertDelta(own.resolution, from, to))) : v;
          break;
        }
        case 'clock_skew':
          r.ts = wall + (p.skewMs ?? 0);
          break;
      }
    }
    return true;
  }

  private rng(sensorId: string): Rng {
    let rng = this.rngs.get(sensorId);
    if (!rng) {
      rng = new Rng(`${this.seed}/sensor-fault/${sensorId}`);
      this.rngs.set(sensorId, rng);
    }
    return rng;
  }

  private view(r: SensorFaultEntry, now: number | undefined): SensorFaultState {
    const active = now !== undefined && now >= r.startAt && (r.endAt === undefined || now < r.endAt);
    return {
      id: r.id,
      sensorId: r.sensor.id,
      kind: r.kind,
      startAt: r.startAt,
      ...(r.endAt !== undefined ? { endAt: r.endAt } : {}),
      active,
      params: { ...r.params },
    };
  }
}

function finite(name: string, v: number): number {
  if (!Number.isFinite(v)) throw new PrognosError('BAD_REQUEST', [`${name} must be a finite number`]);
  return v;
}

function resolveParams(sensor: Sensor, kind: SensorFaultKind, o: InjectSensorFaultOptions): SensorFaultParams {
  const span = sensor.max - sensor.min;
  switch (kind) {
    case 'bias':
      return {
        offset:
          o.offset !== undefined
            ? finite('offset', o.offset)
            : (finite('percentOfSpan', o.percentOfSpan ?? 5) / 100) * span,
      };
    case 'drift':
      return { ratePerHour: (finite('percentOfSpanPerHour', o.percentOfSpanPerHour ?? 0.5) / 100) * span };
    case 'spike': {
      const probability = finite('probability', o.probability ?? 0.01);
      if (probability < 0 || probability > 1) throw new PrognosError('BAD_REQUEST', ['probability must be in [0, 1]']);
      return { probability, amplitude: Math.abs(finite('percentOfSpan', o.percentOfSpan ?? 30) / 100) * span };
    }
    case 'noise': {
      const factor = finite('factor', o.factor ?? 3);
      if (!(factor > 1)) throw new PrognosError('BAD_REQUEST', ['noise factor must be > 1']);
      return { factor };
    }
    case 'unit_change': {
      const toUnit = o.toUnit ?? unitCounterpart(sensor.unit);
      if (toUnit === undefined) {
        throw new PrognosError('BAD_REQUEST', [
          `sensor ${sensor.id} has unit ${sensor.unit}, which has no counterpart`,
        ]);
      }
      if (toUnit === sensor.unit) throw new PrognosError('BAD_REQUEST', [`toUnit is the sensor's own unit ${toUnit}`]);
      try {
        convert(0, sensor.unit, toUnit);
      } catch (e) {
        throw new PrognosError('BAD_REQUEST', [(e as Error).message]);
      }
      return { fromUnit: sensor.unit, toUnit };
    }
    case 'clock_skew':
      return { skewMs: Math.round(finite('skewSeconds', o.skewSeconds ?? 60) * 1000) };
    default:
      return {};
  }
}

function roundTo(v: number, res: number): number {
  if (!(res > 0)) return v;
  const inv = Math.round(1 / res);
  // Decimal resolutions divide by an integer so values print cleanly (0.3, not 0.30000000000000004).
  if (inv >= 1 && Math.abs(1 / res - inv) < 1e-9) return Math.round(v * inv) / inv + 0;
  return Math.round(v / res) * res + 0;
}
