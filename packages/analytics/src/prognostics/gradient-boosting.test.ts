import { describe, expect, it } from 'vitest';
import { GradientBoosting, pinballLoss } from './gradient-boosting';
import { seededRandom } from './random';

function data(n: number, f: (x: number[]) => number, features = 2, noise = 0, seed = 1) {
  const rand = seededRandom(seed);
  const x = new Float64Array(n * features);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: features }, () => rand());
    x.set(row, i * features);
    y.push(f(row) + noise * (rand() - 0.5));
  }
  return { x, y };
}

describe('GradientBoosting', () => {
  it('learns a step function in one feature and ignores the other', () => {
    const step = (r: number[]) => (r[0]! > 0.5 ? 10 : 0);
    const { x, y } = data(1000, step);
    const m = GradientBoosting.fit(x, y, 2, {
      trees: 60,
      learningRate: 0.3,
      maxDepth: 2,
      rowSample: 1,
      featureSample: 1,
    });
    expect(m.predict([0.2, 0.9])).toBeCloseTo(0, 0);
    expect(m.predict([0.8, 0.1])).toBeCloseTo(10, 0);
    expect(Math.abs(m.predict([0.8, 0.1]) - m.predict([0.8, 0.95]))).toBeLessThan(0.2);
  });

  it('approximates a linear target with many small steps, and round-trips through JSON', () => {
    const lin = (r: number[]) => 3 * r[0]! - 2 * r[1]!;
    const { x, y } = data(2000, lin);
    const m = GradientBoosting.fit(x, y, 2, { trees: 200, learningRate: 0.1, maxDepth: 3 });
    const test = data(200, lin, 2, 0, 99);
    const p = m.predictMatrix(test.x, 200);
    const err = Math.sqrt(p.reduce((s, v, i) => s + (v - test.y[i]!) ** 2, 0) / 200);
    // Target spread is about 1.0 (sd); trees should be far closer than that.
    expect(err).toBeLessThan(0.1);
    const back = GradientBoosting.fromJSON(JSON.stringify(m.toJSON()));
    expect(back.predict([0.3, 0.6])).toBe(m.predict([0.3, 0.6]));
  });

  it('fits conditional quantiles with the pinball loss: ~90 % of fresh noise lies between q05 and q95', () => {
    // Noise whose spread grows with x0: uniform on ±(0.5 + 2 x0).
    const rand = seededRandom(4);
    const gen = (n: number) => {
      const x = new Float64Array(n * 2);
      const y: number[] = [];
      for (let i = 0; i < n; i++) {
        const a = rand();
        x[2 * i] = a;
        x[2 * i + 1] = rand();
        y.push(5 * a + (0.5 + 2 * a) * (2 * rand() - 1));
      }
      return { x, y };
    };
    const train = gen(3000);
    const opts = { trees: 80, learningRate: 0.1, maxDepth: 3, loss: 'quantile' as const };
    const lo = GradientBoosting.fit(train.x, train.y, 2, { ...opts, alpha: 0.05 });
    const hi = GradientBoosting.fit(train.x, train.y, 2, { ...opts, alpha: 0.95 });
    const test = gen(2000);
    let inside = 0;
    for (let i = 0; i < 2000; i++) {
      const r = test.x.subarray(2 * i, 2 * i + 2);
      if (test.y[i]! >= lo.predict(r) && test.y[i]! <= hi.predict(r)) inside++;
    }
    expect(inside / 2000).toBeGreaterThan(0.85);
    expect(inside / 2000).toBeLessThan(0.95);
    // Wider where the noise is wider.
    expect(hi.predict([0.9, 0.5]) - lo.predict([0.9, 0.5])).toBeGreaterThan(
      2 * (hi.predict([0.1, 0.5]) - lo.predict([0.1, 0.5])),
    );
  });

  it('computes the pinball loss', () => {
    expect(pinballLoss(10, 8, 0.9)).toBeCloseTo(1.8, 12);
    expect(pinballLoss(8, 10, 0.9)).toBeCloseTo(0.2, 12);
  });
});
