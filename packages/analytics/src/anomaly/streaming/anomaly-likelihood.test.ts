import { describe, expect, it } from 'vitest';
import { AnomalyLikelihood, erfc, logLikelihood, normalTail } from './anomaly-likelihood';

describe('likelihood helpers', () => {
  it('erfc matches tabulated values closely, tails included', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207, 7);
    expect(erfc(-1)).toBeCloseTo(1.842700793, 7);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 5);
    expect(normalTail(0, { mean: 0, stdev: 1 })).toBeCloseTo(0.5, 7);
    expect(normalTail(1.959964, { mean: 0, stdev: 1 })).toBeCloseTo(0.025, 6);
  });

  it('log-likelihood maps 0.5 → 0.03, 0.999 → 0.3, 0.99999 → 0.5', () => {
    expect(logLikelihood(0.5)).toBeCloseTo(0.0301, 4);
    expect(logLikelihood(0.999)).toBeCloseTo(0.3, 4);
    expect(logLikelihood(0.99999)).toBeCloseTo(0.5, 4);
    expect(logLikelihood(1)).toBeCloseTo(1, 6);
  });
});

describe('AnomalyLikelihood', () => {
  /** Deterministic small raw scores with a little variation. */
  const calm = (i: number) => 0.05 + 0.03 * Math.sin(i * 1.7);

  it('reports 0.5 during learning + estimation, then a low likelihood on calm scores', () => {
    const al = new AnomalyLikelihood({ learningPeriod: 20, estimationSamples: 30, reestimationPeriod: 10 });
    for (let i = 0; i < 50; i++) expect(al.update(calm(i), i)).toBe(0.5);
    const later: number[] = [];
    for (let i = 50; i < 300; i++) later.push(al.update(calm(i), i));
    expect(Math.max(...later)).toBeLessThan(0.99);
  });

  it('a sustained rise in raw scores becomes likely-anomalous; peek does not change state', () => {
    const al = new AnomalyLikelihood({ learningPeriod: 20, estimationSamples: 30, reestimationPeriod: 10 });
    for (let i = 0; i < 300; i++) al.update(calm(i), i);
    const before = JSON.stringify(al.toJSON());
    expect(al.peek(1)).toBe(al.peek(1));
    expect(JSON.stringify(al.toJSON())).toBe(before);
    const burst: number[] = [];
    for (let i = 0; i < 5; i++) burst.push(al.update(1, 300 + i));
    expect(Math.max(...burst)).toBeGreaterThan(0.99999);
    // Filter: a red value right after a red value is reported as yellow (0.999).
    expect(burst.filter((l) => l > 0.99999).length).toBe(1);
    expect(burst.some((l) => Math.abs(l - 0.999) < 1e-12)).toBe(true);
  });

  it('a flat metric gets the broad null distribution (no alarms)', () => {
    const al = new AnomalyLikelihood({ learningPeriod: 10, estimationSamples: 10, reestimationPeriod: 10 });
    for (let i = 0; i < 100; i++) al.update(calm(i), 5);
    expect(al.update(1, 5)).toBeLessThan(0.6);
  });

  it('round-trips through JSON', () => {
    const a = new AnomalyLikelihood({ learningPeriod: 10, estimationSamples: 10 });
    for (let i = 0; i < 60; i++) a.update(calm(i), i);
    const b = AnomalyLikelihood.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    for (let i = 60; i < 80; i++) expect(b.update(calm(i), i)).toBe(a.update(calm(i), i));
    expect(() => new AnomalyLikelihood({ estimationSamples: 10, historicWindowSize: 5 })).toThrow(RangeError);
  });
});
