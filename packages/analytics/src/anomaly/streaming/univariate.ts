/**
 * A streaming anomaly detector for one signal (river style: learnOne / scoreOne, plus update = score then learn).
 * Built for NAB-like streams — level shifts, spikes, daily patterns, irregular noise — without a model fit up front.
 *
 * Raw score per row, in [0, 1]:
 *   three one-step predictors, each with a robust scale (robust-ewma.ts):
 *     fast  — EWMA, α = 0.3 (≈ the last few rows): sudden jumps and spikes,
 *     slow  — EWMA, α = 0.02 (≈ the last 50 rows): a level that has moved and stays moved,
 *     daily — per time-of-day slot EWMA, α = 0.3 (the same time on recent days), only when timestamps are given;
 *   surprise = min(z_fast, z_daily) and shift = min(z_slow, z_daily): a row is only surprising if the daily
 *   profile does not explain it either; raw = max(g(surprise), ½·g(shift)) with g(z) = 1 − e^{−max(0, z−2)/3}
 *   (nothing below 2σ, saturating towards 1 by ~12σ).
 * Final score, in [0, 1], the largest of:
 *   - Numenta's anomaly likelihood of the raw scores (anomaly-likelihood.ts), as log-likelihood: it reacts to a
 *     *sustained* rise in surprise, but by design (10-row mean, σ ≥ 0.017) a single spike cannot reach its red zone;
 *   - so, for single-row events, the same log scale applied to the Gaussian two-sided tail of the surprise with
 *     widened tails, p = erfc(z / (k·√2)), k = 1.5 (heavy-tailed real noise), once the likelihood has left its
 *     learning period: 5σ → 0.31, 7σ → 0.55, 10σ → 1;
 *   - 1 for a "spatial" anomaly — a value more than 5 % of the seen range outside it (NAB numenta detector,
 *     SPATIAL_TOLERANCE = 0.05).
 *
 * Non-finite values are ignored (score 0, nothing learned). Irregular timestamps: each predictor's α is applied
 * per typical time step, α' = 1 − (1 − α)^(Δt / typical Δt), so a long gap forgets more.
 */
import {
  AnomalyLikelihood,
  type AnomalyLikelihoodOptions,
  type AnomalyLikelihoodState,
  erfc,
  logLikelihood,
} from './anomaly-likelihood';
import { learnError, learnRobustEwma, newRobustEwma, type RobustEwmaState, robustZ } from './robust-ewma';

export interface UnivariateDetectorOptions {
  fastAlpha?: number;
  slowAlpha?: number;
  /** Smoothing of each time-of-day slot. */
  seasonalAlpha?: number;
  /** Smoothing of the robust scales. */
  scaleBeta?: number;
  /** Season length in ms for the time-of-day profile (default one day); null turns it off. */
  seasonMs?: number | null;
  /** Most slots per season (default 288 = 5-minute slots over a day). */
  maxSlots?: number;
  /** Tail widening k of the single-row path (see above); null turns that path off. */
  instantTailScale?: number | null;
  /** Fraction of the seen range beyond which a value is a spatial anomaly; null turns the rule off. */
  spatialTolerance?: number | null;
  /** Anomaly-likelihood settings; NAB runs use learningPeriod = ⌊p/2⌋, estimationSamples = p − ⌊p/2⌋ (p = probation). */
  likelihood?: AnomalyLikelihoodOptions;
}

type ResolvedOptions = Required<Omit<UnivariateDetectorOptions, 'likelihood'>>;

export interface UnivariateDetectorState {
  kind: 'streaming-univariate';
  options: ResolvedOptions;
  fast: RobustEwmaState;
  slow: RobustEwmaState;
  seasonal: RobustEwmaState[];
  /** Shared scale of the seasonal residuals. */
  seasonalScale: RobustEwmaState;
  slots: number;
  lastTs: number | null;
  typicalDt: number | null;
  min: number;
  max: number;
  n: number;
  likelihood: AnomalyLikelihoodState;
}

const DEFAULTS: ResolvedOptions = {
  fastAlpha: 0.3,
  slowAlpha: 0.02,
  seasonalAlpha: 0.3,
  scaleBeta: 0.02,
  seasonMs: 86_400_000,
  maxSlots: 288,
  instantTailScale: 1.5,
  spatialTolerance: 0.05,
};

