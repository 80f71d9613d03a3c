import { QualityReason } from '@prognos/core';
import { MAD_TO_SIGMA, medianSorted } from './robust';
import type { QualityFlag, RevisedFlag, ValueCheck } from './types';
import { SlidingWindow } from './window';

export interface HampelOptions {
  /** Number of past values in the window (the causal half-window of the classical filter, doubled). */
  window?: number;
  /** Threshold in robust standard deviations. */
  k?: number;
  /** Smallest meaningful change in the sensor's unit; stops a zero MAD (quantised, quiet data) flagging every step. */
  resolution?: number;
  /**
   * Smallest excursion that counts as a spike, in the sensor's unit (SensorChecker: 2 % of span). Below it an
   * isolated value neither misleads a model nor stands out from the process's own fluctuation (a cutting-load
   * kick on a spindle's power), however many σ it is.
   */
  minAmplitude?: number;
  /** Values needed in the window before judging. */
  minSamples?: number;
}

/**
 * Spike detection: an isolated outlier, judged against its two neighbours. A reading x is a spike when it jumps
 * away from the previous reading p and the next reading n jumps back, both by more than k robust standard
 * deviations of the reading-to-reading change, while n lands near p. This is the residual of a 3-point running
 * median (Tukey 1977) tested against a robust scale: the scale comes from the recent first differences (their
 * MAD·1.4826/√2 estimates the noise σ of a slowly varying signal, Hampel 1974), which a step or a start-up does not
 * inflate, unlike the MAD around a window median, which a load change makes bimodal.
 * A machine that changes speed or load also leaves the band, but stays out: a step of the process, not a fault
 * of the sensor. So the decision waits one reading: `update` never flags the value it is given; it returns the
 * verdict on the previous value through `revised()` (the caller re-stores that reading with its new quality).
 * k defaults to 9: a flag is a claim that a sensor misbehaves, and healthy industrial noise is not Gaussian — it is
 * quantised and heavy-tailed, so 6–7 σ excursions of a coarse temperature happen weekly. A gross error that would
 * mislead a model (a transmitter glitch, a bit error) is tens of σ; 9 σ keeps healthy signals below one false flag
 * per sensor-week at 0.1–1 Hz while still catching every spike of more than a few per cent of span.
 */
export class HampelSpikeCheck implements ValueCheck {
  private readonly diffs: SlidingWindow;
  private readonly k: number;
  private readonly resolution: number;
  private readonly minSamples: number;
  private readonly minAmplitude: number;
  private running = true;
  private prev2 = Number.NaN;
  private prev = Number.NaN;
  private prevTs = Number.NaN;
  private verdict: RevisedFlag | undefined;
  private sigma = Number.NaN;
  private sinceScale = 0;
  /** The last two readings' jumps from their predecessor, in robust σ: [ts, z] pairs, newest last. */
  private readonly jumps: [number, number][] = [];
  constructor(options: HampelOptions = {}) {
    this.diffs = new SlidingWindow(options.window ?? 61);
    this.k = options.k ?? 9;
    this.resolution = options.resolution ?? 0;
    this.minSamples = Math.min(options.minSamples ?? 11, this.diffs.capacity);
    this.minAmplitude = options.minAmplitude ?? 0;
  }
  /**
   * A stopped machine's quiet signal would teach a scale far below the running noise: the changes are forgotten
   * at each start and relearnt, and nothing is judged while stopped.
   */
  setRunning(running: boolean): void {
    if (running && !this.running) {
      this.diffs.clear();
      this.prev2 = Number.NaN;
      this.prev = Number.NaN;
      this.sigma = Number.NaN;
    }
    this.running = running;
  }
  update(ts: number, value: number): QualityFlag | undefined {
    this.verdict = undefined;
    if (!Number.isFinite(value) || !this.running) return undefined;
    const p = this.prev2;
    const x = this.prev;
    if (Number.isFinite(x) && this.diffs.size >= this.minSamples) {
      const sigma = this.scale();
      this.jumps.push([ts, Math.abs(value - x) / (sigma || 1)]);
      if (this.jumps.length > 2) this.jumps.shift();
    }
    if (Number.isFinite(p) && Number.isFinite(x) && this.diffs.size >= this.minSamples) {
      const sigma = this.scale();
      const limit = Math.max(this.k * sigma, 2 * this.resolution, this.minAmplitude);
      const up = x - p;
      const back = x - value;
      // Out and back, the same way, by more than the limit each, landing within half the excursion of the start.
      if (
        Math.abs(up) > limit &&
        Math.abs(back) > limit &&
        Math.sign(up) === Math.sign(back) &&
        Math.abs(value - p) < 0.5 * Math.min(Math.abs(up), Math.abs(back))
      ) {
        this.verdict = {
          ts: this.prevTs,
          flag: {
            reason: QualityReason.SPIKE,
            severity: 'suspect',
            detail: `isolated value ${x} jumps ${(Math.abs(up) / (sigma || 1)).toFixed(1)} σ from ${p} and back to ${value}`,
          },
        };
      }
    }
    // A confirmed spike's two jumps stay out of the scale estimate, so a burst of spikes cannot hide the next.
    if (this.verdict) {
      this.prev = p;
    } else if (Number.isFinite(x)) {
      this.diffs.push(Math.abs(value - x));
    }
    this.prev2 = this.prev;
    this.prev = value;
    this.prevTs = ts;
    return undefined;
  }
  /**
   * Robust σ of the reading-to-reading change. Recomputed every 32nd reading: the median of 61 changes moves slowly,
   * and sorting them on every reading was most of this check's cost on the ingest path.
   */
  private scale(): number {
    if (this.sinceScale++ % 32 === 0 || !(this.sigma >= 0)) {
      this.sigma = Math.max((MAD_TO_SIGMA * medianSorted(this.diffs.sorted())) / Math.SQRT2, this.resolution);
    }
    return this.sigma;
  }
  /** The jump (robust σ) into the reading at `ts`, if it is one of the last two. */
  jumpAt(ts: number): number | undefined {
    return this.jumps.find(([t]) => t === ts)?.[1];
  }
  /** The verdict on the previous reading, reached by the last `update`: a confirmed spike, or undefined. */
  revised(): RevisedFlag | undefined {
    return this.verdict;
  }
}
