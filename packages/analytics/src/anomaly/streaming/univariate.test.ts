import { describe, expect, it } from 'vitest';
import { type UnivariateDetectorOptions, UnivariateStreamingDetector } from './univariate';

/** Seeded normal noise (LCG + Box–Muller), so the tests are deterministic. */
function noise(seed: number): () => number {
  let s = seed;
  const u = () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

const STEP = 300_000; // 5-minute rows, 288 a day
const OPTS: UnivariateDetectorOptions = { likelihood: { learningPeriod: 150, estimationSamples: 150 } };

function run(values: number[], opts: UnivariateDetectorOptions = OPTS, ts = (i: number) => i * STEP): number[] {
  const d = new UnivariateStreamingDetector(opts);
  return values.map((v, i) => d.update(v, ts(i)));
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

describe('UnivariateStreamingDetector', () => {
  it('scores steady noise low', () => {
    const g = noise(1);
    const scores = run(Array.from({ length: 2000 }, () => 10 + g()));
    const after = scores.slice(400);
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(quantile(after, 0.95)).toBeLessThan(0.3);
    expect(after.reduce((a, b) => a + b, 0) / after.length).toBeLessThan(0.1);
  });

  it('scores a spike inside the seen range high (daily pattern, likelihood path)', () => {
    const g = noise(2);
    const values = Array.from({ length: 2000 }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + 0.5 * g());
    const at = 1512; // near a trough (≈ 40): +8 stays well inside the seen range [≈ 39, ≈ 61]
    values[at]! += 8;
    const scores = run(values);
    const peak = Math.max(...scores.slice(at, at + 10));
    expect(peak).toBeGreaterThan(0.5);
    expect(peak).toBeGreaterThan(Math.max(...scores.slice(700, at)));
  });

  it('scores a level shift high, with and without the spatial rule', () => {
    const g = noise(3);
    const values = Array.from({ length: 2000 }, (_, i) => 10 + g() + (i >= 1300 ? 6 : 0));
    const spatial = run(values);
    expect(Math.max(...spatial.slice(1300, 1320))).toBe(1);
    const likelihoodOnly = run(values, { ...OPTS, spatialTolerance: null });
    const peak = Math.max(...likelihoodOnly.slice(1300, 1330));
    expect(peak).toBeGreaterThan(0.5);
    expect(peak).toBeGreaterThan(Math.max(...likelihoodOnly.slice(600, 1300)));
  });

  it('ignores NaN and ±Infinity (score 0, nothing learned)', () => {
    const d = new UnivariateStreamingDetector(OPTS);
    const g = noise(4);
    for (let i = 0; i < 500; i++) d.update(5 + g(), i * STEP);
    const n = d.count;
    expect(d.update(Number.NaN, 500 * STEP)).toBe(0);
    expect(d.scoreOne(Number.POSITIVE_INFINITY)).toBe(0);
    d.learnOne(Number.NEGATIVE_INFINITY);
    expect(d.count).toBe(n);
    const s = d.update(5 + g(), 501 * STEP);
    expect(Number.isFinite(s) && s >= 0 && s <= 1).toBe(true);
  });

  it('handles an empty detector, a single point and no timestamps', () => {
    const d = new UnivariateStreamingDetector();
    const first = d.scoreOne(3);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThanOrEqual(1);
    expect(d.update(3)).toBeCloseTo(first, 12);
    expect(d.count).toBe(1);
    const restored = UnivariateStreamingDetector.fromJSON(
      JSON.parse(JSON.stringify(new UnivariateStreamingDetector().toJSON())),
    );
    expect(restored.count).toBe(0);
    expect(restored.scoreOne(1)).toBeCloseTo(new UnivariateStreamingDetector().scoreOne(1), 12);
  });

  it('scoreOne changes nothing; update = scoreOne then learnOne', () => {
    const g = noise(5);
    const a = new UnivariateStreamingDetector(OPTS);
    const b = new UnivariateStreamingDetector(OPTS);
    for (let i = 0; i < 800; i++) {
      const x = 20 + g() + (i === 700 ? 9 : 0);
      const s1 = b.scoreOne(x, i * STEP);
      expect(b.scoreOne(x, i * STEP)).toBe(s1);
      b.learnOne(x, i * STEP);
      expect(a.update(x, i * STEP)).toBe(s1);
    }
  });

  it('round-trips its state through JSON mid-stream', () => {
    const g = noise(6);
    const values = Array.from({ length: 1200 }, (_, i) => 30 + 5 * Math.sin((2 * Math.PI * i) / 288) + g());
    const a = new UnivariateStreamingDetector(OPTS);
    for (let i = 0; i < 900; i++) a.update(values[i]!, i * STEP);
    const b = UnivariateStreamingDetector.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    for (let i = 900; i < 1200; i++) expect(b.update(values[i]!, i * STEP)).toBe(a.update(values[i]!, i * STEP));
    expect(() => UnivariateStreamingDetector.fromJSON({ ...a.toJSON(), kind: 'x' as never })).toThrow(TypeError);
  });

  it('copes with irregular timestamps and gaps', () => {
    const g = noise(7);
    let t = 0;
    const ts: number[] = [];
    for (let i = 0; i < 2000; i++) {
      t += STEP * (0.5 + Math.abs(g()) * 0.5) + (i % 400 === 399 ? 6 * 3_600_000 : 0);
      ts.push(Math.round(t));
    }
    const values = Array.from({ length: 2000 }, () => 10 + g());
    values[1600]! += 7;
    const scores = run(values, { ...OPTS, spatialTolerance: null }, (i) => ts[i]!);
    expect(scores.every((s) => Number.isFinite(s) && s >= 0 && s <= 1)).toBe(true);
    const peak = Math.max(...scores.slice(1600, 1610));
    expect(peak).toBeGreaterThan(0.5);
    expect(peak).toBeGreaterThan(quantile(scores.slice(500, 1600), 0.99));
  });
});
