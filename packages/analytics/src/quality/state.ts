import type { QualityState } from '@prognos/core';
import type { FlagSeverity } from './types';

export interface QualityStateOptions {
  /** Recent readings over which the flag rate is taken. */
  window?: number;
  /** Flag rate (suspect counts half, bad counts fully) to enter / leave `suspect`. */
  suspectEnter?: number;
  suspectExit?: number;
  /** Flag rate to enter / leave `bad`. */
  badEnter?: number;
  badExit?: number;
  /**
   * Flagged readings in the window that make a sensor suspect whatever the rate (default 2): a transmitter that
   * glitches twice a minute is suspect even though 2 of 60 readings is a low rate. Clean sensors go weeks
   * without a single flag (see the sensor-trust benchmark), so two in one window is not chance.
   */
  suspectCount?: number;
}

/**
 * Per-sensor quality state good | suspect | bad from the recent flag rate, with hysteresis: the rate needed to
 * enter a worse state is higher than the rate needed to stay in it, so a sensor near a threshold does not
 * chatter between states (the deadband of ISA-18.2 alarm management, applied to data quality). The score is
 * 100·(1 − weighted flag rate), suspect flags weighing half.
 */
export class QualityStateMachine {
  private readonly weights: Uint8Array;
  private readonly capacity: number;
  private readonly suspectEnter: number;
  private readonly suspectExit: number;
  private readonly badEnter: number;
  private readonly badExit: number;
  private next = 0;
  private count = 0;
  private sum = 0;
  /** Readings in the window with any flag. */
  private flagged = 0;
  private readonly suspectCount: number;
  private current: QualityState = 'good';
  constructor(options: QualityStateOptions = {}) {
    this.capacity = options.window ?? 60;
    this.weights = new Uint8Array(this.capacity);
    this.suspectEnter = options.suspectEnter ?? 0.05;
    this.suspectExit = Math.min(this.suspectEnter, options.suspectExit ?? 0.02);
    this.badEnter = options.badEnter ?? 0.3;
    this.badExit = Math.min(this.badEnter, options.badExit ?? 0.15);
    this.suspectCount = options.suspectCount ?? 2;
  }
  get state(): QualityState {
    return this.current;
  }
  /** Weighted flag rate over the recent window, 0..1 (0 before any reading). */
  get flagRate(): number {
    return this.count === 0 ? 0 : this.sum / (2 * this.count);
  }
  /** 0..100, 100 = no recent flags. */
  get score(): number {
    return Math.round(100 * (1 - this.flagRate));
  }
  /** Raises the weight of the last recorded reading to `worst` (a late verdict); never lowers it. */
  amendLast(worst: FlagSeverity | undefined): void {
    if (this.count === 0) return;
    const w = worst === 'bad' ? 2 : worst === 'suspect' ? 1 : 0;
    const i = (this.next - 1 + this.capacity) % this.capacity;
    const old = this.weights[i] as number;
    if (w <= old) return;
    this.weights[i] = w;
    this.sum += w - old;
    if (old === 0) this.flagged++;
  }
  /** Records the worst flag of one reading (undefined = clean) and returns the new state. */
  record(worst: FlagSeverity | undefined): QualityState {
    const w = worst === 'bad' ? 2 : worst === 'suspect' ? 1 : 0;
    if (this.count === this.capacity) {
      const out = this.weights[this.next] as number;
      this.sum -= out;
      if (out > 0) this.flagged--;
    } else this.count++;
    this.weights[this.next] = w;
    this.sum += w;
    if (w > 0) this.flagged++;
    this.next = (this.next + 1) % this.capacity;
    const r = this.flagRate;
    if (this.current === 'bad') {
      if (r < this.badExit)
        this.current = r >= this.suspectExit || this.flagged >= this.suspectCount ? 'suspect' : 'good';
    } else if (r >= this.badEnter) this.current = 'bad';
    else if (this.current === 'suspect') {
      if (r < this.suspectExit && this.flagged < this.suspectCount) this.current = 'good';
    } else if (r >= this.suspectEnter || this.flagged >= this.suspectCount) this.current = 'suspect';
    return this.current;
  }
}

/**
 * A per-asset data-quality score from its sensors' scores (0..100): the mean, pulled towards the worst sensor,
 * 0.7·mean + 0.3·min, because an asset with one dead sensor among twenty is not 95 % trustworthy when that
 * sensor is the one its model leans on. Non-finite scores are ignored; undefined when no sensor has a score.
 */
export function assetQualityScore(scores: readonly number[]): number | undefined {
  let n = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  for (const s of scores) {
    if (!Number.isFinite(s)) continue;
    const c = Math.min(100, Math.max(0, s));
    n++;
    sum += c;
    min = Math.min(min, c);
  }
  if (n === 0) return undefined;
  return Math.round(0.7 * (sum / n) + 0.3 * min);
}
