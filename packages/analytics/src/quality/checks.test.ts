import { QualityReason, Rng } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { FlatlineCheck } from './flatline';
import { GapCheck } from './gap';
import { HampelSpikeCheck } from './hampel';
import { NoiseLevelCheck } from './noise';
import { QuantisationCheck } from './quantisation';
import { RangeCheck } from './range-check';
import { cleanSignal } from './test-signal';
import { TimestampCheck } from './timestamp';
import type { ValueCheck } from './types';
import { UnitMismatchCheck } from './unit-mismatch';

const EDGE = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

function flagsOf(check: ValueCheck, data: { ts: number; value: number }[]): number[] {
  const hits: number[] = [];
  const index = new Map<number, number>();
  data.forEach((d, i) => {
    index.set(d.ts, i);
    if (check.update(d.ts, d.value)) hits.push(i);
    // Late verdicts (spike confirmation) flag an earlier reading.
    const late = check.revised?.();
    if (late) hits.push(index.get(late.ts) as number);
  });
  return hits.sort((a, b) => a - b);
}

/** Shared edge cases for every value check: empty input, one point, non-finite values, irregular sampling. */
function edgeCases(name: string, make: () => ValueCheck) {
  describe(`${name} edge cases`, () => {
    it('flags nothing on empty input and a single point', () => {
      expect(flagsOf(make(), [])).toEqual([]);
      expect(flagsOf(make(), [{ ts: 0, value: 50 }])).toEqual([]);
    });
    it('ignores NaN and ±Infinity without corrupting its state', () => {
      const c = make();
      for (const v of EDGE) expect(c.update(0, v)).toBeUndefined();
      const data = cleanSignal(2000, `${name}-edge`);
      const mixed = data.flatMap((d, i) => (i % 100 === 50 ? [d, { ts: d.ts, value: EDGE[i % 3] }] : [d]));
      expect(flagsOf(c, mixed)).toEqual([]);
    });
    it('accepts irregular sampling of a clean signal', () => {
      const rng = new Rng(`${name}-irregular`);
      let ts = 0;
      const data = cleanSignal(3000, `${name}-irr`).map((d) => {
        ts += 200 + rng.next() * 1500;
        return { ts, value: d.value };
      });
      expect(flagsOf(make(), data)).toEqual([]);
    });
    it('flags nothing on a long clean signal', () => {
      expect(flagsOf(make(), cleanSignal(20_000, `${name}-clean`))).toEqual([]);
    });
  });
}

edgeCases('hampel', () => new HampelSpikeCheck());
edgeCases('flatline', () => new FlatlineCheck());
edgeCases('noise', () => new NoiseLevelCheck());
edgeCases('quantisation', () => new QuantisationCheck());
edgeCases('unit', () => new UnitMismatchCheck('degC', 0, 120));

describe('RangeCheck', () => {
  const c = new RangeCheck(0, 100);
  it('passes values inside the range plus tolerance', () => {
    expect(c.check(0)).toBeUndefined();
    expect(c.check(101.9)).toBeUndefined();
    expect(c.check(-1.9)).toBeUndefined();
  });
  it('flags values beyond the tolerance and non-finite values as bad', () => {
    for (const v of [102.5, -3, ...EDGE]) {
      expect(c.check(v)).toMatchObject({ reason: QualityReason.OUT_OF_RANGE, severity: 'bad' });
    }
  });
  it('detects injected out-of-range excursions and nothing on clean data', () => {
    const data = cleanSignal(5000, 'range', 50, 3);
    const hits = data.map((d, i) => (i % 500 === 7 ? 140 : d.value)).flatMap((v, i) => (c.check(v) ? [i] : []));
    expect(hits).toEqual(data.map((_, i) => i).filter((i) => i % 500 === 7));
  });
});

