import { PrognosError, type Reading } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import type { PlantSimulator } from './simulator';
import { demoSim, MONDAY, std } from './test-helpers';

const MIN = 60_000;
const STEP = 10_000;
const END = MONDAY + 60 * MIN;
// Speed 60: one wall minute is one process hour.
const SPEED = 60;
const TEMP = 'P-101.TEMP-BRG'; // degC, range −10..120
const VIB = 'P-101.VIB-DE'; // mm/s
const FROM = MONDAY + 20 * MIN;
const TO = MONDAY + 40 * MIN;

const mk = (seed = 42) => demoSim({ seed, speed: SPEED, randomStops: false });

function run(sim: PlantSimulator, from = MONDAY, to = END): Reading[] {
  const out: Reading[] = [];
  for (let t = from; t < to; t += STEP) out.push(...sim.step(t));
  return out;
}

const inWindow = (ts: number) => ts >= FROM && ts < TO;
const of = (rs: Reading[], sensor: string) => rs.filter((r) => r.sensor === sensor);

/** Baseline and faulted run of the same seed; asserts that nothing outside the sensor and window changed. */
function compare(
  sensor: string,
  inject: (sim: PlantSimulator) => void,
): { base: Reading[]; faulty: Reading[]; faultyAll: Reading[] } {
  const base = run(mk());
  const sim = mk();
  inject(sim);
  const faultyAll = run(sim);
  const untouched = (r: Reading) => r.sensor !== sensor || !inWindow(r.ts);
  expect(faultyAll.filter(untouched)).toEqual(base.filter(untouched));
  return {
    base: of(base, sensor).filter((r) => inWindow(r.ts)),
    faulty: of(faultyAll, sensor).filter((r) => inWindow(r.ts)),
    faultyAll,
  };
}

const window = { startAt: FROM, durationMs: TO - FROM };

