import { median, quantile } from '../linalg/stats';

/**
 * The one place where alert thresholds are calibrated, for every detector: from the distribution of a
 * detector's raw scores on its healthy training data, the threshold is a high empirical quantile times a
 * safety margin. Every detector divides its raw score by this threshold, so a calibrated score of 1.0 means
 * "at the threshold" whatever the detector (the pyod BaseDetector `threshold_` / contamination idea).
 *
 * Why empirical and not the parametric T²/SPE limits alone: plant data is not Gaussian (operating-point
 * changes, skewed temperatures, quantised sensors), so parametric limits on their own over- or under-alarm;
 * the empirical quantile of the training scores targets the false-alarm budget directly.
 */

/**
 * Per-window false-alarm budget: the share of healthy windows allowed to score above 1.0. With the episode
 * persistence rule (N = 3 consecutive windows) the rate of *alerts* on healthy data is far lower still.
 */
export const DEFAULT_FALSE_ALARM_RATE = 0.005;

/**
 * Safety margin on the quantile: the in-sample quantile is optimistic (the model was fitted on those very rows,
 * so fresh healthy data scores a little higher), and a high quantile from a few hundred rows is noisy.
 */
export const DEFAULT_THRESHOLD_MARGIN = 1.1;

export interface CalibrationOptions {
  falseAlarmRate?: number;
  margin?: number;
}

export interface Calibration {
  /** Raw-score threshold; calibrated score = raw / threshold. */
  threshold: number;
  falseAlarmRate: number;
  margin: number;
  /** Median calibrated score on the training data: what "normal" looks like (used by the health index). */
  normalScore: number;
  /** Number of training scores the calibration was computed from. */
  samples: number;
}

export function calibrateThreshold(rawScores: ArrayLike<number>, opts: CalibrationOptions = {}): Calibration {
  const falseAlarmRate = opts.falseAlarmRate ?? DEFAULT_FALSE_ALARM_RATE;
  const margin = opts.margin ?? DEFAULT_THRESHOLD_MARGIN;
  if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) throw new RangeError('falseAlarmRate must be in (0, 1)');
  if (!(margin >= 1)) throw new RangeError('margin must be ≥ 1');
  if (rawScores.length === 0) throw new RangeError('cannot calibrate a threshold without training scores');
  const q = quantile(rawScores, 1 - falseAlarmRate);
  // A degenerate (all-zero) training score distribution would give a zero threshold; keep it positive.
  const threshold = Math.max(q * margin, 1e-12);
  return {
    threshold,
    falseAlarmRate,
    margin,
    normalScore: median(rawScores) / threshold,
    samples: rawScores.length,
  };
}

const YEAR_MS = 365.25 * 86_400_000;
/**
 * Default false-alarm budget of one asset: alert episodes per year on healthy operation. One a year keeps alerts
 * trusted across a fleet (50 machines: one false alarm a week); a plant sets its own per asset (a critical machine
 * may afford more, for earlier warnings).
 */
export const DEFAULT_ALERT_BUDGET_PER_YEAR = 1;

export interface AlertCalibrationOptions {
  /** Window length of the score series (ms): converts the yearly budget into a probability per window. */
  windowMs: number;
  /** Consecutive windows above the level that open an episode (the episode rule's persistence). */
  persistence: number;
  /** Healthy alert episodes allowed per year (default DEFAULT_ALERT_BUDGET_PER_YEAR). */
  budgetPerYear?: number;
}

export interface AlertCalibration {
  /** Calibrated-score level at which an alert episode may open (≥ 1): alert score = calibrated score / level. */
  level: number;
  budgetPerYear: number;
  persistence: number;
  /** The fitted tail: threshold u, exceedance probability at u, mean excess β (exponential tail). */
  tail?: { u: number; pu: number; beta: number };
  /** How many held-out scores it was computed from. */
  samples: number;
}

/**
 * The alert level of an asset, calibrated to a false-alarm budget per asset (alert episodes per year) from
 * *held-out* healthy scores in time order (cross-validated, so the model's optimism on its own training rows
 * does not set it). An episode opens when `persistence` consecutive windows exceed the level, i.e. when the
 * running minimum over `persistence` windows does; so the level is the quantile of that running minimum at the
 * budget's probability per window. Training data covers days and the budget is per year, far beyond the
 * empirical quantiles: the tail is extrapolated with the peaks-over-threshold method of extreme-value theory
 * (Pickands–Balkema–de Haan; as used for streaming thresholds by Siffer et al. 2017, "Anomaly detection in streams
 * with extreme value theory", SPOT), with an exponential tail above the 95th percentile (the generalised Pareto
 * with shape 0, the usual choice for the light tails of quadratic scores). The level never falls below the
 * highest running minimum seen on held-out healthy data, nor below 1 (the detector's own threshold).
 */
export function calibrateAlertLevel(scores: ArrayLike<number>, opts: AlertCalibrationOptions): AlertCalibration {
  const budgetPerYear = opts.budgetPerYear ?? DEFAULT_ALERT_BUDGET_PER_YEAR;
  const persistence = Math.max(1, Math.floor(opts.persistence));
  if (!(budgetPerYear > 0)) throw new RangeError('budgetPerYear must be > 0');
  if (!(opts.windowMs > 0)) throw new RangeError('windowMs must be > 0');
  const mins: number[] = [];
  for (let i = 0; i + persistence <= scores.length; i++) {
    let m = Number.POSITIVE_INFINITY;
    for (let k = 0; k < persistence; k++) m = Math.min(m, scores[i + k] as number);
    if (Number.isFinite(m)) mins.push(m);
  }
  if (mins.length === 0) return { level: 1, budgetPerYear, persistence, samples: 0 };
  const highest = Math.max(...mins);
  const q = Math.min(0.5, (budgetPerYear * opts.windowMs) / YEAR_MS);
  let level = highest;
  let tail: AlertCalibration['tail'];
  if (mins.length >= 50) {
    const u = quantile(mins, 0.95);
    const excess = mins.filter((m) => m > u).map((m) => m - u);
    const pu = excess.length / mins.length;
    const beta = excess.length > 0 ? Math.max(excess.reduce((s, e) => s + e, 0) / excess.length, 1e-9) : 0;
    tail = { u, pu, beta };
    if (pu > q && beta > 0) level = Math.max(level, u + beta * Math.log(pu / q));
  }
  return { level: Math.max(1, level), budgetPerYear, persistence, ...(tail ? { tail } : {}), samples: mins.length };
}
