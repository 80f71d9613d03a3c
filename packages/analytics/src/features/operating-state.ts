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
 * Windows skipped after each start (stop → run): start-up transients (inrush current, cold bearings) are real
 * but not faults, and would otherwise look abnormal.
 */
export const DEFAULT_STARTUP_WINDOWS = 2;

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
 * Learns the running rule from the indicator's window values in the training period. The running level is the
 * median of the values above 10 % of the 95th percentile, so that stopped periods in the training data (zeros)
 * do not drag it down; the asset is then "running" above RUNNING_FRACTION of that level.
 */
export function learnRunningRule(sensor: string, values: ArrayLike<number>): RunningRule | undefined {
  if (values.length === 0) return undefined;
  const top = quantile(values, 0.95);
  if (!(top > 0)) return undefined;
  const running = Array.from(values).filter((v) => v > RUNNING_FRACTION * top);
  const level = quantile(running, 0.5);
  return { sensor, level, threshold: RUNNING_FRACTION * level };
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
    private readonly startupWindows = DEFAULT_STARTUP_WINDOWS,
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
