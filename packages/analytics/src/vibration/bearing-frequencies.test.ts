import { describe, expect, it } from 'vitest';
import { bearingFrequencies, SKF_6205 } from './bearing-frequencies';

describe('bearingFrequencies', () => {
  it('gives the CWRU Bearing Data Center figures for the SKF 6205 at 29.95 Hz', () => {
    const f = bearingFrequencies({ ...SKF_6205, shaftHz: 29.95 });
    expect(f.bpfo).toBeCloseTo(107.4, 1);
    expect(f.bpfi).toBeCloseTo(162.2, 1);
    expect(f.bsf).toBeCloseTo(70.6, 1);
    expect(f.ftf).toBeCloseTo(11.9, 1);
  });

  it('keeps the kinematic identities: BPFO + BPFI = balls × shaft, FTF = BPFO / balls', () => {
    const f = bearingFrequencies({ balls: 13, ballDiameter: 12, pitchDiameter: 70, contactAngleDeg: 15, shaftHz: 50 });
    expect(f.bpfo + f.bpfi).toBeCloseTo(13 * 50, 9);
    expect(f.ftf).toBeCloseTo(f.bpfo / 13, 9);
    // A contact angle shortens the effective ball-to-pitch ratio: BPFO rises toward balls·shaft/2.
    const flat = bearingFrequencies({
      balls: 13,
      ballDiameter: 12,
      pitchDiameter: 70,
      contactAngleDeg: 0,
      shaftHz: 50,
    });
    expect(f.bpfo).toBeGreaterThan(flat.bpfo);
  });

  it('rejects impossible geometry', () => {
    expect(() => bearingFrequencies({ ...SKF_6205, ballDiameter: 2, shaftHz: 30 })).toThrow(RangeError);
  });
});
