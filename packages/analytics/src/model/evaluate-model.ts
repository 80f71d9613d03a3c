import type { Detector, Row } from '../anomaly/detector';
import type { AlertCalibration } from '../anomaly/thresholds';

const YEAR_MS = 365.25 * 24 * 3_600_000;

/** What a trained model is expected to do, measured on healthy data it was not fitted on. */
export interface ModelEvaluation {
  /** Held-out healthy windows (each scored by a model fitted without it: blocked cross-validation in time). */
  heldOutWindows: number;
  /** Held-out window scores relative to the alert level (1 = alert level): quantiles and maximum. */
  heldOutScore: { p50: number; p90: number; p99: number; max: number };
  /** Share of held-out windows above the alert level (single windows; an alert needs `persistence` in a row). */
  heldOutAboveLevel: number;
  /** Alerts the monitor's persistence rule would have opened on the held-out healthy windows (goal: 0). */
  heldOutAlerts: number;
  /** Healthy alert episodes per year expected at this level, from the fitted tail (at most the budget). */
  expectedAlertsPerYear: number;
  /** Per model sensor, in model order: the half-width of its normal band in its own unit at the training mean. */
  bands: { sensor: string; halfWidth: number }[];
  /** Operating regimes the detector learned separately (1 = one model for all conditions). */
  regimes: number;
}

function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))] as number;
}

/**
 * The evaluation report stored with every model version. `held` are the held-out scores in time order, in
 * calibrated units (before division by the alert level); folds are contiguous blocks of them. The would-be alerts
 * count runs of at least `persistence` consecutive windows above the level, as AlertEpisodes opens them.
 */
export function evaluateModel(args: {
  held: readonly number[];
  alert: AlertCalibration;
  windowMs: number;
  detector: Detector;
  rows: readonly Row[];
  sensors: readonly string[];
  regimes: number;
}): ModelEvaluation {
  const { alert, held } = args;
  const rel = held.map((s) => s / alert.level).filter(Number.isFinite);
  const sorted = [...rel].sort((a, b) => a - b);
  let run = 0;
  let alerts = 0;
  let above = 0;
  for (const s of rel) {
    if (s > 1) {
      above++;
      run++;
      if (run === alert.persistence) alerts++;
    } else run = 0;
  }
  // Exceedance probability per window of the running minimum at the level, from the exponential tail.
  let expected = 0;
  if (alert.tail && alert.tail.beta > 0) {
    const p = alert.tail.pu * Math.exp(-(alert.level - alert.tail.u) / alert.tail.beta);
    expected = Math.min(alert.budgetPerYear, (p * YEAR_MS) / args.windowMs);
  }
  // Band half-widths at the training mean: what "normal" spans for each sensor, in its unit.
  const p = args.sensors.length;
  const mean = new Float64Array(p);
  for (const r of args.rows) for (let j = 0; j < p; j++) mean[j] += (r[j] as number) / args.rows.length;
  const ex = args.rows.length > 0 ? args.detector.explain(mean) : undefined;
  return {
    heldOutWindows: rel.length,
    heldOutScore: {
      p50: quantile(sorted, 0.5),
      p90: quantile(sorted, 0.9),
      p99: quantile(sorted, 0.99),
      max: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
    },
    heldOutAboveLevel: rel.length ? above / rel.length : 0,
    heldOutAlerts: alerts,
    expectedAlertsPerYear: expected,
    bands: args.sensors.map((sensor, j) => {
      const c = ex?.columns[j];
      return { sensor, halfWidth: c ? (c.high - c.low) / 2 : Number.NaN };
    }),
    regimes: args.regimes,
  };
}
