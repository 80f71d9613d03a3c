import { describe, expect, it } from 'vitest';
import { extrapolateHealth } from './health-extrapolation';
import { seededRandom } from './random';

describe('extrapolateHealth', () => {
  it('extrapolates an exact linear decline to the threshold', () => {
    const t = [0, 1, 2, 3, 4, 5];
    const h = t.map((x) => 100 - 5 * x); // 75 at t = 5; reaches 20 after 11 more
    const r = extrapolateHealth(t, h, { threshold: 20 });
    expect(r.rul).toBeCloseTo(11, 9);
    expect(r.lower).toBeCloseTo(11, 6);
    expect(r.upper).toBeCloseTo(11, 6);
  });

  it('gives an interval that contains the truth for a noisy decline, and an exponential fit', () => {
    const rand = seededRandom(9);
    const t = Array.from({ length: 40 }, (_, i) => i);
    const h = t.map((x) => 100 - 2 * x + 3 * (rand() - 0.5));
    const r = extrapolateHealth(t, h, { threshold: 0 });
    // True crossing: 100 - 2x = 0 at x = 50, i.e. 11 after t = 39.
    expect(r.lower).toBeLessThanOrEqual(11);
    expect(r.upper).toBeGreaterThanOrEqual(11);
    expect(r.lower).toBeLessThan(r.rul);
    const e = extrapolateHealth(
      t,
      t.map((x) => 100 * Math.exp(-0.05 * x)),
      { threshold: 100 * Math.exp(-0.05 * 60), model: 'exponential' },
    );
    expect(e.rul).toBeCloseTo(21, 6);
  });

  it('reports maxRul for a flat trend and 0 once past the threshold', () => {
    expect(extrapolateHealth([0, 1, 2], [80, 80, 80], { threshold: 20, maxRul: 500 }).rul).toBe(500);
    expect(extrapolateHealth([0, 1, 2], [30, 20, 10], { threshold: 20 }).rul).toBe(0);
  });
});
