import { QualityReason, Rng, type Sensor, type SensorContribution } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { attributeAnomaly } from './attribution';
import { PlantQualityMonitor, stepTest } from './plant-quality';

/**
 * A small synthetic machine: speed sets the load, current and temperature follow it (temperature with a lag),
 * plus a second machine whose temperature shares the hall's daily cycle. Enough structure for virtual sensors.
 */
const sensor = (id: string, kind: Sensor['kind'], unit: string, min: number, max: number): Sensor => ({
  id,
  assetId: id.split('.')[0] as string,
  name: id,
  kind,
  unit,
  min,
  max,
  sampleRateHz: 1 / 60,
});
const SENSORS = [
  sensor('M1.SPEED', 'speed', 'rpm', 0, 3000),
  sensor('M1.CURRENT', 'current', 'A', 0, 100),
  sensor('M1.TEMP', 'temperature', 'degC', 0, 150),
  sensor('M1.VIB', 'vibration', 'mm/s', 0, 20),
  sensor('M2.SPEED', 'speed', 'rpm', 0, 3000),
  sensor('M2.TEMP', 'temperature', 'degC', 0, 150),
];
const MIN = 60_000;
const DAY = 86_400_000;

interface Fault {
  sensor?: string;
  /** Added to the sensor's value from `from` on, growing linearly to `size` (sensor unit) over `overMs`. */
  from: number;
  size: number;
  overMs: number;
  /** A machine fault instead: a bearing wears, so vibration rises and friction heats the bearing. */
  machine?: boolean;
  /** The sensor fault ends here (the transmitter recalibrated). */
  until?: number;
}

function* plant(rng: Rng, from: number, to: number, fault?: Fault) {
  let temp = 60;
  let temp2 = 50;
  for (let t = from; t < to; t += MIN) {
    const hour = (t % DAY) / 3_600_000;
    const ambient = 20 + 4 * Math.cos((2 * Math.PI * (hour - 15)) / 24);
    const f = fault && t >= fault.from ? Math.min(1, (t - fault.from) / fault.overMs) : 0;
    const load = 0.6 + 0.3 * Math.sin(t / 5_400_000) + 0.05 * rng.normal();
    const friction = fault?.machine ? 15 * f : 0;
    const speed = 1500 + 1000 * load;
    temp += (ambient + 60 * load + friction - temp) / 15;
    temp2 += (ambient + 30 - temp2) / 20;
    const values: Record<string, number> = {
      'M1.SPEED': speed + 2 * rng.normal(),
      'M1.CURRENT': 20 + 50 * load + 0.3 * rng.normal(),
      'M1.TEMP': temp + 0.2 * rng.normal(),
      'M1.VIB': 1 + 2 * load * load + (fault?.machine ? 3 * f : 0) + 0.05 * rng.normal(),
      'M2.SPEED': 1480 + 2 * rng.normal(),
      'M2.TEMP': temp2 + 0.2 * rng.normal(),
    };
    if (fault?.sensor && (fault.until === undefined || t < fault.until))
      values[fault.sensor] = (values[fault.sensor] as number) + fault.size * f;
    yield Object.entries(values).map(([s, value]) => ({ sensor: s, ts: t, value, quality: 0 }));
  }
}

function trained(seed: string) {
  const m = new PlantQualityMonitor(SENSORS, { recordFrames: 4 * 24 * 60 });
  const t0 = Date.UTC(2026, 0, 1);
  for (const batch of plant(new Rng(seed), t0, t0 + 4 * DAY)) for (const r of batch) m.check(r, r.ts);
  return { m, t0: t0 + 4 * DAY };
}

function run(
  m: PlantQualityMonitor,
  rng: Rng,
  from: number,
  to: number,
  fault?: Fault,
  reason: number = QualityReason.DRIFT,
  last?: Map<string, number>,
) {
  const flagged = new Map<string, number>();
  for (const batch of plant(rng, from, to, fault)) {
    for (const r of batch) {
      const res = m.check(r, r.ts);
      if (res?.flags.some((f) => f.reason === reason)) {
        flagged.set(r.sensor, flagged.get(r.sensor) ?? r.ts);
        last?.set(r.sensor, r.ts);
      }
    }
  }
  return flagged;
}

