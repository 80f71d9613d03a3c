import { describe, expect, it } from 'vitest';
import { buildCase, SANDBOX_PREFIX } from './case-builder';
import { SCENARIOS, scenarioDef } from './scenarios';

describe('training case builder (real simulator, real detector)', () => {
  it('builds the same case from the same seed, another from another seed, in a few seconds', async () => {
    const def = scenarioDef('pump-crackling-noise')!;
    const t0 = performance.now();
    const a = await buildCase(def, 42);
    expect(performance.now() - t0).toBeLessThan(5_000);
    const b = await buildCase(def, 42);
    const other = await buildCase(def, 43);
    expect(b.case.series).toEqual(a.case.series);
    expect(b.case.actions).toEqual(a.case.actions);
    expect(b.case.alert).toEqual(a.case.alert);
    expect(other.case.series[0]!.values).not.toEqual(a.case.series[0]!.values);
  });

  it('keeps every id in the sandbox and hands over a bounded history per sensor', async () => {
    const built = await buildCase(scenarioDef('fan-weak-extraction')!, 7);
    const c = built.case;
    expect(c.asset.id).toBe(`${SANDBOX_PREFIX}F-501`);
    expect(c.asset.lineId.startsWith(SANDBOX_PREFIX)).toBe(true);
    for (const s of c.sensors) {
      expect(s.id.startsWith(`${SANDBOX_PREFIX}F-501.`)).toBe(true);
      expect(s.assetId).toBe(c.asset.id);
      if (s.componentId) expect(s.componentId.startsWith(SANDBOX_PREFIX)).toBe(true);
    }
    expect(c.series.map((x) => x.sensor)).toEqual(c.sensors.map((s) => s.id));
    for (const x of c.series) {
      expect(x.ts.length).toBeGreaterThan(500);
      expect(x.ts.length).toBeLessThanOrEqual(1_500);
      for (let i = 1; i < x.ts.length; i++) expect(x.ts[i]!).toBeGreaterThan(x.ts[i - 1]!);
    }
    expect(c.candidateModes.map((m) => m.id)).toContain('fan-filter-clogged');
    expect(c.candidateSensors.map((s) => s.id)).toEqual(c.sensors.map((s) => s.id));
    expect(built.downtimeCostPerHour).toBeGreaterThan(0);
  });

  it('the drifting sensor of a distractor really drifts (its last hour is far above its first day)', async () => {
    const c = (await buildCase(scenarioDef('fan-weak-extraction')!, 7)).case;
    const s = c.series.find((x) => x.sensor.endsWith('.TEMP-BRG'))!;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(s.values.slice(-10))).toBeGreaterThan(mean(s.values.slice(0, 300)) + 10);
  });

  for (const def of SCENARIOS) {
    it(`${def.id}: the detector's view points at the fault and every necessary action is offered`, async () => {
      const built = await buildCase(def, 1);
      const cs = built.case.alert.contributions;
      expect(cs.length).toBeGreaterThan(2);
      expect(cs.reduce((a, x) => a + x.share, 0)).toBeCloseTo(1, 1);
      // sorted, largest first; something is outside its normal band
      for (let i = 1; i < cs.length; i++) expect(cs[i]!.share).toBeLessThanOrEqual(cs[i - 1]!.share);
      expect(cs.some((x) => x.value > x.high || x.value < x.low)).toBe(true);
      expect(built.case.alert.explanation.length).toBeGreaterThan(20);
      const offered = built.case.actions.map((a) => a.id);
      for (const a of def.answer.necessaryActions) expect(offered).toContain(a);
      expect(new Set(offered).size).toBe(offered.length);
    });
  }
});
