/**
 * Numenta's anomaly likelihood (Ahmad, Lavin, Purdy & Agha 2017, "Unsupervised real-time anomaly detection for
 * streaming data", §4.2; reference nupic src/nupic/algorithms/anomaly_likelihood.py, used by NAB's numenta
 * detector). It turns a noisy raw anomaly score in [0, 1] into "how unusual is the recent level of surprise":
 *
 *   μ̃ = mean of the last W' = 10 raw scores (short window)
 *   μ, σ = mean and standard deviation of those short means over the last W = 8640 rows (long window),
 *          re-estimated every 100 rows, after a learning period whose scores are skipped
 *   L = 1 − Q((μ̃ − μ) / σ), reported as log-likelihood log(1.0000000001 − L) / log(1e-10) in [0, 1].
 *
 * Kept from nupic: floors μ ≥ 0.03 and σ² ≥ 0.0003 (so that a blip on a perfectly predicted stream is not an
 * instant red alert), the "flat metric" rule (metric variance < 1.5e-5 → broad null distribution), and the filter
 * that turns the second and later consecutive red (L ≥ 0.99999) values into yellow (0.999) so one event alarms
 * once. Difference: the tail is one-sided as in the paper (nupic mirrors scores below the mean, so an unusually
 * *quiet* stretch would also alarm).
 */

export interface AnomalyLikelihoodOptions {
  /** Rows whose raw scores are skipped when estimating (the model is still settling). Default 288. */
  learningPeriod?: number;
  /** Further rows needed before the first estimate; 0.5 is reported until then. Default 100. */
  estimationSamples?: number;
  /** Long window W. Default 8640 (a month of 5-min rows). */
  historicWindowSize?: number;
  /** Re-estimate μ, σ every this many rows. Default 100. */
  reestimationPeriod?: number;
  /** Short window W'. Default 10. */
  averagingWindow?: number;
}

interface Distribution {
  mean: number;
  stdev: number;
}

export interface AnomalyLikelihoodState {
  options: Required<AnomalyLikelihoodOptions>;
  iteration: number;
  /** Recent raw scores and metric values, oldest first, at most historicWindowSize. */
  scores: number[];
  values: number[];
  distribution: Distribution | null;
  /** Raw score mean of the last averagingWindow rows (those rows are the tail of `scores`). */
  prevAverage: number | null;
}

const RED = 1 - 0.99999;
const YELLOW = 1 - 0.999;
const NULL_DISTRIBUTION: Distribution = { mean: 0.5, stdev: 1e3 };

/** Complementary error function, Chebyshev fit with relative error < 1.2e-7 (Numerical Recipes §6.2, erfcc). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(X > x) for X ~ N(mean, stdev²): the Q function. */
export function normalTail(x: number, d: Distribution): number {
  return 0.5 * erfc((x - d.mean) / (d.stdev * Math.SQRT2));
}

/** log(1.0000000001 − L) / log(1e-10): 0.5 → 0.03, 0.999 → 0.3, 0.99999 → 0.5, 1 → 1 (nupic computeLogLikelihood). */
export function logLikelihood(likelihood: number): number {
  return Math.log(1.0000000001 - likelihood) / -23.02585084720009;
}

export class AnomalyLikelihood {
  private readonly o: Required<AnomalyLikelihoodOptions>;
  private iteration = 0;
  private scores: number[] = [];
  private values: number[] = [];
  private distribution: Distribution | null = null;
  private prevAverage: number | null = null;

  constructor(options: AnomalyLikelihoodOptions = {}) {
    this.o = {
      learningPeriod: options.learningPeriod ?? 288,
      estimationSamples: options.estimationSamples ?? 100,
      historicWindowSize: options.historicWindowSize ?? 8640,
      reestimationPeriod: options.reestimationPeriod ?? 100,
      averagingWindow: options.averagingWindow ?? 10,
    };
    if (this.o.historicWindowSize < this.o.estimationSamples) {
      throw new RangeError('estimationSamples exceeds historicWindowSize');
    }
  }

