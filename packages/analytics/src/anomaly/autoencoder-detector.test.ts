import { Rng } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { columnStats, covarianceOfCentred, standardise, symmetricEigen } from '../linalg/matrix';
import { correlatedRows, SCALES } from '../testing/synthetic';
import { AutoencoderDetector, type AutoencoderDetectorState } from './autoencoder-detector';
import { DEFAULT_FALSE_ALARM_RATE } from './thresholds';

const rng = new Rng('autoencoder');
const train = correlatedRows(rng, 2000).rows;
const detector = new AutoencoderDetector().fit(train);

function topColumn(shares: { share: number }[]): number {
  return shares.reduce((best, c, i) => (c.share > shares[best].share ? i : best), 0);
}

/** Rows on a curve: y = x², z = sin x (plus a little noise), x uniform on [−2, 2]. */
function curveRows(r: Rng, n: number): Float64Array[] {
  return Array.from({ length: n }, () => {
    const x = r.range(-2, 2);
    return Float64Array.of(
      5 + x + 0.03 * r.normal(),
      20 + 3 * (x * x + 0.03 * r.normal()),
      Math.sin(x) + 0.03 * r.normal(),
    );
  });
}

/** Rows of n × p from a few latent factors, as a plant's sensors that follow load and temperature. */
function plantRows(r: Rng, n: number, p: number): Float64Array[] {
  return Array.from({ length: n }, () => {
    const load = r.range(0, 1);
    const temp = r.normal();
    return Float64Array.from({ length: p }, (_, j) => {
      const f = j % 3 === 0 ? load : j % 3 === 1 ? load * load + 0.3 * temp : Math.tanh(temp + load);
      return 10 * (j + 1) + (j + 1) * (f + 0.05 * r.normal());
    });
  });
}

