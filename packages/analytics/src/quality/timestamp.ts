import { QualityReason } from '@prognos/core';
import type { QualityFlag } from './types';

export interface TimestampOptions {
  /**
   * How far a reading may lie in the future before it is flagged (ms). Clocks of edge devices synchronised by
   * NTP are within tens of ms; one minute leaves room for unsynchronised PLC clocks without accepting a wrong
   * time zone (an hour or more).
   */
  futureToleranceMs?: number;
}

export type TimestampProblem = 'invalid' | 'future' | 'out_of_order' | 'duplicate';

/**
 * Timestamp sanity (the time checks of the QARTOD manual, U.S. IOOS 2020): a time that is not a number, lies in
 * the future beyond the tolerance (clock skew or a wrong time zone at the source), goes backwards (out of order,
 * e.g. a buffered gateway replaying), or repeats the previous one (duplicate delivery). Only readings that pass
 * advance the reference time, so one bad clock value does not make every later reading look out of order.
 */
export class TimestampCheck {
  private readonly futureToleranceMs: number;
  private lastTs = Number.NaN;
  constructor(options: TimestampOptions = {}) {
    this.futureToleranceMs = options.futureToleranceMs ?? 60_000;
  }
  /** Classifies a reading time against wall-clock `now`; undefined when it is fine. */
  classify(ts: number, now: number): TimestampProblem | undefined {
    if (!Number.isFinite(ts)) return 'invalid';
    if (Number.isFinite(now) && ts > now + this.futureToleranceMs) return 'future';
    if (!Number.isNaN(this.lastTs)) {
      if (ts === this.lastTs) return 'duplicate';
      if (ts < this.lastTs) return 'out_of_order';
    }
    this.lastTs = ts;
    return undefined;
  }
  check(ts: number, now: number): QualityFlag | undefined {
    const problem = this.classify(ts, now);
    if (problem === undefined) return undefined;
    // A duplicate or late reading may carry a perfectly good value; a time we cannot place is worthless.
    const severity = problem === 'invalid' || problem === 'future' ? 'bad' : 'suspect';
    return { reason: QualityReason.TIMESTAMP, severity, detail: problem.replace('_', ' ') };
  }
}
