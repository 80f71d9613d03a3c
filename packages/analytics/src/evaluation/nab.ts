/**
 * The Numenta Anomaly Benchmark scoring method (Lavin & Ahmad 2015, "Evaluating Real-time Anomaly Detection
 * Algorithms – the Numenta Anomaly Benchmark", and the reference scorer numenta/NAB nab/sweeper.py,
 * nab/optimizer.py, nab/runner.py).
 *
 * - Each labelled anomaly is a window [start, end] of rows. Inside a window only the first detection counts: it
 *   earns tpWeight · σ(position) / σ(-1), where position runs from -1 at the window's first row towards 0 at its
 *   last row, σ being the scaled sigmoid 2/(1+e^{5x}) − 1; a window without a detection costs −fnWeight.
 * - A detection outside every window is a false positive worth fpWeight · σ(position past the preceding window's
 *   end, in window widths), i.e. nearly free just after a window and −fpWeight far from it (or before any window).
 * - The first 15 % of each file (at most 750 rows) is a probationary period: nothing there is scored.
 * - A detector gives an anomaly score in [0, 1] per row; NAB sweeps every distinct score as a threshold over the
 *   whole corpus and keeps, per profile, the threshold with the best total (optimizer.py), then reports
 *   100 · (raw − null) / (perfect − null), where null is the detector that never fires (every window missed) and
 *   perfect detects every window at its first row (runner.py normalize()).
 */

export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
  tnWeight: number;
}

export type NabProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';

/** Application profiles, numbers from numenta/NAB config/profiles.json (tnWeight is carried but unused, as there). */
export const NAB_PROFILES: Readonly<Record<NabProfileName, Readonly<CostMatrix>>> = {
  standard: { tpWeight: 1.0, fnWeight: 1.0, fpWeight: 0.11, tnWeight: 1.0 },
  reward_low_FP_rate: { tpWeight: 1.0, fnWeight: 1.0, fpWeight: 0.22, tnWeight: 1.0 },
  reward_low_FN_rate: { tpWeight: 1.0, fnWeight: 2.0, fpWeight: 0.11, tnWeight: 1.0 },
};

/** NAB's probationary share of each file (runner.py probationaryPercent). */
export const NAB_PROBATION_PERCENT = 0.15;

/** An anomaly window, inclusive at both ends, as epoch milliseconds. */
export interface NabWindow {
  start: number;
  end: number;
}

/** One data file's timestamps (epoch ms, ascending), its windows and the detector's scores (one per row). */
export interface NabScoredFile {
  name: string;
  timestamps: readonly number[];
  windows: readonly NabWindow[];
  scores: readonly number[];
}

/** Scaled sigmoid of sweeper.py: 2·sigmoid(−5x) − 1, and −1 for x > 3 (a false positive well past a window). */
export function scaledSigmoid(position: number): number {
  if (position > 3) return -1;
  return 2 / (1 + Math.exp(5 * position)) - 1;
}

/** Rows not scored at the start of a file: min(floor(p·n), p·5000) (sweeper.py _getProbationaryLength). */
export function probationaryLength(rows: number, percent = NAB_PROBATION_PERCENT): number {
  return Math.min(Math.floor(percent * rows), percent * 5000);
}

/**
 * Row ranges [first, last] of the windows: the rows whose timestamps lie in [start, end] (labeler.py getLabels).
 * Windows that hold no row are dropped; windows are taken in start order.
 */
export function windowRows(timestamps: readonly number[], windows: readonly NabWindow[]): [number, number][] {
  const out: [number, number][] = [];
  for (const w of [...windows].sort((a, b) => a.start - b.start)) {
    let first = firstIndex(timestamps, (t) => t >= w.start);
    const last = firstIndex(timestamps, (t) => t > w.end) - 1;
    if (first < timestamps.length && last >= first) {
      // Overlapping windows are not valid NAB labels (labeler.py validateLabels); clip to keep rows unique.
      const prev = out[out.length - 1];
      if (prev && first <= prev[1]) first = prev[1] + 1;
      if (last >= first) out.push([first, last]);
    }
  }
  return out;
}

