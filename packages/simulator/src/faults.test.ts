import { describe, expect, it } from 'vitest';
import { createDemoPlant } from './demo-plant';
import { faultKindsFor } from './models/index';
import { severityAt } from './severity';
import { collect, demoSim, MONDAY, mean, std } from './test-helpers';
import type { FaultKind, SimEvent } from './types';

const MIN = 60_000;
const DAY = 24 * 3_600_000;

/**
 * The documented signature of each fault (README.md): sensors that must rise (up) or fall (down) relative to
 * the same plant, same seed, without the fault. Listed for every fault kind each demo asset supports.
 */
const SIGNATURES: { asset: string; kind: FaultKind; up: string[]; down: string[] }[] = [
  { asset: 'P-101', kind: 'bearing_wear', up: ['VIB-DE', 'VIB-NDE', 'TEMP-BRG', 'CURRENT'], down: [] },
  { asset: 'P-101', kind: 'misalignment', up: ['VIB-DE', 'VIB-NDE', 'TEMP-BRG', 'CURRENT'], down: [] },
  {
    asset: 'P-101',
    kind: 'cavitation',
    up: ['VIB-DE', 'VIB-NDE'],
    down: ['PRESS-SUC', 'PRESS-DIS', 'FLOW', 'CURRENT'],
  },
  { asset: 'P-101', kind: 'clogged_filter', up: [], down: ['PRESS-SUC', 'PRESS-DIS', 'FLOW', 'CURRENT'] },
  { asset: 'M-201', kind: 'bearing_wear', up: ['VIB-DE', 'TEMP-BRG', 'CURRENT', 'POWER'], down: [] },
  { asset: 'M-201', kind: 'misalignment', up: ['VIB-DE', 'VIB-NDE', 'TEMP-BRG', 'CURRENT'], down: [] },
  { asset: 'M-201', kind: 'overheating', up: ['TEMP-WDG', 'TEMP-BRG'], down: [] },
  { asset: 'C-301', kind: 'bearing_wear', up: ['VIB', 'CURRENT'], down: [] },
  { asset: 'C-301', kind: 'misalignment', up: ['VIB', 'CURRENT'], down: [] },
  { asset: 'C-301', kind: 'clogged_filter', up: ['DP-FILTER', 'TEMP-DIS'], down: ['FLOW'] },
  { asset: 'C-301', kind: 'overheating', up: ['TEMP-WDG'], down: [] },
  { asset: 'G-401', kind: 'bearing_wear', up: ['VIB-IN', 'TEMP-BRG', 'TEMP-OIL', 'CURRENT'], down: [] },
  { asset: 'G-401', kind: 'misalignment', up: ['VIB-IN', 'VIB-OUT', 'TEMP-BRG', 'CURRENT'], down: [] },
  { asset: 'F-501', kind: 'bearing_wear', up: ['VIB-DE', 'TEMP-BRG', 'CURRENT'], down: [] },
  { asset: 'F-501', kind: 'misalignment', up: ['VIB-DE', 'VIB-NDE', 'TEMP-BRG'], down: [] },
  { asset: 'F-501', kind: 'clogged_filter', up: ['DP-FILTER'], down: ['FLOW', 'CURRENT'] },
  { asset: 'S-601', kind: 'bearing_wear', up: ['VIB', 'TEMP-BRG', 'POWER'], down: [] },
  { asset: 'S-601', kind: 'overheating', up: ['TEMP-WDG', 'TEMP-BRG'], down: [] },
];

