/**
 * Binary CART decision tree (Breiman, Friedman, Olshen & Stone 1984, "Classification and Regression Trees"):
 * greedy axis-aligned splits chosen by the weighted decrease of Gini impurity or entropy, grown to a depth
 * limit with a minimum number of rows per leaf. Numeric features split as `x < t`; categorical features (integer
 * codes) split as `x ∈ S`, where for two classes the best subset is one of the prefixes of the categories ordered
 * by their positive rate (Breiman et al. 1984, §4.2.2), so k categories need k − 1 candidate splits, not 2^(k−1).
 */
import { niceThreshold } from './nice-number';

/** Rows that go left: numeric `x < threshold`, categorical `x ∈ codes`. */
export type SplitTest = { kind: 'lt'; threshold: number } | { kind: 'in'; codes: number[] };

interface NodeStats {
  /** Training rows in the node. */
  n: number;
  /** Of those, positives. */
  positives: number;
  /** Class-weighted masses (positives × positive weight, negatives × 1). */
  weightPos: number;
  weightNeg: number;
}
export interface CartLeaf extends NodeStats {
  kind: 'leaf';
  /** Weighted majority class. */
  predict: 0 | 1;
}
export interface CartSplit extends NodeStats {
  kind: 'split';
  feature: number;
  test: SplitTest;
  left: CartNode;
  right: CartNode;
}
export type CartNode = CartLeaf | CartSplit;

export interface CartData {
  /** Column-major values: `columns[f][i]`; categorical features hold codes 0 … k−1. */
  columns: readonly ArrayLike<number>[];
  /** Categories per feature (0: numeric). */
  categories: readonly number[];
  /** 0/1 label per row. */
  y: ArrayLike<number>;
}

export interface CartOptions {
  /** Default 6: enough for a threshold that depends on a three-level category (AI4I overstrain) plus slack. */
  maxDepth?: number;
  /** Default 5. */
  minSamplesLeaf?: number;
  /** Default 'gini'. */
  criterion?: 'gini' | 'entropy';
  /**
   * Weight of a positive row relative to a negative one; 'balanced' = negatives / positives (King & Zeng 2001
   * style reweighting, as sklearn's class_weight='balanced'). Default 1.
   */
  positiveWeight?: number | 'balanced';
  /** A split must lower the weighted impurity by at least this share of the root's weight. Default 0. */
  minImpurityDecrease?: number;
}

const impurityFns = {
  gini: (p: number) => 2 * p * (1 - p),
  entropy: (p: number) => (p <= 0 || p >= 1 ? 0 : -p * Math.log2(p) - (1 - p) * Math.log2(1 - p)),
};

interface Candidate {
  gain: number;
  feature: number;
  test: SplitTest;
}

