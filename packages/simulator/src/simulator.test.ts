import type { Reading } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { createDemoPlant } from './demo-plant';
import { PlantSimulator } from './simulator';
import { collect, demoSim, MONDAY } from './test-helpers';
import type { SimEvent } from './types';

const HOUR = 3_600_000;

function run(sim: PlantSimulator, from: number, to: number, stepMs: number): Reading[] {
  const out: Reading[] = [];
  sim.backfill(from, to, stepMs, (b) => {
    for (const r of b) out.push(r);
  });
  return out;
}

describe('determinism', () => {
  it('replays identical readings and events for the same seed and timestamps', () => {
    const mk = () => demoSim({ seed: 7, speed: 360 });
    const a = mk();
    const b = mk();
    const ea: SimEvent[] = [];
    const eb: SimEvent[] = [];
    a.onEvent((e) => ea.push(e));
    b.onEvent((e) => eb.push(e));
    a.injectFault('P-101', 'bearing_wear', { startAt: MONDAY + 60_000 });
    b.injectFault('P-101', 'bearing_wear', { startAt: MONDAY + 60_000 });
    const ra = run(a, MONDAY, MONDAY + HOUR, 5_000);
    const rb = run(b, MONDAY, MONDAY + HOUR, 5_000);
    expect(ra.length).toBe(720 * 47);
    expect(rb).toEqual(ra);
    expect(eb).toEqual(ea);
    expect(ea.some((e) => e.type === 'asset_failed')).toBe(true);
  });

  it('gives different readings for a different seed', () => {
    const ra = run(demoSim({ seed: 1 }), MONDAY, MONDAY + 600_000, 10_000);
    const rb = run(demoSim({ seed: 2 }), MONDAY, MONDAY + 600_000, 10_000);
    const differing = ra.filter((r, i) => r.value !== rb[i]!.value).length;
    expect(differing).toBeGreaterThan(ra.length / 2);
  });

  it('back-fill and live stepping produce the same readings', () => {
    const a = demoSim({ speed: 60 });
    const b = demoSim({ speed: 60 });
    const back = run(a, MONDAY, MONDAY + 300_000, 1_000);
    const live: Reading[] = [];
    for (let t = MONDAY; t < MONDAY + 300_000; t += 1_000) live.push(...b.step(t));
    expect(back).toEqual(live);
    // Both continue identically afterwards.
    expect(a.step(MONDAY + 300_000)).toEqual(b.step(MONDAY + 300_000));
  });

  it('gives each asset its own random stream: removing an asset leaves the others unchanged', () => {
    const full = createDemoPlant();
    const reduced = {
      ...full,
      assets: full.assets.filter((a) => a.id !== 'M-201'),
      sensors: full.sensors.filter((s) => s.assetId !== 'M-201'),
    };
    const a = new PlantSimulator(full, { seed: 3, origin: MONDAY, speed: 100 });
    const b = new PlantSimulator(reduced, { seed: 3, origin: MONDAY, speed: 100 });
    const ra = run(a, MONDAY, MONDAY + 600_000, 2_000).filter((r) => !r.sensor.startsWith('M-201.'));
    const rb = run(b, MONDAY, MONDAY + 600_000, 2_000);
    expect(rb).toEqual(ra);
  });
});

describe('time', () => {
  it('stamps readings with the wall time given, one per sensor, quantised', () => {
    const sim = demoSim();
    const r = sim.step(MONDAY + 1234);
    expect(r).toHaveLength(47);
    expect(new Set(r.map((x) => x.sensor)).size).toBe(47);
    for (const x of r) {
      expect(x.ts).toBe(MONDAY + 1234);
      expect(x.quality).toBe(0);
      expect(Number.isFinite(x.value)).toBe(true);
      // At most two decimals: every demo sensor has a resolution of 0.01 or coarser.
      expect(Math.abs(x.value * 100 - Math.round(x.value * 100))).toBeLessThan(1e-6);
    }
  });

  it('refuses to go back in time', () => {
    const sim = demoSim();
    sim.step(MONDAY + 10_000);
    expect(() => sim.step(MONDAY + 9_999)).toThrow(RangeError);
    expect(sim.step(MONDAY + 10_000)).toHaveLength(47);
  });

  it('maps wall time to process time through origin and speed', () => {
    const sim = demoSim({ speed: 360 });
    expect(sim.processTime(MONDAY)).toBe(MONDAY);
    expect(sim.processTime(MONDAY + 1000)).toBe(MONDAY + 360_000);
    expect(sim.wallTime(MONDAY + 360_000)).toBe(MONDAY + 1000);
    sim.step(MONDAY + 10_000);
    sim.setSpeed(60);
    expect(sim.processTime(MONDAY + 11_000)).toBe(MONDAY + 3_600_000 + 60_000);
  });

  it('takes the end of a first back-fill as origin when none is given', () => {
    const sim = new PlantSimulator(createDemoPlant(), { seed: 1, speed: 360 });
    sim.backfill(MONDAY - HOUR, MONDAY, 60_000, () => {});
    expect(sim.origin).toBe(MONDAY);
    expect(sim.processTime(MONDAY)).toBe(MONDAY);
  });

  it('back-fills [from, to) and then continues live from `to`', () => {
    const sim = demoSim({ speed: 360 });
    const batches: number[] = [];
    const n = sim.backfill(MONDAY - HOUR, MONDAY, 10_000, (b) => batches.push(b.length));
    expect(n).toBe(360 * 47);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(n);
    expect(sim.now).toBe(MONDAY - 10_000);
    const live = sim.step(MONDAY);
    expect(live.every((r) => r.ts === MONDAY)).toBe(true);
    // A second back-fill over a range already covered only adds what is new.
    expect(sim.backfill(MONDAY - HOUR, MONDAY + 30_000, 10_000, () => {})).toBe(2 * 47);
  });

  it('back-fills 24 h of the demo plant at 10 s steps fast', () => {
    const sim = demoSim({ speed: 360 });
    const t0 = performance.now();
    let n = 0;
    sim.backfill(MONDAY - 24 * HOUR, MONDAY, 10_000, (b) => {
      n += b.length;
    });
    const ms = performance.now() - t0;
    expect(n).toBe(8640 * 47);
    // Typically ~0.2 s here; the bound is loose so that a busy CI machine does not flake.
    expect(ms).toBeLessThan(3000);
  });
});

