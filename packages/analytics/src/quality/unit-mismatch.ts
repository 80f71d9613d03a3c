import { convert, convertDelta, QualityReason, UNITS, unitDef } from '@prognos/core';
import { medianSorted, robustStdSorted } from './robust';
import type { QualityFlag, ValueCheck } from './types';
import { SlidingWindow } from './window';

export interface UnitMismatchOptions {
  /** Recent values whose median is compared with the reference level (the detection delay is about half). */
  window?: number;
  /** Values before the recent window that make the reference level. */
  referenceSamples?: number;
  /** Relative tolerance on the level predicted by a conversion. */
  relativeTolerance?: number;
  /** Tolerance in reference robust standard deviations (converted to the candidate unit). */
  sigmas?: number;
  /** Consecutive matching readings, while running, before the mismatch is declared (default: one window). */
  confirm?: number;
}

/**
 * Unit mismatch judged from a jump of the level: a sensor configured in `unit` whose level suddenly becomes what
 * the level just before would read in another unit of the same quantity (degC → degF, bar → psi, m³/h → L/min)
 * and whose new values are plausible in that unit's reading of the sensor's physical range. The test is the one
 * an engineer makes by eye ("72 — that's 5 bar in psi"), made explicit with the exact conversion factors of
 * core/units. The reference is the level just before the recent window (not a slow average, which a load change
 * would leave behind), and the state latches: every reading is flagged until the level jumps back by the inverse
 * conversion (the gateway fixed), while the process may go on moving underneath. The check only judges while the
 * machine runs steadily, so a start-up that happens to cross a conversion ratio is not mistaken for one.
 */
export class UnitMismatchCheck implements ValueCheck {
  private readonly recent: SlidingWindow;
  private readonly ref: SlidingWindow;
  /** Values that left the recent window, on their way into the reference. */
  private readonly delay: number[] = [];
  private readonly candidates: string[];
  private readonly relTol: number;
  private readonly sigmas: number;
  private latched: string | undefined;
  private pending: { unit: string; count: number; level: number; sigma: number } | undefined;
  private readonly confirm: number;
  private running = true;
  /** Readings since the machine last (re)started: the reference must be of steady running. */
  private steady = 0;
  constructor(
    private readonly unit: string,
    private readonly min: number,
    private readonly max: number,
    options: UnitMismatchOptions = {},
  ) {
    this.recent = new SlidingWindow(options.window ?? 9);
    this.ref = new SlidingWindow(options.referenceSamples ?? 30);
    this.relTol = options.relativeTolerance ?? 0.05;
    this.sigmas = options.sigmas ?? 4;
    this.confirm = options.confirm ?? this.recent.capacity;
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
  /** The unit the values are currently believed to arrive in, when it is not the configured one. */
  get mismatchedUnit(): string | undefined {
    return this.latched;
  }
  setRunning(running: boolean): void {
    if (running && !this.running) this.steady = 0;
    if (!running) this.pending = undefined;
    this.running = running;
  }
  /** Whether the recent level is the reference level converted from `from` to `to`. */
  private jumped(from: string, to: string, refSorted: Float64Array, recentLevel: number): boolean {
    const level = medianSorted(refSorted);
    const sigma = robustStdSorted(refSorted);
    const expected = convert(level, from, to);
    const tol = this.relTol * Math.abs(expected) + this.sigmas * Math.abs(convertDelta(sigma, from, to)) + 1e-12;
    // The conversion must be distinguishable from "no change" …
    if (Math.abs(expected - level) <= 2 * tol) return false;
    return Math.abs(recentLevel - expected) <= tol;
  }
  /** While pending, the recent level must stay the converted level of the reference taken at the jump. */
  private matches(
    v: string,
    _refSorted: Float64Array,
    recentLevel: number,
    pending: { level: number; sigma: number } | undefined,
  ): boolean {
    if (!pending) return true;
    const expected = convert(pending.level, this.unit, v);
    // The process may move a little while the jump is confirmed: twice the detection tolerance.
    const tol =
      2 * (this.relTol * Math.abs(expected) + this.sigmas * Math.abs(convertDelta(pending.sigma, this.unit, v))) +
      1e-12;
    return Math.abs(recentLevel - expected) <= tol;
  }
  private plausible(recentLevel: number, inUnit: string): boolean {
    const back = convert(recentLevel, inUnit, this.unit);
    const span = this.max - this.min;
    return back >= this.min - 0.1 * span && back <= this.max + 0.1 * span;
  }
  update(_ts: number, value: number): QualityFlag | undefined {
    if (!Number.isFinite(value) || this.candidates.length === 0) return undefined;
    if (this.recent.full) {
      const leaving = this.recentOldest();
      this.delay.push(leaving);
    }
    this.recent.push(value);
    while (this.delay.length > 0) this.ref.push(this.delay.shift() as number);
    this.steady++;
    const judge = this.running && this.steady > this.recent.capacity + this.ref.capacity && this.ref.full;
    // Every eighth reading is enough to follow a level (a few readings of delay at most) at an eighth of the
    // sorting; while a jump is being confirmed every reading counts.
    if (judge && (this.steady % 8 === 0 || this.pending !== undefined)) {
      const refSorted = this.ref.sorted();
      const recentLevel = medianSorted(this.recent.sorted());
      if (this.latched === undefined) {
        // The jump must hold while the machine keeps running: a coast-down to standstill passes through every
        // ratio (vibration 1.3 mm/s → 0.05 "in/s") on its way to zero, but does not stay there running.
        const v = this.pending?.unit ?? this.candidates.find((u) => this.jumped(this.unit, u, refSorted, recentLevel));
        const holds =
          v !== undefined && this.plausible(recentLevel, v) && this.matches(v, refSorted, recentLevel, this.pending);
        if (!holds) this.pending = undefined;
        else {
          this.pending = {
            unit: v,
            count: (this.pending?.count ?? 0) + 1,
            level: this.pending?.level ?? medianSorted(refSorted),
            sigma: this.pending?.sigma ?? robustStdSorted(refSorted),
          };
          if (this.pending.count >= this.confirm) {
            this.latched = v;
            this.pending = undefined;
          }
        }
      } else if (this.jumped(this.latched, this.unit, refSorted, recentLevel)) {
        this.latched = undefined;
      }
    }
    if (this.latched === undefined) return undefined;
    return {
      reason: QualityReason.UNIT_MISMATCH,
      severity: 'bad',
      detail: `values read like ${this.latched}, not ${this.unit}: the level jumped by the ${this.unit} → ${this.latched} conversion`,
    };
  }
  private recentOldest(): number {
    // The oldest value of the full recent window is the one the next push evicts.
    return this.recent.oldest();
  }
}
