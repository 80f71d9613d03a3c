import { QualityReason } from '@prognos/core';
import type { QualityFlag } from './types';

export interface RangeCheckOptions {
  /**
   * Tolerance as a fraction of the span (max − min) allowed beyond either limit before a reading is flagged.
   * 2 % matches the usual accuracy class of process transmitters, so a healthy sensor sitting at its limit
   * (an idle pump reading 0 bar ± noise) is not flagged.
   */
  tolerance?: number;
}

/**
 * Physical range check (the "range" test of the QARTOD manual, U.S. IOOS 2020, and of every PLC analog input
 * block): a value outside what the sensor can physically measure is `bad`. Non-finite values are `bad` too:
 * ±Infinity is an overflow of the transmitter or the gateway and NaN is no measurement at all.
 */
export class RangeCheck {
  private readonly lo: number;
  private readonly hi: number;
  constructor(min: number, max: number, options: RangeCheckOptions = {}) {
    const tol = options.tolerance ?? 0.02;
    const span = Number.isFinite(max - min) ? Math.abs(max - min) : 0;
    this.lo = Math.min(min, max) - tol * span;
    this.hi = Math.max(min, max) + tol * span;
  }
  check(value: number): QualityFlag | undefined {
    if (Number.isNaN(value)) return { reason: QualityReason.OUT_OF_RANGE, severity: 'bad', detail: 'not a number' };
    if (value < this.lo || value > this.hi) {
      return {
        reason: QualityReason.OUT_OF_RANGE,
        severity: 'bad',
        detail: `${value} outside [${this.lo}, ${this.hi}]`,
      };
    }
    return undefined;
  }
}