describe('healthy operation', () => {
  it('keeps every sensor inside its expected range over a day in real time', () => {
    const plant = createDemoPlant();
    const sim = new PlantSimulator(plant, { seed: 5, origin: MONDAY, speed: 1 });
    const series = collect(sim, MONDAY, MONDAY + 24 * HOUR, 30_000);
    for (const s of plant.sensors) {
      const xs = series.get(s.id)!;
      expect(xs.length).toBe(2881);
      expect(Math.min(...xs), s.id).toBeGreaterThanOrEqual(s.min);
      expect(Math.max(...xs), s.id).toBeLessThanOrEqual(s.max);
    }
  });

  it('keeps every sensor in range over two accelerated weeks with planned stops, vibration in ISO 10816 zone A/B', () => {
    const plant = createDemoPlant();
    const sim = new PlantSimulator(plant, { seed: 9, origin: MONDAY, speed: 360 });
    const events: SimEvent[] = [];
    sim.onEvent((e) => events.push(e));
    const series = collect(sim, MONDAY, MONDAY + HOUR, 2_000); // 15 process days
    for (const s of plant.sensors) {
      const xs = series.get(s.id)!;
      expect(Math.min(...xs), s.id).toBeGreaterThanOrEqual(s.min);
      expect(Math.max(...xs), s.id).toBeLessThanOrEqual(s.max);
      // 2.8 mm/s is the zone B/C boundary of ISO 10816-3 for group 2 machines on rigid foundations.
      if (s.kind === 'vibration') expect(Math.max(...xs), s.id).toBeLessThan(2.8);
    }
    const stops = events.filter((e) => e.type === 'asset_stopped' && e.reason === 'schedule');
    const starts = events.filter((e) => e.type === 'asset_started' && e.reason === 'schedule');
    expect(stops.length).toBeGreaterThan(3);
    expect(starts.length).toBeGreaterThanOrEqual(stops.length - 7);
    expect(events.some((e) => e.type === 'asset_failed')).toBe(false);
  });

  it('reads zero speed, current and flow on a stopped asset, and it cools down', () => {
    const sim = demoSim({ speed: 1, randomStops: false });
    collect(sim, MONDAY, MONDAY + 60_000, 10_000);
    const events: SimEvent[] = [];
    sim.onEvent((e) => events.push(e));
    sim.setRunning('M-201', false);
    sim.setRunning('P-101', false);
    expect(events.map((e) => e.type)).toEqual(['asset_stopped', 'asset_stopped']);
    const series = collect(sim, MONDAY + 70_000, MONDAY + 70_000 + 2 * HOUR, 10_000);
    const last = (id: string) => series.get(id)!.at(-1)!;
    const at5min = (id: string) => series.get(id)![30]!;
    expect(at5min('M-201.SPEED')).toBe(0);
    expect(at5min('M-201.CURRENT')).toBeLessThan(1);
    expect(at5min('M-201.POWER')).toBeLessThan(0.5);
    expect(at5min('P-101.FLOW')).toBeLessThan(1);
    expect(at5min('P-101.CURRENT')).toBeLessThan(0.5);
    expect(at5min('P-101.VIB-DE')).toBeLessThan(0.1);
    expect(last('M-201.TEMP-WDG')).toBeLessThan(series.get('M-201.TEMP-WDG')![0]! - 20);
    expect(last('P-101.TEMP-BRG')).toBeLessThan(series.get('P-101.TEMP-BRG')![0]! - 10);
    // Other assets keep running.
    expect(last('P-102.FLOW')).toBeGreaterThan(50);
    expect(sim.assetStates().find((s) => s.assetId === 'M-201')).toMatchObject({ running: false, load: 0 });
    sim.setRunning('M-201', true);
    const after = collect(sim, MONDAY + 3 * HOUR, MONDAY + 3 * HOUR + 60_000, 10_000);
    expect(after.get('M-201.SPEED')!.at(-1)).toBeGreaterThan(1400);
  });

  it('rejects sensors of unknown assets and unknown asset ids', () => {
    const plant = createDemoPlant();
    const bad = { ...plant, sensors: [...plant.sensors, { ...plant.sensors[0]!, id: 'X.Y', assetId: 'X' }] };
    expect(() => new PlantSimulator(bad)).toThrow(/unknown asset X/);
    expect(() => demoSim().setRunning('NOPE', false)).toThrow(/NOPE/);
  });

  it('reads a custom sensor by kind, converted to its unit', () => {
    const plant = createDemoPlant();
    const extra = { ...plant.sensors.find((s) => s.id === 'M-201.TEMP-WDG')!, id: 'M-201.WINDING-F', unit: 'degF' };
    const sim = new PlantSimulator({ ...plant, sensors: [...plant.sensors, extra] }, { seed: 1, origin: MONDAY });
    const r = sim.step(MONDAY);
    const c = r.find((x) => x.sensor === 'M-201.TEMP-WDG')!.value;
    const f = r.find((x) => x.sensor === 'M-201.WINDING-F')!.value;
    expect(f).toBeCloseTo((c * 9) / 5 + 32, 0);
  });
});