describe('PlantQualityMonitor: virtual sensors and drift', () => {
  const { m, t0 } = trained('train');
  const models = m.trainDrift();
  it('learns a virtual sensor for every sensor from healthy data, with reduced models for isolation', () => {
    expect(models).toBe(SENSORS.length);
    const vs = m.virtualSensors().find((v) => v.target === 'M1.TEMP');
    expect(vs?.inputs).toEqual(['M1.SPEED', 'M1.CURRENT', 'M1.VIB']);
    expect(vs?.related).toContain('M2.TEMP');
    expect(vs?.reduced?.map((r) => r.without)).toEqual(vs?.inputs);
    // the lagged, ambient-driven temperature is predicted to well under 1 % of its span on unseen data
    expect((vs?.sigmaSlow ?? 1) / 150).toBeLessThan(0.01);
  });
  it('flags a slow calibration drift of one sensor, and only that sensor', () => {
    const fresh = new PlantQualityMonitor(SENSORS);
    fresh.setVirtualSensors(m.virtualSensors());
    const flagged = run(fresh, new Rng('drift'), t0, t0 + DAY, {
      sensor: 'M1.TEMP',
      from: t0 + 2 * 3_600_000,
      size: 0.04 * 150,
      overMs: DAY,
    });
    expect([...flagged.keys()]).toEqual(['M1.TEMP']);
    expect((flagged.get('M1.TEMP') as number) - t0).toBeLessThan(DAY);
    expect(fresh.driftOf('M1.TEMP')?.residual).toBeGreaterThan(0);
  });
  it('does not blame a sensor for a machine fault that moves several sensors together, nor for clean data', () => {
    const fresh = new PlantQualityMonitor(SENSORS);
    fresh.setVirtualSensors(m.virtualSensors());
    const machine = run(fresh, new Rng('machine'), t0, t0 + DAY, {
      from: t0 + 2 * 3_600_000,
      size: 0,
      overMs: 12 * 3_600_000,
      machine: true,
    });
    expect([...machine.keys()]).toEqual([]);
    const clean = new PlantQualityMonitor(SENSORS);
    clean.setVirtualSensors(m.virtualSensors());
    expect([...run(clean, new Rng('clean'), t0, t0 + 2 * DAY).keys()]).toEqual([]);
  });
  it('survives NaN, ±Infinity, unknown sensors, a single reading and irregular timestamps', () => {
    const q = new PlantQualityMonitor(SENSORS);
    expect(q.check({ sensor: 'NOPE', ts: 0, value: 1 }, 0)).toBeUndefined();
    expect(q.tick(0).size).toBe(0);
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(q.check({ sensor: 'M1.TEMP', ts: 1000, value: v }, 1000)?.reasons).toContain(QualityReason.OUT_OF_RANGE);
    }
    const rng = new Rng('irregular');
    let ts = 2000;
    for (let i = 0; i < 2000; i++) {
      ts += 20_000 + rng.next() * 80_000;
      q.check({ sensor: 'M1.TEMP', ts, value: 60 + rng.normal() }, ts);
    }
    expect(q.checkers.get('M1.TEMP')?.state).toBe('good');
    expect(q.trainDrift()).toBe(0); // nothing recorded: no models, no crash
  });
});

