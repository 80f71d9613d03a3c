import type { FailureMode, Sensor, SensorContribution } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { rankFailureModes } from './rank';

const sensor = (id: string, name: string, kind: Sensor['kind'], unit: string): Sensor => ({
  id,
  assetId: 'P-101',
  name,
  kind,
  unit,
  min: 0,
  max: 100,
  sampleRateHz: 1,
});
const SENSORS: Sensor[] = [
  sensor('P-101.VIB-DE', 'DE bearing vibration', 'vibration', 'mm/s'),
  sensor('P-101.VIB-NDE', 'NDE bearing vibration', 'vibration', 'mm/s'),
  sensor('P-101.TEMP-BRG', 'DE bearing temperature', 'bearing_temperature', 'degC'),
  sensor('P-101.FLOW', 'flow', 'flow', 'm3/h'),
  sensor('P-101.CURRENT', 'motor current', 'current', 'A'),
];
const c = (
  id: string,
  share: number,
  value: number,
  expected: number,
  low: number,
  high: number,
): SensorContribution => {
  const s = SENSORS.find((x) => x.id === id)!;
  return { sensor: id, name: s.name, unit: s.unit, share, value, expected, low, high };
};
/** Bearing wear on a pump: DE vibration up (62 %), bearing temperature up (25 %), the rest inside the band. */
const BEARING = [
  c('P-101.VIB-DE', 0.62, 4.1, 1.55, 1.2, 1.9),
  c('P-101.TEMP-BRG', 0.25, 58.3, 44, 41, 47),
  c('P-101.VIB-NDE', 0.05, 1.1, 1.0, 0.8, 1.2),
  c('P-101.FLOW', 0.05, 106, 106.5, 104, 109),
  c('P-101.CURRENT', 0.03, 26.3, 26.1, 25.4, 26.8),
];