describe('HampelSpikeCheck', () => {
  it('detects injected spikes', () => {
    const data = cleanSignal(5000, 'spike');
    const at = [300, 1200, 2222, 4100];
    at.forEach((i, j) => {
      data[i].value += j % 2 === 0 ? 12 : -12;
    });
    expect(flagsOf(new HampelSpikeCheck(), data)).toEqual(at);
  });
  it('does not flag steps of quantised quiet data (MAD = 0) within the resolution', () => {
    const data = Array.from({ length: 200 }, (_, i) => ({ ts: i * 1000, value: i % 50 === 0 ? 20.1 : 20 }));
    expect(flagsOf(new HampelSpikeCheck({ resolution: 0.1 }), data)).toEqual([]);
  });
});

describe('FlatlineCheck', () => {
  it('detects a stuck value after a run adapted to a noisy signal', () => {
    const data = cleanSignal(3000, 'stuck');
    for (let i = 2000; i < 2100; i++) data[i].value = data[1999].value;
    const hits = flagsOf(new FlatlineCheck(), data);
    expect(hits[0]).toBeGreaterThanOrEqual(2000);
    expect(hits[0]).toBeLessThan(2015);
    expect(hits.at(-1)).toBe(2099);
  });
  it('waits longer on a slow, coarsely quantised signal that repeats normally', () => {
    const rng = new Rng('slow');
    const data = Array.from({ length: 5000 }, (_, i) => ({
      ts: i * 1000,
      value: Math.round(10 * (60 + 0.04 * rng.normal())) / 10,
    }));
    const c = new FlatlineCheck();
    expect(flagsOf(c, data)).toEqual([]);
    expect(c.threshold()).toBeGreaterThan(15);
  });
});

describe('GapCheck', () => {
  it('reports a gap on tick while it lasts and on the next reading', () => {
    const g = new GapCheck(1);
    expect(g.tick(5000)).toBeUndefined(); // nothing before the first reading
    expect(g.update(0)).toBeUndefined();
    expect(g.update(1000)).toBeUndefined();
    expect(g.tick(3500)).toBeUndefined();
    expect(g.tick(6000)).toMatchObject({ reason: QualityReason.GAP, severity: 'suspect' });
    expect(g.tick(20_000)).toMatchObject({ reason: QualityReason.GAP, severity: 'bad' });
    expect(g.update(9000)).toMatchObject({ reason: QualityReason.GAP, severity: 'suspect' });
    expect(g.tick(9500)).toBeUndefined();
  });
  it('ignores non-finite times, a single point and irregular sampling within the factor', () => {
    const g = new GapCheck(1);
    for (const t of EDGE) expect(g.update(t)).toBeUndefined();
    for (const t of EDGE) expect(g.tick(t)).toBeUndefined();
    expect(g.update(0)).toBeUndefined();
    const rng = new Rng('gap-irr');
    let ts = 0;
    for (let i = 0; i < 2000; i++) {
      ts += 100 + 2500 * rng.next();
      expect(g.update(ts)).toBeUndefined();
    }
  });
  it('is disabled for a sensor without a usable rate', () => {
    const g = new GapCheck(0);
    g.update(0);
    expect(g.update(1e9)).toBeUndefined();
  });
  it('detects injected dropouts and nothing else', () => {
    const g = new GapCheck(1);
    const hits: number[] = [];
    let ts = 0;
    for (let i = 0; i < 3000; i++) {
      ts += i % 700 === 0 && i > 0 ? 60_000 : 1000;
      if (g.update(ts)) hits.push(i);
    }
    expect(hits).toEqual([700, 1400, 2100, 2800]);
  });
});

