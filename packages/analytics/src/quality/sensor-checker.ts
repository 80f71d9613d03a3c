import type { QualityReasonCode, QualityState, Reading, Sensor } from '@prognos/core';
import { makeQuality } from '@prognos/core';
import { FlatlineCheck, type FlatlineOptions } from './flatline';
import { GapCheck, type GapOptions } from './gap';
import { type HampelOptions, HampelSpikeCheck } from './hampel';
import { NoiseLevelCheck, type NoiseOptions } from './noise';
import { QuantisationCheck, type QuantisationOptions } from './quantisation';
import { RangeCheck, type RangeCheckOptions } from './range-check';
import { QualityStateMachine, type QualityStateOptions } from './state';
import { TimestampCheck, type TimestampOptions } from './timestamp';
import type { QualityFlag, ValueCheck } from './types';
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
  private readonly machine: QualityStateMachine;
  constructor(
    readonly sensor: Sensor,
    options: SensorCheckerOptions = {},
  ) {
    const resolution = options.resolution ?? 0;
    this.clock = options.clock ?? Date.now;
    if (options.range !== false) this.range = new RangeCheck(sensor.min, sensor.max, options.range);
    if (options.timestamp !== false) this.timestamp = new TimestampCheck(options.timestamp);
    if (options.gap !== false) this.gap = new GapCheck(sensor.sampleRateHz, options.gap);
    if (options.spike !== false) this.valueChecks.push(new HampelSpikeCheck({ resolution, ...options.spike }));
    if (options.flatline !== false) this.valueChecks.push(new FlatlineCheck({ resolution, ...options.flatline }));
    if (options.noise !== false) this.valueChecks.push(new NoiseLevelCheck({ floor: resolution, ...options.noise }));
    if (options.quantisation !== false) {
      this.valueChecks.push(new QuantisationCheck({ resolution, ...options.quantisation }));
    }
    if (options.unit !== false) {
      this.valueChecks.push(new UnitMismatchCheck(sensor.unit, sensor.min, sensor.max, options.unit || {}));
    }
    this.machine = new QualityStateMachine(options.state);
  }
  get state(): QualityState {
    return this.machine.state;
  }
  get score(): number {
    return this.machine.score;
  }
  check(reading: CheckInput, now: number = this.clock()): CheckResult {
    const flags: QualityFlag[] = [];
    const add = (f: QualityFlag | undefined) => {
      if (f) flags.push(f);
    };
    const { ts, value } = reading;
    const timeFlag = this.timestamp?.check(ts, now);
    add(timeFlag);
    const rangeFlag = this.range?.check(value);
    add(rangeFlag);
    if (timeFlag === undefined) {
      add(this.gap?.update(ts));
      // Out-of-range and non-finite values would only teach the statistical checks a wrong baseline.
      if (rangeFlag === undefined && Number.isFinite(value)) for (const c of this.valueChecks) add(c.update(ts, value));
    }
    return this.finish(flags);
  }
  /** Reports checks that need time to pass (an ongoing gap) at wall-clock `now`. Does not move the state. */
  tick(now: number = this.clock()): CheckResult {
    const flags: QualityFlag[] = [];
    const f = this.gap?.tick(now);
    if (f) flags.push(f);
    return this.result(flags);
  }
  private finish(flags: QualityFlag[]): CheckResult {
    const worst = flags.some((f) => f.severity === 'bad') ? 'bad' : flags.length > 0 ? 'suspect' : undefined;
    this.machine.record(worst);
    return this.result(flags);
  }
  private result(flags: QualityFlag[]): CheckResult {
    // Stable sort: bad before suspect, otherwise in check order (time, range, gap, spike, flatline, …).
    const sorted = [...flags].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'bad' ? -1 : 1));
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
