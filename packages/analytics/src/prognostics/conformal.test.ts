import { describe, expect, it } from 'vitest';
import { calibrateConformal, conformalCdf, conformalInterval } from './conformal';
import { seededRandom } from './random';

describe('Mondrian split conformal', () => {
  it('gives ~90 % coverage per prediction group when the error spread depends on the prediction', () => {
    const rand = seededRandom(2);
    const gen = (n: number) => {
      const p: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < n; i++) {
        const v = 100 * rand();
        p.push(v);
        // Errors ±5 below 50, ±40 above.
        y.push(v + (v < 50 ? 5 : 40) * (2 * rand() - 1));
      }
      return { p, y };
    };
    const cal = gen(4000);
    const s = calibrateConformal(cal.p, cal.y, 4);
    const test = gen(4000);
    for (const low of [true, false]) {
      let n = 0;
      let inside = 0;
      test.p.forEach((v, i) => {
        if (v < 50 !== low) return;
        n++;
        const [a, b] = conformalInterval(s, v, 0.9, Number.NEGATIVE_INFINITY);
        if (test.y[i]! >= a && test.y[i]! <= b) inside++;
      });
      expect(inside / n).toBeGreaterThan(0.86);
      expect(inside / n).toBeLessThan(0.94);
    }
    const [a, b] = conformalInterval(s, 20, 0.9, Number.NEGATIVE_INFINITY);
    expect(b - a).toBeCloseTo(9, 0);
    // P(true ≤ h) is a CDF: 0 far below, 1 far above, ~0.5 at the prediction.
    expect(conformalCdf(s, 80, 0)).toBe(0);
    expect(conformalCdf(s, 80, 200)).toBe(1);
    expect(conformalCdf(s, 80, 80)).toBeCloseTo(0.5, 1);
    expect(conformalCdf(s, 80, 100)).toBeGreaterThan(conformalCdf(s, 80, 70));
  });
});
