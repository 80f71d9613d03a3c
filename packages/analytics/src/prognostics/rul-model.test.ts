import { describe, expect, it } from 'vitest';
import type { EngineHistory } from './cmapss';
import { seededRandom } from './random';
import { RUL_CAP, RulModel } from './rul-model';

/**
 * Synthetic run-to-failure fleet in two operating regimes: two sensors drift (one up, one down) with wear that
 * accelerates toward failure, one sensor is noise only, one is constant.
 */
function fleet(n: number, seed: number): EngineHistory[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, (_, u) => {
    const life = 120 + Math.floor(rand() * 120);
    const e: EngineHistory = { unit: u + 1, cycles: [], settings: [], sensors: [] };
    for (let c = 1; c <= life; c++) {
      const high = rand() < 0.5;
      const wear = Math.exp((c - life) / 25); // ~0 early, 1 at failure
      const noise = () => 0.3 * (rand() - 0.5);
      e.cycles.push(c);
      e.settings.push([high ? 35 : 10, high ? 0.8 : 0.25, 100]);
      e.sensors.push([(high ? 600 : 640) + 3 * wear + noise(), (high ? 40 : 47) - 2 * wear + noise(), 5 + noise(), 1]);
    }
    return e;
  });
}

describe('RulModel', () => {
  it('learns RUL across regimes, gives calibrated intervals and failure probabilities, and round-trips', () => {
    const train = fleet(24, 1);
    const m = RulModel.fit(train, {
      folds: 3,
      window: 15,
      boosting: { trees: 60, learningRate: 0.15, maxDepth: 3 },
    });
    expect(m.regimeCount).toBe(2);
    const v = m.validation!;
    expect(v.rmse).toBeLessThan(20);
    expect(v.coverage90).toBeGreaterThan(0.8);

    // Truncated test engines: true RUL known.
    const test = fleet(12, 2).map((e, i) => {
      const keep = e.cycles.length - (5 + 8 * i);
      return {
        e: {
          ...e,
          cycles: e.cycles.slice(0, keep),
          settings: e.settings.slice(0, keep),
          sensors: e.sensors.slice(0, keep),
        },
        rul: e.cycles.length - keep,
      };
    });
    const preds = test.map(({ e }) => m.predict(e));
    const err = Math.sqrt(
      preds.reduce((s, p, i) => s + (p.rul - Math.min(RUL_CAP, test[i]!.rul)) ** 2, 0) / preds.length,
    );
    expect(err).toBeLessThan(20);
    for (const p of preds) {
      expect(p.lower).toBeLessThanOrEqual(p.rul);
      expect(p.upper).toBeGreaterThanOrEqual(p.rul);
    }
    const near = test[0]!.e; // 5 cycles left
    expect(m.failureProbability(near, 30)).toBeGreaterThan(0.7);
    expect(m.failureProbability(near, 30)).toBeGreaterThan(m.failureProbability(test[10]!.e, 30));
    expect(m.failureProbability(near, 10)).toBeLessThanOrEqual(m.failureProbability(near, 30));

    const back = RulModel.fromJSON(JSON.stringify(m));
    expect(back.predict(near)).toEqual(m.predict(near));
  });

  it('fits asynchronously with the same result, reporting rising progress up to 1', async () => {
    const train = fleet(8, 3);
    const o = { folds: 2, window: 10, boosting: { trees: 12, maxDepth: 3 } };
    const seen: [number, string][] = [];
    const m = await RulModel.fitAsync(train, o, (f, msg) => seen.push([f, msg]));
    expect(m.toJSON()).toEqual(RulModel.fit(train, o).toJSON());
    const fractions = seen.map(([f]) => f);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    // 3 fits (2 folds + final) × (features + 12 trees), plus the start.
    expect(seen).toHaveLength(1 + 3 * 13);
    expect(seen.some(([, msg]) => msg.startsWith('cross-fitting fold 2/2: tree 12'))).toBe(true);
    expect(seen.at(-1)![1]).toBe('final model: tree 12');
  });
});