/** Rows a daily slot needs before its prediction is trusted. */
const SLOT_READY = 2;

/** g(z): 0 up to 2σ, then rising and saturating towards 1. */
function squash(z: number): number {
  return z <= 2 ? 0 : 1 - Math.exp(-(z - 2) / 3);
}

export class UnivariateStreamingDetector {
  readonly kind = 'streaming-univariate';
  private readonly o: ResolvedOptions;
  private fast = newRobustEwma();
  private slow = newRobustEwma();
  private seasonal: RobustEwmaState[] = [];
  private seasonalScale = newRobustEwma();
  private slots = 0;
  private lastTs: number | null = null;
  private typicalDt: number | null = null;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private n = 0;
  private likelihood: AnomalyLikelihood;

  constructor(options: UnivariateDetectorOptions = {}) {
    const { likelihood, ...rest } = options;
    this.o = { ...DEFAULTS, ...rest };
    this.likelihood = new AnomalyLikelihood(likelihood);
  }

  /** Rows learned so far (non-finite values not counted). */
  get count(): number {
    return this.n;
  }

  /** Anomaly score in [0, 1] of x at ts (epoch ms), from what was learned so far; changes nothing. */
  scoreOne(x: number, ts?: number): number {
    if (!Number.isFinite(x)) return 0;
    return this.finalScore(x, ts, this.likelihood.peek(this.rawScore(x, ts)));
  }

  /** Learns x at ts (epoch ms). Non-finite values are ignored. */
  learnOne(x: number, ts?: number): this {
    if (Number.isFinite(x)) this.learnWithRaw(x, ts, this.rawScore(x, ts));
    return this;
  }

  /** Scores x, then learns it (the usual streaming loop); returns the score. */
  update(x: number, ts?: number): number {
    if (!Number.isFinite(x)) return 0;
    const raw = this.rawScore(x, ts);
    const score = this.finalScore(x, ts, this.likelihood.peek(raw));
    this.learnWithRaw(x, ts, raw);
    return score;
  }

  /** The raw (pre-likelihood) score in [0, 1]; exposed for inspection and tests. */
  rawScore(x: number, ts?: number): number {
    const { surprise, shift } = this.zScores(x, ts);
    return Math.max(squash(surprise), 0.5 * squash(shift));
  }

  /** surprise = min(z_fast, z_daily), shift = min(z_slow, z_daily), in σ units (0 until two rows are learned). */
  private zScores(x: number, ts?: number): { surprise: number; shift: number } {
    if (this.n < 2 || !Number.isFinite(x)) return { surprise: 0, shift: 0 };
    const floor = this.scaleFloor();
    const zFast = robustZ(this.fast, x, floor);
    const zSlow = robustZ(this.slow, x, floor);
    const slot = this.slotOf(ts);
    const s = slot === null ? undefined : this.seasonal[slot];
    let zDaily = Number.POSITIVE_INFINITY;
    if (s && s.n >= SLOT_READY && this.seasonalScale.n >= 2) {
      zDaily = Math.abs(x - s.level) / Math.max(this.seasonalScale.mae * Math.sqrt(Math.PI / 2), floor);
    }
    return { surprise: Math.min(zFast, zDaily), shift: Math.min(zSlow, zDaily) };
  }

  private finalScore(x: number, ts: number | undefined, likelihood: number): number {
    const tol = this.o.spatialTolerance;
    if (tol !== null && this.n >= 2 && this.max > this.min) {
      const pad = (this.max - this.min) * tol;
      if (x > this.max + pad || x < this.min - pad) return 1;
    }
    let score = logLikelihood(likelihood);
    const k = this.o.instantTailScale;
    if (k !== null && this.n >= this.likelihood.probationaryPeriod) {
      const p = erfc(this.zScores(x, ts).surprise / (k * Math.SQRT2));
      score = Math.max(score, logLikelihood(1 - p));
    }
    return Math.min(1, Math.max(0, score));
  }

