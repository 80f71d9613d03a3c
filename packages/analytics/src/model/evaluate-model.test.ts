import { describe, expect, it } from 'vitest';
import { PcaDetector } from '../anomaly/pca-detector';
import { evaluateModel } from './evaluate-model';

describe('evaluateModel', () => {
  const rows = Array.from({ length: 200 }, (_, i) => [Math.sin(i), 2 * Math.sin(i) + 0.1 * Math.cos(7 * i), i % 5]);
  const detector = new PcaDetector().fit(rows);

  it('counts would-be alerts as runs of `persistence` windows above the level, and the share above it', () => {
    // level 2: relative scores 0.25, 1.5, 1.5, 1.5, 1.5, 0.1, 1.5, 1.5, 0.5, 1.5, 1.5, 1.5 → two runs of ≥ 3
    const held = [0.5, 3, 3, 3, 3, 0.2, 3, 3, 1, 3, 3, 3];
    const e = evaluateModel({
      held,
      alert: { level: 2, budgetPerYear: 1, persistence: 3, samples: held.length },
      windowMs: 60_000,
      detector,
      rows,
      sensors: ['a', 'b', 'c'],
      regimes: 1,
    });
    expect(e.heldOutWindows).toBe(12);
    expect(e.heldOutAlerts).toBe(2);
    expect(e.heldOutAboveLevel).toBeCloseTo(9 / 12, 12);
    expect(e.heldOutScore).toEqual({ p50: 1.5, p90: 1.5, p99: 1.5, max: 1.5 });
    expect(e.expectedAlertsPerYear).toBe(0); // no tail fitted
    expect(e.bands.map((b) => b.sensor)).toEqual(['a', 'b', 'c']);
    for (const b of e.bands) expect(b.halfWidth).toBeGreaterThan(0);
    expect(e.regimes).toBe(1);
  });

  it('expects alerts per year from the exponential tail, never more than the budget', () => {
    // P(running min > level) = 0.05 · e^(−(1.5 − 1)/0.25) = 0.05 · e^−2 per one-minute window.
    const args = {
      held: [0.1, 0.2],
      windowMs: 60_000,
      detector,
      rows,
      sensors: ['a', 'b', 'c'],
      regimes: 2,
    };
    const tail = { u: 1, pu: 0.05, beta: 0.25 };
    const big = evaluateModel({ ...args, alert: { level: 1.5, budgetPerYear: 1e9, persistence: 3, samples: 2, tail } });
    expect(big.expectedAlertsPerYear).toBeCloseTo(0.05 * Math.exp(-2) * 525_960, 6);
    const capped = evaluateModel({
      ...args,
      alert: { level: 1.5, budgetPerYear: 1, persistence: 3, samples: 2, tail },
    });
    expect(capped.expectedAlertsPerYear).toBe(1);
    expect(capped.heldOutAlerts).toBe(0);
  });

  it('copes with no held-out scores', () => {
    const e = evaluateModel({
      held: [],
      alert: { level: 1, budgetPerYear: 1, persistence: 3, samples: 0 },
      windowMs: 60_000,
      detector,
      rows,
      sensors: ['a', 'b', 'c'],
      regimes: 1,
    });
    expect(e.heldOutWindows).toBe(0);
    expect(e.heldOutAboveLevel).toBe(0);
    expect(Number.isNaN(e.heldOutScore.max)).toBe(true);
  });
});
