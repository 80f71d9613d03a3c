import { Rng } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import type { Row } from './detector';
import { PcaDetector } from './pca-detector';
import { RegimeDetector } from './regime-detector';
import { restoreDetector } from './registry';

/** A fan on a VFD: flow ∝ speed, power ∝ speed³, bearing temperature rising with speed; noise on each. */
function fan(rng: Rng, n: number, speeds: [number, number] = [0.55, 1]): Row[] {
  return Array.from({ length: n }, () => {
    const s = speeds[0] + (speeds[1] - speeds[0]) * rng.next();
    return [
      1480 * s + 2 * rng.normal(),
      25_000 * s + 80 * rng.normal(),
      2 + 13 * s ** 3 + 0.08 * rng.normal(),
      25 + 18 * s * s + 0.15 * rng.normal(),
    ];
  });
}

describe('RegimeDetector', () => {
  const train = fan(new Rng('train'), 3000);
  const fresh = fan(new Rng('fresh'), 6000);
  it('learns a detector per speed regime, which models a cubic power law better than one linear model', () => {
    const one = new PcaDetector().fit(train);
    const per = new RegimeDetector(() => new PcaDetector(), { column: 0 }).fit(train);
    expect(per.regimes).toBe(3);
    expect(per.boundaries[0]).toBeLessThan(per.boundaries[1] as number);
    // a power reading 0.8 kW high (a loss) at mid speed: seen per regime, lost in the single model's curve error
    const fault = fresh.slice(0, 500).map((r) => {
      const x = Array.from(r);
      x[2] = (x[2] as number) + 0.8;
      return x;
    });
    const caught = (d: { score(rows: Row[]): number[] }) => d.score(fault).filter((s) => s > 1).length / fault.length;
    expect(caught(per)).toBeGreaterThan(0.9);
    expect(caught(per)).toBeGreaterThan(caught(one) + 0.2);
    // healthy rows across the whole speed range stay within a few times the budget
    const rate = per.score(fresh).filter((s) => s > 1).length / fresh.length;
    expect(rate).toBeLessThan(3 * per.calibration.falseAlarmRate);
  });
  it('keeps one regime for a machine at one speed, or too few rows', () => {
    expect(
      new RegimeDetector(() => new PcaDetector(), { column: 0 }).fit(fan(new Rng('c'), 2000, [0.8, 0.81])).regimes,
    ).toBe(1);
    expect(new RegimeDetector(() => new PcaDetector(), { column: 0 }).fit(fan(new Rng('few'), 300)).regimes).toBe(1);
  });
  it('scores rows outside the training range with the nearest regime, round-trips through JSON', () => {
    const d = new RegimeDetector(() => new PcaDetector(), { column: 0 }).fit(train);
    const edge = fan(new Rng('edge'), 50, [1.0, 1.02]);
    expect(d.score(edge).every(Number.isFinite)).toBe(true);
    const back = restoreDetector(JSON.parse(JSON.stringify(d.toJSON())));
    expect(back.score(fresh.slice(0, 200))).toEqual(d.score(fresh.slice(0, 200)));
    expect(back.explain(fresh[0] as Row)).toEqual(d.explain(fresh[0] as Row));
  });
  it('rejects a bad column and bad state', () => {
    expect(() => new RegimeDetector(() => new PcaDetector(), { column: -1 })).toThrow(RangeError);
    expect(() => new RegimeDetector(() => new PcaDetector(), { column: 9 }).fit(train)).toThrow(RangeError);
    expect(() => restoreDetector({ kind: 'regime' })).toThrow(/not a serialized regime/);
  });
});
