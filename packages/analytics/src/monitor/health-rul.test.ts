import { describe, expect, it } from 'vitest';
import { FAILURE_HEALTH, rulFromHealth } from './health-rul';

/** Health falling `perHour` from `start`, one point a minute for two hours, with a little wobble. */
const falling = (start: number, perHour: number, wobble = 0.3) =>
  Array.from({ length: 121 }, (_, i) => ({
    ts: i * 60_000,
    health: start - (perHour * i) / 60 + wobble * Math.sin(i),
  }));

describe('rulFromHealth', () => {
  it('extrapolates a falling health to the failure threshold, with an interval around it', () => {
    const r = rulFromHealth(falling(80, 10))!;
    // At the last point health ≈ 60; 50 points more at 10 per hour.
    expect(r.hours).toBeCloseTo((60 - FAILURE_HEALTH) / 10, 1);
    expect(r.lowerHours).toBeLessThanOrEqual(r.hours);
    expect(r.upperHours).toBeGreaterThanOrEqual(r.hours);
    expect(r.ts).toBe(120 * 60_000);
    expect(r).toMatchObject({ method: 'health-trend', threshold: FAILURE_HEALTH, horizonHours: 24 });
    // Five hours to go and a tight fit: failure within a day is all but certain, within an hour unlikely.
    expect(r.failureProbability).toBeGreaterThan(0.99);
    expect(rulFromHealth(falling(80, 10), 1)!.failureProbability).toBeLessThan(0.01);
  });

  it('says nothing while the asset is healthy, steady or recovering, or with too little history', () => {
    expect(rulFromHealth(falling(96, 2))).toBeUndefined(); // 92 at the end: healthy
    expect(rulFromHealth(falling(70, 0.2))).toBeUndefined(); // steady
    expect(rulFromHealth(falling(50, -5))).toBeUndefined(); // recovering
    expect(rulFromHealth(falling(80, 10).slice(0, 5))).toBeUndefined();
  });

  it('gives no forecast while health reads ok, however steep a brief dip', () => {
    // A healthy machine under a noisy spell (seen in CI, 2-s windows): steady at 100, then one window pulls the
    // smoothed health to 88. Steep in wall time, but the machine is "ok" and must not read "fails within the hour".
    const dip = Array.from({ length: 30 }, (_, i) => ({ ts: i * 2_000, health: i < 26 ? 99.5 : 100 - 3 * (i - 25) }));
    expect(dip[dip.length - 1]!.health).toBe(88);
    expect(rulFromHealth(dip)).toBeUndefined();
    // The same fall carried on into watch territory is a forecast.
    const deeper = [...dip, ...Array.from({ length: 8 }, (_, i) => ({ ts: (30 + i) * 2_000, health: 85 - 3 * i }))];
    expect(deeper[deeper.length - 1]!.health).toBeLessThan(70);
    expect(rulFromHealth(deeper)).toBeDefined();
  });

  it('is certain once health is at the threshold', () => {
    const r = rulFromHealth(falling(30, 20, 0))!;
    expect(r.hours).toBe(0);
    expect(r.failureProbability).toBe(1);
  });
});
