import { isUnit } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { DEMO_SPEED, demoScenario } from './demo';
import { createDemoPlant } from './demo-plant';
import { PlantSimulator } from './simulator';
import { collect, MONDAY, mean } from './test-helpers';

const MIN = 60_000;

describe('demo plant', () => {
  it('has 7 assets of 6 types with 6–7 well-formed sensors each', () => {
    const plant = createDemoPlant();
    expect(plant.assets.map((a) => a.id)).toEqual(['P-101', 'P-102', 'M-201', 'C-301', 'G-401', 'F-501', 'S-601']);
    expect(new Set(plant.assets.map((a) => a.type)).size).toBe(6);
    const lineIds = new Set(plant.lines.map((l) => l.id));
    const areaIds = new Set(plant.areas.map((a) => a.id));
    for (const l of plant.lines) expect(areaIds).toContain(l.areaId);
    const componentIds = new Set(plant.components.map((c) => c.id));
    for (const a of plant.assets) {
      expect(lineIds).toContain(a.lineId);
      const sensors = plant.sensors.filter((s) => s.assetId === a.id);
      expect(sensors.length).toBeGreaterThanOrEqual(6);
      expect(sensors.length).toBeLessThanOrEqual(7);
      for (const s of sensors) {
        expect(s.id.startsWith(`${a.id}.`)).toBe(true);
        expect(isUnit(s.unit), s.unit).toBe(true);
        expect(s.min).toBeLessThan(s.max);
        expect(s.sampleRateHz).toBe(1);
        expect(s.lastCalibration).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (s.componentId) expect(componentIds).toContain(s.componentId);
      }
    }
    expect(new Set(plant.sensors.map((s) => s.id)).size).toBe(plant.sensors.length);
    expect(createDemoPlant()).toEqual(plant);
  });
});

describe('demo scenario', () => {
  it('lets P-101 bearing wear show within minutes and fail about 13 minutes after start at DEMO_SPEED', () => {
    const plant = createDemoPlant();
    const now = MONDAY + 9.5 * 3_600_000;
    const mk = () => new PlantSimulator(plant, { seed: 11, speed: DEMO_SPEED, origin: now });
    const healthy = mk();
    const demo = mk();
    const faults = demoScenario(demo, now);
    expect(faults.map((f) => `${f.assetId}:${f.kind}`)).toEqual(['P-101:bearing_wear', 'C-301:clogged_filter']);
    const p101 = faults[0]!;
    expect(p101.startedAt).toBe(now + MIN);
    expect(p101.expectedFailureAt - p101.startedAt).toBe(12 * MIN);
    expect(faults[1]!.expectedFailureAt - p101.expectedFailureAt).toBeGreaterThan(20 * MIN);
    // Minutes 4–6 after start (severity ≈ 0.06–0.14): DE vibration already clearly above the healthy twin.
    collect(healthy, now, now + 4 * MIN - 1000, 1000);
    collect(demo, now, now + 4 * MIN - 1000, 1000);
    const h = collect(healthy, now + 4 * MIN, now + 6 * MIN, 1000).get('P-101.VIB-DE')!;
    const d = collect(demo, now + 4 * MIN, now + 6 * MIN, 1000).get('P-101.VIB-DE')!;
    expect(mean(d)).toBeGreaterThan(mean(h) * 1.25);
    expect(demo.assetStates().find((a) => a.assetId === 'P-101')!.failed).toBe(false);
  });
});
