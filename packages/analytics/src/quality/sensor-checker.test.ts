import { QualityReason, qualityReason, qualityState, type Sensor } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { SensorChecker } from './sensor-checker';
import { assetQualityScore, QualityStateMachine } from './state';
import { cleanSignal } from './test-signal';

const sensor: Sensor = {
  id: 'TT-1',
  assetId: 'P-1',
  name: 'T',
  kind: 'temperature',
  unit: 'degC',
  min: 0,
  max: 150,
  sampleRateHz: 1,
};
const FAR_FUTURE = 2e12;

describe('SensorChecker', () => {
  it('keeps a long clean signal good with score 100', () => {
    const c = new SensorChecker(sensor);
    for (const r of cleanSignal(10_000, 'sc-clean', 60)) expect(c.check(r, FAR_FUTURE).reasons).toEqual([]);
    expect(c.state).toBe('good');
    expect(c.score).toBe(100);
  });
  it('flags NaN, ±Infinity and bad times without dropping them, and handles empty history', () => {
    const c = new SensorChecker(sensor);
    expect(c.tick(FAR_FUTURE).reasons).toEqual([]);
    const nan = c.check({ ts: 1000, value: Number.NaN }, FAR_FUTURE);
    expect(qualityState(nan.quality)).toBe('bad');
    expect(qualityReason(nan.quality)).toBe(QualityReason.OUT_OF_RANGE);
    expect(c.check({ ts: 2000, value: Number.POSITIVE_INFINITY }, FAR_FUTURE).reasons).toEqual([
      QualityReason.OUT_OF_RANGE,
    ]);
    expect(c.check({ ts: Number.NaN, value: 50 }, FAR_FUTURE).reasons).toEqual([QualityReason.TIMESTAMP]);
    expect(c.check({ ts: 3000, value: 50 }, FAR_FUTURE).reasons).toEqual([]);
    // A repeated or late reading (QoS 1 redelivery, store-and-forward replay) is not marked …
    expect(c.check({ ts: 3000, value: 50 }, FAR_FUTURE).reasons).toEqual([]);
    expect(c.check({ ts: 2500, value: 50 }, FAR_FUTURE).reasons).toEqual([]);
    // … but a reading from the future is.
    expect(c.check({ ts: 200_000, value: 50 }, 1000).reasons).toEqual([QualityReason.TIMESTAMP]);
  });
  it('goes bad on a stuck sensor, reports gaps on tick, and recovers with hysteresis', () => {
    const c = new SensorChecker(sensor);
    const data = cleanSignal(3000, 'sc-stuck', 60);
    for (let i = 1000; i < 1200; i++) data[i].value = 61.5;
    const states = data.map((r) => c.check(r, FAR_FUTURE).state);
    expect(states.slice(0, 1000).every((s) => s === 'good')).toBe(true);
    expect(states.slice(1050, 1200)).toContain('bad');
    expect(states.at(-1)).toBe('good');
    const last = data.at(-1)!.ts;
    expect(c.tick(last + 60_000).reasons).toEqual([QualityReason.GAP]);
    expect(c.check({ ts: last + 61_000, value: 60 }, FAR_FUTURE).reasons).toContain(QualityReason.GAP);
  });
});

describe('QualityStateMachine and assetQualityScore', () => {
  it('has hysteresis between good, suspect and bad', () => {
    const m = new QualityStateMachine({ window: 20 });
    for (let i = 0; i < 18; i++) expect(m.record(undefined)).toBe('good');
    for (let i = 0; i < 2; i++) m.record('suspect');
    expect(m.state).toBe('suspect');
    for (let i = 0; i < 8; i++) m.record('bad');
    expect(m.state).toBe('bad');
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) seen.add(m.record(undefined));
    expect(m.state).toBe('good');
    expect(seen.has('suspect')).toBe(true);
    expect(m.score).toBe(100);
  });
  it('weights the worst sensor and ignores non-finite scores', () => {
    expect(assetQualityScore([])).toBeUndefined();
    expect(assetQualityScore([Number.NaN])).toBeUndefined();
    expect(assetQualityScore([80])).toBe(80);
    expect(assetQualityScore([100, 100, 100, 0, Number.POSITIVE_INFINITY])).toBe(53);
  });
});
