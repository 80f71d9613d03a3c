import { Rng } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { findExponent } from './chunk-codec';
import { decodeMinuteRollup, encodeMinuteRollup, MINUTE_MS } from './minute-rollup';

interface Entry {
  ts: number;
  count: number;
  min: number;
  max: number;
  sum: number;
}

function brute(ts: Float64Array, values: Float64Array): Entry[] {
  const m = new Map<number, Entry>();
  ts.forEach((t, i) => {
    const k = Math.floor(t / MINUTE_MS) * MINUTE_MS;
    const e = m.get(k) ?? { ts: k, count: 0, min: Infinity, max: -Infinity, sum: 0 };
    e.count++;
    e.min = Math.min(e.min, values[i]!);
    e.max = Math.max(e.max, values[i]!);
    e.sum += values[i]!;
    m.set(k, e);
  });
  return [...m.values()];
}

describe('minute rollups', () => {
  for (const [name, gen] of [
    ['decimal', (r: Rng) => Math.round(r.normal() * 1000) / 100],
    ['float', (r: Rng) => r.normal() * Math.E],
  ] as const) {
    it(`match a brute-force per-minute computation (${name} values, gaps included)`, () => {
      const rng = new Rng(name);
      const windowStart = Date.UTC(2024, 0, 1, 5);
      const ts: number[] = [];
      for (let t = windowStart; t < windowStart + 3_600_000; t += 1000 + Math.floor(rng.next() * 4000)) {
        if (Math.floor((t - windowStart) / MINUTE_MS) % 7 !== 3) ts.push(t); // every 7th minute is empty
      }
      const tsa = Float64Array.from(ts);
      const values = Float64Array.from(ts, () => gen(rng));
      const e = findExponent(values, values.length);
      expect(e >= 0).toBe(name === 'decimal');
      const r = encodeMinuteRollup(tsa, values, tsa.length, windowStart, e);
      const got: Entry[] = [];
      decodeMinuteRollup(r.blob, windowStart, {
        add: (t, count, min, max, sum) => got.push({ ts: t, count, min, max, sum }),
      });
      const want = brute(tsa, values);
      expect(got.map(({ sum: _s, ...x }) => x)).toEqual(want.map(({ sum: _s, ...x }) => x));
      got.forEach((g, i) => {
        expect(g.sum).toBeCloseTo(want[i]!.sum, 9);
      });
      expect(r.count).toBe(ts.length);
      expect(r.min).toBe(Math.min(...values));
      expect(r.max).toBe(Math.max(...values));
      expect(r.sum).toBeCloseTo(
        values.reduce((a, b) => a + b, 0),
        8,
      );
      if (name === 'decimal') expect(r.blob.length / got.length).toBeLessThan(12);
    });
  }
});
