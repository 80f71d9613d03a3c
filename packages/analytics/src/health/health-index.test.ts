import type { SensorContribution } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { componentScores, HealthTracker, healthFromScore, topDrivers } from './health-index';

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

describe('health per component', () => {
  const groups = [
    { id: 'DE', name: 'DE bearing', sensors: ['vib-de', 'temp-de'] },
    { id: 'NDE', name: 'NDE bearing', sensors: ['vib-nde'] },
    { id: '_process', name: 'Process', sensors: ['flow'] },
  ];
  it('gives the component carrying most of the deviation the asset score, the others in proportion', () => {
    const c = [contrib('vib-de', 0.5), contrib('temp-de', 0.3), contrib('vib-nde', 0.2), contrib('flow', 0)];
    expect(componentScores(2, c, groups)).toEqual([2, 0.5, 0]);
    // Spread evenly: every component at the asset's score; no contributions at all: the same.
    const even = [contrib('vib-de', 0.25), contrib('temp-de', 0.25), contrib('vib-nde', 0.25), contrib('flow', 0.25)];
    expect(componentScores(0.8, even, groups)).toEqual([0.8, 0.4, 0.4]);
    expect(componentScores(0.3, [], groups)).toEqual([0.3, 0.3, 0.3]);
    expect(componentScores(1, c, [])).toEqual([]);
  });

  it('tracks each component with its own EWMA, trend and drivers, worst first, and holds them when stopped', () => {
    const t = new HealthTracker({ assetId: 'A', normalScore: 0.3, alpha: 0.2, components: groups });
    let snap = t.update(0, 0.2, [contrib('vib-de', 0.4), contrib('vib-nde', 0.3), contrib('flow', 0.3)], false);
    expect(snap.components.map((g) => g.health)).toEqual([100, 100, 100]);
    for (let i = 1; i <= 60; i++) {
      const score = 0.3 + i * 0.04; // the DE bearing degrades
      snap = t.update(
        i * 60_000,
        score,
        [contrib('vib-de', 0.8), contrib('vib-nde', 0.1), contrib('flow', 0.1)],
        false,
      );
    }
    const [worst, ...others] = snap.components;
    expect(worst!.id).toBe('DE');
    expect(worst!.health).toBeCloseTo(snap.health.health, 9);
    expect(worst!.trendPerHour).toBeLessThan(-20);
    expect(worst!.drivers.map((d) => d.sensor)).toEqual(['vib-de']);
    for (const o of others) {
      expect(o.health).toBeGreaterThan(worst!.health + 30);
      expect(o.drivers.every((d) => groups.find((g) => g.id === o.id)!.sensors.includes(d.sensor))).toBe(true);
    }
    const held = t.hold(61 * 60_000, false)!;
    expect(held.components).toEqual(snap.components);
  });

  it('has no components when none are given, or when they have no sensors', () => {
    const t = new HealthTracker({ assetId: 'A', components: [{ id: 'X', name: 'X', sensors: [] }] });
    expect(t.update(0, 1, [contrib('x', 1)], false).components).toEqual([]);
  });
});
