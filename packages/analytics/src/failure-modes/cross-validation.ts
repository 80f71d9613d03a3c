/**
 * Stratified k-fold cross-validation (Kohavi 1995: stratified 10- or 5-fold has lower variance than plain
 * k-fold) with a seeded shuffle, so a benchmark prints the same figures on every run.
 */
import { FailureModeModel, type FailureModeOptions, type TrainingSet } from './model';

/** Mulberry32: a small, fast, seedable PRNG (uniform on [0, 1)). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fold (0 … k−1) of every row: each stratum is shuffled and dealt round-robin, so every fold gets its share. */
export function stratifiedFolds(strata: readonly string[], k: number, seed: number): number[] {
  const random = mulberry32(seed);
  const groups = new Map<string, number[]>();
  strata.forEach((s, i) => {
    const g = groups.get(s);
    if (g) g.push(i);
    else groups.set(s, [i]);
  });
  const folds = new Array<number>(strata.length).fill(0);
  let next = 0;
  for (const key of [...groups.keys()].sort()) {
    const idx = groups.get(key) as number[];
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
    // Continue the deal where the last stratum stopped, so small strata do not all land in fold 0.
    for (const i of idx) folds[i] = next++ % k;
  }
  return folds;
}

/** Out-of-fold predicted modes of every row. */
export function crossValidate(data: TrainingSet, options: FailureModeOptions, folds: readonly number[]): string[][] {
  const k = Math.max(...folds) + 1;
  const predicted: string[][] = data.rows.map(() => []);
  for (let f = 0; f < k; f++) {
    const train = folds.flatMap((g, i) => (g === f ? [] : [i]));
    const labels = Object.fromEntries(
      Object.entries(data.labels).map(([mode, y]) => [mode, train.map((i) => y[i] as number)]),
    );
    const model = FailureModeModel.fit({ rows: train.map((i) => data.rows[i]!), labels }, options);
    folds.forEach((g, i) => {
      if (g === f) predicted[i] = model.predict(data.rows[i]!);
    });
  }
  return predicted;
}

export interface BinaryScores {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1 of 0/1 predictions. */
export function binaryScores(predicted: ArrayLike<boolean | number>, truth: ArrayLike<boolean | number>): BinaryScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < truth.length; i++) {
    const p = Boolean(predicted[i]);
    const t = Boolean(truth[i]);
    if (p && t) tp++;
    else if (p) fp++;
    else if (t) fn++;
    else tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, tn, precision, recall, f1 };
}
