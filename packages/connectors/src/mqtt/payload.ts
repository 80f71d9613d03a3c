import { GOOD, makeQuality, parseQuality, QualityReason } from '@prognos/core';

export type JsonPath = readonly (string | number)[];
export type TimestampUnit = 'auto' | 'ms' | 's' | 'us' | 'ns' | 'iso';

/** "data.values[0].v", "$.v", "[2]" → segments; "" or "$" → the root. Throws on malformed paths. */
export function compileJsonPath(path: string): JsonPath {
  let p = path.trim();
  if (p === '' || p === '$') return [];
  if (p.startsWith('$.')) p = p.slice(2);
  else if (p.startsWith('$[')) p = p.slice(1);
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*"|'[^']*')\]|(\.)/y;
  let expectSep = false;
  while (re.lastIndex < p.length) {
    const at = re.lastIndex;
    const m = re.exec(p);
    if (!m) throw new Error(`cannot read path "${path}" at character ${at + 1}`);
    if (m[4]) {
      if (!expectSep) throw new Error(`empty segment in path "${path}"`);
      expectSep = false;
      continue;
    }
    if (m[1] !== undefined) {
      if (expectSep) throw new Error(`missing "." in path "${path}"`);
      out.push(m[1]);
    } else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3]!.startsWith('"') ? (JSON.parse(m[3]!) as string) : m[3]!.slice(1, -1));
    expectSep = true;
  }
  if (!expectSep && out.length > 0) throw new Error(`path "${path}" ends with "."`);
  return out;
}

export function getPath(obj: unknown, path: JsonPath): unknown {
  let cur = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** A value from a payload as a number: numbers, numeric strings, booleans (1/0). */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Epoch milliseconds from a payload timestamp. `auto` guesses the unit of a number by its size (seconds until the
 * year 5138, then ms, µs, ns) and parses strings as numbers or ISO 8601 (an ISO time without offset is UTC).
 */
export function toEpochMs(v: unknown, unit: TimestampUnit = 'auto'): number | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    if (/^-?\d+(\.\d+)?$/.test(t)) return unit === 'iso' ? undefined : toEpochMs(Number(t), unit);
    if (unit !== 'auto' && unit !== 'iso') return undefined;
    const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(t) ? t : `${t}Z`;
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || unit === 'iso') return undefined;
  let u = unit;
  if (u === 'auto') {
    const a = Math.abs(v);
    u = a < 1e11 ? 's' : a < 1e14 ? 'ms' : a < 1e17 ? 'us' : 'ns';
  }
  switch (u) {
    case 's':
      return Math.round(v * 1000);
    case 'us':
      return Math.round(v / 1000);
    case 'ns':
      return Math.round(v / 1e6);
    default:
      return v;
  }
}

/**
 * The quality byte from a payload field: our own byte (0..255), "good"/"suspect"/"uncertain"/"bad", a boolean, or an
 * OPC UA StatusCode (> 255; severity in the top two bits, OPC UA Part 4 §7.39: 00 good, 01 uncertain, 1x bad).
 */
export function toQuality(v: unknown): number | undefined {
  if (v === undefined || v === null) return GOOD;
  if (typeof v === 'boolean') return v ? GOOD : makeQuality('bad', QualityReason.DEVICE_FAILURE);
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'uncertain') return makeQuality('suspect', QualityReason.SOURCE_UNCERTAIN);
    if (s === 'bad') return makeQuality('bad', QualityReason.DEVICE_FAILURE);
    if (s === 'suspect') return makeQuality('suspect', QualityReason.SOURCE_UNCERTAIN);
    return /^\d+$/.test(s) ? toQuality(Number(s)) : parseQuality(s);
  }
  if (typeof v === 'number' && Number.isInteger(v) && v > 255 && v <= 0xffffffff) {
    const severity = (v >>> 30) & 3;
    if (severity === 0) return GOOD;
    if (severity === 1) return makeQuality('suspect', QualityReason.SOURCE_UNCERTAIN);
    return makeQuality('bad', QualityReason.DEVICE_FAILURE);
  }
  return parseQuality(v);
}