describe('fault signatures', () => {
  it('covers every fault kind of every demo asset', () => {
    const plant = createDemoPlant();
    const listed = SIGNATURES.map((s) => `${s.asset}:${s.kind}`);
    for (const a of plant.assets.filter((a) => a.id !== 'P-102')) {
      for (const k of faultKindsFor(a.type)) expect(listed).toContain(`${a.id}:${k}`);
    }
  });

  it.each(SIGNATURES)(
    '$asset $kind moves its signature sensors in the documented direction',
    ({ asset, kind, up, down }) => {
      // Twin simulators with the same seed see identical load, ambient and noise: differences come from the fault.
      const mk = () => demoSim({ speed: 360, randomStops: false });
      const healthy = mk();
      const faulty = mk();
      faulty.injectFault(asset, kind, { startAt: MONDAY, timeToFailureMs: 3 * DAY });
      // Compare over 60–95 % of the 12 wall minutes to failure (severity ≈ 0.25–0.87), at 2 s steps.
      const from = MONDAY + 0.6 * 12 * MIN;
      const to = MONDAY + 0.95 * 12 * MIN;
      collect(healthy, MONDAY, from - 2000, 2000);
      collect(faulty, MONDAY, from - 2000, 2000);
      const h = collect(healthy, from, to, 2000);
      const f = collect(faulty, from, to, 2000);
      for (const s of up) {
        const id = `${asset}.${s}`;
        expect(mean(f.get(id)!), `${id} should rise`).toBeGreaterThan(mean(h.get(id)!) * 1.005);
      }
      for (const s of down) {
        const id = `${asset}.${s}`;
        expect(mean(f.get(id)!), `${id} should fall`).toBeLessThan(
          mean(h.get(id)!) - 0.005 * Math.abs(mean(h.get(id)!)),
        );
      }
    },
  );

  it('makes a cavitating pump’s flow unsteady', () => {
    const healthy = demoSim({ speed: 360, randomStops: false });
    const faulty = demoSim({ speed: 360, randomStops: false });
    faulty.injectFault('P-101', 'cavitation', { startAt: MONDAY });
    const from = MONDAY + 9 * MIN;
    collect(healthy, MONDAY, from - 1000, 1000);
    collect(faulty, MONDAY, from - 1000, 1000);
    const diff = (xs: number[]) => xs.slice(1).map((x, i) => x - xs[i]!);
    const h = diff(collect(healthy, from, from + 2 * MIN, 1000).get('P-101.FLOW')!);
    const f = diff(collect(faulty, from, from + 2 * MIN, 1000).get('P-101.FLOW')!);
    expect(std(f)).toBeGreaterThan(2 * std(h));
  });

  it('makes a compressor with a clogged intake spend more energy per m³ of air', () => {
    const healthy = demoSim({ speed: 360, randomStops: false });
    const faulty = demoSim({ speed: 360, randomStops: false });
    faulty.injectFault('C-301', 'clogged_filter', { startAt: MONDAY });
    const from = MONDAY + 6 * MIN;
    collect(healthy, MONDAY, from - 2000, 2000);
    collect(faulty, MONDAY, from - 2000, 2000);
    const h = collect(healthy, from, from + 5 * MIN, 2000);
    const f = collect(faulty, from, from + 5 * MIN, 2000);
    const specific = (s: Map<string, number[]>) => mean(s.get('C-301.CURRENT')!) / mean(s.get('C-301.FLOW')!);
    expect(specific(f)).toBeGreaterThan(specific(h) * 1.02);
  });

  it('raises winding temperature more than the load explains when overheating', () => {
    const healthy = demoSim({ speed: 360, randomStops: false });
    const faulty = demoSim({ speed: 360, randomStops: false });
    faulty.injectFault('M-201', 'overheating', { startAt: MONDAY });
    const from = MONDAY + 9 * MIN;
    collect(healthy, MONDAY, from - 2000, 2000);
    collect(faulty, MONDAY, from - 2000, 2000);
    const h = collect(healthy, from, from + 2 * MIN, 2000);
    const f = collect(faulty, from, from + 2 * MIN, 2000);
    expect(mean(f.get('M-201.TEMP-WDG')!) - mean(h.get('M-201.TEMP-WDG')!)).toBeGreaterThan(15);
    // Current (the load) is essentially unchanged: the heat does not come from more work.
    expect(Math.abs(mean(f.get('M-201.CURRENT')!) / mean(h.get('M-201.CURRENT')!) - 1)).toBeLessThan(0.02);
  });
});

