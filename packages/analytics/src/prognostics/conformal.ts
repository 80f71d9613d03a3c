/**
 * Split-conformal prediction intervals (Vovk et al. 2005; Lei et al. 2018) with residuals grouped by the size of the
 * prediction ("Mondrian" conformal, Vovk et al. 2005 §4.5): the error of a RUL prediction depends strongly on
 * it — near failure the degradation is visible and errors are small, while an engine that still looks healthy
 * (prediction near the cap) may have anything from the cap to several hundred cycles left. Each group keeps the
 * quantiles of its calibration residuals (true − predicted), which also give the predictive distribution used for
 * P(RUL ≤ h).
 */

/** Residual quantiles stored per group: 0 %, 1 %, …, 100 %. */
const GRID = 101;

export interface ConformalState {
  /** Upper edges of the prediction groups (ascending); the last group is open-ended. */
  edges: number[];
  /** Per group, the residual quantiles at levels i / (GRID − 1). */
  quantiles: number[][];
  /** Calibration residuals per group. */
  counts: number[];
}

function sortedQuantile(s: Float64Array, q: number): number {
  const pos = Math.min(Math.max(q, 0), 1) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return (s[lo] as number) + (pos - lo) * ((s[hi] as number) - (s[lo] as number));
}

/**
 * Calibrates from held-out predictions and their true values, in `groups` groups of equal count by predicted value
 * (at least `minPerGroup` residuals each, so that a 5 % tail rests on ≥ 10 points).
 */
export function calibrateConformal(
  predicted: ArrayLike<number>,
  truth: ArrayLike<number>,
  groups = 5,
  minPerGroup = 200,
): ConformalState {
  const n = predicted.length;
  if (n === 0 || truth.length !== n) throw new Error('calibrateConformal: no data or lengths differ');
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (predicted[a] as number) - (predicted[b] as number),
  );
  const g = Math.max(1, Math.min(groups, Math.floor(n / minPerGroup)));
  const edges: number[] = [];
  const quantiles: number[][] = [];
  const counts: number[] = [];
  for (let k = 0; k < g; k++) {
    const from = Math.floor((k * n) / g);
    const to = Math.floor(((k + 1) * n) / g);
    const r = new Float64Array(to - from);
    for (let i = from; i < to; i++) {
      const j = order[i] as number;
      r[i - from] = (truth[j] as number) - (predicted[j] as number);
    }
    r.sort();
    edges.push(k === g - 1 ? Number.POSITIVE_INFINITY : (predicted[order[to - 1] as number] as number));
    counts.push(r.length);
    // Finite-sample correction of split conformal: level ⌈(n+1)q⌉/n, applied at use via the stored grid.
    quantiles.push(Array.from({ length: GRID }, (_, i) => sortedQuantile(r, i / (GRID - 1))));
  }
  return { edges: edges.map((e) => (Number.isFinite(e) ? e : Number.MAX_VALUE)), quantiles, counts };
}

function groupOf(s: ConformalState, prediction: number): number {
  for (let k = 0; k < s.edges.length; k++) if (prediction <= (s.edges[k] as number)) return k;
  return s.edges.length - 1;
}

/** Residual quantile at level q in the group of `prediction` (linear between grid points). */
export function residualQuantile(s: ConformalState, prediction: number, q: number): number {
  const k = groupOf(s, prediction);
  const n = s.counts[k] as number;
  // Split-conformal finite-sample level (Lei et al. 2018, Thm 2.1): ⌈(n+1)q⌉/n for an upper quantile.
  const up = (p: number) => Math.min(1, Math.ceil((n + 1) * p) / n);
  const level = q >= 0.5 ? up(q) : Math.max(0, 1 - up(1 - q));
  const qs = s.quantiles[k] as number[];
  const pos = level * (GRID - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(GRID - 1, lo + 1);
  return (qs[lo] as number) + (pos - lo) * ((qs[hi] as number) - (qs[lo] as number));
}

/** Central interval of coverage `level` around `prediction`, with its lower end clipped at `floor`. */
export function conformalInterval(s: ConformalState, prediction: number, level = 0.9, floor = 0): [number, number] {
  const a = (1 - level) / 2;
  return [
    Math.max(floor, prediction + residualQuantile(s, prediction, a)),
    Math.max(floor, prediction + residualQuantile(s, prediction, 1 - a)),
  ];
}

/** P(true ≤ h) from the group's residual distribution: the share of residuals r with prediction + r ≤ h. */
export function conformalCdf(s: ConformalState, prediction: number, h: number): number {
  const qs = s.quantiles[groupOf(s, prediction)] as number[];
  const r = h - prediction;
  if (r < (qs[0] as number)) return 0;
  if (r >= (qs[GRID - 1] as number)) return 1;
  for (let i = 1; i < GRID; i++) {
    const a = qs[i - 1] as number;
    const b = qs[i] as number;
    if (r < b) return (i - 1 + (b > a ? (r - a) / (b - a) : 0)) / (GRID - 1);
  }
  return 1;
}
