import type { Row } from '../linalg/matrix';
import { type Calibration, type CalibrationOptions, calibrateThreshold } from './thresholds';

export type { Row } from '../linalg/matrix';

/** What one column (sensor) contributes to one score, in the column's own (engineering) units. */
export interface ColumnContribution {
  /** Share of the score, 0..1; the shares of one explanation add up to 1. */
  share: number;
  value: number;
  /** What the model expects this column to read given the other columns. */
  expected: number;
  /** Normal band: expected ± k·σ of the model's residual for this column. */
  low: number;
  high: number;
}

export interface DetectorExplanation {
  /** Calibrated score: 1 = alert threshold. */
  score: number;
  /** One entry per column, in the column order of fit(). */
  columns: ColumnContribution[];
}

/**
 * The common detector shape (after pyod's BaseDetector: fit / decision_function with one thresholding base).
 * Rows are numbers in engineering units, one column per sensor, always in the same column order.
 * Scores are calibrated so that 1.0 is the alert threshold (see thresholds.ts); higher = more abnormal.
 * Streaming detectors will add learnOne/scoreOne.
 */
export interface Detector {
  readonly kind: string;
  /** Number of columns the detector was fitted on (0 before fit). */
  readonly dimension: number;
  /** Learns the healthy baseline from rows of healthy data and calibrates the threshold. */
  fit(rows: readonly Row[]): this;
  /** Calibrated scores, one per row. */
  score(rows: readonly Row[]): number[];
  /** Score of one row with per-column contributions, expected values and normal bands. */
  explain(row: Row): DetectorExplanation;
  readonly calibration: Calibration;
  /** A plain JSON-able state; each detector has a static fromJSON. */
  toJSON(): { kind: string };
}

/**
 * Shared base: subclasses learn their model and compute a raw score; the base calibrates the threshold in the
 * one shared place (thresholds.ts) and turns raw scores into calibrated ones.
 */
export abstract class BaseDetector implements Detector {
  abstract readonly kind: string;
  abstract readonly dimension: number;
  protected cal: Calibration | undefined;
  protected readonly calibrationOptions: CalibrationOptions;

  constructor(calibrationOptions: CalibrationOptions = {}) {
    this.calibrationOptions = calibrationOptions;
  }

  /** Learns the model; must leave the detector able to compute rawScore. */
  protected abstract fitModel(rows: readonly Row[]): void;
  /** Uncalibrated score of one row (≥ 0, higher = more abnormal). */
  abstract rawScore(row: Row): number;
  abstract explain(row: Row): DetectorExplanation;
  abstract toJSON(): { kind: string };

  /**
   * An unfitted copy with the same settings, for cross-validated calibration; detectors cheap enough to fit
   * several times return one (the default, undefined, calibrates on the training rows themselves).
   */
  protected blank(): BaseDetector | undefined {
    return undefined;
  }

  /**
   * Raw scores the threshold is calibrated on. With blank(): blocked cross-validation in row order (each quarter
   * scored by a copy fitted on the other three), so the threshold reflects unseen healthy rows, not the model's
   * optimism on the rows it was fitted on (most marked with few rows); otherwise the training rows' own scores.
   */
  protected calibrationScores(rows: readonly Row[]): number[] {
    const folds = 4;
    const copy = rows.length >= folds * 25 ? this.blank() : undefined;
    if (!copy) return rows.map((r) => this.rawScore(r));
    const out: number[] = [];
    for (let f = 0; f < folds; f++) {
      const a = Math.floor((f * rows.length) / folds);
      const b = Math.floor(((f + 1) * rows.length) / folds);
      const fold = this.blank() as BaseDetector;
      fold.fitModel([...rows.slice(0, a), ...rows.slice(b)]);
      for (let i = a; i < b; i++) out.push(fold.rawScore(rows[i] as Row));
    }
    return out;
  }

  fit(rows: readonly Row[]): this {
    if (rows.length < 2) throw new RangeError(`${this.kind}: need at least 2 rows to fit, got ${rows.length}`);
    this.fitModel(rows);
    this.cal = calibrateThreshold(this.calibrationScores(rows), this.calibrationOptions);
    return this;
  }

  get calibration(): Calibration {
    if (!this.cal) throw new Error(`${this.kind}: detector is not fitted`);
    return this.cal;
  }

  score(rows: readonly Row[]): number[] {
    const t = this.calibration.threshold;
    return rows.map((r) => this.rawScore(r) / t);
  }
}