describe('degradation and failure', () => {
  it('follows an accelerating P-F curve from 0 to 1', () => {
    expect(severityAt(-1)).toBe(0);
    expect(severityAt(0)).toBe(0);
    expect(severityAt(1)).toBe(1);
    expect(severityAt(2)).toBe(1);
    expect(severityAt(0.5)).toBeLessThan(0.25);
    for (let x = 0; x < 1; x += 0.05) {
      const d1 = severityAt(x + 0.05) - severityAt(x);
      const d2 = severityAt(x + 0.1) - severityAt(x + 0.05);
      expect(d1).toBeGreaterThan(0);
      if (x + 0.1 <= 1) expect(d2).toBeGreaterThan(d1);
    }
  });

  it.each([1, 60, 600])('fails at the expected wall time at speed %i and stays down until repaired', (speed) => {
    const sim = demoSim({ speed, randomStops: false });
    const events: SimEvent[] = [];
    sim.onEvent((e) => events.push(e));
    const ttf = 600_000 * speed; // 10 wall minutes at any speed
    const st = sim.injectFault('F-501', 'bearing_wear', { startAt: MONDAY + 5_000, timeToFailureMs: ttf });
    expect(st.expectedFailureAt).toBe(MONDAY + 5_000 + 600_000);
    expect(st.active).toBe(false);
    const step = 1000;
    let t = MONDAY;
    for (; t < MONDAY + 20 * MIN; t += step) sim.step(t);
    const failed = events.find((e) => e.type === 'asset_failed')!;
    expect(failed).toMatchObject({ assetId: 'F-501', kind: 'bearing_wear', faultId: st.id });
    expect(failed.ts).toBeGreaterThanOrEqual(st.expectedFailureAt);
    expect(failed.ts).toBeLessThan(st.expectedFailureAt + step);
    expect(events.map((e) => e.type)).toEqual(['fault_started', 'asset_failed', 'asset_stopped']);
    const [fs] = sim.faults();
    expect(fs).toMatchObject({ failed: true, severity: 1, failedAt: failed.ts, active: true });
    const r = sim.step(t);
    const v = (id: string) => r.find((x) => x.sensor === id)!.value;
    expect(v('F-501.SPEED')).toBe(0);
    expect(v('F-501.CURRENT')).toBeLessThan(0.5);
    expect(sim.assetStates().find((a) => a.assetId === 'F-501')).toMatchObject({ running: false, failed: true });
    expect(() => sim.setRunning('F-501', true)).toThrow(/repair/);

    sim.repair('F-501');
    expect(events.slice(-2).map((e) => e.type)).toEqual(['asset_repaired', 'asset_started']);
    expect(sim.faults()).toEqual([]);
    collect(sim, t + step, t + 5 * MIN, step);
    const healthyAgain = sim.step(t + 5 * MIN + step);
    expect(healthyAgain.find((x) => x.sensor === 'F-501.SPEED')!.value).toBeGreaterThan(700);
    expect(healthyAgain.find((x) => x.sensor === 'F-501.VIB-DE')!.value).toBeLessThan(2.8);
  });

  it('repairs automatically after the configured process downtime', () => {
    const sim = demoSim({ speed: 600, randomStops: false, autoRepairAfterMs: 4 * 3_600_000 });
    const events: SimEvent[] = [];
    sim.onEvent((e) => events.push(e));
    sim.injectFault('G-401', 'misalignment', { startAt: MONDAY, timeToFailureMs: DAY }); // 144 s wall
    collect(sim, MONDAY, MONDAY + 144_000 + 30_000, 1000); // + 4 h process = 24 s wall
    const types = events.map((e) => e.type);
    expect(types).toEqual(['fault_started', 'asset_failed', 'asset_stopped', 'asset_repaired', 'asset_started']);
    const down = events[3]!.ts - events[1]!.ts;
    expect(down).toBeGreaterThanOrEqual(24_000);
    expect(down).toBeLessThan(26_000);
    expect(events[3]!.reason).toBe('auto_repair');
  });

  it('keeps wall-clock failure predictions right when the speed changes', () => {
    const sim = demoSim({ speed: 60, randomStops: false });
    sim.step(MONDAY);
    const st = sim.injectFault('P-102', 'cavitation', { timeToFailureMs: 60 * 10 * MIN });
    expect(st.startedAt).toBe(MONDAY);
    expect(st.expectedFailureAt).toBe(MONDAY + 10 * MIN);
    sim.step(MONDAY + 5 * MIN); // half-way in process time
    sim.setSpeed(120);
    expect(sim.faults()[0]!.expectedFailureAt).toBe(MONDAY + 5 * MIN + 2.5 * MIN);
  });

  it('rejects fault kinds an asset cannot have, and clears faults on request', () => {
    const sim = demoSim();
    expect(faultKindsFor('induction_motor')).toEqual(['bearing_wear', 'misalignment', 'overheating']);
    expect(faultKindsFor('centrifugal_pump')).toContain('cavitation');
    expect(() => sim.injectFault('M-201', 'cavitation')).toThrow(/cannot be simulated/);
    expect(() => sim.injectFault('NOPE', 'bearing_wear')).toThrow(/NOPE/);
    sim.injectFault('M-201', 'overheating', { startAt: MONDAY + MIN });
    sim.injectFault('P-101', 'cavitation', { startAt: MONDAY + MIN });
    sim.clearFaults('M-201');
    expect(sim.faults().map((f) => f.assetId)).toEqual(['P-101']);
    sim.clearFaults();
    expect(sim.faults()).toEqual([]);
  });
});