describe('TimestampCheck', () => {
  const now = 1_700_000_000_000;
  it('flags invalid, future, duplicate and out-of-order times', () => {
    const t = new TimestampCheck();
    for (const v of EDGE) expect(t.classify(v, now)).toBe('invalid');
    expect(t.classify(now - 5000, now)).toBeUndefined();
    expect(t.classify(now - 5000, now)).toBe('duplicate');
    expect(t.classify(now - 9000, now)).toBe('out_of_order');
    expect(t.classify(now + 3_600_000, now)).toBe('future');
    expect(t.classify(now - 4000, now)).toBeUndefined(); // the bad ones did not move the reference
    expect(t.check(now + 3_600_000, now)).toMatchObject({ reason: QualityReason.TIMESTAMP, severity: 'bad' });
    expect(t.check(now - 4000, now)).toMatchObject({ reason: QualityReason.TIMESTAMP, severity: 'suspect' });
  });
  it('accepts irregular increasing times and a small clock skew', () => {
    const t = new TimestampCheck();
    const rng = new Rng('ts');
    let ts = now - 1e7;
    for (let i = 0; i < 1000; i++) {
      ts += 1 + rng.next() * 3000;
      expect(t.check(ts, now)).toBeUndefined();
    }
    expect(t.check(now + 30_000, now)).toBeUndefined();
  });
});

describe('NoiseLevelCheck', () => {
  it('detects a rise and a fall of the noise level', () => {
    const rng = new Rng('noise');
    const data = cleanSignal(3000, 'noise-base');
    for (let i = 1500; i < 2000; i++) data[i].value += 5 * rng.normal();
    for (let i = 2400; i < 3000; i++) data[i].value = 50 + 0.05 * rng.normal();
    const hits = flagsOf(new NoiseLevelCheck(), data);
    // judged every 32nd reading over a 64-difference window: seen within 100 readings
    expect(hits.some((i) => i >= 1500 && i < 1600)).toBe(true);
    expect(hits.filter((i) => i >= 1600 && i < 2000).length).toBeGreaterThan(390);
    expect(hits.some((i) => i >= 2400 && i < 2500)).toBe(true);
    expect(hits.filter((i) => i < 1500)).toEqual([]);
  });
});

describe('QuantisationCheck', () => {
  it('detects values collapsing onto a coarse grid but not a change of level or noise', () => {
    const data = cleanSignal(4000, 'quant');
    for (let i = 1000; i < 2000; i++) data[i].value = 20 + 3 * (data[i].value - 50); // level and noise change
    for (let i = 3000; i < 4000; i++) data[i].value = Math.round(data[i].value);
    const hits = flagsOf(new QuantisationCheck(), data);
    expect(hits.filter((i) => i < 3000)).toEqual([]);
    expect(hits[0]).toBeLessThan(3100); // a 64-value window, judged every 32nd reading
    expect(hits.length).toBeGreaterThan(900);
  });
});

describe('UnitMismatchCheck', () => {
  it('detects degC → degF', () => {
    const data = cleanSignal(2000, 'degf', 60, 0.5);
    for (let i = 1000; i < 2000; i++) data[i].value = (data[i].value * 9) / 5 + 32;
    const hits = flagsOf(new UnitMismatchCheck('degC', 0, 150), data);
    expect(hits.filter((i) => i < 1000)).toEqual([]);
    // one window (median of 9) to see the jump, one more to confirm it holds while running
    expect(hits[0]).toBeLessThan(1020);
    expect(hits.length).toBeGreaterThan(975);
  });
  it('detects bar → psi', () => {
    const data = cleanSignal(2000, 'psi', 8, 0.05);
    for (let i = 1000; i < 2000; i++) data[i].value *= 14.5037738;
    const c = new UnitMismatchCheck('bar', 0, 16);
    expect(c.candidateUnits).toContain('psi');
    const hits = flagsOf(c, data);
    expect(hits.filter((i) => i < 1000)).toEqual([]);
    expect(hits.length).toBeGreaterThan(980);
  });
  it('does not flag a genuine process step or an unknown unit', () => {
    const data = cleanSignal(2000, 'step', 60, 0.5);
    for (let i = 1000; i < 2000; i++) data[i].value += 25;
    expect(flagsOf(new UnitMismatchCheck('degC', 0, 150), data)).toEqual([]);
    expect(flagsOf(new UnitMismatchCheck('furlong', 0, 150), data)).toEqual([]);
  });
});
