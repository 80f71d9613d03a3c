/**
 * Rules from a tree: each positive leaf is the conjunction of the tests on its path. As in C4.5rules (Quinlan
 * 1993, "C4.5: Programs for Machine Learning", ch. 5) each rule is then generalised — a condition is dropped
 * while that does not lower the rule's precision on the training rows — and rules a broader one already
 * covers are removed. Two rules that differ only in `x < a` versus `x ≥ b` (a ≤ b) become one `x outside a–b`.
 */
import type { CartNode } from './cart';
import type { FeatureDef, FeatureMatrix } from './features';

/** `min ≤ x < max` (either bound may be absent), `x < min or x ≥ max`, or `x ∈ values`. */
export type Condition =
  | { feature: string; kind: 'range'; min?: number; max?: number }
  | { feature: string; kind: 'outside'; min: number; max: number }
  | { feature: string; kind: 'in'; values: string[] };

export interface Rule {
  mode: string;
  conditions: Condition[];
  /** Training rows the rule covers. */
  support: number;
  /** Of those, rows labelled with the mode. */
  positives: number;
  /** positives / support. */
  precision: number;
  /** Share of the mode's training rows the rule covers. */
  recall: number;
}

/** Whether a condition holds for a feature value (categorical: the category's index). */
export function conditionHolds(c: Condition, v: number, def: FeatureDef): boolean {
  if (c.kind === 'in') return c.values.includes(def.categories?.[v] ?? '\u0000');
  if (c.kind === 'outside') return v < c.min || v >= c.max;
  return (c.min === undefined || v >= c.min) && (c.max === undefined || v < c.max);
}

const indexOf = (m: FeatureMatrix, key: string) => {
  const f = m.defs.findIndex((d) => d.key === key);
  if (f < 0) throw new Error(`rule uses feature "${key}" the table does not have`);
  return f;
};

/** 1 for every row of `m` the conditions cover. */
export function coverMask(conditions: readonly Condition[], m: FeatureMatrix): Uint8Array {
  const out = new Uint8Array(m.n).fill(1);
  for (const c of conditions) {
    const f = indexOf(m, c.feature);
    const col = m.columns[f] as Float64Array;
    const def = m.defs[f] as FeatureDef;
    for (let i = 0; i < m.n; i++) if (out[i] && !conditionHolds(c, col[i] as number, def)) out[i] = 0;
  }
  return out;
}

/** Support, positives, precision and recall of the conditions on labelled rows. */
export function ruleStats(mode: string, conditions: Condition[], m: FeatureMatrix, y: ArrayLike<number>): Rule {
  const mask = coverMask(conditions, m);
  let support = 0;
  let positives = 0;
  let all = 0;
  for (let i = 0; i < m.n; i++) {
    if (y[i]) all++;
    if (!mask[i]) continue;
    support++;
    if (y[i]) positives++;
  }
  const precision = support > 0 ? positives / support : 0;
  return { mode, conditions, support, positives, precision, recall: all > 0 ? positives / all : 0 };
}

/** Adds `c` to a conjunction, intersecting it with a condition on the same feature. */
function conjoin(conditions: Condition[], c: Condition): Condition[] {
  const i = conditions.findIndex((d) => d.feature === c.feature);
  if (i < 0) return [...conditions, c];
  const d = conditions[i] as Condition;
  let merged: Condition = c;
  if (d.kind === 'range' && c.kind === 'range') {
    const min = d.min === undefined ? c.min : c.min === undefined ? d.min : Math.max(d.min, c.min);
    const max = d.max === undefined ? c.max : c.max === undefined ? d.max : Math.min(d.max, c.max);
    merged = { feature: c.feature, kind: 'range', min, max };
  } else if (d.kind === 'in' && c.kind === 'in') {
    merged = { feature: c.feature, kind: 'in', values: d.values.filter((v) => c.values.includes(v)) };
  }
  return conditions.map((x, j) => (j === i ? merged : x));
}

/** The conjunction on the path to every leaf the tree labels positive. */
export function positivePaths(tree: CartNode, defs: readonly FeatureDef[]): Condition[][] {
  const out: Condition[][] = [];
  const walk = (node: CartNode, path: Condition[]) => {
    if (node.kind === 'leaf') {
      if (node.predict === 1) out.push(path);
      return;
    }
    const def = defs[node.feature] as FeatureDef;
    const t = node.test;
    if (t.kind === 'lt') {
      walk(node.left, conjoin(path, { feature: def.key, kind: 'range', max: t.threshold }));
      walk(node.right, conjoin(path, { feature: def.key, kind: 'range', min: t.threshold }));
    } else {
      const cats = def.categories ?? [];
      const inside = t.codes.map((c) => cats[c] as string);
      walk(node.left, conjoin(path, { feature: def.key, kind: 'in', values: inside }));
      walk(
        node.right,
        conjoin(path, { feature: def.key, kind: 'in', values: cats.filter((c) => !inside.includes(c)) }),
      );
    }
  };
  walk(tree, []);
  return out;
}

/** Every conjunction with one condition (or one bound of a two-sided range) fewer. */
function relaxations(conditions: readonly Condition[]): Condition[][] {
  const out: Condition[][] = [];
  conditions.forEach((c, i) => {
    const without = conditions.filter((_, j) => j !== i);
    out.push(without);
    if (c.kind === 'range' && c.min !== undefined && c.max !== undefined) {
      const { min, max, ...rest } = c;
      out.push(conditions.map((d, j) => (j === i ? { ...rest, min } : d)));
      out.push(conditions.map((d, j) => (j === i ? { ...rest, max } : d)));
    }
  });
  return out;
}

