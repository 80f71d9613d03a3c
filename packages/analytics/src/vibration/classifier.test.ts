import { describe, expect, it } from 'vitest';
import { bearingFrequencies, SKF_6205 } from './bearing-frequencies';
import { BearingFaultClassifier, type LabelledFeatures } from './classifier';
import { BEARING_FEATURE_NAMES, bearingFeatures } from './features';
import type { BearingCondition } from './recording';

function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

const fs = 12000;
const n = 8192;
const f = bearingFrequencies({ ...SKF_6205, shaftHz: 29.95 });

/**
 * A synthetic record: impacts at the defect's rate (1 % jitter) ringing a 3 kHz resonance, plus noise. An inner-race
 * defect is also modulated once per shaft turn; a ball defect strikes at 2 × BSF. `size` scales the impacts.
 */
function record(condition: BearingCondition, size: number, seed: number): Float64Array {
  const r = rng(seed);
  const x = Float64Array.from({ length: n }, () => 0.5 * r());
  const rate = { normal: 0, 'outer-race': f.bpfo, 'inner-race': f.bpfi, ball: 2 * f.bsf }[condition];
  if (rate === 0) return x;
  for (let t0 = r() / rate; t0 < n / fs; t0 += (1 + 0.02 * r()) / rate) {
    const a = size * (condition === 'inner-race' ? 1 + 0.8 * Math.cos(2 * Math.PI * f.shaftHz * t0) : 1);
    for (let i = Math.ceil(t0 * fs); i < Math.min(n, (t0 + 0.01) * fs); i++) {
      const t = i / fs - t0;
      x[i] += a * Math.exp(-2 * Math.PI * 250 * t) * Math.sin(2 * Math.PI * 3000 * t);
    }
  }
  return x;
}

const CONDITIONS: BearingCondition[] = ['normal', 'ball', 'inner-race', 'outer-race'];
const examples = (size: number, seed: number): LabelledFeatures[] =>
  CONDITIONS.flatMap((condition, c) =>
    [0, 1, 2].map((k) => ({ condition, features: bearingFeatures(record(condition, size, seed + 10 * c + k), fs, f) })),
  );

describe('BearingFaultClassifier', () => {
  const model = BearingFaultClassifier.fit(examples(0.6, 1));

  it('recognises every condition at a fault size twice the trained one, naming the line', () => {
    for (const { condition, features } of examples(1.2, 100)) {
      const d = model.classify(features);
      expect(d.condition).toBe(condition);
      if (condition === 'inner-race') expect(d.reason).toMatch(/= BPFI .*inner-race defect/);
      if (condition === 'outer-race') expect(d.reason).toMatch(/= BPFO .*outer-race defect/);
      if (condition === 'normal') expect(d.reason).toMatch(/no bearing defect/);
    }
  });

  it('keeps one centroid per trained class and round-trips through its model', () => {
    expect(Object.keys(model.model.centroids).sort()).toEqual([...CONDITIONS].sort());
    expect(model.model.featureNames).toEqual([...BEARING_FEATURE_NAMES]);
    const copy = BearingFaultClassifier.fromModel(JSON.parse(JSON.stringify(model.model)));
    const probe = examples(1, 500)[7]!.features;
    expect(copy.classify(probe)).toEqual(model.classify(probe));
  });

  it('refuses to fit nothing', () => {
    expect(() => BearingFaultClassifier.fit([])).toThrow('no training windows');
  });
});
