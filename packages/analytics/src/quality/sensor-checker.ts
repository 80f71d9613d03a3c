import type { QualityReasonCode, QualityState, Reading, Sensor } from '@prognos/core';
import { makeQuality, QualityReason } from '@prognos/core';
import { FlatlineCheck, type FlatlineOptions } from './flatline';
import { GapCheck, type GapOptions } from './gap';
import { type HampelOptions, HampelSpikeCheck } from './hampel';
import { NoiseLevelCheck, type NoiseOptions } from './noise';
import { QuantisationCheck, type QuantisationOptions } from './quantisation';
import { RangeCheck, type RangeCheckOptions } from './range-check';
import { QualityStateMachine, type QualityStateOptions } from './state';
import { TimestampCheck, type TimestampOptions } from './timestamp';
import type { QualityFlag, RevisedFlag, ValueCheck } from './types';
import { UnitMismatchCheck, type UnitMismatchOptions } from './unit-mismatch';

export interface SensorCheckerOptions {
  /** Smallest meaningful change in the sensor's unit (default 0: exact). Shared by spike, flatline, noise. */
  resolution?: number;
  /** Wall clock for the future-timestamp check (default Date.now); `check` also accepts `now` explicitly. */
  clock?: () => number;
  range?: RangeCheckOptions | false;
  spike?: HampelOptions | false;
  flatline?: FlatlineOptions | false;
  gap?: GapOptions | false;
  timestamp?: TimestampOptions | false;
  noise?: NoiseOptions | false;
  quantisation?: QuantisationOptions | false;
  unit?: UnitMismatchOptions | false;
  state?: QualityStateOptions;
}

export interface CheckResult {
  /** The quality byte (core/quality): the worst flag's state and reason; GOOD when nothing was flagged. */
  quality: number;
  /** Every reason raised, worst first. */
  reasons: QualityReasonCode[];
  flags: QualityFlag[];
  /** The sensor's state and 0..100 score after this reading. */
  state: QualityState;
  score: number;
  /**
   * A revised verdict on this sensor's previous reading (a spike is confirmed one reading late): its timestamp,
   * its new quality byte (the worse of what it got and the new flags) and all its flags. The caller re-stores that
   * reading with this quality (same sensor and timestamp: the store replaces it).
   */
  amend?: { ts: number; quality: number; flags: QualityFlag[] };
}

/** Readings a reason stays in `reasons` after its last flag (the state machine's default window). */
const REASON_MEMORY = 60;

/** What the caller knows about the machine around this reading. */
export interface CheckContext {
  /** Whether the asset is running (default: assume it is). */
  running?: boolean;
  /** Whether other sensors of the asset jumped at that time too (then a spike there is the process's). */
  processEventAt?: (ts: number) => boolean;
}

/** A reading as `check` needs it; `sensor` and an incoming `quality` are optional. */
export type CheckInput = Pick<Reading, 'ts' | 'value'> & Partial<Reading>;

/**
 * All streaming quality checks for one sensor. `check` flags a reading (it never drops it: the caller stores
 * the reading with the returned quality byte); `tick` reports what needs time to pass (gaps). Readings whose
 * time is unusable (invalid, future, out of order, duplicate) are range-checked but kept out of the stateful
 * checks, so one late packet cannot corrupt the windows that judge the rest.
 */
