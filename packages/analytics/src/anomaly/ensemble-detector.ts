import { BaseDetector, type ColumnContribution, type Detector, type DetectorExplanation, type Row } from './detector';
import type { Calibration, CalibrationOptions } from './thresholds';

export interface EnsembleOptions extends CalibrationOptions {
  /** How the members' calibrated scores combine: their mean (default) or their maximum. */
  combine?: 'mean' | 'max';
}

export interface EnsembleDetectorState {
  kind: 'ensemble';
  version: 1;
  combine: 'mean' | 'max';
  members: { kind: string }[];
  calibration: Calibration;
}

/**
 * An ensemble of detectors that see the same columns. Each member is fitted and calibrated on its own (so each
 * scores 1.0 at its own threshold); the ensemble's raw score is the mean (or the maximum) of those calibrated
 * scores, and is calibrated once more by the shared thresholds. Averaging calibrated scores is the usual way to
 * combine outlier detectors of different kinds (Aggarwal & Sathe 2015, "Theoretical foundations and algorithms for
 * outlier ensembles": combine after normalisation); the mean lowers the variance of the members' false alarms,
 * which is what makes the combination stable, while a fault any one member sees well still moves it.
 *
 * Explanation: each column's share is the members' shares weighted by their calibrated scores (a member that sees
 * nothing has nothing to say about which sensor deviates); expected value and band come from the member with the
 * highest score.
 */
export class EnsembleDetector extends BaseDetector {
  readonly kind = 'ensemble';
  private readonly combine: 'mean' | 'max';
  private readonly members: Detector[];

  /** `members`: unfitted detectors (fit() fits them) or, from fromJSON, fitted ones. */
  constructor(members: Detector[], opts: EnsembleOptions = {}) {
    super({ falseAlarmRate: opts.falseAlarmRate, margin: opts.margin });
    if (members.length === 0) throw new RangeError('ensemble: needs at least one member');
    this.members = members;
    this.combine = opts.combine ?? 'mean';
  }

  get dimension(): number {
    return this.members[0]?.dimension ?? 0;
  }
  /** The member detectors, fitted once the ensemble is. */
  get detectors(): readonly Detector[] {
    return this.members;
  }

  protected fitModel(rows: readonly Row[]): void {
    for (const m of this.members) m.fit(rows);
  }

  rawScore(row: Row): number {
    let acc = 0;
    for (const m of this.members) {
      const s = m.score([row])[0] as number;
      acc = this.combine === 'max' ? Math.max(acc, s) : acc + s;
    }
    return this.combine === 'max' ? acc : acc / this.members.length;
  }

  explain(row: Row): DetectorExplanation {
    const parts = this.members.map((m) => m.explain(row));
    const p = parts[0]?.columns.length ?? 0;
    let total = 0;
    for (const e of parts) total += Math.max(0, e.score);
    const best = parts.reduce((a, b) => (b.score > a.score ? b : a));
    const columns: ColumnContribution[] = [];
    for (let j = 0; j < p; j++) {
      let share = 0;
      for (const e of parts) {
        const w = total > 0 ? Math.max(0, e.score) / total : 1 / parts.length;
        share += w * (e.columns[j]?.share ?? 0);
      }
      const c = best.columns[j] as ColumnContribution;
      columns.push({ share, value: c.value, expected: c.expected, low: c.low, high: c.high });
    }
    // Shares add up to 1 (each member's do); renormalise against rounding and NaN.
    const sum = columns.reduce((s, c) => s + (Number.isFinite(c.share) ? c.share : 0), 0);
    for (const c of columns) c.share = sum > 0 && Number.isFinite(c.share) ? c.share / sum : 0;
    const raw = this.rawScore(row);
    return { score: raw / this.calibration.threshold, columns };
  }

  toJSON(): EnsembleDetectorState {
    return {
      kind: 'ensemble',
      version: 1,
      combine: this.combine,
      members: this.members.map((m) => m.toJSON()),
      calibration: { ...this.calibration },
    };
  }

  /** Restores an ensemble; `restore` turns each member's state back into a detector (the registry's job). */
  static fromJSON(s: EnsembleDetectorState, restore: (state: { kind: string }) => Detector): EnsembleDetector {
    if (s?.kind !== 'ensemble' || s.version !== 1 || !Array.isArray(s.members) || s.members.length === 0)
      throw new Error('not a serialized ensemble detector (version 1)');
    const d = new EnsembleDetector(s.members.map(restore), {
      combine: s.combine,
      falseAlarmRate: s.calibration.falseAlarmRate,
      margin: s.calibration.margin,
    });
    d.cal = { ...s.calibration };
    return d;
  }
}
