import { convert, convertDelta, QualityReason, UNITS, unitDef } from '@prognos/core';
import { medianSorted, robustStdSorted } from './robust';
import type { QualityFlag, ValueCheck } from './types';
import { SlidingWindow } from './window';

export interface UnitMismatchOptions {
  /** Recent values whose median is compared with the baseline level (short: the detection delay is ~half). */
  window?: number;
  /** Values used to learn the baseline level before judging. */
  learnSamples?: number;
  /** Relative tolerance on the level predicted by a conversion. */
  relativeTolerance?: number;
  /** Tolerance in baseline robust standard deviations (converted to the candidate unit). */
  sigmas?: number;
  /** Weight of each unflagged recent median in the baseline level. */
  learningRate?: number;
}

/**
 * Unit mismatch judged from the expected level: a sensor configured in `unit` whose level suddenly jumps to
 * what the baseline level would read in another unit of the same quantity (degC → degF, bar → psi, m³/h →
 * L/min) and whose new values are plausible in that unit's reading of the sensor's physical range. The test
 * is the one an engineer makes by eye ("72 — that's 5 bar in psi"), made explicit with the exact conversion
 * factors of core/units; it is a level-shift test against a hypothesis set, so a genuine process change only
 * matches by coincidence of factor and offset within the tolerance.
 */
export class UnitMismatchCheck implements ValueCheck {
  private readonly recent: SlidingWindow;
  private readonly learn: SlidingWindow;
  private readonly candidates: string[];
  private readonly relTol: number;
  private readonly sigmas: number;
  private readonly rate: number;
  private level = Number.NaN;
  private sigma = 0;
  constructor(
    private readonly unit: string,
    private readonly min: number,
    private readonly max: number,
    options: UnitMismatchOptions = {},
  ) {
    this.recent = new SlidingWindow(options.window ?? 9);
    this.learn = new SlidingWindow(Math.max(this.recent.capacity, options.learnSamples ?? 120));
    this.relTol = options.relativeTolerance ?? 0.05;
    this.sigmas = options.sigmas ?? 4;
    this.rate = options.learningRate ?? 0.01;
    const def = unitDef(unit);
    this.candidates = def
      ? Object.values(UNITS)
          .filter((u) => u.quantity === def.quantity && u.symbol !== unit && u.quantity !== 'dimensionless')
          .map((u) => u.symbol)
      : [];
  }
  /** Units this sensor could have silently switched to. */
  get candidateUnits(): readonly string[] {
    return this.candidates;
  }
  /** The candidate unit the recent level is consistent with, if any. */
  private match(recentLevel: number): string | undefined {
    for (const v of this.candidates) {
      const expected = convert(this.level, this.unit, v);
      const tol =
        this.relTol * Math.abs(expected) + this.sigmas * Math.abs(convertDelta(this.sigma, this.unit, v)) + 1e-12;
      // The candidate must be distinguishable from "no change" …
      if (Math.abs(expected - this.level) <= 2 * tol) continue;
      if (Math.abs(recentLevel - expected) > tol) continue;
      // … and the new values, read in the candidate unit, must be physically plausible for this sensor.
      const back = convert(recentLevel, v, this.unit);
      const span = this.max - this.min;
      if (back < this.min - 0.1 * span || back > this.max + 0.1 * span) continue;
      return v;
    }
    return undefined;
  }
  update(_ts: number, value: number): QualityFlag | undefined {
    if (!Number.isFinite(value) || this.candidates.length === 0) return undefined;
    this.recent.push(value);
    if (Number.isNaN(this.level)) {
      this.learn.push(value);
      if (this.learn.full) {
        const sorted = this.learn.sorted();
        this.level = medianSorted(sorted);
        this.sigma = robustStdSorted(sorted);
      }
      return undefined;
    }
    if (!this.recent.full) return undefined;
    const recentLevel = medianSorted(this.recent.sorted());
    const unit = this.match(recentLevel);
    if (unit !== undefined) {
      // Keep following the process through the mismatch, read back in the sensor's unit, so a level that keeps
      // moving stays recognised and the switch back is recognised too.
      this.level += this.rate * (convert(recentLevel, unit, this.unit) - this.level);
      return {
        reason: QualityReason.UNIT_MISMATCH,
        severity: 'bad',
        detail: `level ${recentLevel} matches ${this.level} ${this.unit} read in ${unit}`,
      };
    }
    this.level += this.rate * (recentLevel - this.level);
    return undefined;
  }
}