export class SensorChecker {
  private readonly clock: () => number;
  private readonly range?: RangeCheck;
  private readonly timestamp?: TimestampCheck;
  private readonly gap?: GapCheck;
  private readonly valueChecks: ValueCheck[] = [];
  /** Fed out-of-range values too: a unit change often lands outside the range, and the jump is what it judges. */
  private readonly unitCheck?: UnitMismatchCheck;
  private readonly spikeCheck?: HampelSpikeCheck;
  private readonly machine: QualityStateMachine;
  /** The last reading that went through the value checks, and its flags: what a revised verdict amends. */
  private last: { ts: number; flags: QualityFlag[] } | undefined;
  private readonly external = new Map<string, QualityFlag>();
  /** Latest flag per reason and the reading count when it was raised. */
  private readonly seen = new Map<QualityReasonCode, { seq: number; flag: QualityFlag; ts: number; since: number }>();
  private lastSeenTs = Number.NaN;
  private seq = 0;
  private running = true;
  constructor(
    readonly sensor: Sensor,
    options: SensorCheckerOptions = {},
  ) {
    const resolution = options.resolution ?? 0;
    this.clock = options.clock ?? Date.now;
    if (options.range !== false) this.range = new RangeCheck(sensor.min, sensor.max, options.range);
    if (options.timestamp !== false) this.timestamp = new TimestampCheck(options.timestamp);
    if (options.gap !== false) this.gap = new GapCheck(sensor.sampleRateHz, options.gap);
    if (options.spike !== false) {
      const span = Number.isFinite(sensor.max - sensor.min) ? Math.max(0, sensor.max - sensor.min) : 0;
      this.spikeCheck = new HampelSpikeCheck({ resolution, minAmplitude: 0.02 * span, ...options.spike });
      this.valueChecks.push(this.spikeCheck);
    }
    if (options.flatline !== false) this.valueChecks.push(new FlatlineCheck({ resolution, ...options.flatline }));
    if (options.noise !== false) this.valueChecks.push(new NoiseLevelCheck({ floor: resolution, ...options.noise }));
    if (options.quantisation !== false) {
      this.valueChecks.push(new QuantisationCheck({ resolution, ...options.quantisation }));
    }
    if (options.unit !== false) {
      this.unitCheck = new UnitMismatchCheck(sensor.unit, sensor.min, sensor.max, options.unit || {});
    }
    this.machine = new QualityStateMachine(options.state);
  }
  get state(): QualityState {
    return this.machine.state;
  }
  /** Reasons flagged within the state window (most recent first), with the latest detail of each. */
  get reasons(): QualityReasonCode[] {
    return this.recentFlags().map((f) => f.reason);
  }
  recentFlags(): QualityFlag[] {
    const out: [number, QualityFlag][] = [];
    for (const [, v] of this.seen) if (this.seq - v.seq < REASON_MEMORY) out.push([v.seq, v.flag]);
    return out.sort((a, b) => b[0] - a[0]).map(([, f]) => f);
  }
  get score(): number {
    return this.machine.score;
  }
  /**
   * Sets (or, with undefined, clears) a flag decided outside this sensor's own stream — a drift found against
   * its virtual sensor — which then marks every reading until it is cleared.
   */
  setExternal(key: string, flag: QualityFlag | undefined): void {
    if (flag) this.external.set(key, flag);
    else this.external.delete(key);
  }
  externalFlag(key: string): QualityFlag | undefined {
    return this.external.get(key);
  }
  check(reading: CheckInput, now: number = this.clock(), context: CheckContext = {}): CheckResult {
    const flags: QualityFlag[] = [];
    if (Number.isFinite(reading.ts)) this.lastSeenTs = reading.ts;
    if (context.running !== undefined && context.running !== this.running) {
      this.running = context.running;
      for (const c of this.valueChecks) c.setRunning?.(context.running);
      this.unitCheck?.setRunning(context.running);
    }
    const add = (f: QualityFlag | undefined) => {
      if (f) flags.push(f);
    };
    const { ts, value } = reading;
    // A late or repeated reading is how store-and-forward replay and QoS 1 redelivery work: it is kept out of the
    // stateful checks (its place in the stream is taken) but not marked, so an idempotent re-send of a good
    // reading does not degrade the stored one. A time that cannot be placed (invalid, future) is flagged bad.
    const problem = this.timestamp?.classify(ts, now);
    const timeFlag =
      problem === 'invalid' || problem === 'future'
        ? { reason: QualityReason.TIMESTAMP, severity: 'bad' as const, detail: `${problem} timestamp` }
        : undefined;
    add(timeFlag);
    const inOrder = problem === undefined;
    const rangeFlag = this.range?.check(value);
    add(rangeFlag);
    let amend: CheckResult['amend'];
    if (inOrder) {
      add(this.gap?.update(ts));
      // Out-of-range and non-finite values would only teach the statistical checks a wrong baseline.
      if (rangeFlag === undefined && Number.isFinite(value)) {
        const revised: RevisedFlag[] = [];
        for (const c of this.valueChecks) {
          add(c.update(ts, value));
          const r = c.revised?.();
          if (r) revised.push(r);
        }
        amend = this.amendLast(revised, context);
        this.last = { ts, flags };
      }
      if (Number.isFinite(value)) add(this.unitCheck?.update(ts, value));
    }
    for (const f of this.external.values()) flags.push(f);
    const res = this.finish(flags);
    if (amend) res.amend = amend;
    return res;
  }
  /** How far (in robust σ of its changes) this sensor jumped at `ts`, when that is one of its last readings. */
  jumpAt(ts: number): number | undefined {
    return this.spikeCheck?.jumpAt(ts);
  }
  private amendLast(revised: RevisedFlag[], context: CheckContext): CheckResult['amend'] {
    const prev = this.last;
    if (!prev) return undefined;
    const late = revised
      .filter((r) => r.ts === prev.ts)
      // A spike that other sensors of the machine share is a process transient (a start, a load kick), not a fault.
      .filter((r) => r.flag.reason !== QualityReason.SPIKE || !context.processEventAt?.(r.ts))
      .map((r) => r.flag);
    if (late.length === 0) return undefined;
    const all = sortFlags([...prev.flags, ...late]);
    this.note(late, prev.ts);
    this.machine.amendLast(all[0]?.severity);
    const top = all[0] as QualityFlag;
    return { ts: prev.ts, quality: makeQuality(top.severity, top.reason), flags: all };
  }
  /** Reports checks that need time to pass (an ongoing gap) at wall-clock `now`. Does not move the state. */
  tick(now: number = this.clock()): CheckResult {
    const flags: QualityFlag[] = [];
    const f = this.gap?.tick(now);
    if (f) flags.push(f);
    this.note(flags, now);
    return this.result(flags);
  }
  private note(flags: readonly QualityFlag[], ts: number = this.lastSeenTs): void {
    for (const f of flags) {
      const prev = this.seen.get(f.reason);
      const ongoing = prev !== undefined && this.seq - prev.seq < REASON_MEMORY;
      const since = Math.min(f.since ?? ts, ongoing ? prev.since : Number.POSITIVE_INFINITY);
      this.seen.set(f.reason, { seq: this.seq, flag: f, ts, since });
    }
  }
  /**
   * When the sensor's current trouble began (the earliest start of a reason still in memory), or undefined while
   * it is good: the attribution gate compares it with the time of an anomaly's evidence.
   */
  get untrustedSince(): number | undefined {
    if (this.machine.state === 'good') return undefined;
    let since = Number.POSITIVE_INFINITY;
    for (const v of this.seen.values()) if (this.seq - v.seq < REASON_MEMORY) since = Math.min(since, v.since);
    return Number.isFinite(since) ? since : undefined;
  }
  private finish(flags: QualityFlag[]): CheckResult {
    this.seq++;
    this.note(flags);
    const worst = flags.some((f) => f.severity === 'bad') ? 'bad' : flags.length > 0 ? 'suspect' : undefined;
    this.machine.record(worst);
    return this.result(flags);
  }
  private result(flags: QualityFlag[]): CheckResult {
    const sorted = sortFlags(flags);
    const top = sorted[0];
    return {
      quality: top ? makeQuality(top.severity, top.reason) : makeQuality('good'),
      reasons: [...new Set(sorted.map((f) => f.reason))],
      flags: sorted,
      state: this.machine.state,
      score: this.machine.score,
    };
  }
}

/** Stable sort: bad before suspect, otherwise in check order (time, range, gap, spike, flatline, …). */
function sortFlags(flags: QualityFlag[]): QualityFlag[] {
  return [...flags].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'bad' ? -1 : 1));
}