/** Drops conditions greedily while the training precision does not fall (ties: the broader rule). */
export function generalise(rule: Rule, m: FeatureMatrix, y: ArrayLike<number>): Rule {
  let current = rule;
  for (;;) {
    let best: Rule | undefined;
    for (const conditions of relaxations(current.conditions)) {
      if (conditions.length === 0) continue;
      const r = ruleStats(rule.mode, conditions, m, y);
      if (r.precision < current.precision - 1e-12) continue;
      if (
        !best ||
        r.precision > best.precision + 1e-12 ||
        (r.precision >= best.precision - 1e-12 && r.support > best.support)
      ) {
        best = r;
      }
    }
    if (!best) return current;
    current = best;
  }
}

const sameCondition = (a: Condition, b: Condition) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Rules whose training rows another kept rule (at least as precise) also covers are removed; exact duplicates
 * once. Broader and more precise rules are kept first.
 */
export function removeSubsumed(rules: readonly Rule[], m: FeatureMatrix): Rule[] {
  const order = [...rules].sort((a, b) => b.support - a.support || b.precision - a.precision);
  const kept: { rule: Rule; mask: Uint8Array }[] = [];
  for (const rule of order) {
    const mask = coverMask(rule.conditions, m);
    const covered = kept.some(
      (k) => k.rule.precision >= rule.precision - 1e-12 && mask.every((v, i) => !v || k.mask[i]),
    );
    if (!covered) kept.push({ rule, mask });
  }
  return kept.map((k) => k.rule);
}

/** Joins pairs of rules that differ only in `x < a` and `x ≥ b` (a ≤ b) on one feature into `x outside a–b`. */
export function mergeOutside(rules: readonly Rule[], m: FeatureMatrix, y: ArrayLike<number>): Rule[] {
  const out = [...rules];
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      const a = out[i] as Rule;
      const b = out[j] as Rule;
      const merged = mergePair(a.conditions, b.conditions) ?? mergePair(b.conditions, a.conditions);
      if (!merged) continue;
      out[i] = ruleStats(a.mode, merged, m, y);
      out.splice(j, 1);
      j = i;
    }
  }
  return out;
}

/** `a` has `x < lo`, `b` has `x ≥ hi` with lo ≤ hi, all other conditions equal → `x outside lo–hi`. */
function mergePair(a: readonly Condition[], b: readonly Condition[]): Condition[] | undefined {
  if (a.length !== b.length) return undefined;
  for (const ca of a) {
    if (ca.kind !== 'range' || ca.min !== undefined || ca.max === undefined) continue;
    const cb = b.find((c) => c.feature === ca.feature);
    if (cb?.kind !== 'range' || cb.max !== undefined || cb.min === undefined || cb.min < ca.max) continue;
    const restA = a.filter((c) => c !== ca);
    const restB = b.filter((c) => c !== cb);
    if (!restA.every((c) => restB.some((d) => sameCondition(c, d)))) continue;
    const outside: Condition = { feature: ca.feature, kind: 'outside', min: ca.max, max: cb.min };
    return a.map((c) => (c === ca ? outside : c));
  }
  return undefined;
}

export interface RuleOptions {
  /**
   * A positive leaf becomes a rule only when its precision is at least this — judged pessimistically, by the
   * lower Wilson bound at `confidenceZ`, so 5 failures among 9 rows (a chance cluster of random failures) do
   * not pass where 100 among 100 do. Default 0.5.
   */
  minPrecision?: number;
  /**
   * z of the pessimistic bound; default 1.96 (two-sided 95 %). C4.5's milder 25 % factor (z ≈ 0.67) still let
   * a chance cluster of 7 random tool-wear failures among 10 rows through on AI4I, and in cross-validation
   * such a rule fired almost only on healthy rows (precision 7 %).
   */
  confidenceZ?: number;
  /** … and at least this many positive training rows. Default 3. */
  minPositives?: number;
}

/** Readable rules for one mode from its tree; `rejected`: positive leaves too imprecise or too small. */
export function extractRules(
  mode: string,
  tree: CartNode,
  m: FeatureMatrix,
  y: ArrayLike<number>,
  options: RuleOptions = {},
): { rules: Rule[]; rejected: Rule[] } {
  const minPrecision = options.minPrecision ?? 0.5;
  const minPositives = options.minPositives ?? 3;
  const raw = positivePaths(tree, m.defs).map((c) => ruleStats(mode, c, m, y));
  const z = options.confidenceZ ?? 1.96;
  const ok = (r: Rule) => wilsonLower(r.positives, r.support, z) >= minPrecision && r.positives >= minPositives;
  const general = removeSubsumed(
    raw.filter(ok).map((r) => generalise(r, m, y)),
    m,
  );
  const rules = mergeOutside(general, m, y).sort((a, b) => b.positives - a.positives);
  return { rules, rejected: raw.filter((r) => !ok(r)).sort((a, b) => b.positives - a.positives) };
}

/** Lower end of the Wilson score interval for k successes in n trials (Wilson 1927). */
export function wilsonLower(k: number, n: number, z: number): number {
  if (n <= 0) return 0;
  const p = k / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return (centre - spread) / (1 + z2 / n);
}
