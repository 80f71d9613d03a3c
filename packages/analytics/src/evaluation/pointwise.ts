/**
 * Point-wise binary metrics for anomaly labels, as reported by the SKAB benchmark (Katser & Kozitsin 2020,
 * "Skoltech Anomaly Benchmark"): every timestamp is one binary decision, compared with its 0/1 label.
 *
 * FAR (false alarm rate) = fp / (fp + tn) and MAR (missed alarm rate) = fn / (fn + tp), as in SKAB's
 * `evaluating` notebooks. Every ratio whose denominator is 0 is reported as 0 (not NaN), so that empty input, a
 * file without anomalies or a detector that never fires gives finite numbers that can be averaged and printed;
 * look at the counts to tell "0 because undefined" from "0 because none were right".
 */

export interface BinaryCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface PointwiseMetrics extends BinaryCounts {
  precision: number;
  recall: number;
  f1: number;
  /** False alarm rate fp / (fp + tn). */
  far: number;
  /** Missed alarm rate fn / (fn + tp). */
  mar: number;
}

/** A label or prediction: 1 / true = anomalous; 0 / false = normal. Any other truthy number counts as 1. */
export type BinaryLabel = number | boolean;

/** num / den, or 0 when den is 0 (the documented convention for undefined ratios). */
function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

/** Counts of one file; throws when the two arrays differ in length (a caller bug, not a data problem). */
export function countBinary(truth: readonly BinaryLabel[], predicted: readonly BinaryLabel[]): BinaryCounts {
  if (truth.length !== predicted.length) {
    throw new RangeError(`truth has ${truth.length} labels but predicted has ${predicted.length}`);
  }
  const c: BinaryCounts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < truth.length; i++) {
    const t = Boolean(truth[i]);
    const p = Boolean(predicted[i]);
    if (t && p) c.tp++;
    else if (!t && p) c.fp++;
    else if (!t && !p) c.tn++;
    else c.fn++;
  }
  return c;
}

/** Ratios from counts; undefined ratios are 0. */
export function metricsFromCounts(c: BinaryCounts): PointwiseMetrics {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  return {
    ...c,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    far: ratio(c.fp, c.fp + c.tn),
    mar: ratio(c.fn, c.fn + c.tp),
  };
}

/** Point-wise metrics of one file. Empty input gives all counts and ratios 0. */
export function pointwiseMetrics(truth: readonly BinaryLabel[], predicted: readonly BinaryLabel[]): PointwiseMetrics {
  return metricsFromCounts(countBinary(truth, predicted));
}

/**
 * Pools several files the way SKAB reports a whole benchmark: the counts are summed first and the ratios computed
 * once from the sums (micro-averaging), so long files weigh more than short ones.
 */
export function poolCounts(files: readonly BinaryCounts[]): PointwiseMetrics {
  const sum: BinaryCounts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const f of files) {
    sum.tp += f.tp;
    sum.fp += f.fp;
    sum.tn += f.tn;
    sum.fn += f.fn;
  }
  return metricsFromCounts(sum);
}
