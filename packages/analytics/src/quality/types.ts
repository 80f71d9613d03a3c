import type { QualityReasonCode } from '@prognos/core';

/** How much a flag undermines a reading: `suspect` readings are kept out of training, `bad` ones out of everything. */
export type FlagSeverity = 'suspect' | 'bad';

/** One check's verdict on one reading (or on a tick). Checks never drop readings; they only flag them. */
export interface QualityFlag {
  reason: QualityReasonCode;
  severity: FlagSeverity;
  /** Short human-readable detail, e.g. "stuck for 40 samples" or "looks like degF". */
  detail: string;
  /** When the condition began, if known to be earlier than the reading flagged (a drift found late). */
  since?: number;
}

/** A streaming check fed one finite value at a time, in time order. */
export interface ValueCheck {
  update(ts: number, value: number): QualityFlag | undefined;
  /** Checks that decide late (spike confirmation) report their verdict on an earlier reading here. */
  revised?(): RevisedFlag | undefined;
  /** Whether the machine runs: a stopped machine legitimately reads a constant (zero speed, no flow). */
  setRunning?(running: boolean): void;
}

/** A check's late verdict on an earlier reading of the same sensor (identified by its timestamp). */
export interface RevisedFlag {
  ts: number;
  flag: QualityFlag;
}
