import { QualityReason } from '@prognos/core';
import { MAD_TO_SIGMA, madAround } from './robust';
import type { QualityFlag, ValueCheck } from './types';
import { SlidingWindow } from './window';

const EVERY = 32;

export interface NoiseOptions {
  /** First differences in the recent window. */
  window?: number;
  /** Differences needed to learn the baseline before judging. */
  learnSamples?: number;
  /** Flag when recent/baseline noise is above this factor or below its inverse. */
  factor?: number;
  /** Noise floor (sensor unit): noise below this is indistinguishable from none. */
  floor?: number;
  /** Weight of each unflagged recent estimate in the baseline (slow forgetting, on a log scale). */
  learningRate?: number;
}

/**
 * Change of noise level: the ratio of the recent robust noise to its learnt baseline. Noise is measured on first
 * differences, σ ≈ 1.4826·MAD(Δx)/√2, because differencing removes the slow process movement that would
 * otherwise read as noise (the difference-based estimator of von Neumann et al. 1941, made robust with the MAD of
 * Hampel 1974). A loose connector or a failing preamplifier raises it; a frozen filter or heavy damping lowers it.
 */
export class NoiseLevelCheck implements ValueCheck {
  private readonly diffs: SlidingWindow;
  private readonly learnSamples: number;
  private readonly factor: number;
  private readonly floor: number;
  private readonly rate: number;
  private prev = Number.NaN;
  private n = 0;
  private logBaseline = 0;
  private learnt = 0;
  private running = true;
  private verdict: QualityFlag | undefined;
  constructor(options: NoiseOptions = {}) {
    this.diffs = new SlidingWindow(options.window ?? 64);
    this.learnSamples = Math.max(this.diffs.capacity, options.learnSamples ?? 256);
    this.factor = options.factor ?? 3;
    this.floor = Math.max(options.floor ?? 0, Number.MIN_VALUE);
    this.rate = options.learningRate ?? 0.002;
  }
  /** Current baseline noise (sensor unit), NaN while learning. */
  baseline(): number {
    return this.learnt > 0 ? Math.exp(this.logBaseline) : Number.NaN;
  }
  private recentNoise(): number {
    const sorted = this.diffs.sorted();
    // Median of Δx is ~0 for noise; MAD around 0 is then the MAD of the differences.
    const s = (MAD_TO_SIGMA * madAround(sorted, 0)) / Math.SQRT2;
    return Math.max(s, this.floor);
  }
  /** A stopped machine's signals go quiet (or sit on one value): neither judged nor learnt from. */
  setRunning(running: boolean): void {
    this.running = running;
  }
  update(_ts: number, value: number): QualityFlag | undefined {
    if (!Number.isFinite(value)) return undefined;
    if (!this.running) return undefined;
    if (Number.isNaN(this.prev)) {
      this.prev = value;
      return undefined;
    }
    this.diffs.push(value - this.prev);
    this.prev = value;
    this.n++;
    if (!this.diffs.full) return undefined;
    // The noise level of a 64-difference window changes slowly: judging every EVERY-th reading and carrying the
    // verdict in between costs a thirty-second of the sorting (ingest runs this on every reading).
    if (this.n % EVERY !== 0) return this.verdict;
    this.verdict = this.judge();
    return this.verdict;
  }
  private judge(): QualityFlag | undefined {
    const noise = this.recentNoise();
    // A window with no noise above the floor is flat: the flatline check's business, and nothing to learn from
    // (a baseline learnt on a stuck spell would call every healthy reading afterwards "noisy").
    if (noise <= this.floor) return undefined;
    const logRecent = Math.log(noise);
    if (this.n <= this.learnSamples) {
      // Running mean of the log noise over the learning period.
      this.learnt++;
      this.logBaseline += (logRecent - this.logBaseline) / this.learnt;
      return undefined;
    }
    const ratio = Math.exp(logRecent - this.logBaseline);
    if (ratio > this.factor || ratio < 1 / this.factor) {
      return {
        reason: QualityReason.NOISE,
        severity: 'suspect',
        detail: `noise ${ratio.toFixed(2)}× baseline`,
      };
    }
    this.logBaseline += this.rate * (logRecent - this.logBaseline);
    return undefined;
  }
}
