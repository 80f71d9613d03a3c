import type { BinnedData } from './binning';

/**
 * One regression tree grown on binned features and per-row gradients (second-order boosting with unit hessians,
 * Friedman 2001; gain and L2-regularised leaf weights as in XGBoost, Chen & Guestrin 2016 eq. 6–7).
 * Grown depth-first to a fixed maximum depth; a split must leave `minLeaf` rows on each side.
 */

export interface TreeState {
  /** Split feature per node; −1 marks a leaf. */
  feature: number[];
  /** Raw-value threshold: x ≤ threshold goes left. */
  threshold: number[];
  left: number[];
  right: number[];
  /** Leaf output (already multiplied by the learning rate); 0 for inner nodes. */
  value: number[];
}

export interface TreeOptions {
  maxDepth: number;
  minLeaf: number;
  /** L2 penalty on leaf weights. */
  lambda: number;
  /** Features this tree may split on. */
  features: readonly number[];
  /** Output of a leaf from its rows (e.g. −ΣG/(n+λ), or a residual quantile for pinball loss). */
  leafValue: (rows: Uint32Array) => number;
}

/** A tree as built: raw thresholds for prediction plus bin thresholds for fast updates on the training rows. */
export interface BuiltTree extends TreeState {
  splitBin: number[];
}

export function growTree(data: BinnedData, grad: Float64Array, rows: Uint32Array, o: TreeOptions): BuiltTree {
  const t: BuiltTree = { feature: [], threshold: [], left: [], right: [], value: [], splitBin: [] };
  const F = data.features;
  const nb = data.edges.map((e) => e.length + 1);
  const maxBins = Math.max(1, ...nb);
  const gh = new Float64Array(F * maxBins);
  const ch = new Uint32Array(F * maxBins);
  const newNode = () => {
    t.feature.push(-1);
    t.threshold.push(0);
    t.left.push(-1);
    t.right.push(-1);
    t.value.push(0);
    t.splitBin.push(0);
    return t.feature.length - 1;
  };
  const grow = (idx: Uint32Array, depth: number): number => {
    const node = newNode();
    const n = idx.length;
    let G = 0;
    for (let i = 0; i < n; i++) G += grad[idx[i] as number] as number;
    if (depth >= o.maxDepth || n < 2 * o.minLeaf) {
      t.value[node] = o.leafValue(idx);
      return node;
    }
    gh.fill(0);
    ch.fill(0);
    const bins = data.bins;
    const feats = o.features;
    const nf = feats.length;
    for (let i = 0; i < n; i++) {
      const r = idx[i] as number;
      const g = grad[r] as number;
      const base = r * F;
      for (let k = 0; k < nf; k++) {
        const f = feats[k] as number;
        const h = f * maxBins + (bins[base + f] as number);
        gh[h]! += g;
        ch[h]!++;
      }
    }
    const parent = (G * G) / (n + o.lambda);
    let bestGain = 1e-9;
    let bestF = -1;
    let bestBin = 0;
    for (let k = 0; k < nf; k++) {
      const f = feats[k] as number;
      let gl = 0;
      let nl = 0;
      for (let b = 0; b < (nb[f] as number) - 1; b++) {
        gl += gh[f * maxBins + b] as number;
        nl += ch[f * maxBins + b] as number;
        const nr = n - nl;
        if (nl < o.minLeaf) continue;
        if (nr < o.minLeaf) break;
        const gr = G - gl;
        const gain = (gl * gl) / (nl + o.lambda) + (gr * gr) / (nr + o.lambda) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bestF = f;
          bestBin = b;
        }
      }
    }
    if (bestF < 0) {
      t.value[node] = o.leafValue(idx);
      return node;
    }
    let nl = 0;
    for (let i = 0; i < n; i++) if ((bins[(idx[i] as number) * F + bestF] as number) <= bestBin) nl++;
    const li = new Uint32Array(nl);
    const ri = new Uint32Array(n - nl);
    let a = 0;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const r = idx[i] as number;
      if ((bins[r * F + bestF] as number) <= bestBin) li[a++] = r;
      else ri[c++] = r;
    }
    t.feature[node] = bestF;
    t.splitBin[node] = bestBin;
    t.threshold[node] = data.edges[bestF]![bestBin] as number;
    const l = grow(li, depth + 1);
    const rr = grow(ri, depth + 1);
    t.left[node] = l;
    t.right[node] = rr;
    return node;
  };
  grow(rows, 0);
  return t;
}

/** Tree output for one row of raw features. */
export function predictTree(t: TreeState, x: ArrayLike<number>): number {
  let node = 0;
  for (;;) {
    const f = t.feature[node] as number;
    if (f < 0) return t.value[node] as number;
    node = (x[f] as number) <= (t.threshold[node] as number) ? (t.left[node] as number) : (t.right[node] as number);
  }
}

/** Tree output for one binned training row. */
export function predictTreeBinned(t: BuiltTree, data: BinnedData, row: number): number {
  let node = 0;
  const base = row * data.features;
  for (;;) {
    const f = t.feature[node] as number;
    if (f < 0) return t.value[node] as number;
    node =
      (data.bins[base + f] as number) <= (t.splitBin[node] as number)
        ? (t.left[node] as number)
        : (t.right[node] as number);
  }
}