describe('sensor fault kinds', () => {
  it('bias adds a fixed offset in the sensor unit, or in % of span', () => {
    const a = compare(TEMP, (s) => s.injectSensorFault(TEMP, 'bias', { ...window, offset: 4 }));
    expect(a.faulty).toHaveLength(a.base.length);
    a.faulty.forEach((r, i) => {
      expect(r.value - a.base[i]!.value).toBeCloseTo(4, 9);
    });
    const b = compare(TEMP, (s) => s.injectSensorFault(TEMP, 'bias', { ...window, percentOfSpan: 5 }));
    b.faulty.forEach((r, i) => {
      expect(r.value - b.base[i]!.value).toBeCloseTo(6.5, 9);
    }); // 5 % of 130 °C
  });

  it('drift grows linearly with process time at % of span per hour', () => {
    const { base, faulty } = compare(TEMP, (s) =>
      s.injectSensorFault(TEMP, 'drift', { ...window, percentOfSpanPerHour: 1 }),
    );
    faulty.forEach((r, i) => {
      const procHours = ((r.ts - FROM) * SPEED) / 3_600_000;
      expect(r.value - base[i]!.value).toBeCloseTo(1.3 * procHours, 6);
    });
    expect(faulty.at(-1)!.value - base.at(-1)!.value).toBeGreaterThan(25);
  });

  it('stuck freezes the value read when it starts', () => {
    const { base, faulty } = compare(VIB, (s) => s.injectSensorFault(VIB, 'stuck', window));
    expect(new Set(base.map((r) => r.value)).size).toBeGreaterThan(5);
    expect(new Set(faulty.map((r) => r.value))).toEqual(new Set([base[0]!.value]));
  });

  it('dropout removes the readings of that sensor only, while active', () => {
    const { base, faulty, faultyAll } = compare(VIB, (s) => s.injectSensorFault(VIB, 'dropout', window));
    expect(base.length).toBe(120);
    expect(faulty).toHaveLength(0);
    expect(of(faultyAll, VIB)).toHaveLength(360 - 120);
    expect(of(faultyAll, TEMP)).toHaveLength(360);
  });

  it('spike adds isolated outliers of the given height at about the given rate', () => {
    const sensor = 'P-101.PRESS-DIS'; // bar, range 0..10
    const { base, faulty } = compare(sensor, (s) =>
      s.injectSensorFault(sensor, 'spike', { ...window, probability: 0.2, percentOfSpan: 40 }),
    );
    const diffs = faulty.map((r, i) => r.value - base[i]!.value).filter((d) => Math.abs(d) > 1e-9);
    expect(diffs.length).toBeGreaterThan(10);
    expect(diffs.length).toBeLessThan(45); // ~24 expected of 120
    for (const d of diffs) expect(Math.abs(d)).toBeCloseTo(4, 9);
    expect(diffs.some((d) => d > 0) && diffs.some((d) => d < 0)).toBe(true);
  });

  it('noise multiplies the noise level by the factor', () => {
    const sim = mk();
    const { base, faulty } = compare(TEMP, (s) => s.injectSensorFault(TEMP, 'noise', { ...window, factor: 5 }));
    const extra = faulty.map((r, i) => r.value - base[i]!.value);
    // The sensor's own σ at its level, from the asset model (through the same hook the injector uses).
    const own = (
      sim as unknown as { byId: Map<string, { sensorNoise: (s: string, v: number) => { sigma: number } }> }
    ).byId
      .get('P-101')!
      .sensorNoise(TEMP, base[0]!.value).sigma;
    expect(own).toBeGreaterThan(0);
    const ratio = std(extra) / (own * Math.sqrt(24));
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(1.25);
  });

  it('unit change sends the values in the counterpart unit (a degC sensor reads °F)', () => {
    const { base, faulty } = compare(TEMP, (s) => {
      const f = s.injectSensorFault(TEMP, 'unit_change', window);
      expect(f.params).toEqual({ fromUnit: 'degC', toUnit: 'degF' });
    });
    faulty.forEach((r, i) => {
      expect(r.value).toBeCloseTo((base[i]!.value * 9) / 5 + 32, 1);
    });
    const flow = 'P-101.FLOW';
    const q = compare(flow, (s) => s.injectSensorFault(flow, 'unit_change', window));
    q.faulty.forEach((r, i) => {
      expect(r.value).toBeCloseTo((q.base[i]!.value * 1000) / 60, 0);
    }); // m³/h → L/min
    expect(() => mk().injectSensorFault('P-101.CURRENT', 'unit_change', window)).toThrow(PrognosError);
    expect(() => mk().injectSensorFault(TEMP, 'unit_change', { ...window, toUnit: 'bar' })).toThrow(PrognosError);
  });

  it('clock skew shifts the timestamps and keeps the values', () => {
    const base = of(run(mk()), TEMP);
    const sim = mk();
    sim.injectSensorFault(TEMP, 'clock_skew', { ...window, skewSeconds: -90 });
    const all = run(sim);
    const faulty = of(all, TEMP);
    expect(faulty).toHaveLength(base.length);
    faulty.forEach((r, i) => {
      const b = base[i]!;
      expect(r.value).toBe(b.value);
      expect(r.ts).toBe(inWindow(b.ts) ? b.ts - 90_000 : b.ts);
    });
    expect(of(all, VIB)).toEqual(of(run(mk()), VIB));
  });
});

