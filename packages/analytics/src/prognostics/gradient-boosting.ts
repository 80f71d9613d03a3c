import { binMatrixSteps, DEFAULT_MAX_BINS } from './binning';
import { seededRandom, shuffledIndices } from './random';
import { type BuiltTree, growTree, predictTree, predictTreeBinned, type TreeState } from './regression-tree';

/**
 * Gradient-boosted regression trees (Friedman 2001, "Greedy function approximation"; stochastic variant with row
 * subsampling, Friedman 2002), histogram-based. Losses: squared error, or pinball (quantile) loss for a conditional
 * quantile, whose leaves take the α-quantile of their residuals (Friedman 2001 §4.3, as scikit-learn does).
 */

export type BoostingLoss = 'squared' | 'quantile';

export interface BoostingOptions {
  trees: number;
  /** Shrinkage ν (Friedman 2001 §5: small ν with more trees generalises better). */
  learningRate: number;
  maxDepth: number;
  minLeaf: number;
  lambda: number;
  /** Share of rows drawn (without replacement) for each tree. */
  rowSample: number;
  /** Share of features each tree may split on. */
  featureSample: number;
  loss: BoostingLoss;
  /** Quantile level for the pinball loss. */
  alpha: number;
  maxBins: number;
  seed: number;
}

export const DEFAULT_BOOSTING: BoostingOptions = {
  trees: 300,
  learningRate: 0.05,
  maxDepth: 5,
  minLeaf: 20,
  lambda: 1,
  rowSample: 0.5,
  featureSample: 0.7,
  loss: 'squared',
  alpha: 0.5,
  maxBins: DEFAULT_MAX_BINS,
  seed: 7,
};

export interface GradientBoostingState {
  base: number;
  features: number;
  trees: TreeState[];
}

/** Pinball loss of predicting q for an observation y at quantile level α (Koenker & Bassett 1978). */
export function pinballLoss(y: number, q: number, alpha: number): number {
  return y >= q ? alpha * (y - q) : (1 - alpha) * (q - y);
}

function quantileOf(values: Float64Array, q: number): number {
  if (values.length === 0) return 0;
  const s = Float64Array.from(values).sort();
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return (s[lo] as number) + (pos - lo) * ((s[hi] as number) - (s[lo] as number));
}

export class GradientBoosting {
  private constructor(private readonly s: GradientBoostingState) {}

  get treeCount(): number {
    return this.s.trees.length;
  }

  /** Fits on a row-major feature matrix (rows × features) and targets. */
  static fit(
    x: Float64Array,
    y: ArrayLike<number>,
    features: number,
    options: Partial<BoostingOptions> = {},
  ): GradientBoosting {
    const steps = GradientBoosting.fitSteps(x, y, features, options);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * The same fit as a generator that yields the number of trees grown after each tree (and 0 while it bins the
   * features), so that a caller can report progress and give the event loop a turn (a server trains in-process).
   */
  static *fitSteps(
    x: Float64Array,
    y: ArrayLike<number>,
    features: number,
    options: Partial<BoostingOptions> = {},
  ): Generator<number, GradientBoosting> {
    const o = { ...DEFAULT_BOOSTING, ...options };
    const n = y.length;
    if (n === 0 || x.length !== n * features) throw new Error('GradientBoosting.fit: x must be rows × features');
    const binning = binMatrixSteps(x, n, features, o.maxBins);
    let binned = binning.next();
    for (; !binned.done; binned = binning.next()) yield 0;
    const data = binned.value;
    const rand = seededRandom(o.seed);
    const yv = Float64Array.from(y);
    const base = o.loss === 'quantile' ? quantileOf(yv, o.alpha) : yv.reduce((a, b) => a + b, 0) / n;
    const pred = new Float64Array(n).fill(base);
    const grad = new Float64Array(n);
    const resid = new Float64Array(n);
    const trees: TreeState[] = [];
    const nRows = Math.max(1, Math.round(o.rowSample * n));
    const nFeat = Math.max(1, Math.round(o.featureSample * features));
    const leafValue =
      o.loss === 'quantile'
        ? (rows: Uint32Array) => {
            for (let i = 0; i < rows.length; i++)
              resid[i] = (yv[rows[i] as number] as number) - (pred[rows[i] as number] as number);
            return o.learningRate * quantileOf(resid.subarray(0, rows.length), o.alpha);
          }
        : (rows: Uint32Array) => {
            let g = 0;
            for (let i = 0; i < rows.length; i++) g += grad[rows[i] as number] as number;
            return (-o.learningRate * g) / (rows.length + o.lambda);
          };
    for (let t = 0; t < o.trees; t++) {
      for (let i = 0; i < n; i++) {
        const r = (pred[i] as number) - (yv[i] as number);
        // Gradient of the loss in the prediction: f − y (squared), or the pinball slope.
        grad[i] = o.loss === 'quantile' ? (r > 0 ? 1 - o.alpha : -o.alpha) : r;
      }
      const rows = Uint32Array.from(shuffledIndices(n, rand).slice(0, nRows)).sort();
      const feats = shuffledIndices(features, rand)
        .slice(0, nFeat)
        .sort((a, b) => a - b);
      const tree: BuiltTree = growTree(data, grad, rows, {
        maxDepth: o.maxDepth,
        minLeaf: o.minLeaf,
        lambda: o.loss === 'quantile' ? 0 : o.lambda,
        features: feats,
        leafValue,
      });
      for (let i = 0; i < n; i++) pred[i]! += predictTreeBinned(tree, data, i);
      const { splitBin: _bins, ...state } = tree;
      trees.push(state);
      yield trees.length;
    }
    return new GradientBoosting({ base, features, trees });
  }

  /** Prediction for one row of raw features; `trees` limits it to the first trees (learning curves). */
  predict(x: ArrayLike<number>, trees = this.s.trees.length): number {
    let v = this.s.base;
    const m = Math.min(trees, this.s.trees.length);
    for (let t = 0; t < m; t++) v += predictTree(this.s.trees[t] as TreeState, x);
    return v;
  }

  /** Predictions for a row-major matrix. */
  predictMatrix(x: Float64Array, rows: number): Float64Array {
    const out = new Float64Array(rows);
    const f = this.s.features;
    for (let i = 0; i < rows; i++) out[i] = this.predict(x.subarray(i * f, (i + 1) * f));
    return out;
  }

  toJSON(): GradientBoostingState {
    return this.s;
  }
  static fromJSON(input: GradientBoostingState | string): GradientBoosting {
    const s = (typeof input === 'string' ? JSON.parse(input) : input) as GradientBoostingState;
    if (typeof s?.base !== 'number' || !Array.isArray(s.trees))
      throw new Error('GradientBoosting.fromJSON: not a model');
    return new GradientBoosting(s);
  }
}
