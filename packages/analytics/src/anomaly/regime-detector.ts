import { quantile } from '../linalg/stats';
import { BaseDetector, type Detector, type DetectorExplanation, type Row } from './detector';
import type { Calibration, CalibrationOptions } from './thresholds';

export interface RegimeOptions extends CalibrationOptions {
  /** Column whose value sets the operating regime (speed, load, …). */
  column: number;
  /** Most regimes to learn (default 3). */
  maxRegimes?: number;
  /** Fewest rows a regime needs (default max(240, 20 × columns)): below that, fewer regimes. */
  minRows?: number;
  /**
   * Split only when the regime column really moves: its 10–90 % range over its median must exceed this (default
   * 0.1). A machine held at one speed has one regime.
   */
  minRelativeRange?: number;
}

export interface RegimeDetectorState {
  kind: 'regime';
  version: 1;
  column: number;
  /** Upper bounds between regimes (ascending); regime i covers (cuts[i-1], cuts[i]]. */
  cuts: number[];
  members: { kind: string }[];
  calibration: Calibration;
}

/**
 * Normal behaviour per operating regime. A machine run at several speeds or loads is a different machine at each
 * (fan laws: power ∝ speed³; a bearing's temperature rise grows with speed), and one linear model of all of them
 * mistakes the extremes of the range for faults. The regime column's range seen in training is cut at quantiles
 * into up to `maxRegimes` regimes with enough rows each; each gets its own detector, made by `make` and
 * calibrated on its own rows, so every member scores 1.0 at its own threshold. A row is scored by the member of
 * its regime (the nearest at the edges of the training range); the wrapper's threshold is calibrated once more on
 * all members' training scores. With one regime it is the member itself.
 *
 * A fault that moves the regime column (a pump losing speed) is judged by a neighbouring regime's model, which
 * also sees the other sensors' relationship break: the regime column is a column of every member too.
 */
export class RegimeDetector extends BaseDetector {
  readonly kind = 'regime';
  private readonly opts: RegimeOptions;
  private readonly make: () => Detector;
  private cuts: number[] = [];
  private members: Detector[] = [];

  constructor(make: () => Detector, opts: RegimeOptions) {
    super({ falseAlarmRate: opts.falseAlarmRate, margin: opts.margin });
    if (!Number.isInteger(opts.column) || opts.column < 0) throw new RangeError('regime: column must be ≥ 0');
    this.make = make;
    this.opts = opts;
  }

  get dimension(): number {
    return this.members[0]?.dimension ?? 0;
  }
  /** Number of regimes learnt. */
  get regimes(): number {
    return this.members.length;
  }
  /** Upper bounds between regimes, in the regime column's unit. */
  get boundaries(): readonly number[] {
    return this.cuts;
  }

  protected fitModel(rows: readonly Row[]): void {
    const c = this.opts.column;
    const p = rows[0]?.length ?? 0;
    if (c >= p) throw new RangeError(`regime: column ${c} is not one of the ${p} columns`);
    const values = rows.map((r) => r[c] as number);
    const minRows = this.opts.minRows ?? Math.max(240, 20 * p);
    const maxRegimes = Math.max(1, this.opts.maxRegimes ?? 3);
    const lo = quantile(values, 0.1);
    const hi = quantile(values, 0.9);
    const mid = Math.abs(quantile(values, 0.5));
    const moves = mid > 0 && (hi - lo) / mid > (this.opts.minRelativeRange ?? 0.1);
    const k = moves ? Math.max(1, Math.min(maxRegimes, Math.floor(rows.length / minRows))) : 1;
    this.cuts = [];
    for (let i = 1; i < k; i++) this.cuts.push(quantile(values, i / k));
    const groups: Row[][] = Array.from({ length: k }, () => []);
    for (const r of rows) (groups[this.regimeOf(r)] as Row[]).push(r);
    this.members = groups.map((g) => this.make().fit(g));
  }

  private regimeOf(row: Row): number {
    const v = row[this.opts.column] as number;
    let i = 0;
    while (i < this.cuts.length && v > (this.cuts[i] as number)) i++;
    return i;
  }

  rawScore(row: Row): number {
    return (this.members[this.regimeOf(row)] as Detector).score([row])[0] as number;
  }

  explain(row: Row): DetectorExplanation {
    const ex = (this.members[this.regimeOf(row)] as Detector).explain(row);
    return { score: ex.score / this.calibration.threshold, columns: ex.columns };
  }

  toJSON(): RegimeDetectorState {
    return {
      kind: 'regime',
      version: 1,
      column: this.opts.column,
      cuts: [...this.cuts],
      members: this.members.map((m) => m.toJSON()),
      calibration: { ...this.calibration },
    };
  }

  /** Restores a regime detector; `restore` turns each member's state back into a detector (the registry's job). */
  static fromJSON(s: RegimeDetectorState, restore: (state: { kind: string }) => Detector): RegimeDetector {
    if (s?.kind !== 'regime' || s.version !== 1 || !Array.isArray(s.members) || s.members.length !== s.cuts.length + 1)
      throw new Error('not a serialized regime detector (version 1)');
    const members = s.members.map(restore);
    const d = new RegimeDetector(() => restore(s.members[0] as { kind: string }), {
      column: s.column,
      falseAlarmRate: s.calibration.falseAlarmRate,
      margin: s.calibration.margin,
    });
    d.cuts = [...s.cuts];
    d.members = members;
    d.cal = { ...s.calibration };
    return d;
  }
}
