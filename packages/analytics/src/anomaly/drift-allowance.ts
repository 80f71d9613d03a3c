import type { Row } from '../linalg/matrix';

export interface DriftAllowanceState {
  kind: 'drift-allowance';
  version: 1;
  /** Training mean per column (engineering units). */
  mean: number[];
  /** Each column's training trend (absolute least-squares slope), units per millisecond. */
  rate: number[];
  /** Most allowance per column: the column's range over the training rows. */
  cap: number[];
  /** Mean training time (epoch ms): the allowance grows from here. */
  centre: number;
}

/**
 * Models trained on less than this get a drift allowance by default (see trainAssetModel): in a shorter period
 * the slow thermal variables (time constants of 15–45 min) have not even settled, let alone shown their range.
 * Over longer periods a straight line through part of a daily cycle only excuses real faults: with 24 h of
 * training on the synthetic pump (a 3 °C daily ambient swing), the least-squares slope of the bearing temperature
 * grew a 3 °C band within 13 hours and a +8 °C fault went unalerted. (The demo trains on 6 h: no allowance.)
 */
export const DRIFT_ALLOWANCE_MAX_TRAINING_MS = 2 * 3_600_000;

/**
 * Room for slow drift that had already started while the model was learning.
 *
 * A model fitted on a short healthy period takes that period's level of every sensor as normal. A sensor that was
 * wandering slowly during it (a temperature still settling, a hall warming up) leaves that level soon after
 * training and then scores as abnormal although nothing changed in the machine: on SKAB, where each model learns
 * from 400 s, the temperature and thermocouple drift caused most false alarms (FAR 41 % for MSET). This gives
 * each column a dead band around its training mean that grows with the time since the middle of training at the
 * rate the column was already drifting while the model learned; deviations inside the band are not evidence,
 * deviations beyond it count by the amount they exceed it, and the band never grows wider than the column's own
 * range during training. Sensors that were steady in training — the usual case with days of training data — keep
 * their sensitivity: the slope of stationary noise is about σ·√(12/n) per training length (n rows), so with
 * a week of one-minute windows its band is under 0.05 σ a week later and under 0.5 σ three months later
 * (scheduled retraining resets it sooner). The slope is the plain least-squares estimate: shrinking it by two
 * standard errors (counting only "significant" trends) measured worse on SKAB (FAR 27 % instead of 20 %), since
 * slow thermal wander is only roughly linear over 400 s. A slow degradation that starts after training is not
 * excused, because the band only follows trends seen before it; an abrupt fault is not excused either unless it
 * is smaller than the band.
 *
 * Meant for short training periods (SKAB: 400 s): over a day or more, the training data already hold the slow
 * variables' range and a linear slope through a daily cycle is not a trend (DRIFT_ALLOWANCE_MAX_TRAINING_MS).
 *
 * Written here rather than taken from a library: it is a least-squares slope per column and a clamp.
 */
export class DriftAllowance {
  private constructor(private readonly s: DriftAllowanceState) {}

  /** Learns each column's trend over the training rows; `times` are the rows' times (epoch ms), same length. */
  static fit(rows: readonly Row[], times: readonly number[]): DriftAllowance {
    if (rows.length !== times.length) throw new RangeError('drift allowance: one time per row');
    const n = rows.length;
    const p = n > 0 ? (rows[0] as Row).length : 0;
    const mean = new Array<number>(p).fill(0);
    const rate = new Array<number>(p).fill(0);
    const cap = new Array<number>(p).fill(0);
    let tm = 0;
    for (const t of times) tm += t / Math.max(1, n);
    if (n < 2) return new DriftAllowance({ kind: 'drift-allowance', version: 1, mean, rate, cap, centre: tm });
    let stt = 0;
    for (const t of times) stt += (t - tm) ** 2;
    for (let j = 0; j < p; j++) {
      let m = 0;
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const r of rows) {
        const v = r[j] as number;
        m += v / n;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      mean[j] = m;
      cap[j] = hi - lo;
      if (!(stt > 0)) continue;
      let sty = 0;
      for (let i = 0; i < n; i++) sty += ((times[i] as number) - tm) * (((rows[i] as Row)[j] as number) - m);
      rate[j] = Math.abs(sty / stt);
    }
    return new DriftAllowance({ kind: 'drift-allowance', version: 1, mean, rate, cap, centre: tm });
  }

  static fromJSON(state: DriftAllowanceState): DriftAllowance {
    const ok =
      state?.kind === 'drift-allowance' &&
      Array.isArray(state.mean) &&
      Array.isArray(state.rate) &&
      Array.isArray(state.cap) &&
      state.rate.length === state.mean.length &&
      state.cap.length === state.mean.length &&
      Number.isFinite(state.centre);
    if (!ok) throw new Error('not a drift allowance state');
    return new DriftAllowance({ ...state, mean: [...state.mean], rate: [...state.rate], cap: [...state.cap] });
  }

  get dimension(): number {
    return this.s.mean.length;
  }

  /** The band half-width of column j at time t (engineering units). */
  allowance(j: number, t: number): number {
    const grown = (this.s.rate[j] as number) * Math.max(0, t - this.s.centre);
    return Math.min(this.s.cap[j] as number, grown);
  }

  /** True when no column drifted in training (apply is then the identity). */
  get isNone(): boolean {
    return this.s.rate.every((r) => r === 0);
  }

  /**
   * The row as the detector should see it at time t: each column's deviation from its training mean, shrunk by
   * its allowance (never past the mean). Writes into `out` when given (same length as the row).
   */
  apply(row: ArrayLike<number>, t: number, out: Float64Array = new Float64Array(row.length)): Float64Array {
    for (let j = 0; j < row.length; j++) {
      const v = row[j] as number;
      const a = j < this.s.mean.length ? this.allowance(j, t) : 0;
      if (a <= 0) {
        out[j] = v;
        continue;
      }
      const m = this.s.mean[j] as number;
      const d = v - m;
      out[j] = m + Math.sign(d) * Math.max(0, Math.abs(d) - a);
    }
    return out;
  }

  toJSON(): DriftAllowanceState {
    return { ...this.s, mean: [...this.s.mean], rate: [...this.s.rate], cap: [...this.s.cap] };
  }
}