  get probationaryPeriod(): number {
    return this.o.learningPeriod + this.o.estimationSamples;
  }

  /** Likelihood L in [0, 1] the next raw score would get, without changing any state (0.5 while learning). */
  peek(rawScore: number): number {
    if (this.iteration < this.probationaryPeriod) return 0.5;
    const dist = this.needsEstimate() ? this.estimate() : this.distribution!;
    const avg = this.shortMean(rawScore);
    const tail = normalTail(avg, dist);
    // Filter (nupic _filterLikelihoods): a red value right after a red value is shown as yellow.
    const prevTail = this.prevAverage === null ? 1 : normalTail(this.prevAverage, dist);
    return 1 - (tail <= RED && prevTail <= RED ? YELLOW : tail);
  }

  /** Records one row (its raw score and metric value) and returns its likelihood, as nupic anomalyProbability. */
  update(rawScore: number, value: number): number {
    const likelihood = this.peek(rawScore);
    if (this.iteration >= this.probationaryPeriod && this.needsEstimate()) this.distribution = this.estimate();
    this.prevAverage = this.shortMean(rawScore);
    this.scores.push(rawScore);
    this.values.push(value);
    if (this.scores.length > this.o.historicWindowSize) {
      this.scores.shift();
      this.values.shift();
    }
    this.iteration++;
    return likelihood;
  }

  private needsEstimate(): boolean {
    return this.distribution === null || this.iteration % this.o.reestimationPeriod === 0;
  }

  /** Mean of the last averagingWindow − 1 stored scores and `next`. */
  private shortMean(next: number): number {
    const k = Math.min(this.o.averagingWindow - 1, this.scores.length);
    let s = next;
    for (let i = this.scores.length - k; i < this.scores.length; i++) s += this.scores[i]!;
    return s / (k + 1);
  }

  /** nupic estimateAnomalyLikelihoods on the stored history. */
  private estimate(): Distribution {
    const { averagingWindow: w, learningPeriod, historicWindowSize } = this.o;
    const shifted = Math.max(0, this.iteration - historicWindowSize);
    const skip = Math.min(this.iteration, Math.max(0, learningPeriod - shifted));
    const n = this.scores.length;
    if (n <= skip) return NULL_DISTRIBUTION;
    let total = 0;
    let sum = 0;
    let sumSq = 0;
    let vSum = 0;
    for (let i = 0; i < n; i++) {
      total += this.scores[i]!;
      if (i >= w) total -= this.scores[i - w]!;
      if (i < skip) continue;
      const avg = total / Math.min(i + 1, w);
      sum += avg;
      sumSq += avg * avg;
      vSum += this.values[i]!;
    }
    const m = n - skip;
    const vMean = vSum / m;
    let vDev = 0; // two passes: values can be large (1e6) and a one-pass variance would cancel badly
    for (let i = skip; i < n; i++) vDev += (this.values[i]! - vMean) ** 2;
    if (vDev / m < 1.5e-5) return NULL_DISTRIBUTION;
    const mean = sum / m;
    const variance = Math.max(0.0003, sumSq / m - mean * mean);
    return { mean: Math.max(0.03, mean), stdev: Math.sqrt(variance) };
  }

  toJSON(): AnomalyLikelihoodState {
    return {
      options: { ...this.o },
      iteration: this.iteration,
      scores: [...this.scores],
      values: [...this.values],
      distribution: this.distribution ? { ...this.distribution } : null,
      prevAverage: this.prevAverage,
    };
  }

  static fromJSON(state: AnomalyLikelihoodState): AnomalyLikelihood {
    const a = new AnomalyLikelihood(state.options);
    a.iteration = state.iteration;
    a.scores = [...state.scores];
    a.values = [...state.values];
    a.distribution = state.distribution ? { ...state.distribution } : null;
    a.prevAverage = state.prevAverage;
    return a;
  }
}