  /** Smallest scale: a millionth of the seen range (and of the level), so flat stretches do not divide by 0. */
  private scaleFloor(): number {
    const range = this.max > this.min ? this.max - this.min : 0;
    return Math.max(1e-6 * range, 1e-9 * Math.abs(this.slow.level), 1e-12);
  }

  private slotOf(ts: number | undefined): number | null {
    if (ts === undefined || !Number.isFinite(ts) || this.o.seasonMs === null || this.slots <= 1) return null;
    const season = this.o.seasonMs;
    const phase = (((ts % season) + season) % season) / season;
    return Math.min(this.slots - 1, Math.floor(phase * this.slots));
  }

  /** α per typical step → α for this step, from the time since the last row. */
  private stepAlpha(alpha: number, dt: number | null): number {
    if (dt === null || this.typicalDt === null || this.typicalDt <= 0) return alpha;
    const r = Math.min(20, Math.max(0.05, dt / this.typicalDt));
    return 1 - (1 - alpha) ** r;
  }

  private learnWithRaw(x: number, ts: number | undefined, raw: number): void {
    this.likelihood.update(raw, x);
    const hasTs = ts !== undefined && Number.isFinite(ts);
    const dt = hasTs && this.lastTs !== null && ts > this.lastTs ? ts - this.lastTs : null;
    if (dt !== null) {
      // Typical step: a slow, outlier-clipped running estimate, so one gap does not redefine it.
      this.typicalDt =
        this.typicalDt === null ? dt : this.typicalDt + 0.05 * (Math.min(dt, 4 * this.typicalDt) - this.typicalDt);
      if (this.slots === 0 && this.o.seasonMs !== null) {
        const perSeason = Math.round(this.o.seasonMs / dt);
        this.slots = perSeason >= 4 ? Math.min(this.o.maxSlots, perSeason) : 1;
        this.seasonal = Array.from({ length: this.slots }, newRobustEwma);
      }
    }
    const beta = this.o.scaleBeta;
    const slot = this.slotOf(ts);
    if (slot !== null) {
      const s = this.seasonal[slot]!;
      if (s.n >= SLOT_READY) learnError(this.seasonalScale, Math.abs(x - s.level), beta);
      learnRobustEwma(s, x, this.o.seasonalAlpha, beta);
    }
    learnRobustEwma(this.fast, x, this.stepAlpha(this.o.fastAlpha, dt), beta);
    learnRobustEwma(this.slow, x, this.stepAlpha(this.o.slowAlpha, dt), beta);
    if (hasTs && (this.lastTs === null || ts > this.lastTs)) this.lastTs = ts;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    this.n++;
  }

  toJSON(): UnivariateDetectorState {
    const copy = (s: RobustEwmaState): RobustEwmaState => ({ ...s });
    return {
      kind: 'streaming-univariate',
      options: { ...this.o },
      fast: copy(this.fast),
      slow: copy(this.slow),
      seasonal: this.seasonal.map(copy),
      seasonalScale: copy(this.seasonalScale),
      slots: this.slots,
      lastTs: this.lastTs,
      typicalDt: this.typicalDt,
      // ±Infinity is not JSON: before the first row the range is stored as 0 and restored from n === 0.
      min: this.n === 0 ? 0 : this.min,
      max: this.n === 0 ? 0 : this.max,
      n: this.n,
      likelihood: this.likelihood.toJSON(),
    };
  }

  static fromJSON(state: UnivariateDetectorState): UnivariateStreamingDetector {
    if (state.kind !== 'streaming-univariate') throw new TypeError(`not a streaming-univariate state: ${state.kind}`);
    const d = new UnivariateStreamingDetector({ ...state.options, likelihood: state.likelihood.options });
    d.fast = { ...state.fast };
    d.slow = { ...state.slow };
    d.seasonal = state.seasonal.map((s) => ({ ...s }));
    d.seasonalScale = { ...state.seasonalScale };
    d.slots = state.slots;
    d.lastTs = state.lastTs;
    d.typicalDt = state.typicalDt;
    d.min = state.n === 0 ? Number.POSITIVE_INFINITY : state.min;
    d.max = state.n === 0 ? Number.NEGATIVE_INFINITY : state.max;
    d.n = state.n;
    d.likelihood = AnomalyLikelihood.fromJSON(state.likelihood);
    return d;
  }
}