describe('PlantQualityMonitor: calibration steps (bias)', () => {
  const { m, t0 } = trained('train');
  m.trainDrift();
  const HOUR = 3_600_000;
  it('flags a sensor whose level steps alone, from the step on, and clears it when it steps back', () => {
    const fresh = new PlantQualityMonitor(SENSORS);
    fresh.setVirtualSensors(m.virtualSensors());
    const last = new Map<string, number>();
    const at = t0 + 3 * HOUR;
    const flagged = run(
      fresh,
      new Rng('bias'),
      t0,
      t0 + 8 * HOUR,
      { sensor: 'M1.TEMP', from: at, size: 0.05 * 150, overMs: 1, until: at + 2 * HOUR },
      QualityReason.BIAS,
      last,
    );
    expect([...flagged.keys()]).toEqual(['M1.TEMP']);
    // seen once the frames after the step are in (8 one-minute frames), reported from the step itself
    expect((flagged.get('M1.TEMP') as number) - at).toBeLessThanOrEqual(20 * MIN);
    expect(fresh.checkers.get('M1.TEMP')?.untrustedSince).toBeUndefined();
    // the step back (recalibration) ends it
    const end = last.get('M1.TEMP') as number;
    expect(end).toBeGreaterThan(at + 2 * HOUR);
    expect(end - (at + 2 * HOUR)).toBeLessThanOrEqual(20 * MIN);
    // and leaves no slow residual behind to be mistaken for a drift
    expect(Math.abs(fresh.driftOf('M1.TEMP')?.z ?? 0)).toBeLessThan(2);
  });
  it('reports when the offset began while it lasts', () => {
    const fresh = new PlantQualityMonitor(SENSORS);
    fresh.setVirtualSensors(m.virtualSensors());
    const at = t0 + 3 * HOUR;
    run(
      fresh,
      new Rng('bias2'),
      t0,
      t0 + 4 * HOUR,
      { sensor: 'M1.CURRENT', from: at, size: -6, overMs: 1 },
      QualityReason.BIAS,
    );
    const c = fresh.checkers.get('M1.CURRENT');
    expect(c?.state).not.toBe('good');
    expect(c?.reasons).toContain(QualityReason.BIAS);
    expect(Math.abs((c?.untrustedSince ?? 0) - at)).toBeLessThanOrEqual(MIN);
  });
  it('does not take a growing machine fault, or clean data, for an offset', () => {
    const fresh = new PlantQualityMonitor(SENSORS);
    fresh.setVirtualSensors(m.virtualSensors());
    const machine = run(
      fresh,
      new Rng('machine-step'),
      t0,
      t0 + DAY,
      { from: t0 + 2 * HOUR, size: 0, overMs: 6 * HOUR, machine: true },
      QualityReason.BIAS,
    );
    expect([...machine.keys()]).toEqual([]);
    const clean = new PlantQualityMonitor(SENSORS);
    clean.setVirtualSensors(m.virtualSensors());
    expect([...run(clean, new Rng('clean-step'), t0, t0 + 2 * DAY, undefined, QualityReason.BIAS).keys()]).toEqual([]);
  });
  it('stepTest: a step, a ramp, empty input, a single point and NaN', () => {
    const step = Array.from({ length: 16 }, (_, i) => ({ v: (i < 8 ? 0 : 5) + (i % 2 ? 0.1 : -0.1) }));
    const s = stepTest(step, 'v');
    expect(s.delta).toBeCloseTo(5, 6);
    expect(s.sseStep).toBeLessThan(0.25 * s.sseRamp);
    const ramp = stepTest(
      Array.from({ length: 16 }, (_, i) => ({ v: i })),
      'v',
    );
    expect(ramp.sseStep).toBeGreaterThan(0.25 * ramp.sseRamp);
    expect(ramp.sseRamp).toBeCloseTo(0, 9);
    expect(stepTest([], 'v')).toEqual({ delta: 0, s: 0, sseStep: 0, sseRamp: 0 });
    expect(stepTest([{ v: 3 }], 'v')).toEqual({ delta: 0, s: 0, sseStep: 0, sseRamp: 0 });
    // NaN propagates (callers feed finite frame means only) and never passes a threshold
    const nan = stepTest([{ v: 1 }, { v: Number.NaN }, { v: 2 }, { v: 2 }], 'v');
    expect(Number.isNaN(nan.delta)).toBe(true);
    expect(Math.abs(nan.delta) >= 1).toBe(false);
  });
});