/** First index whose value satisfies `pred` (monotone over the ascending xs), or xs.length. */
function firstIndex(xs: readonly number[], pred: (x: number) => boolean): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (!pred(xs[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One scorable row: its anomaly score, its weighted score if it were a detection, and its window (−1: none). */
export interface SweepPoint {
  score: number;
  sweepScore: number;
  window: number;
}

/**
 * Per-row sweep scores of one file (sweeper.py calcSweepScore), probationary rows left out. Window ids are
 * `windowIdOffset + k` so that several files can be pooled.
 */
export function sweepPoints(
  file: NabScoredFile,
  cost: CostMatrix,
  probationPercent = NAB_PROBATION_PERCENT,
  windowIdOffset = 0,
): SweepPoint[] {
  const n = file.timestamps.length;
  if (file.scores.length !== n) {
    throw new RangeError(`${file.name}: ${n} timestamps but ${file.scores.length} scores`);
  }
  const rows = windowRows(file.timestamps, file.windows);
  const probation = probationaryLength(n, probationPercent);
  const maxTP = scaledSigmoid(-1);
  const points: SweepPoint[] = [];
  let w = 0; // next or current window
  let prevEnd = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    while (w < rows.length && rows[w]![1] < i) {
      prevEnd = rows[w]![1];
      prevWidth = rows[w]![1] - rows[w]![0] + 1;
      w++;
    }
    const cur = rows[w];
    const inWindow = cur !== undefined && i >= cur[0];
    let sweepScore: number;
    if (inWindow) {
      const width = cur[1] - cur[0] + 1;
      sweepScore = (scaledSigmoid(-(cur[1] - i + 1) / width) * cost.tpWeight) / maxTP;
    } else if (prevEnd < 0) {
      sweepScore = -cost.fpWeight; // no preceding window: as if infinitely far from one
    } else {
      // A one-row window gives 0/0 → NaN in Python too; treat it as far (−1), like the > 3 branch.
      const pos = prevWidth > 1 ? (i - prevEnd) / (prevWidth - 1) : Number.POSITIVE_INFINITY;
      sweepScore = scaledSigmoid(pos) * cost.fpWeight;
    }
    if (i >= probation) {
      points.push({ score: file.scores[i]!, sweepScore, window: inWindow ? windowIdOffset + w : -1 });
    }
  }
  return points;
}

/** Total NAB score and counts for one threshold: rows with score ≥ threshold are detections. */
export interface ThresholdScore {
  threshold: number;
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  total: number;
}

/**
 * Score for every distinct threshold, highest first (sweeper.py calcScoreByThreshold): the first entry detects
 * nothing (threshold 1.1, above any score in [0, 1]), each next one adds the rows at the next lower score.
 */
export function scoreByThreshold(points: readonly SweepPoint[], cost: CostMatrix): ThresholdScore[] {
  const sorted = [...points].sort((a, b) => b.score - a.score);
  const best = new Map<number, number>();
  for (const p of sorted) if (p.window >= 0) best.set(p.window, -cost.fnWeight);
  let windowTotal = -cost.fnWeight * best.size;
  let fpTotal = 0;
  let tp = 0;
  let fp = 0;
  let fn = sorted.filter((p) => p.window >= 0).length;
  let tn = sorted.length - fn;
  const maxScore = sorted.length > 0 ? sorted[0]!.score : 0;
  let threshold = maxScore >= 1.1 ? Number.POSITIVE_INFINITY : 1.1;
  const out: ThresholdScore[] = [];
  const save = () => out.push({ threshold, score: windowTotal + fpTotal, tp, tn, fp, fn, total: tp + tn + fp + fn });
  for (const p of sorted) {
    if (p.score !== threshold) {
      save();
      threshold = p.score;
    }
    if (p.window >= 0) {
      tp++;
      fn--;
      const old = best.get(p.window)!;
      if (p.sweepScore > old) {
        best.set(p.window, p.sweepScore);
        windowTotal += p.sweepScore - old;
      }
    } else {
      fp++;
      tn--;
      fpTotal += p.sweepScore;
    }
  }
  save();
  return out;
}

/**
 * The corpus-wide threshold with the best total score for one profile (optimizer.py optimizeThreshold): all files'
 * sweep points pooled, ties going to the higher threshold.
 */
export function optimizeThreshold(
  files: readonly NabScoredFile[],
  cost: CostMatrix,
  probationPercent = NAB_PROBATION_PERCENT,
): { threshold: number; score: number } {
  const points: SweepPoint[] = [];
  let offset = 0;
  for (const f of files) {
    for (const p of sweepPoints(f, cost, probationPercent, offset)) points.push(p);
    offset += f.windows.length;
  }
  let bestRow: ThresholdScore | undefined;
  for (const row of scoreByThreshold(points, cost)) if (!bestRow || row.score > bestRow.score) bestRow = row;
  return { threshold: bestRow!.threshold, score: bestRow!.score };
}

/** One file scored at one threshold. */
export interface NabFileResult {
  name: string;
  score: number;
  /** Row counts outside the probationary period, as in NAB's results CSVs. */
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  /** Windows with at least one scorable row, and how many of them were detected. */
  windows: number;
  detectedWindows: number;
  /** Score of the detector that never fires (−fnWeight per scorable window). */
  nullScore: number;
  /** Score of detecting every window at its first row (tpWeight per window, as runner.py normalize()). */
  perfectScore: number;
}

/** Scores one file with rows whose anomaly score is ≥ threshold as detections (sweeper.py scoreDataSet). */
export function scoreFile(
  file: NabScoredFile,
  cost: CostMatrix,
  threshold: number,
  probationPercent = NAB_PROBATION_PERCENT,
): NabFileResult {
  const points = sweepPoints(file, cost, probationPercent);
  const best = new Map<number, number>();
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  let fpTotal = 0;
  for (const p of points) {
    const hit = p.score >= threshold;
    if (p.window >= 0) {
      if (!best.has(p.window)) best.set(p.window, -cost.fnWeight);
      if (hit) {
        tp++;
        if (p.sweepScore > best.get(p.window)!) best.set(p.window, p.sweepScore);
      } else fn++;
    } else if (hit) {
      fp++;
      fpTotal += p.sweepScore;
    } else tn++;
  }
  let windowTotal = 0;
  let detectedWindows = 0;
  for (const v of best.values()) {
    windowTotal += v;
    if (v !== -cost.fnWeight) detectedWindows++;
  }
  return {
    name: file.name,
    score: windowTotal + fpTotal,
    tp,
    tn,
    fp,
    fn,
    windows: best.size,
    detectedWindows,
    nullScore: -cost.fnWeight * best.size,
    perfectScore: cost.tpWeight * windowRows(file.timestamps, file.windows).length,
  };
}

/** Scores binary detections (true / non-zero = alarm) of one file. */
export function scoreDetections(
  file: Omit<NabScoredFile, 'scores'> & { detections: readonly (boolean | number)[] },
  cost: CostMatrix,
  probationPercent = NAB_PROBATION_PERCENT,
): NabFileResult {
  const scores = file.detections.map((d) => (d ? 1 : 0));
  return scoreFile({ ...file, scores }, cost, 0.5, probationPercent);
}

/**
 * 100 · (raw − null) / (perfect − null) (runner.py normalize()). When perfect equals null (a corpus without
 * windows) the ratio is undefined and 0 is returned.
 */
export function normalizeNabScore(raw: number, nullScore: number, perfect: number): number {
  return perfect === nullScore ? 0 : (100 * (raw - nullScore)) / (perfect - nullScore);
}

export interface NabCorpusResult {
  threshold: number;
  raw: number;
  nullScore: number;
  perfectScore: number;
  /** NAB's final score: 0 = never firing, 100 = every window at its start, negative = worse than silence. */
  normalized: number;
  files: NabFileResult[];
}

/**
 * Scores a corpus for one profile: threshold optimised over the corpus unless given (pass the corpus threshold to
 * score a subset, e.g. one category, the way the whole corpus was scored).
 */
export function evaluateNab(
  files: readonly NabScoredFile[],
  cost: CostMatrix,
  options: { threshold?: number; probationPercent?: number } = {},
): NabCorpusResult {
  const pp = options.probationPercent ?? NAB_PROBATION_PERCENT;
  const threshold = options.threshold ?? optimizeThreshold(files, cost, pp).threshold;
  const results = files.map((f) => scoreFile(f, cost, threshold, pp));
  const sum = (k: 'score' | 'nullScore' | 'perfectScore') => results.reduce((s, r) => s + r[k], 0);
  const raw = sum('score');
  const nullScore = sum('nullScore');
  const perfectScore = sum('perfectScore');
  return {
    threshold,
    raw,
    nullScore,
    perfectScore,
    normalized: normalizeNabScore(raw, nullScore, perfectScore),
    files: results,
  };
}
