import { describe, expect, it } from 'vitest';
import { ERRORS, itemError, PrognosError } from './errors';
import { validateReadings } from './ingest';
import { GOOD, isGood, makeQuality, parseQuality, qualityReason, qualityReasonName, qualityState } from './quality';
import { Rng } from './random';
import { convert, convertDelta, formatValue, isUnit, UNITS } from './units';

describe('units', () => {
  it('converts temperature with offsets and deltas without', () => {
    expect(convert(100, 'degC', 'degF')).toBeCloseTo(212, 10);
    expect(convert(32, 'degF', 'degC')).toBeCloseTo(0, 10);
    expect(convert(0, 'degC', 'K')).toBeCloseTo(273.15, 10);
    expect(convertDelta(5, 'degC', 'degF')).toBeCloseTo(9, 10);
  });
  it('converts pressure and flow exactly', () => {
    expect(convert(1, 'bar', 'psi')).toBeCloseTo(14.5037738, 6);
    expect(convert(60, 'L/min', 'm3/h')).toBeCloseTo(3.6, 10);
    expect(convert(1, 'in/s', 'mm/s')).toBeCloseTo(25.4, 10);
  });
  it('refuses unknown units and mismatched quantities', () => {
    expect(isUnit('degc')).toBe(false);
    expect(isUnit('toString')).toBe(false);
    expect(() => convert(1, 'bar', 'degC')).toThrow(/cannot convert pressure/);
    expect(() => convert(1, 'furlong', 'mm')).toThrow(/unknown unit furlong/);
  });
  it('every unit round-trips through its base', () => {
    for (const [sym, def] of Object.entries(UNITS)) {
      const base =
        Object.values(UNITS).find((u) => u.quantity === def.quantity && u.factor === 1 && u.offset === 0) ?? def;
      expect(convert(convert(12.5, sym, base.symbol), base.symbol, sym)).toBeCloseTo(12.5, 9);
    }
  });
  it('formats values with their unit label', () => {
    expect(formatValue(78.234, 'degC')).toBe('78.2 °C');
    expect(formatValue(2.1, 'mm/s')).toBe('2.10 mm/s');
    expect(formatValue(12, 'm3/h', 0)).toBe('12 m³/h');
  });
});

describe('quality byte', () => {
  it('packs state and reason', () => {
    const q = makeQuality('bad', 3);
    expect(qualityState(q)).toBe('bad');
    expect(qualityReason(q)).toBe(3);
    expect(qualityReasonName(q)).toBe('FLATLINE');
    expect(isGood(GOOD)).toBe(true);
    expect(isGood(makeQuality('suspect'))).toBe(false);
    expect(parseQuality('suspect')).toBe(64);
    expect(parseQuality(undefined)).toBe(GOOD);
    expect(parseQuality('great')).toBeUndefined();
    expect(parseQuality(256)).toBeUndefined();
  });
});

describe('error catalog', () => {
  it('fills messages and carries status and code', () => {
    const e = new PrognosError('INGEST_UNKNOWN_SENSOR', ['X.Y']);
    expect(e.status).toBe(422);
    expect(e.toJSON()).toEqual({ code: 'INGEST_UNKNOWN_SENSOR', message: expect.stringContaining('"X.Y"') });
    expect(itemError(3, 'INGEST_VALUE_NOT_NUMBER', '"a"')).toMatchObject({ index: 3, code: 'INGEST_VALUE_NOT_NUMBER' });
  });
  it('every code has a status and a message', () => {
    for (const [code, def] of Object.entries(ERRORS)) {
      expect(def.status, code).toBeGreaterThanOrEqual(400);
      expect(def.message.length, code).toBeGreaterThan(10);
    }
  });
});

describe('validateReadings', () => {
  const now = Date.UTC(2026, 0, 1);
  const opts = { knownSensor: (s: string) => s === 'A', now };
  it('keeps the good items and codes each bad one', () => {
    const r = validateReadings(
      [
        { sensor: 'A', ts: now - 1000, value: 1 },
        { sensor: 'B', ts: now, value: 1 },
        { sensor: 'A', ts: now, value: Number.NaN },
        { sensor: 'A', ts: now + 3600_000, value: 1 },
        { sensor: 'A', ts: '2025-12-31T23:00:00Z', value: 2, quality: 'bad' },
        { sensor: 'A', ts: 5, value: 1 },
        { sensor: 'A', ts: now, value: 1, quality: 'meh' },
        'x',
      ],
      opts,
    );
    expect(r.readings).toEqual([
      { sensor: 'A', ts: now - 1000, value: 1, quality: 0 },
      { sensor: 'A', ts: Date.UTC(2025, 11, 31, 23), value: 2, quality: 128 },
    ]);
    expect(r.errors.map((e) => e.code)).toEqual([
      'INGEST_UNKNOWN_SENSOR',
      'INGEST_VALUE_NOT_NUMBER',
      'INGEST_TS_IN_FUTURE',
      'INGEST_TS_TOO_OLD',
      'INGEST_QUALITY_INVALID',
      'INGEST_NOT_AN_OBJECT',
    ]);
  });
});

describe('Rng', () => {
  it('is deterministic per seed and roughly standard normal', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(xs).not.toEqual(Array.from({ length: 5 }, () => c.next()));
    const r = new Rng('n');
    let s = 0;
    let s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const v = r.normal();
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.05);
  });
});