/** Fits a tree on `rows` (indices into the data; default all). */
export function fitCart(data: CartData, options: CartOptions = {}, rows?: ArrayLike<number>): CartNode {
  const maxDepth = options.maxDepth ?? 6;
  const minLeaf = Math.max(1, options.minSamplesLeaf ?? 5);
  const impurity = impurityFns[options.criterion ?? 'gini'];
  const idx = rows ? Array.from(rows) : Array.from({ length: data.y.length }, (_, i) => i);
  const pos = idx.reduce((s, i) => s + (data.y[i] ? 1 : 0), 0);
  const pw = options.positiveWeight ?? 1;
  const wPos = pw === 'balanced' ? (pos > 0 ? (idx.length - pos) / pos : 1) : pw;
  const minGain = (options.minImpurityDecrease ?? 0) * (pos * wPos + idx.length - pos);
  const { columns, categories, y } = data;

  const weighted = (p: number, n: number) => {
    const w = p + n;
    return w > 0 ? w * impurity(p / w) : 0;
  };

  const bestNumeric = (f: number, node: number[], parent: number): Candidate | undefined => {
    const col = columns[f] as ArrayLike<number>;
    const sorted = [...node].sort((a, b) => (col[a] as number) - (col[b] as number));
    let lp = 0;
    let ln = 0;
    let best: { gain: number; at: number } | undefined;
    const tp = node.reduce((s, i) => s + (y[i] ? wPos : 0), 0);
    const tn = node.reduce((s, i) => s + (y[i] ? 0 : 1), 0);
    for (let k = 0; k < sorted.length - 1; k++) {
      const i = sorted[k] as number;
      if (y[i]) lp += wPos;
      else ln += 1;
      const a = col[i] as number;
      const b = col[sorted[k + 1] as number] as number;
      if (a === b || k + 1 < minLeaf || sorted.length - k - 1 < minLeaf) continue;
      const gain = parent - weighted(lp, ln) - weighted(tp - lp, tn - ln);
      if (!best || gain > best.gain) best = { gain, at: k };
    }
    if (!best) return undefined;
    const a = col[sorted[best.at] as number] as number;
    const b = col[sorted[best.at + 1] as number] as number;
    // The simplest number in (a, b] splits the training rows exactly like the midpoint, and reads like a
    // number a technician would write down ("< 8.6 K" rather than "< 8.5500001 K").
    return { gain: best.gain, feature: f, test: { kind: 'lt', threshold: niceThreshold(a, b) } };
  };

  const bestCategorical = (f: number, node: number[], parent: number): Candidate | undefined => {
    const col = columns[f] as ArrayLike<number>;
    const k = categories[f] as number;
    const cp = new Float64Array(k);
    const cn = new Float64Array(k);
    const count = new Int32Array(k);
    for (const i of node) {
      const c = col[i] as number;
      if (c < 0 || c >= k) continue;
      if (y[i]) cp[c] = (cp[c] as number) + wPos;
      else cn[c] = (cn[c] as number) + 1;
      count[c] = (count[c] as number) + 1;
    }
    const present = [...Array(k).keys()].filter((c) => (count[c] as number) > 0);
    const rate = (c: number) => (cp[c] as number) / ((cp[c] as number) + (cn[c] as number));
    present.sort((a, b) => rate(a) - rate(b) || a - b);
    const tp = present.reduce((s, c) => s + (cp[c] as number), 0);
    const tn = present.reduce((s, c) => s + (cn[c] as number), 0);
    const total = present.reduce((s, c) => s + (count[c] as number), 0);
    let lp = 0;
    let ln = 0;
    let lc = 0;
    let best: Candidate | undefined;
    for (let j = 0; j < present.length - 1; j++) {
      const c = present[j] as number;
      lp += cp[c] as number;
      ln += cn[c] as number;
      lc += count[c] as number;
      if (lc < minLeaf || total - lc < minLeaf) continue;
      const gain = parent - weighted(lp, ln) - weighted(tp - lp, tn - ln);
      if (!best || gain > best.gain) {
        best = { gain, feature: f, test: { kind: 'in', codes: present.slice(0, j + 1).sort((a, b) => a - b) } };
      }
    }
    return best;
  };

  const goesLeft = (test: SplitTest, v: number) => (test.kind === 'lt' ? v < test.threshold : test.codes.includes(v));

  const grow = (node: number[], depth: number): CartNode => {
    const positives = node.reduce((s, i) => s + (y[i] ? 1 : 0), 0);
    const stats: NodeStats = {
      n: node.length,
      positives,
      weightPos: positives * wPos,
      weightNeg: node.length - positives,
    };
    const leaf = (): CartLeaf => ({ kind: 'leaf', ...stats, predict: stats.weightPos > stats.weightNeg ? 1 : 0 });
    // Pure nodes stop: no split can lower an impurity of zero.
    if (depth >= maxDepth || node.length < 2 * minLeaf || positives === 0 || positives === node.length) return leaf();
    const parent = weighted(stats.weightPos, stats.weightNeg);
    let best: Candidate | undefined;
    for (let f = 0; f < columns.length; f++) {
      const c = (categories[f] ?? 0) > 0 ? bestCategorical(f, node, parent) : bestNumeric(f, node, parent);
      if (c && (!best || c.gain > best.gain + 1e-12)) best = c;
    }
    if (!best || best.gain <= Math.max(minGain, 1e-12)) return leaf();
    const col = columns[best.feature] as ArrayLike<number>;
    const test = best.test;
    const left = node.filter((i) => goesLeft(test, col[i] as number));
    const right = node.filter((i) => !goesLeft(test, col[i] as number));
    return collapse({
      kind: 'split',
      ...stats,
      feature: best.feature,
      test,
      left: grow(left, depth + 1),
      right: grow(right, depth + 1),
    });
  };

  return grow(idx, 0);
}

/** Two leaves under one split that predict the same class say nothing the parent does not: merge them. */
function collapse(node: CartSplit): CartNode {
  const { left, right } = node;
  if (left.kind === 'leaf' && right.kind === 'leaf' && left.predict === right.predict) {
    const { n, positives, weightPos, weightNeg } = node;
    return { kind: 'leaf', n, positives, weightPos, weightNeg, predict: left.predict };
  }
  return node;
}

/** The leaf a row (one value per feature) falls into. */
export function cartLeaf(tree: CartNode, x: ArrayLike<number>): CartLeaf {
  let node = tree;
  while (node.kind === 'split') {
    const v = x[node.feature] as number;
    const left = node.test.kind === 'lt' ? v < node.test.threshold : node.test.codes.includes(v);
    node = left ? node.left : node.right;
  }
  return node;
}

/** Depth of the tree (a single leaf: 0). */
export function cartDepth(node: CartNode): number {
  return node.kind === 'leaf' ? 0 : 1 + Math.max(cartDepth(node.left), cartDepth(node.right));
}
