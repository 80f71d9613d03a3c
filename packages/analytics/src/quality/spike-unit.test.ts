import { QualityReason } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { HampelSpikeCheck } from './hampel';
import { SensorChecker } from './sensor-checker';
import { cleanSignal } from './test-signal';
import { UnitMismatchCheck } from './unit-mismatch';

describe('spike confirmation', () => {
  it('flags an isolated outlier one reading late, through revised()', () => {
    const c = new HampelSpikeCheck();
    const data = cleanSignal(300, 'spike-late');
    data[200].value += 25;
    const late: number[] = [];
    for (const d of data) {
      expect(c.update(d.ts, d.value)).toBeUndefined();
      const r = c.revised();
      if (r) late.push(r.ts);
    }
    expect(late).toEqual([data[200].ts]);
  });
  it('does not flag load steps, start-ups or ramps: the value stays where it jumped', () => {
    const c = new HampelSpikeCheck();
    const data = cleanSignal(600, 'steps');
    for (let i = 0; i < data.length; i++) {
      if (i >= 200) data[i].value += 30; // load step
      if (i >= 400) data[i].value += (i - 400) * 2; // ramp
    }
    for (const d of data) {
      c.update(d.ts, d.value);
      expect(c.revised()).toBeUndefined();
    }
  });
  it('SensorChecker amends the previous reading with the spike, keeping its other flags', () => {
    const sensor = {
      id: 'T',
      assetId: 'A',
      name: 'T',
      kind: 'temperature' as const,
      unit: 'degC',
      min: 0,
      max: 150,
      sampleRateHz: 1,
    };
    const c = new SensorChecker(sensor);
    const data = cleanSignal(200, 'amend', 60);
    data[150].value += 40;
    let amended: number | undefined;
    for (const d of data) {
      const res = c.check(d, 2e12);
      if (res.amend) {
        amended = res.amend.ts;
        expect(res.amend.flags.map((f) => f.reason)).toContain(QualityReason.SPIKE);
      }
    }
    expect(amended).toBe(data[150].ts);
    expect(c.reasons).toContain(QualityReason.SPIKE);
  });
});

describe('unit mismatch latch', () => {
  it('stays flagged while the process moves in the wrong unit, and clears when the unit is fixed', () => {
    const data = cleanSignal(1500, 'latch', 60, 0.3);
    for (let i = 700; i < 1500; i++) data[i].value += 8; // the process warms up meanwhile
    for (let i = 500; i < 1000; i++) data[i].value = (data[i].value * 9) / 5 + 32;
    const c = new UnitMismatchCheck('degC', 0, 150);
    const hits: number[] = [];
    data.forEach((d, i) => {
      if (c.update(d.ts, d.value)) hits.push(i);
    });
    expect(hits[0]).toBeGreaterThanOrEqual(500);
    expect(hits[0]).toBeLessThan(520);
    // flagged through the process change at 700, cleared within a window of the fix at 1000
    expect(hits.filter((i) => i >= 520 && i < 1000)).toHaveLength(480);
    expect(hits.filter((i) => i >= 1010)).toEqual([]);
  });
  it('does not judge across a start: a stopped machine starting to a converted-looking level is not flagged', () => {
    const c = new UnitMismatchCheck('bar', 0, 16);
    const hits: number[] = [];
    for (let i = 0; i < 300; i++) {
      const running = i >= 100;
      c.setRunning(running);
      const v = running ? 4.35 + 0.01 * Math.sin(i) : 0.3 + 0.005 * Math.sin(i); // 0.3 bar ≈ 4.35 psi
      if (c.update(i * 1000, v)) hits.push(i);
    }
    expect(hits).toEqual([]);
  });
});
