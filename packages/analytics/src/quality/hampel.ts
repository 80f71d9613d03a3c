import { QualityReason } from '@prognos/core';
import { MAD_TO_SIGMA, madAround, medianSorted } from './robust';
import type { QualityFlag, ValueCheck } from './types';
import { SlidingWindow } from './window';

export interface HampelOptions {
  /** Number of past values in the window (the causal half-window of the classical filter, doubled). */
  window?: number;
  /** Threshold in robust standard deviations. */
  k?: number;
  /** Smallest meaningful change in the sensor's unit; stops a zero MAD (quantised, quiet data) flagging every step. */
  resolution?: number;
  /** Values needed in the window before judging. */
  minSamples?: number;
}

/**
 * Spike detection by a streaming (causal) Hampel identifier: a value is an outlier when it lies more than
 * k·1.4826·MAD from the median of the preceding window (Hampel 1974; Pearson 1999, "Data cleaning for dynamic
 * modeling and control"). Pearson uses k = 3 for cleaning; we default to k = 6 over 61 values because here a flag
 * is a claim that a sensor misbehaves: at k = 3 a Gaussian sample exceeds the limit in ≈0.3 % of readings, and
 * the MAD of a short window is itself noisy (≈20 % at n = 31), which fattens the tail further.
 * The flagged value still enters the window: a true step change is then accepted after half a window.
 */
export class HampelSpikeCheck implements ValueCheck {
  private readonly win: SlidingWindow;
  private readonly k: number;
  private readonly resolution: number;
  private readonly minSamples: number;
  constructor(options: HampelOptions = {}) {
    this.win = new SlidingWindow(options.window ?? 61);
    this.k = options.k ?? 6;
    this.resolution = options.resolution ?? 0;
    this.minSamples = Math.min(options.minSamples ?? 11, this.win.capacity);
  }
  update(_ts: number, value: number): QualityFlag | undefined {
    if (!Number.isFinite(value)) return undefined;
    let flag: QualityFlag | undefined;
    if (this.win.size >= this.minSamples) {
      const sorted = this.win.sorted();
      const med = medianSorted(sorted);
      const sigma = Math.max(MAD_TO_SIGMA * madAround(sorted, med), this.resolution);
      const dev = Math.abs(value - med);
      if (dev > this.k * sigma && dev > 2 * this.resolution) {
        flag = {
          reason: QualityReason.SPIKE,
          severity: 'suspect',
          detail: `${(dev / (sigma || 1)).toFixed(1)} robust σ from median ${med}`,
        };
      }
    }
    this.win.push(value);
    return flag;
  }
}
