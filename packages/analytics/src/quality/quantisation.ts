import { QualityReason } from '@prognos/core';
import { quantileSorted } from '../linalg/stats';
import { robustStdSorted } from './robust';
import type { QualityFlag, ValueCheck } from './types';
import { SlidingWindow } from './window';

const EVERY = 32;

export interface QuantisationOptions {
  window?: number;
  /** Windows needed to learn the baseline resolution before judging. */
  learnSamples?: number;
  /** Flag when the step grows by more than this factor. */
  factor?: number;
  /** Steps at or below this (sensor unit) are the sensor's own resolution and never flagged. */
  resolution?: number;
}

/**
 * Loss of resolution (quantisation): the sensor's values collapse onto a coarse grid, e.g. a transmitter
 * falling back to an 8-bit register or a gateway rounding to integers. We estimate the step as the lower
 * quartile of the gaps between the distinct sorted values in a window (Widrow & Kollár 2008, "Quantization
 * Noise", ch. 4: the grid shows as the smallest spacing of the values) and flag it when it grows by `factor` over
 * the learnt step — and the step relative to the window's robust spread grows as much. Both, because each alone
 * misleads: unquantised data spaces its values by its noise (more noise, wider gaps, same sensor), and a quiet,
 * steady process makes a fixed grid more visible relative to its spread (same grid, same sensor). Windows with
 * fewer than four distinct values are not judged: they show the signal's calm, not the grid.
 */
export class QuantisationCheck implements ValueCheck {
  private readonly win: SlidingWindow;
  private readonly learnSamples: number;
  private readonly factor: number;
  private readonly resolution: number;
  private n = 0;
  private learnt = 0;
  private running = true;
  private logBaseline = 0;
  private logRelBaseline = 0;
  private verdict: QualityFlag | undefined;
  constructor(options: QuantisationOptions = {}) {
    this.win = new SlidingWindow(options.window ?? 64);
    this.learnSamples = Math.max(this.win.capacity, options.learnSamples ?? 256);
    this.factor = options.factor ?? 4;
    this.resolution = options.resolution ?? 0;
  }
  /** Step between distinct values (and the step relative to σ) of the current window; undefined if flat. */
  private measure(): { step: number; relative: number; distinct: number } | undefined {
    const sorted = this.win.sorted();
    const gaps: number[] = [];
    for (let i = 1; i < sorted.length; i++) if (sorted[i] > sorted[i - 1]) gaps.push(sorted[i] - sorted[i - 1]);
    if (gaps.length === 0) return undefined; // constant window: the flatline check's business
    const step = quantileSorted(
      gaps.sort((a, b) => a - b),
      0.25,
    );
    let sigma = robustStdSorted(sorted);
    if (!(sigma > 0)) sigma = sorted[sorted.length - 1] - sorted[0];
    return { step, relative: step / sigma, distinct: gaps.length + 1 };
  }
  /** A stopped machine's signals go quiet (or sit on one value): neither judged nor learnt from. */
  setRunning(running: boolean): void {
    this.running = running;
  }
  update(_ts: number, value: number): QualityFlag | undefined {
    if (!Number.isFinite(value)) return undefined;
    if (!this.running) return undefined;
    this.win.push(value);
    this.n++;
    if (!this.win.full) return undefined;
    // Resolution changes slowly; judging every EVERY-th reading keeps the two sorts off most readings.
    if (this.n % EVERY !== 0) return this.verdict;
    this.verdict = this.judge();
    return this.verdict;
  }
  private judge(): QualityFlag | undefined {
    const m = this.measure();
    // Two distinct values cannot show a grid; a quiet signal would read as "coarse" with no change of the sensor.
    if (m === undefined || !(m.step > 0) || m.distinct < 4) return undefined;
    const logStep = Math.log(m.step);
    const logRel = Math.log(m.relative);
    if (this.n <= this.learnSamples) {
      this.learnt++;
      this.logBaseline += (logStep - this.logBaseline) / this.learnt;
      this.logRelBaseline += (logRel - this.logRelBaseline) / this.learnt;
      return undefined;
    }
    const growth = Math.exp(logStep - this.logBaseline);
    const relGrowth = Math.exp(logRel - this.logRelBaseline);
    if (growth > this.factor && relGrowth > this.factor && m.step > this.resolution) {
      return {
        reason: QualityReason.QUANTISATION,
        severity: 'suspect',
        detail: `step ${+m.step.toPrecision(3)} (${growth.toFixed(1)}× coarser), ${m.distinct} distinct values`,
      };
    }
    return undefined;
  }
}
