import type { Sensor } from '@prognos/core';
import { quantile } from '../linalg/stats';

/**
 * Running / stopped detection. A stopped machine reads near zero speed, current and flow and cools down: that is
 * not an anomaly, and a baseline learned from a mix of both states would be meaningless. So one sensor is the
 * running indicator and the asset counts as running when it reads above a fraction of its normal running level.
 */

/** Fraction of the running level below which the asset counts as stopped. */
export const RUNNING_FRACTION = 0.1;
/**
 * Time skipped after each start (stop → run) before windows are trained on or scored. Start-up transients are
 * real but not faults: inrush current settles in seconds, but bearing and winding temperatures approach their
 * running level with thermal time constants of roughly 10–30 min, so a freshly started machine reads "too cold
 * for its load" for a while. 30 min covers about three 10-min time constants (95 % settled).
 */
export const DEFAULT_STARTUP_MS = 30 * 60_000;

/** Start-up grace in whole windows. */
export function startupWindowsFor(windowMs: number, startupMs = DEFAULT_STARTUP_MS): number {
  return Math.max(0, Math.ceil(startupMs / windowMs));
}

export interface RunningRule {
  /** The running-indicator sensor id. */
  sensor: string;
  /** Typical running level of the indicator (median while running), in its unit. */
  level: number;
  /** The asset is running when the indicator is above this value. */
  threshold: number;
}

/** The designated running indicator: a speed sensor if the asset has one, else a current sensor. */
export function runningIndicator(sensors: readonly Sensor[]): Sensor | undefined {
  return sensors.find((s) => s.kind === 'speed') ?? sensors.find((s) => s.kind === 'current');
}

/**
 * Noise floor of a stopped indicator, as a share of the sensor's full-scale range (min..max): a stopped machine
 * still reads a little speed or current from transmitter offset and noise.
 */
export const STOPPED_FLOOR_FRACTION = 0.02;

/**
 * Learns the running rule from the indicator's window values in the training period. The running level is the
 * median of the values above both the noise floor and 10 % of the 95th percentile, so that stopped periods in the
 * training data do not drag it down; the asset is then "running" above RUNNING_FRACTION of that level (and above
 * the noise floor). When nothing is above the floor the asset never ran: every window counts as stopped.
 */
export function learnRunningRule(
  sensor: Pick<Sensor, 'id' | 'min' | 'max'>,
  values: ArrayLike<number>,
): RunningRule | undefined {
  if (values.length === 0) return undefined;
  const span = sensor.max - sensor.min;
  const floor = Number.isFinite(span) && span > 0 ? STOPPED_FLOOR_FRACTION * span : 0;
  const top = quantile(values, 0.95);
  const running = Array.from(values).filter((v) => v > Math.max(floor, RUNNING_FRACTION * top));
  if (running.length === 0) return { sensor: sensor.id, level: 0, threshold: Math.max(floor, 0) };
  const level = quantile(running, 0.5);
  return { sensor: sensor.id, level, threshold: Math.max(floor, RUNNING_FRACTION * level) };
}

export function isRunning(rule: RunningRule | undefined, indicatorValue: number): boolean {
  return rule === undefined || indicatorValue > rule.threshold;
}

export type RunState = 'stopped' | 'starting' | 'running';

/**
 * Classifies successive windows of one asset: 'stopped' (not scored, not trained on), 'starting' (running but
 * within the first `startupWindows` windows after an observed stop: not scored either) or 'running'.
 * Used by both training and live monitoring so that they agree on which windows count.
 */
export class RunGate {
  /** Running windows since the last stopped one; undefined until a stop has been seen. */
  private sinceStop: number | undefined;
  constructor(
    private readonly rule: RunningRule | undefined,
    /** Column of the indicator in the rows passed to next(); −1 when there is no indicator. */
    private readonly column: number,
    private readonly startupWindows: number,
  ) {}

  next(row: ArrayLike<number>): RunState {
    if (this.column >= 0 && !isRunning(this.rule, row[this.column])) {
      this.sinceStop = 0;
      return 'stopped';
    }
    if (this.sinceStop !== undefined && this.sinceStop < this.startupWindows) {
      this.sinceStop++;
      return 'starting';
    }
    return 'running';
  }
}
