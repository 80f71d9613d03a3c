import { Rng } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { correlatedRows, LOADINGS, MEANS, SCALES } from '../testing/synthetic';
import { speLimit, t2Limit } from './control-limits';
import { PcaDetector } from './pca-detector';
import { restoreDetector } from './registry';
import { calibrateThreshold, DEFAULT_FALSE_ALARM_RATE } from './thresholds';

const rng = new Rng('pca');
const train = correlatedRows(rng, 2000).rows;
const detector = new PcaDetector().fit(train);

function topColumn(shares: { share: number }[]): number {
  return shares.reduce((best, c, i) => (c.share > shares[best].share ? i : best), 0);
}

describe('PcaDetector', () => {
  it('keeps the two latent factors and leaves residual dimensions', () => {
    expect(detector.dimension).toBe(6);
    expect(detector.components).toBe(2);
    expect(detector.eigenvalues[1]).toBeGreaterThan(10 * detector.eigenvalues[2]);
  });

  it('false-alarm rate on fresh healthy data is near the budget', () => {
    const scores = detector.score(correlatedRows(rng, 20_000).rows);
    const rate = scores.filter((s) => s > 1).length / scores.length;
    expect(rate).toBeGreaterThan(DEFAULT_FALSE_ALARM_RATE / 5);
    expect(rate).toBeLessThan(DEFAULT_FALSE_ALARM_RATE * 2);
    // Typical healthy scores sit well below 1, around the recorded normal score.
    const sorted = [...scores].sort((a, b) => a - b);
    expect(Math.abs(sorted[10_000] - detector.calibration.normalScore)).toBeLessThan(0.05);
  });

  it('detects a mean shift on one sensor, names it, and expects its undisturbed value', () => {
    for (let j = 0; j < 6; j++) {
      const rows = correlatedRows(rng, 200).rows;
      let detected = 0;
      let top = 0;
      let err = 0;
      for (const r of rows) {
        const x = Float64Array.from(r);
        x[j] += 2 * SCALES[j]; // 8× the sensor's own noise (0.25·scale)
        const ex = detector.explain(x);
        if (ex.score > 1) detected++;
        if (topColumn(ex.columns) === j) top++;
        err += Math.abs(ex.columns[j].expected - r[j]);
        expect(ex.columns.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 12);
        expect(ex.columns[j].low).toBeLessThan(ex.columns[j].expected);
        expect(ex.columns[j].high).toBeGreaterThan(ex.columns[j].expected);
      }
      expect(detected / rows.length).toBeGreaterThan(0.9);
      expect(top / rows.length).toBeGreaterThan(0.9);
      // Expected value within about the sensor's own noise of the true undisturbed value, not pulled to the fault.
      expect(err / rows.length).toBeLessThan(0.4 * SCALES[j]);
    }
  });

  it('detects a broken correlation that stays inside each sensor’s normal range', () => {
    const rows = correlatedRows(rng, 500).rows;
    let detected = 0;
    let top = 0;
    for (const r of rows) {
      // Sensor 1 stops following factor 1 (e.g. a stuck or re-ranged transmitter): it reads a plausible value
      // for another operating point, far from what the other sensors imply.
      const x = Float64Array.from(r);
      const f0 = (r[0] - MEANS[0]) / SCALES[0];
      x[1] = MEANS[1] - SCALES[1] * LOADINGS[1][0] * f0;
      const ex = detector.explain(x);
      if (Math.abs(f0) > 1) {
        if (ex.score > 1) detected++;
        if (topColumn(ex.columns) === 1) top++;
      }
    }
    const cases = rows.filter((r) => Math.abs((r[0] - MEANS[0]) / SCALES[0]) > 1).length;
    expect(detected / cases).toBeGreaterThan(0.9);
    expect(top / cases).toBeGreaterThan(0.8);
  });

  it('round-trips through toJSON / fromJSON (object and string) with identical scores', () => {
    const rows = correlatedRows(rng, 50).rows;
    const text = JSON.stringify(detector);
    const a = PcaDetector.fromJSON(text);
    const b = restoreDetector(JSON.parse(text));
    expect(a.score(rows)).toEqual(detector.score(rows));
    expect(b.score(rows)).toEqual(detector.score(rows));
    expect(a.explain(rows[0])).toEqual(detector.explain(rows[0]));
    expect(() => PcaDetector.fromJSON('{"kind":"other"}')).toThrow(/not a serialized PCA detector/);
  });

  it('keeps at least one residual dimension and handles a single column', () => {
    const r = new Rng(9);
    const two = Array.from({ length: 300 }, () => {
      const a = r.normal();
      return Float64Array.of(a, a + 0.01 * r.normal());
    });
    const d2 = new PcaDetector({ varianceTarget: 1 }).fit(two);
    expect(d2.components).toBe(1);
    // Breaking the (near-perfect) correlation is a large anomaly.
    expect(d2.score([Float64Array.of(1, -1)])[0]).toBeGreaterThan(10);
    const one = Array.from({ length: 300 }, () => Float64Array.of(5 + r.normal()));
    const d1 = new PcaDetector().fit(one);
    expect(d1.components).toBe(0);
    expect(d1.score([Float64Array.of(5)])[0]).toBeLessThan(0.1);
    expect(d1.score([Float64Array.of(12)])[0]).toBeGreaterThan(3);
  });

  it('rejects rows of the wrong width and non-finite training data', () => {
    expect(() => detector.score([Float64Array.of(1, 2)])).toThrow(/expected 6 columns/);
    expect(() => new PcaDetector().fit([Float64Array.of(1, Number.NaN), Float64Array.of(2, 3)])).toThrow(/finite/);
    expect(() => new PcaDetector().explain(Float64Array.of(1))).toThrow();
  });
});

describe('control limits and calibration', () => {
  it('SPE limit (Jackson & Mudholkar) matches χ² when the residual eigenvalues are equal', () => {
    // m equal eigenvalues of 1: Q ~ χ²_m exactly.
    expect(speLimit([1, 1, 1, 1]) / 13.2767).toBeCloseTo(1, 1);
    expect(t2Limit(2)).toBeCloseTo(9.21, 1);
    // Very uneven eigenvalues fall back to Box's approximation and stay finite and above θ₁.
    const uneven = [1, ...Array(100).fill(0.1)];
    expect(Number.isFinite(speLimit(uneven))).toBe(true);
    expect(speLimit(uneven)).toBeGreaterThan(11);
  });

  it('calibrates the threshold as a quantile with a margin', () => {
    const scores = Array.from({ length: 1001 }, (_, i) => i / 1000);
    const c = calibrateThreshold(scores, { falseAlarmRate: 0.01, margin: 1.2 });
    expect(c.threshold).toBeCloseTo(0.99 * 1.2, 9);
    expect(c.normalScore).toBeCloseTo(0.5 / c.threshold, 9);
    expect(() => calibrateThreshold([], {})).toThrow();
    expect(() => calibrateThreshold([1], { falseAlarmRate: 2 })).toThrow();
  });
});
