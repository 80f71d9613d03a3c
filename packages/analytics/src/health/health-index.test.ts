import type { SensorContribution } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { HealthTracker, healthFromScore, topDrivers } from './health-index';

const contrib = (sensor: string, share: number): SensorContribution => ({
  sensor,
  name: sensor,
  unit: 'mm/s',
  share,
  value: 1,
  expected: 1,
  low: 0,
  high: 2,
});

describe('healthFromScore', () => {
  it('is 100 at normal, 50 at the threshold and tends to 0 far beyond', () => {
    expect(healthFromScore(0, 0.4)).toBe(100);
    expect(healthFromScore(0.4, 0.4)).toBe(100);
    expect(healthFromScore(1, 0.4)).toBeCloseTo(50, 12);
    expect(healthFromScore(1, 0)).toBeCloseTo(50, 12);
    expect(healthFromScore(3, 0.4)).toBeLessThan(15);
    expect(healthFromScore(100, 0.4)).toBeLessThan(0.1);
    expect(healthFromScore(Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('is monotonic non-increasing and continuous in the score', () => {
    let prev = healthFromScore(0, 0.35);
    let increases = 0;
    let maxStep = 0;
    for (let s = 0.001; s < 20; s += 0.001) {
      const h = healthFromScore(s, 0.35);
      if (h > prev) increases++;
      maxStep = Math.max(maxStep, prev - h);
      prev = h;
    }
    expect(increases).toBe(0);
    expect(maxStep).toBeLessThan(0.2);
  });
});

describe('HealthTracker', () => {
  it('smooths with an EWMA, reports a falling trend and the top drivers', () => {
    const t = new HealthTracker({ assetId: 'A', normalScore: 0.3, alpha: 0.2 });
    const first = t.update(0, 0.2, [contrib('x', 0.7), contrib('y', 0.25), contrib('z', 0.05)], false);
    expect(first.health.health).toBe(100);
    expect(first.health.status).toBe('ok');
    expect(first.drivers.map((d) => d.sensor)).toEqual(['x', 'y']);
    const second = t.update(60_000, 1, [contrib('x', 1)], false);
    expect(second.health.health).toBeCloseTo(0.2 * 50 + 0.8 * 100, 9);
    let last = second;
    for (let i = 2; i < 60; i++) last = t.update(i * 60_000, 0.3 + i * 0.03, [contrib('x', 1)], i > 40);
    expect(last.trendPerHour).toBeLessThan(-20);
    expect(last.health.status).toBe('alarm');
  });

  it('holds the last value while stopped', () => {
    const t = new HealthTracker({ assetId: 'A' });
    expect(t.hold(0, false)).toBeUndefined();
    t.update(0, 1, [contrib('x', 1)], false);
    const held = t.hold(60_000, false)!;
    expect(held.health.health).toBeCloseTo(50, 9);
    expect(held.health.ts).toBe(60_000);
    expect(held.running).toBe(false);
    expect(t.current()).toBe(held);
  });

  it('topDrivers keeps the largest and those with share ≥ 10 %, at most 3', () => {
    const c = [contrib('a', 0.05), contrib('b', 0.5), contrib('c', 0.2), contrib('d', 0.15), contrib('e', 0.1)];
    expect(topDrivers(c).map((d) => d.sensor)).toEqual(['b', 'c', 'd']);
    expect(topDrivers([contrib('a', 0.05), contrib('b', 0.04)]).map((d) => d.sensor)).toEqual(['a']);
  });
});
