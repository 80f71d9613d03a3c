import { describe, expect, it } from 'vitest';
import { fitCart } from './cart';
import type { FeatureDef, FeatureMatrix } from './features';
import { extractRules, generalise, mergeOutside, type Rule, ruleStats } from './rules';
import { conditionsText } from './wording';

const power: FeatureDef = { key: 'power', label: 'power', unit: 'W', kind: 'raw', columns: ['P'] };
const noise: FeatureDef = { key: 'noise', label: 'noise', unit: '', kind: 'raw', columns: ['n'] };
const type: FeatureDef = {
  key: 'type',
  label: 'type',
  unit: '',
  kind: 'category',
  columns: ['T'],
  categories: ['H', 'L', 'M'],
};
const matrix = (defs: FeatureDef[], cols: number[][]): FeatureMatrix => ({
  defs,
  columns: cols.map((c) => Float64Array.from(c)),
  n: cols[0]?.length ?? 0,
});

describe('rule extraction', () => {
  it('turns the two sides of a band into one "outside a–b" rule with its support and precision', () => {
    const p = Array.from({ length: 120 }, (_, i) => 1000 + i * 100); // 1,000 … 12,900 W
    const n = p.map((_, i) => (i * 7) % 13);
    const y = p.map((v) => (v < 3500 || v >= 9000 ? 1 : 0));
    const m = matrix([power, noise], [p, n]);
    const tree = fitCart({ columns: m.columns, categories: [0, 0], y }, { minSamplesLeaf: 1 });
    const { rules, rejected } = extractRules('PWF', tree, m, y);
    expect(rejected).toEqual([]);
    expect(rules).toHaveLength(1);
    const rule = rules[0] as Rule;
    expect(rule.conditions).toEqual([{ feature: 'power', kind: 'outside', min: 3500, max: 9000 }]);
    expect(conditionsText(rule.conditions, m.defs)).toBe('power outside 3,500–9,000 W');
    expect(rule).toMatchObject({ support: 65, positives: 65, precision: 1, recall: 1 });
  });

  it('drops a condition that does not make the rule more precise', () => {
    const p = [1, 2, 3, 4, 5, 6, 7, 8].map((v) => v * 1000);
    const n = [0, 5, 0, 5, 0, 5, 0, 5];
    const y = p.map((v) => (v >= 6000 ? 1 : 0));
    const m = matrix([power, noise], [p, n]);
    const narrow = ruleStats(
      'X',
      [
        { feature: 'power', kind: 'range', min: 6000 },
        { feature: 'noise', kind: 'range', min: 2 },
      ],
      m,
      y,
    );
    expect(narrow).toMatchObject({ support: 2, positives: 2, precision: 1 });
    const wide = generalise(narrow, m, y);
    expect(wide.conditions).toEqual([{ feature: 'power', kind: 'range', min: 6000 }]);
    expect(wide).toMatchObject({ support: 3, positives: 3, precision: 1 });
    // A condition the precision needs stays.
    const both = ruleStats('X', [{ feature: 'power', kind: 'range', min: 6000, max: 8000 }], m, y);
    expect(generalise(both, m, y).conditions).toEqual([{ feature: 'power', kind: 'range', min: 6000 }]);
  });

  it('merges "< a" and "≥ b" only when every other condition is the same', () => {
    const p = [1000, 2000, 9500, 9800, 5000, 6000];
    const t = [1, 1, 1, 2, 1, 2]; // L L L M L M
    const y = [1, 1, 1, 1, 0, 0];
    const m = matrix([power, type], [p, t]);
    const stats = (c: Rule['conditions']) => ruleStats('PWF', c, m, y);
    const low = stats([{ feature: 'power', kind: 'range', max: 3500 }]);
    const high = stats([{ feature: 'power', kind: 'range', min: 9000 }]);
    const merged = mergeOutside([low, high], m, y);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ support: 4, positives: 4, precision: 1 });
    const highL = stats([
      { feature: 'power', kind: 'range', min: 9000 },
      { feature: 'type', kind: 'in', values: ['L'] },
    ]);
    expect(mergeOutside([low, highL], m, y)).toHaveLength(2);
    expect(conditionsText(highL.conditions, m.defs)).toBe('power ≥ 9,000 W for type L');
  });

  it('sets positive leaves below the precision bar aside instead of making rules of them', () => {
    const p = Array.from({ length: 100 }, (_, i) => i * 100);
    // Positives scattered thinly above 5,000 W, like tool-wear failures at a random wear.
    const y = p.map((v, i) => (v >= 5000 && i % 10 === 0 ? 1 : 0));
    const m = matrix([power], [p]);
    const tree = fitCart({ columns: m.columns, categories: [0], y }, { positiveWeight: 'balanced', minSamplesLeaf: 5 });
    const { rules, rejected } = extractRules('TWF', tree, m, y);
    expect(rules).toEqual([]);
    expect(rejected.length).toBeGreaterThan(0);
    expect((rejected[0] as Rule).precision).toBeLessThan(0.5);
  });
});