describe('sensor faults in the simulator', () => {
  it('replays identical readings for the same seed, and different spikes for another', () => {
    const go = (seed: number) => {
      const sim = mk(seed);
      sim.injectSensorFault(VIB, 'spike', { ...window, probability: 0.3 });
      sim.injectSensorFault(VIB, 'noise', window);
      return of(run(sim), VIB);
    };
    expect(go(7)).toEqual(go(7));
    const a = go(7).map((r) => r.value);
    const b = go(8).map((r) => r.value);
    expect(a).not.toEqual(b);
  });

  it('mixes with a machine fault: the physics is unchanged, only the faulted sensor lies', () => {
    const machineOnly = mk();
    machineOnly.injectFault('P-101', 'bearing_wear', { startAt: MONDAY, timeToFailureMs: 20 * 3_600_000 });
    const base = run(machineOnly);
    const both = mk();
    both.injectFault('P-101', 'bearing_wear', { startAt: MONDAY, timeToFailureMs: 20 * 3_600_000 });
    both.injectSensorFault(TEMP, 'bias', { ...window, offset: -10 });
    const mixed = run(both);
    const untouched = (r: Reading) => r.sensor !== TEMP || !inWindow(r.ts);
    expect(mixed.filter(untouched)).toEqual(base.filter(untouched));
    const b = of(base, TEMP).filter((r) => inWindow(r.ts));
    of(mixed, TEMP)
      .filter((r) => inWindow(r.ts))
      .forEach((r, i) => {
        expect(r.value - b[i]!.value).toBeCloseTo(-10, 9);
      });
    // The machine fault still acts on the physics: the asset's readings differ from a run without it.
    expect(of(mixed, VIB)).not.toEqual(of(run(mk()), VIB));
    expect(both.faults()[0]!.severity).toBe(machineOnly.faults()[0]!.severity);
  });

  it('lists faults, logs ground truth and ends a fault when cleared', () => {
    const sim = mk();
    sim.step(MONDAY);
    const a = sim.injectSensorFault(TEMP, 'bias', { startAt: MONDAY + MIN });
    const b = sim.injectSensorFault(VIB, 'dropout', { startAt: MONDAY + 2 * MIN, durationMs: MIN });
    const c = sim.injectSensorFault(VIB, 'stuck', { startAt: MONDAY + 10 * MIN });
    expect([a.id, b.id, c.id]).toEqual(['SF-0001', 'SF-0002', 'SF-0003']);
    expect(a.active).toBe(false);
    expect(a.params.offset).toBeCloseTo(6.5, 9);
    run(sim, MONDAY + STEP, MONDAY + 5 * MIN);
    expect(sim.sensorFaults().map((f) => f.active)).toEqual([true, false, false]);
    expect(sim.clearSensorFault(a.id)).toBe(true);
    expect(sim.clearSensorFault(c.id)).toBe(true); // cleared before it started: never happened
    expect(sim.clearSensorFault('SF-9999')).toBe(false);
    const last = MONDAY + 5 * MIN - STEP;
    expect(sim.sensorFaultLog()).toEqual([
      { id: 'SF-0001', sensorId: TEMP, kind: 'bias', startAt: MONDAY + MIN, endAt: last },
      { id: 'SF-0002', sensorId: VIB, kind: 'dropout', startAt: MONDAY + 2 * MIN, endAt: MONDAY + 3 * MIN },
    ]);
    expect(sim.sensorFaults().map((f) => f.id)).toEqual(['SF-0002']);
    // After clearing, readings are clean again.
    const after = sim.step(last + STEP);
    const clean = mk();
    run(clean, MONDAY, last + STEP);
    expect(after).toEqual(clean.step(last + STEP));
  });

  it('rejects unknown sensors, kinds and bad magnitudes', () => {
    const sim = mk();
    sim.step(MONDAY);
    expect(() => sim.injectSensorFault('NOPE', 'bias')).toThrow(PrognosError);
    expect(() => sim.injectSensorFault(TEMP, 'melt' as never)).toThrow(PrognosError);
    expect(() => sim.injectSensorFault(TEMP, 'noise', { factor: 1 })).toThrow(PrognosError);
    expect(() => sim.injectSensorFault(TEMP, 'spike', { probability: 2 })).toThrow(PrognosError);
    expect(() => sim.injectSensorFault(TEMP, 'bias', { offset: Number.NaN })).toThrow(PrognosError);
    expect(() => sim.injectSensorFault(TEMP, 'bias', { durationMs: 0 })).toThrow(PrognosError);
  });
});