describe('AutoencoderDetector', () => {
  it('learns a curved relation (y = x², z = sin x) that a linear model of the same size cannot', () => {
    const r = new Rng('curve');
    const fit = curveRows(r, 600);
    const fresh = curveRows(r, 1000);
    const ae = new AutoencoderDetector({ bottleneck: 1 }).fit(fit);
    expect(ae.bottleneck).toBe(1);
    // Linear model with the same 1-dimensional code: the first principal component of the standardised rows.
    const { mean, std } = columnStats(fit);
    const v = symmetricEigen(covarianceOfCentred(fit.map((x) => standardise(x, mean, std)))).vectors[0];
    let aeErr = 0;
    let linErr = 0;
    for (const x of fresh) {
      const z = standardise(x, mean, std);
      const t = z.reduce((s, zj, j) => s + zj * v[j], 0);
      const ex = ae.explain(x);
      for (let j = 0; j < 3; j++) {
        linErr += (z[j] - t * v[j]) ** 2;
        aeErr += ((x[j] - ex.columns[j].expected) / std[j]) ** 2;
      }
    }
    aeErr /= fresh.length * 3;
    linErr /= fresh.length * 3;
    // x² is uncorrelated with x on a symmetric range, so one linear component leaves it unexplained.
    expect(linErr).toBeGreaterThan(0.2);
    expect(aeErr).toBeLessThan(0.1 * linErr);
    expect(aeErr).toBeLessThan(0.02);
    // Fresh healthy rows score as the training rows did.
    const scores = ae.score(fresh);
    expect(scores.filter((s) => s > 1).length / scores.length).toBeLessThan(0.03);
  });

  it('false-alarm rate on fresh healthy data is near the budget', () => {
    const scores = detector.score(correlatedRows(rng, 20_000).rows);
    const rate = scores.filter((s) => s > 1).length / scores.length;
    expect(rate).toBeGreaterThan(DEFAULT_FALSE_ALARM_RATE / 5);
    expect(rate).toBeLessThan(DEFAULT_FALSE_ALARM_RATE * 2);
    expect(detector.training.bestEpoch).toBeGreaterThan(0);
    expect(detector.training.validationRows).toBe(400);
  });

  it('detects an offset on one sensor, names it, and explains it in engineering units', () => {
    for (let j = 0; j < 6; j++) {
      const rows = correlatedRows(rng, 100).rows;
      let detected = 0;
      let top = 0;
      let outside = 0;
      let drag = 0;
      for (const r of rows) {
        const x = Float64Array.from(r);
        x[j] += 2 * SCALES[j]; // 8× the sensor's own noise (0.25·scale)
        const ex = detector.explain(x);
        if (ex.score > 1) detected++;
        if (topColumn(ex.columns) === j) top++;
        const c = ex.columns[j];
        // The faulty reading leaves its normal band; the reconstruction sees the faulty reading too, so it is
        // dragged part of the way towards it (how far: `drag`, as a share of the offset).
        if (c.value < c.low || c.value > c.high) outside++;
        drag += (c.expected - r[j]) / (2 * SCALES[j]);
        expect(ex.columns.reduce((s, col) => s + col.share, 0)).toBeCloseTo(1, 12);
        expect(c.value).toBe(x[j]);
        expect(c.low).toBeLessThan(c.expected);
        expect(c.high).toBeGreaterThan(c.expected);
        expect(c.high - c.low).toBeLessThan(2 * SCALES[j]);
      }
      expect(detected / rows.length).toBeGreaterThan(0.9);
      expect(top / rows.length).toBeGreaterThan(0.9);
      expect(outside / rows.length).toBeGreaterThan(0.9);
      expect(drag / rows.length).toBeLessThan(0.5);
    }
  });

  it('round-trips through toJSON / fromJSON (object and string) with identical scores', () => {
    const rows = correlatedRows(rng, 50).rows;
    const text = JSON.stringify(detector);
    const a = AutoencoderDetector.fromJSON(text);
    const b = AutoencoderDetector.fromJSON(JSON.parse(text) as AutoencoderDetectorState);
    expect(a.score(rows)).toEqual(detector.score(rows));
    expect(b.score(rows)).toEqual(detector.score(rows));
    expect(a.explain(rows[0])).toEqual(detector.explain(rows[0]));
    expect(a.calibration).toEqual(detector.calibration);
    expect(a.training).toEqual(detector.training);
    expect(JSON.stringify(a)).toBe(text);
    const state = JSON.parse(text) as AutoencoderDetectorState;
    expect(state.kind).toBe('autoencoder');
    expect(state.version).toBe(1);
    expect(() => AutoencoderDetector.fromJSON('{"kind":"pca","version":1}')).toThrow(/not a serialized autoencoder/);
    state.layers[1].weights.pop();
    expect(() => AutoencoderDetector.fromJSON(state)).toThrow(/inconsistent/);
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const rows = plantRows(new Rng('det'), 300, 5);
    const opts = { maxEpochs: 15, seed: 42 };
    const a = new AutoencoderDetector(opts).fit(rows);
    const b = new AutoencoderDetector(opts).fit(rows);
    const c = new AutoencoderDetector({ ...opts, seed: 43 }).fit(rows);
    expect(b.score(rows)).toEqual(a.score(rows));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(c.score(rows)).not.toEqual(a.score(rows));
  });

  it('rejects bad input with RangeError', () => {
    const ok = Float64Array.of(1, 2, 3);
    expect(() => new AutoencoderDetector().fit([ok])).toThrow(RangeError);
    expect(() => new AutoencoderDetector().fit([])).toThrow(RangeError);
    expect(() => new AutoencoderDetector().fit([ok, Float64Array.of(1, 2)])).toThrow(/3 columns/);
    expect(() => new AutoencoderDetector().fit([ok, Float64Array.of(1, Number.NaN, 3)])).toThrow(RangeError);
    expect(() => new AutoencoderDetector().fit([ok, Float64Array.of(1, Number.POSITIVE_INFINITY, 3)])).toThrow(
      /finite/,
    );
    expect(() => new AutoencoderDetector().fit([new Float64Array(0), new Float64Array(0)])).toThrow(RangeError);
    expect(() => new AutoencoderDetector({ hidden: 0 })).toThrow(RangeError);
    expect(() => new AutoencoderDetector({ learningRate: -1 })).toThrow(RangeError);
    expect(() => new AutoencoderDetector({ validationShare: 0.9 })).toThrow(RangeError);
    expect(() => new AutoencoderDetector({ batchSize: 2.5 })).toThrow(RangeError);
    expect(() => detector.score([Float64Array.of(1, 2)])).toThrow(/expected 6 columns/);
    expect(() => new AutoencoderDetector().explain(ok)).toThrow(RangeError);
    expect(() => new AutoencoderDetector().toJSON()).toThrow(/not fitted/);
  });

  it('scores a row with NaN as NaN without disturbing the rows after it', () => {
    const rows = correlatedRows(rng, 3).rows;
    const bad = Float64Array.from(rows[0]);
    bad[2] = Number.NaN;
    const scores = detector.score([rows[0], bad, rows[1], rows[2]]);
    expect(Number.isNaN(scores[1])).toBe(true);
    expect([scores[0], scores[2], scores[3]]).toEqual(detector.score([rows[0], rows[1], rows[2]]));
    expect(() => detector.explain(bad)).not.toThrow();
  });

  it('handles one and two columns (a one-column model reconstructs the mean)', () => {
    const r = new Rng(9);
    const one = Array.from({ length: 300 }, () => Float64Array.of(5 + r.normal()));
    const d1 = new AutoencoderDetector({ maxEpochs: 30 }).fit(one);
    expect(d1.bottleneck).toBe(0);
    expect(d1.score([Float64Array.of(5)])[0]).toBeLessThan(0.1);
    expect(d1.score([Float64Array.of(12)])[0]).toBeGreaterThan(3);
    const two = Array.from({ length: 300 }, () => {
      const a = r.normal();
      return Float64Array.of(a, a + 0.05 * r.normal());
    });
    const d2 = new AutoencoderDetector().fit(two);
    expect(d2.bottleneck).toBe(1);
    // Breaking the (near-perfect) correlation is a large anomaly.
    expect(d2.score([Float64Array.of(1, -1)])[0]).toBeGreaterThan(10);
    expect(d2.score([Float64Array.of(1, 1)])[0]).toBeLessThan(1);
  });

  it('fits 400 × 8 rows within a second, reporting progress, and scores a row in microseconds', () => {
    const rows = plantRows(new Rng('time'), 400, 8);
    const progress: [number, number, number][] = [];
    const t0 = performance.now();
    const d = new AutoencoderDetector({ onProgress: (e, m, loss) => progress.push([e, m, loss]) }).fit(rows);
    const fitMs = performance.now() - t0;
    expect(fitMs).toBeLessThan(1000);
    expect(d.hidden).toBe(16);
    expect(d.bottleneck).toBe(3);
    expect(progress.length).toBe(d.training.epochs);
    expect(progress.map((e) => e[0])).toEqual(progress.map((_, i) => i + 1));
    expect(progress.every(([, m, loss]) => m === d.training.maxEpochs && Number.isFinite(loss))).toBe(true);
    expect(Math.min(...progress.map((e) => e[2]))).toBe(d.training.validationLoss);
    const fresh = plantRows(new Rng('time-fresh'), 20_000, 8);
    const t1 = performance.now();
    let sum = 0;
    for (const x of fresh) sum += d.rawScore(x);
    const usPerRow = ((performance.now() - t1) * 1000) / fresh.length;
    expect(Number.isFinite(sum)).toBe(true);
    expect(usPerRow).toBeLessThan(20);
  });
});