describe('attributeAnomaly', () => {
  const c = (sensor: string, share: number): SensorContribution => ({
    sensor,
    name: sensor,
    unit: '',
    share,
    value: 0,
    expected: 0,
    low: 0,
    high: 0,
  });
  const trust = (bad: string[]) => (id: string) =>
    bad.includes(id)
      ? { state: 'bad' as const, reasons: [QualityReason.FLATLINE] }
      : { state: 'good' as const, reasons: [] };
  it('blames the sensor when untrusted sensors carry most of the deviation, the machine otherwise', () => {
    const s = attributeAnomaly([c('A', 0.7), c('B', 0.3)], trust(['A']));
    expect(s.cause).toBe('sensor');
    expect(s.sensors).toEqual(['A']);
    expect(s.detail).toMatch(/A \(bad: flatline\)/);
    const m = attributeAnomaly([c('A', 0.2), c('B', 0.8)], trust(['A']));
    expect(m.cause).toBe('machine');
    expect(m.sensors[0]).toBe('B');
  });
  it('handles no contributions, NaN and negative shares, and unknown sensors', () => {
    expect(attributeAnomaly([], trust([])).cause).toBe('machine');
    expect(attributeAnomaly([c('A', Number.NaN), c('B', -1)], trust(['A', 'B'])).untrustedShare).toBe(0);
    expect(attributeAnomaly([c('X', 1)], () => undefined).cause).toBe('machine');
  });
});

describe('PlantQualityMonitor: a shift shared across machines is not one sensor drifting', () => {
  const machines = ['A', 'B', 'C'];
  const hall: Sensor[] = machines.flatMap((m) => [
    sensor(`${m}.SPEED`, 'speed', 'rpm', 0, 3000),
    sensor(`${m}.CURRENT`, 'current', 'A', 0, 100),
    sensor(`${m}.TEMP`, 'temperature', 'degC', 0, 150),
  ]);
  /** Three machines in one hall: each temperature follows its load and the hall's air, lagged. */
  function* hallPlant(rng: Rng, from: number, to: number, heat: (t: number) => number, drift?: (t: number) => number) {
    const temp = new Map(machines.map((m) => [m, 50]));
    for (let t = from; t < to; t += MIN) {
      const ambient = 20 + 3 * Math.cos((2 * Math.PI * ((t % DAY) / 3_600_000 - 15)) / 24) + heat(t);
      const out = [];
      for (const [i, m] of machines.entries()) {
        const load = 0.6 + 0.25 * Math.sin(t / (4_000_000 + 900_000 * i)) + 0.03 * rng.normal();
        const tt = (temp.get(m) as number) + (ambient + 40 * load - (temp.get(m) as number)) / 15;
        temp.set(m, tt);
        out.push(
          { sensor: `${m}.SPEED`, ts: t, value: 1500 + 1000 * load + 2 * rng.normal(), quality: 0 },
          { sensor: `${m}.CURRENT`, ts: t, value: 20 + 50 * load + 0.3 * rng.normal(), quality: 0 },
          {
            sensor: `${m}.TEMP`,
            ts: t,
            value: tt + 0.15 * rng.normal() + (m === 'A' && drift ? drift(t) : 0),
            quality: 0,
          },
        );
      }
      yield out;
    }
  }
  const t0 = Date.UTC(2026, 0, 1);
  const train = new PlantQualityMonitor(hall, { recordFrames: 3 * 24 * 60 });
  for (const b of hallPlant(new Rng('hall'), t0, t0 + 3 * DAY, () => 0)) for (const r of b) train.check(r, r.ts);
  train.trainDrift();
  const drifted = (heat: (t: number) => number, drift?: (t: number) => number) => {
    const m = new PlantQualityMonitor(hall);
    m.setVirtualSensors(train.virtualSensors());
    const flagged = new Set<string>();
    const from = t0 + 3 * DAY;
    for (const b of hallPlant(
      new Rng('hall-run'),
      from,
      from + DAY,
      (t) => heat(t - from),
      drift && ((t) => drift(t - from)),
    ))
      for (const r of b)
        if (m.check(r, r.ts)?.flags.some((f) => f.reason === QualityReason.DRIFT)) flagged.add(r.sensor);
    return [...flagged];
  };
  it('a heat wave beyond the training days moves every temperature: no drift blamed', () => {
    expect(drifted((t) => Math.min(8, (8 * t) / (6 * 3_600_000)))).toEqual([]);
  });
  it('one temperature drifting alone in the same hall is still flagged', () => {
    expect(
      drifted(
        () => 0,
        (t) => Math.min(6, (6 * t) / (12 * 3_600_000)),
      ),
    ).toEqual(['A.TEMP']);
  });
});
