import { Rng } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { type Columns, decodeChunk, encodeChunk, findExponent } from './chunk-codec';
import { ByteReader, ByteWriter } from './varint';

function bits(a: Float64Array | Uint8Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Byte comparison (vitest's deep equality is slow on large typed arrays); reports the first mismatch. */
function expectSameBytes(got: Float64Array | Uint8Array, want: Float64Array | Uint8Array): void {
  const g = bits(got);
  const w = bits(want);
  if (g.equals(w)) return;
  const i = g.findIndex((b, k) => b !== w[k]);
  throw new Error(`byte ${i} differs (lengths ${g.length} / ${w.length})`);
}

function roundTrip(c: Columns): number {
  const n = c.ts.length;
  const enc = encodeChunk(c, n);
  const dec = decodeChunk(enc.data);
  expectSameBytes(dec.ts, c.ts);
  expectSameBytes(dec.values, c.values);
  expectSameBytes(dec.quality, c.quality);
  return enc.data.length;
}

type Gen = (rng: Rng, i: number) => number;
const valueFamilies: Record<string, Gen> = {
  decimal2: (r) => Math.round((50 + 10 * r.normal()) * 100) / 100,
  decimal0: (r) => Math.round(r.range(-1e6, 1e6)),
  decimal6: (r) => Math.round(r.normal() * 1e6) / 1e6,
  constant: () => 21.5,
  floats: (r) => r.normal() * Math.PI,
  tiny: (r) => r.normal() * 1e-300,
  huge: (r) => r.normal() * 1e300,
  mixed: (r) => {
    const k = Math.floor(r.next() * 6);
    return [0, -0, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, r.normal()][k]!;
  },
};
const tsFamilies: Record<string, (r: Rng, n: number) => Float64Array> = {
  regular: (_r, n) => Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * 1000),
  jittered: (r, n) => {
    let t = 1.7e12;
    return Float64Array.from({ length: n }, () => (t += 900 + Math.floor(r.next() * 200)));
  },
  gaps: (r, n) => {
    let t = -5e11;
    return Float64Array.from({ length: n }, () => (t += r.next() < 0.01 ? 3.6e6 * 24 * 365 : 1));
  },
  fractional: (r, n) => {
    let t = 1.7e12;
    return Float64Array.from({ length: n }, () => (t += 0.001 + r.next() * 10));
  },
};

describe('chunk codec', () => {
  it('round-trips random chunks bit-exactly (seeded property test)', () => {
    const rng = new Rng('codec-property');
    for (let trial = 0; trial < 120; trial++) {
      const n = trial < 4 ? trial : Math.floor(rng.next() * 4000);
      const vf = Object.values(valueFamilies)[trial % Object.keys(valueFamilies).length]!;
      const tf = Object.values(tsFamilies)[Math.floor(trial / 8) % Object.keys(tsFamilies).length]!;
      const ts = tf(rng, n);
      const values = Float64Array.from({ length: n }, (_, i) => vf(rng, i));
      const quality = Uint8Array.from({ length: n }, () => (rng.next() < 0.95 ? 0 : Math.floor(rng.next() * 256)));
      roundTrip({ ts, values, quality });
    }
  });

  it('round-trips the codec edge values, keeping -0 apart from 0', () => {
    const values = Float64Array.from([
      0,
      -0,
      5e-324,
      -5e-324,
      1.7976931348623157e308,
      0.1 + 0.2,
      2 ** 53 - 1,
      1e-9,
      -1e9,
    ]);
    const ts = Float64Array.from(values, (_, i) => i);
    roundTrip({ ts, values, quality: new Uint8Array(values.length).fill(0xc5) });
    const onlyNegZero = new Float64Array([-0, 1.5, 2.25]);
    roundTrip({ ts: Float64Array.from([1, 2, 3]), values: onlyNegZero, quality: new Uint8Array(3) });
  });

  it('needs about a byte per reading for regular decimal 1 Hz data', () => {
    const rng = new Rng('size');
    const n = 3600;
    const ts = Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * 1000);
    const values = Float64Array.from(
      { length: n },
      (_, i) => Math.round((40 + 2 * Math.sin(i / 600) + 0.08 * rng.normal()) * 100) / 100,
    );
    const size = roundTrip({ ts, values, quality: new Uint8Array(n) });
    expect(size / n).toBeLessThan(1.5);
  });
});

describe('findExponent', () => {
  it('finds the smallest decimal exponent that represents every value exactly', () => {
    expect(findExponent(Float64Array.from([1, 2, 3]), 3)).toBe(0);
    expect(findExponent(Float64Array.from([1.5, 2.25, 3]), 3)).toBe(2);
    expect(findExponent(Float64Array.from([0.001, 12.3]), 2)).toBe(3);
    expect(findExponent(Float64Array.from([12.3, 0.000000001]), 2)).toBe(9);
  });
  it('rejects values that are not short decimals, -0 and values beyond 2^50', () => {
    expect(findExponent(Float64Array.from([0.1 + 0.2]), 1)).toBe(-1);
    expect(findExponent(Float64Array.from([Math.PI]), 1)).toBe(-1);
    expect(findExponent(Float64Array.from([1, -0]), 2)).toBe(-1);
    expect(findExponent(Float64Array.from([2 ** 51]), 1)).toBe(-1);
  });
});

describe('varints', () => {
  it('round-trip unsigned and zigzag values up to 2^53', () => {
    const rng = new Rng('varint');
    const u = [0, 1, 127, 128, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53];
    const s = [0, -1, 1, -64, 64, -(2 ** 31), 2 ** 31, -(2 ** 52), 2 ** 52 - 1];
    for (let i = 0; i < 500; i++) {
      u.push(Math.floor(rng.next() * 2 ** Math.floor(rng.next() * 53)));
      s.push(Math.round(rng.normal() * 2 ** Math.floor(rng.next() * 51)));
    }
    const w = new ByteWriter(4);
    for (const v of u) {
      w.ensure(10);
      w.uvarint(v);
    }
    for (const v of s) {
      w.ensure(10);
      w.svarint(v);
    }
    const r = new ByteReader(w.view());
    expect(u.map(() => r.uvarint())).toEqual(u);
    expect(s.map(() => r.svarint())).toEqual(s.map((v) => v + 0)); // svarint gives +0 for 0
    expect(r.pos).toBe(w.pos);
  });
});
