import { Rng } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { offsetSensor, PLANT_COLUMNS, plantRows, plantStd } from './conformance-cases';
import { MsetDetector } from './mset-detector';
import { PcaDetector } from './pca-detector';

const rng = new Rng('mset');
const train = plantRows(rng, 2000);
const detector = new MsetDetector().fit(train);

/** Pump curve: flow q, head ∝ 1 − q², efficiency ∝ q(1 − q) (strongly curved), power; own noise each. */
function pumpRows(r: Rng, n: number): Float64Array[] {
  return Array.from({ length: n }, () => {
    const q = r.range(0.2, 1);
    return Float64Array.of(
      100 * q + r.normal(),
      50 * (1 - q * q) + 0.5 * r.normal(),
      80 * q * (1 - q) + 0.3 * r.normal(),
      20 + 10 * q + 0.2 * r.normal(),
    );
  });
}

/** RMS of value − expected per column on rows the detector has not seen. */
function freshResidualRms(d: MsetDetector, rows: Float64Array[]): number[] {
  const ss = new Array<number>(rows[0].length).fill(0);
  for (const r of rows) {
    d.explain(r).columns.forEach((c, j) => {
      ss[j] += (c.value - c.expected) ** 2;
    });
  }
  return ss.map((s) => Math.sqrt(s / rows.length));
}

describe('MsetDetector', () => {
  it('keeps each column’s min and max rows and fills the memory up to its cap', () => {
    expect(detector.memoryVectors).toBe(200);
    const { memory, mean, std } = detector.toJSON();
    for (let j = 0; j < PLANT_COLUMNS; j++) {
      const col = train.map((r) => (r[j] - mean[j]) / std[j]);
      const mem = memory.map((v) => v[j]);
      expect(Math.min(...mem)).toBe(Math.min(...col));
      expect(Math.max(...mem)).toBe(Math.max(...col));
    }
    expect(new MsetDetector({ memorySize: 50 }).fit(train).memoryVectors).toBe(50);
    expect(new MsetDetector().fit(train.slice(0, 120)).memoryVectors).toBe(120);
  });

  it('residual σ is honest: it matches fresh residuals, and is not optimistic when every row is in memory', () => {
    const fresh = plantRows(rng, 3000);
    const ratios = (d: MsetDetector) => {
      const rms = freshResidualRms(d, fresh);
      return d.toJSON().residualSigma.map((s, j) => s / rms[j]);
    };
    for (const r of ratios(detector)) {
      expect(r).toBeGreaterThan(0.8);
      expect(r).toBeLessThan(1.25);
    }
    // 150 rows, all of them memory vectors: σ comes from leave-one-out alone, which errs on the safe side
    // (removing a row leaves a gap that the fitted memory does not have).
    for (const r of ratios(new MsetDetector().fit(train.slice(0, 150)))) {
      expect(r).toBeGreaterThan(0.85);
      expect(r).toBeLessThan(2.2);
    }
  });

  it('calibrates on leave-one-out scores, not on the optimistic in-sample scores of memory rows', () => {
    const small = train.slice(0, 150); // all 150 rows become memory vectors
    const d = new MsetDetector().fit(small);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const freshScores = d.score(plantRows(rng, 3000));
    expect(median(d.score(small))).toBeLessThan(median(freshScores));
    // The recorded normal score (median of the leave-one-out scores) is what fresh healthy rows score.
    expect(d.calibration.normalScore / median(freshScores)).toBeGreaterThan(0.7);
    expect(d.calibration.normalScore / median(freshScores)).toBeLessThan(1.4);
    expect(freshScores.filter((x) => x > 1).length / freshScores.length).toBeLessThan(3 * d.calibration.falseAlarmRate);
  });

  it('expects an offset sensor nearer its undisturbed value than its faulty one, and bands the fault out', () => {
    const rows = plantRows(rng, 100);
    for (let j = 0; j < PLANT_COLUMNS; j++) {
      let pull = 0;
      let outside = 0;
      for (const r of rows) {
        const c = detector.explain(offsetSensor(r, j, 6)).columns[j];
        pull += (c.expected - r[j]) / (6 * plantStd(j));
        if (c.value > c.high) outside++;
      }
      expect(pull / rows.length).toBeLessThan(0.5);
      expect(outside / rows.length).toBeGreaterThan(0.95);
    }
  });

  it('follows a nonlinear relation that PCA cannot: a 10σ efficiency fault on a pump curve', () => {
    const r = new Rng('pump');
    const pumpTrain = pumpRows(r, 1500);
    const probe = pumpRows(r, 300);
    const mset = new MsetDetector().fit(pumpTrain);
    const pca = new PcaDetector().fit(pumpTrain);
    const rate = (d: MsetDetector | PcaDetector) =>
      probe.filter((x) => {
        const y = Float64Array.from(x);
        y[2] -= 3; // efficiency 10 noise σ low
        return d.score([y])[0] > 1;
      }).length / probe.length;
    expect(rate(mset)).toBeGreaterThan(0.85);
    expect(rate(pca)).toBeLessThan(0.3);
  });

  it('round-trips through fromJSON (object and string) and rejects other states', () => {
    const rows = plantRows(rng, 20);
    const text = JSON.stringify(detector);
    expect(MsetDetector.fromJSON(text).score(rows)).toEqual(detector.score(rows));
    expect(MsetDetector.fromJSON(JSON.parse(text)).bandwidth).toBe(detector.bandwidth);
    expect(() => MsetDetector.fromJSON('{"kind":"pca","version":1}')).toThrow(/not a serialized MSET detector/);
    const bad = JSON.parse(text);
    bad.memory[3] = bad.memory[3].slice(1);
    expect(() => MsetDetector.fromJSON(bad)).toThrow(/inconsistent/);
  });

  it('validates its options', () => {
    expect(() => new MsetDetector({ memorySize: 1 })).toThrow(RangeError);
    expect(() => new MsetDetector({ bandwidth: 0 })).toThrow(RangeError);
    expect(() => new MsetDetector({ ridge: -1 })).toThrow(RangeError);
  });

  it('copes with one column, a constant column and many duplicate (quantised) rows', () => {
    const r = new Rng(3);
    const one = Array.from({ length: 300 }, () => Float64Array.of(5 + r.normal()));
    const d1 = new MsetDetector().fit(one);
    expect(d1.score([Float64Array.of(5)])[0]).toBeLessThan(0.5);
    expect(d1.score([Float64Array.of(15)])[0]).toBeGreaterThan(3);
    const quantised = Array.from({ length: 1000 }, () => {
      const a = Math.round(r.normal() * 2) / 2;
      return Float64Array.of(a, 2 * a + 1, 7);
    });
    const dq = new MsetDetector().fit(quantised);
    expect(dq.score(quantised.slice(0, 50)).every((s) => Number.isFinite(s) && s < 1)).toBe(true);
    expect(dq.score([Float64Array.of(1, 0, 7)])[0]).toBeGreaterThan(1);
  });

  it('scores an 8-column row quickly with a 200-vector memory', () => {
    const rows = plantRows(rng, 2000);
    for (const x of rows) detector.rawScore(x); // warm up
    const t0 = performance.now();
    let acc = 0;
    for (let k = 0; k < 5; k++) for (const x of rows) acc += detector.rawScore(x);
    const us = ((performance.now() - t0) * 1000) / (5 * rows.length);
    expect(acc).toBeGreaterThan(0);
    // ~9 µs measured on a shared 2-core VM; the bound only catches an accidental O(m²) or allocating hot path.
    expect(us).toBeLessThan(60);
  });
});
