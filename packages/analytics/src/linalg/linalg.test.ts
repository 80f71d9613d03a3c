import { Rng } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { columnStats, covarianceOfCentred, standardise, symmetricEigen } from './matrix';
import { chiSquareQuantile, median, normalCdf, normalQuantile, quantile } from './stats';

function randomSymmetric(rng: Rng, n: number): Float64Array[] {
  const a = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i][j] = a[j][i] = rng.normal();
  return a;
}

describe('symmetricEigen (Jacobi)', () => {
  it('reconstructs the matrix as V Λ Vᵀ with orthonormal eigenvectors, eigenvalues descending', () => {
    const rng = new Rng('eig');
    for (const n of [1, 2, 5, 12, 30]) {
      const a = randomSymmetric(rng, n);
      const { values, vectors } = symmetricEigen(a);
      for (let i = 1; i < n; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let r = 0;
          let dot = 0;
          for (let k = 0; k < n; k++) {
            r += vectors[k][i] * values[k] * vectors[k][j];
            dot += vectors[i][k] * vectors[j][k];
          }
          expect(r).toBeCloseTo(a[i][j], 9);
          expect(dot).toBeCloseTo(i === j ? 1 : 0, 9);
        }
      }
    }
  });

  it('finds the known eigenpairs of a 2×2 matrix', () => {
    const { values, vectors } = symmetricEigen([
      [2, 1],
      [1, 2],
    ]);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0][0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0][0] * vectors[0][1]).toBeGreaterThan(0);
  });

  it('handles a diagonal (already converged) and a rank-deficient matrix', () => {
    expect(
      Array.from(
        symmetricEigen([
          [1, 0],
          [0, 4],
        ]).values,
      ),
    ).toEqual([4, 1]);
    const { values } = symmetricEigen([
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(0, 12);
    expect(values[2]).toBeCloseTo(0, 12);
  });
});

describe('column statistics', () => {
  it('standardised columns have mean 0, and their covariance is the correlation matrix', () => {
    const rng = new Rng(3);
    const rows = Array.from({ length: 500 }, () => {
      const a = rng.normal();
      return Float64Array.of(10 + 2 * a, 5 - a + 0.5 * rng.normal());
    });
    const { mean, std } = columnStats(rows);
    expect(mean[0]).toBeCloseTo(10, 0);
    expect(std[0]).toBeCloseTo(2, 0);
    const z = rows.map((r) => standardise(r, mean, std));
    const c = covarianceOfCentred(z);
    expect(c[0][0]).toBeCloseTo(1, 10);
    expect(c[1][1]).toBeCloseTo(1, 10);
    // corr = −1/√1.25 ≈ −0.894
    expect(c[0][1]).toBeCloseTo(-0.894, 1);
    expect(c[0][1]).toBe(c[1][0]);
  });
});

describe('stats', () => {
  it('quantile interpolates like R type 7', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([4, 1, 3, 2], 1)).toBe(4);
    expect(quantile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 12);
    expect(median([5, 1, 3])).toBe(3);
  });

  it('normal quantile matches tabulated values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424, 5);
  });

  it('normal CDF matches tabulated values and inverts the quantile', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.326348)).toBeCloseTo(0.01, 6);
    expect(normalCdf(8)).toBeCloseTo(1, 12);
    expect(normalCdf(-8)).toBeLessThan(1e-9);
    for (const p of [0.001, 0.2, 0.7, 0.99]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    expect(Number.isNaN(normalCdf(Number.NaN))).toBe(true);
  });

  it('χ² quantile (Wilson–Hilferty) is within 1 % of tabulated values', () => {
    const table: [number, number, number][] = [
      [0.99, 2, 9.21034],
      [0.99, 5, 15.08627],
      [0.99, 10, 23.20925],
      [0.95, 3, 7.814728],
    ];
    for (const [p, k, x] of table) expect(Math.abs(chiSquareQuantile(p, k) / x - 1)).toBeLessThan(0.01);
  });
});
