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
