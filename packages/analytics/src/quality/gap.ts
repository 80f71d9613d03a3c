import { QualityReason } from '@prognos/core';
import { expectedIntervalMs } from './robust';
import type { QualityFlag } from './types';

export interface GapOptions {
  /** A silence longer than this many expected intervals is a gap (suspect). */
  factor?: number;
  /** A silence longer than this many expected intervals is a dropout (bad). */
  badFactor?: number;
  /** Never call a silence shorter than this a gap, whatever the rate (ms); absorbs network jitter on fast sensors. */
  minGapMs?: number;
}

/**
 * Gaps against the expected sample rate (the "timing/gap" test of QARTOD, U.S. IOOS 2020). A silence of more
 * than `factor` nominal intervals is reported twice: by `tick(now)` while it is going on (so a dead sensor is
 * noticed without waiting for it to come back), and on the first reading after it (so the stored series marks
 * where data is missing). Irregular sampling within `factor` intervals is normal and never flagged.
 */
export class GapCheck {
  private readonly interval: number | undefined;
  private readonly factor: number;
  private readonly badFactor: number;
  private readonly minGapMs: number;
  private lastTs = Number.NaN;
  constructor(sampleRateHz: number, options: GapOptions = {}) {
    this.interval = expectedIntervalMs(sampleRateHz);
    this.factor = options.factor ?? 3;
    this.badFactor = Math.max(this.factor, options.badFactor ?? 10);
    this.minGapMs = options.minGapMs ?? 0;
  }
  /** Time of the last reading seen (NaN before the first). */
  get lastSeen(): number {
    return this.lastTs;
  }
  private judge(silenceMs: number, what: string): QualityFlag | undefined {
    if (this.interval === undefined || !(silenceMs > 0)) return undefined;
    const intervals = silenceMs / this.interval;
    if (intervals <= this.factor || silenceMs <= this.minGapMs) return undefined;
    return {
      reason: QualityReason.GAP,
      severity: intervals > this.badFactor ? 'bad' : 'suspect',
      detail: `${what} ${Math.round(silenceMs)} ms (${intervals.toFixed(1)} expected intervals)`,
    };
  }
  /** Feeds an in-order reading time; flags the reading that ends a gap. */
  update(ts: number): QualityFlag | undefined {
    if (!Number.isFinite(ts)) return undefined;
    const flag = Number.isNaN(this.lastTs) ? undefined : this.judge(ts - this.lastTs, 'gap of');
    if (Number.isNaN(this.lastTs) || ts > this.lastTs) this.lastTs = ts;
    return flag;
  }
  /** Reports an ongoing silence at wall-clock time `now`. Nothing before the first reading. */
  tick(now: number): QualityFlag | undefined {
    if (!Number.isFinite(now) || Number.isNaN(this.lastTs)) return undefined;
    return this.judge(now - this.lastTs, 'no data for');
  }
}
