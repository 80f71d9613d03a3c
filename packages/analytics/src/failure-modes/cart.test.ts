import { describe, expect, it } from 'vitest';
import { type CartNode, cartDepth, cartLeaf, fitCart } from './cart';
import { formatNumber, niceThreshold } from './nice-number';

const oneFeature = (x: number[], y: number[]) => ({ columns: [x], categories: [0], y });
const accuracy = (tree: CartNode, rows: number[][], y: number[]) =>
  rows.filter((r, i) => cartLeaf(tree, r).predict === y[i]).length / rows.length;

describe('CART tree', () => {
  it('finds a threshold exactly, as the simplest number between the two neighbouring values', () => {
    const x = Array.from({ length: 20 }, (_, i) => i);
    const tree = fitCart(
      oneFeature(
        x,
        x.map((v) => (v >= 12 ? 1 : 0)),
      ),
      { minSamplesLeaf: 1 },
    );
    expect(tree.kind).toBe('split');
    if (tree.kind !== 'split') return;
    expect(tree.test).toEqual({ kind: 'lt', threshold: 12 });
    expect(tree.left).toMatchObject({ kind: 'leaf', predict: 0, n: 12 });
    expect(tree.right).toMatchObject({ kind: 'leaf', predict: 1, n: 8 });
  });

  it('needs depth 2 for an XOR and then fits it exactly', () => {
    const rows: number[][] = [];
    for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) rows.push([a, b]);
    // Unequal quadrants, so the first greedy split has a positive gain (a balanced XOR has none at the root).
    const y = rows.map(([a, b]) => ((a as number) >= 5 !== (b as number) >= 3 ? 1 : 0));
    const data = { columns: [rows.map((r) => r[0] as number), rows.map((r) => r[1] as number)], categories: [0, 0], y };
    const shallow = fitCart(data, { maxDepth: 1, minSamplesLeaf: 1 });
    expect(accuracy(shallow, rows, y)).toBeLessThan(0.75);
    const deep = fitCart(data, { maxDepth: 2, minSamplesLeaf: 1 });
    expect(accuracy(deep, rows, y)).toBe(1);
    expect(cartDepth(deep)).toBe(2);
    expect(deep.kind === 'split' && deep.test).toEqual({ kind: 'lt', threshold: 5 });
    if (deep.kind === 'split' && deep.left.kind === 'split')
      expect(deep.left.test).toEqual({ kind: 'lt', threshold: 3 });
  });

  it('stops at pure nodes however deep it may grow', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(
      fitCart(
        oneFeature(
          x,
          x.map(() => 0),
        ),
        { maxDepth: 10, minSamplesLeaf: 1 },
      ),
    ).toMatchObject({
      kind: 'leaf',
      n: 8,
      positives: 0,
    });
    const separable = fitCart(
      oneFeature(
        x,
        x.map((v) => (v > 4 ? 1 : 0)),
      ),
      { maxDepth: 10, minSamplesLeaf: 1 },
    );
    expect(cartDepth(separable)).toBe(1);
  });

  it('respects the minimum leaf size', () => {
    const x = Array.from({ length: 20 }, (_, i) => i);
    const y = x.map((v) => (v >= 18 ? 1 : 0));
    const tree = fitCart(oneFeature(x, y), { minSamplesLeaf: 5, positiveWeight: 3 });
    // The two positives cannot have a leaf of their own: the smallest allowed one holds three negatives too.
    expect(tree.kind === 'split' && tree.test).toEqual({ kind: 'lt', threshold: 15 });
    expect(tree.kind === 'split' && tree.right).toMatchObject({ kind: 'leaf', n: 5, positives: 2, predict: 1 });
  });

  it('shifts the threshold towards more positives when positives weigh more', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const y = [0, 0, 1, 0, 0, 1, 1, 1, 1, 1];
    const plain = fitCart(oneFeature(x, y), { maxDepth: 1, minSamplesLeaf: 1 });
    const weighted = fitCart(oneFeature(x, y), { maxDepth: 1, minSamplesLeaf: 1, positiveWeight: 10 });
    expect(plain.kind === 'split' && plain.test).toEqual({ kind: 'lt', threshold: 6 });
    expect(weighted.kind === 'split' && weighted.test).toEqual({ kind: 'lt', threshold: 3 });
    expect(cartLeaf(weighted, [4]).predict).toBe(1);
    expect(cartLeaf(plain, [4]).predict).toBe(0);
  });

  it('splits a categorical feature into the subset that separates best', () => {
    // Categories 0, 1, 2: categories 0 and 2 fail, 1 does not.
    const codes = [0, 1, 2, 0, 1, 2, 0, 1, 2, 1];
    const tree = fitCart(
      { columns: [codes], categories: [3], y: codes.map((c) => (c === 1 ? 0 : 1)) },
      { minSamplesLeaf: 1 },
    );
    expect(tree.kind === 'split' && tree.test).toEqual({ kind: 'in', codes: [1] });
    expect(cartLeaf(tree, [2]).predict).toBe(1);
  });
});

describe('nice numbers', () => {
  it('picks the shortest number between two values', () => {
    expect(niceThreshold(8.55, 8.65)).toBe(8.6);
    expect(niceThreshold(9, 10)).toBe(10);
    expect(niceThreshold(1379, 1382)).toBe(1380);
    expect(niceThreshold(3501.2, 3503.9)).toBe(3503);
    expect(niceThreshold(-0.3, 0.2)).toBe(0);
    expect(niceThreshold(0.1234, 0.1236)).toBe(0.1235);
    expect(() => niceThreshold(2, 2)).toThrow();
  });

  it('formats values with four significant digits and separators', () => {
    expect(formatNumber(308.6)).toBe('308.6');
    expect(formatNumber(1408)).toBe('1,408');
    expect(formatNumber(6826.31)).toBe('6,826');
    expect(formatNumber(308.6 - 300.5)).toBe('8.1');
    expect(formatNumber(46.3)).toBe('46.3');
  });
});