describe('rankFailureModes', () => {
  it('says what matched and what is missing in engineering units', () => {
    const [top] = rankFailureModes('centrifugal_pump', BEARING, SENSORS);
    expect(top!.failureModeId).toBe('pump-bearing-wear');
    expect(top!.matched).toEqual([
      'DE bearing vibration 4.10 mm/s, above its normal 1.20–1.90 mm/s (62 % of the anomaly)',
      'DE bearing temperature 58.3 °C, above its normal 41.0–47.0 °C (25 % of the anomaly)',
    ]);
    expect(top!.missing).toEqual([
      'motor current rises slightly with the friction losses — not seen: motor current 26.3 A, within its normal 25.4–26.8 A',
    ]);
    expect(top!.rpn).toBe(126);
    expect(top!.recommendedActions.length).toBeGreaterThan(0);
  });

  it('scores 0..1, sorted by score then RPN', () => {
    const ranked = rankFailureModes('centrifugal_pump', BEARING, SENSORS, undefined, 100);
    expect(ranked.length).toBe(7);
    for (const r of ranked) expect(r.score).toBeGreaterThanOrEqual(0);
    for (const r of ranked) expect(r.score).toBeLessThanOrEqual(1);
    for (let i = 1; i < ranked.length; i++) {
      const [a, b] = [ranked[i - 1]!, ranked[i]!];
      expect(a.score > b.score || (a.score === b.score && a.rpn >= b.rpn)).toBe(true);
    }
  });

  it('ranks a mode lower when a symptom is seen the other way, and says so', () => {
    const cooler = BEARING.map((x) => (x.sensor === 'P-101.TEMP-BRG' ? { ...x, value: 36 } : x));
    const up = rankFailureModes('centrifugal_pump', BEARING, SENSORS, undefined, 100);
    const down = rankFailureModes('centrifugal_pump', cooler, SENSORS, undefined, 100);
    const score = (list: typeof up) => list.find((r) => r.failureModeId === 'pump-bearing-wear')!.score;
    expect(score(down)).toBeLessThan(score(up) - 0.3);
    const missing = down.find((r) => r.failureModeId === 'pump-bearing-wear')!.missing;
    expect(missing.some((m) => m.includes('seen the other way') && m.includes('below its normal 41.0–47.0 °C'))).toBe(
      true,
    );
  });

  it('ranks cavitation below a strainer when flow falls without vibration, and the reverse with vibration', () => {
    const sensors = [
      ...SENSORS,
      sensor('P-101.PRESS-SUC', 'suction pressure', 'suction_pressure', 'bar'),
      sensor('P-101.PRESS-DIS', 'discharge pressure', 'discharge_pressure', 'bar'),
    ];
    const at = (id: string, share: number, v: number) => {
      const s = sensors.find((x) => x.id === id)!;
      return { sensor: id, name: s.name, unit: s.unit, share, value: v, expected: 1, low: 0.9, high: 1.1 };
    };
    const quiet = [at('P-101.PRESS-SUC', 0.6, 0.5), at('P-101.FLOW', 0.25, 0.7), at('P-101.PRESS-DIS', 0.15, 0.8)];
    const loud = [...quiet.map((x) => ({ ...x, share: x.share / 2 })), at('P-101.VIB-DE', 0.5, 3)];
    const order = (cs: SensorContribution[]) =>
      rankFailureModes('centrifugal_pump', cs, sensors).map((r) => r.failureModeId);
    expect(order(quiet)[0]).toBe('pump-strainer-clogged');
    expect(order(loud)[0]).toBe('pump-cavitation');
    expect(order(loud).indexOf('pump-strainer-clogged')).toBeGreaterThan(0);
  });

  it('places a worn bearing by where its vibration rises', () => {
    const nde = [c('P-101.VIB-NDE', 0.7, 3.2, 1.0, 0.8, 1.2), c('P-101.TEMP-BRG', 0.2, 50, 44, 41, 47)];
    const ranked = rankFailureModes('centrifugal_pump', [...nde, ...BEARING.slice(3)], SENSORS);
    expect(ranked[0]!.failureModeId).toBe('pump-nde-bearing-wear');
    expect(ranked.findIndex((r) => r.failureModeId === 'pump-bearing-wear')).toBeGreaterThan(1);
  });

  it('ignores a sensor inside its band, whatever its share', () => {
    const inside = [c('P-101.FLOW', 0.9, 107, 106.5, 104, 109), c('P-101.CURRENT', 0.1, 26.3, 26.1, 25.4, 26.8)];
    const ranked = rankFailureModes('centrifugal_pump', inside, SENSORS, undefined, 100);
    expect(ranked.every((r) => r.score === 0 && r.matched.length === 0)).toBe(true);
    // With nothing to tell them apart, the riskiest mode comes first.
    expect(ranked.map((r) => r.rpn)).toEqual([...ranked.map((r) => r.rpn)].sort((a, b) => b - a));
  });

  it('marks symptoms the machine has no sensor for', () => {
    const strainer = rankFailureModes('centrifugal_pump', BEARING, SENSORS, undefined, 100).find(
      (r) => r.failureModeId === 'pump-strainer-clogged',
    )!;
    expect(strainer.missing).toContain(
      'pressure drop across the strainer rises — not measured on this machine (no differential pressure sensor)',
    );
  });

  it('falls back to the generic modes for an unknown asset type, and never throws', () => {
    const ranked = rankFailureModes('steam_turbine', BEARING, SENSORS);
    expect(ranked.map((r) => r.failureModeId)[0]).toBe('other-bearing-wear');
    const noOther: FailureMode[] = [];
    expect(rankFailureModes('steam_turbine', BEARING, SENSORS, noOther)).toEqual([]);
    const junk = [
      { ...BEARING[0]!, share: Number.NaN },
      { ...BEARING[1]!, value: Number.NaN },
    ];
    expect(() => rankFailureModes('centrifugal_pump', junk, [])).not.toThrow();
    expect(rankFailureModes('centrifugal_pump', [], SENSORS).every((r) => r.score === 0)).toBe(true);
  });

  it('returns at most `limit` modes', () => {
    expect(rankFailureModes('centrifugal_pump', BEARING, SENSORS, undefined, 2)).toHaveLength(2);
    expect(rankFailureModes('centrifugal_pump', BEARING, SENSORS)).toHaveLength(5);
  });
});
