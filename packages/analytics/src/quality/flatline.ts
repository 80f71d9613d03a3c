import { QualityReason } from '@prognos/core';
import type { QualityFlag, ValueCheck } from './types';

const PRIOR_PAIRS = 30;

export interface FlatlineOptions {
  /** The sensor's resolution (sensor unit): changes under half of it count as "no change" (one quantum is a change). */
  resolution?: number;
  /** Never flag a run shorter than this many samples. */
  minRun?: number;
  /** Never wait longer than this many samples. */
  maxRun?: number;
  /** Probability of a healthy run at least this long that we accept as a false alarm. */
  falseAlarmProbability?: number;
  /** Weight of each new pair in the learnt repeat probability (exponential forgetting). */
  learningRate?: number;
}

/**
 * Stuck value / flatline: the value has not moved beyond the resolution for N consecutive samples (the
 * "flat line" test of QARTOD, U.S. IOOS 2020). Instead of a fixed N, N adapts to the sensor's normal
 * variability: we learn p, the probability that two consecutive healthy readings are equal within the
 * resolution, and flag a run of n repeats once pⁿ < α; α = 1e-9 keeps a 1 Hz sensor (6·10⁵ samples a
 * week) well under one false flatline per week even where p varies with the operating point (a spindle's speed
 * repeats more often at low speed than the average p says). A noisy vibration channel (p ≈ 0) is flagged after a few
 * identical samples; a slow, coarsely quantised temperature (p ≈ 0.95) only after a few hundred.
 */
export class FlatlineCheck implements ValueCheck {
  private readonly resolution: number;
  private readonly minRun: number;
  private readonly maxRun: number;
  private readonly logAlpha: number;
  private readonly rate: number;
  private anchor = Number.NaN;
  private run = 0;
  /** Learnt repeat probability; starts at an uninformative 0.5. */
  private p = 0.5;
  private pairs = 0;
  private running = true;
  private get tolerance(): number {
    return 0.5 * this.resolution;
  }
  constructor(options: FlatlineOptions = {}) {
    this.resolution = options.resolution ?? 0;
    this.minRun = options.minRun ?? 10;
    this.maxRun = Math.max(this.minRun, options.maxRun ?? 3600);
    this.logAlpha = Math.log(options.falseAlarmProbability ?? 1e-9);
    this.rate = options.learningRate ?? 0.01;
  }
  /** Run length (in samples) that is flagged with the currently learnt repeat probability. */
  threshold(): number {
    const p = Math.min(this.p, 0.999);
    const n = p <= 0 ? this.minRun : Math.ceil(this.logAlpha / Math.log(p));
    return Math.min(this.maxRun, Math.max(this.minRun, n));
  }
  /**
   * While the machine is stopped a constant value is what a healthy sensor reads (zero speed, zero flow), so
   * the run is neither flagged nor learnt from; it keeps counting, so a sensor still frozen after the restart is
   * flagged at once.
   */
  setRunning(running: boolean): void {
    this.running = running;
  }
  update(_ts: number, value: number): QualityFlag | undefined {
    if (!Number.isFinite(value)) return undefined;
    if (!this.running) {
      if (Math.abs(value - this.anchor) <= this.tolerance) this.run++;
      else {
        this.anchor = value;
        this.run = 1;
      }
      return undefined;
    }
    if (Number.isNaN(this.anchor)) {
      this.anchor = value;
      this.run = 1;
      return undefined;
    }
    const same = Math.abs(value - this.anchor) <= this.tolerance;
    const limit = this.threshold();
    // Learn only from runs that are not (yet) suspicious, so a stuck period does not teach us that sticking is normal.
    if (this.run < limit / 2) {
      // The uninformative start (p = 0.5) counts as PRIOR_PAIRS pairs, so that a sensor stuck within its first
      // minute cannot teach the check, pair by pair, that sticking is normal before it has seen it move.
      const w = Math.max(this.rate, 1 / (++this.pairs + PRIOR_PAIRS));
      this.p += w * ((same ? 1 : 0) - this.p);
    }
    if (same) this.run++;
    else {
      this.anchor = value;
      this.run = 1;
    }
    if (this.run >= limit) {
      return { reason: QualityReason.FLATLINE, severity: 'bad', detail: `no change for ${this.run} samples` };
    }
    return undefined;
  }
}
