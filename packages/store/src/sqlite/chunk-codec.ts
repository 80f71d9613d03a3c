/**
 * Lossless codec for one sealed chunk of one sensor: sorted timestamps, float64 values and quality bytes.
 *
 * Why our own: no npm library does sensor-aware lossless float compression (general compressors see float64
 * noise; Gorilla/ALP implementations exist only in C++/Rust/Go databases). Layout before deflate:
 *   version, n, timestamp mode, value mode, timestamps, values, quality.
 * - timestamps: delta-of-delta zigzag varints (Gorilla, Pelkonen et al., VLDB 2015): a regular 1 Hz stream
 *   costs one zero byte per reading, which deflate then squeezes to almost nothing. Non-integer or huge
 *   timestamps fall back to raw float64.
 * - values: ALP's decimal idea (Afroozeh et al., SIGMOD 2023): PLC/ADC data is quantised to a decimal
 *   resolution, so find the smallest exponent e in 0..9 with v === round(v·10^e) / 10^e for every value and
 *   store the integers as zigzag varint deltas. Otherwise Gorilla's XOR with the previous value's bits,
 *   written byte-aligned (a control byte with trailing-zero bytes and length, then the meaningful bytes).
 * - quality: (value, run length) varint pairs; all-good chunks cost two bytes.
 * Then raw deflate (level 1: higher levels barely shrink varint streams but cost 2-3x the CPU).
 * Round trips are bit-exact (the decoder repeats the exact division the encoder verified; -0 takes the XOR path).
 * Float64 bits are read in platform byte order, which is little-endian on every Node target.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ByteReader, ByteWriter } from './varint';

const VERSION = 1;
const TS_DOD = 0;
const TS_RAW = 1;
const VALUES_XOR = 255;
const MAX_ALP_EXPONENT = 9;
/** Integers stay below 2^50 so deltas and their zigzag form stay exact doubles. */
const MAX_INT = 2 ** 50;
const MAX_TS = 2 ** 49;
export const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

export interface Columns {
  ts: Float64Array;
  values: Float64Array;
  quality: Uint8Array;
}

export interface EncodedChunk {
  data: Buffer;
  /** The ALP decimal exponent used for the values, or -1 when they took the XOR path. */
  exponent: number;
}

const writer = new ByteWriter();
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function exact(v: number, p: number): boolean {
  const x = Math.round(v * p);
  return x / p === v && x <= MAX_INT && x >= -MAX_INT && !(v === 0 && 1 / v < 0);
}

/** Smallest decimal exponent that represents every value exactly, or -1. */
export function findExponent(values: Float64Array, n: number): number {
  let e = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    while (!exact(v, POW10[e]!)) {
      if (++e > MAX_ALP_EXPONENT) return -1;
    }
  }
  // A later value may have raised e; confirm the earlier ones still hold at the final exponent.
  for (; e <= MAX_ALP_EXPONENT; e++) {
    const p = POW10[e]!;
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = exact(values[i]!, p);
    if (ok) return e;
  }
  return -1;
}

function timestampsAreIntegers(ts: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (!Number.isInteger(t) || t > MAX_TS || t < -MAX_TS) return false;
  }
  return true;
}

function writeTimestamps(w: ByteWriter, ts: Float64Array, n: number): void {
  if (!timestampsAreIntegers(ts, n)) {
    w.byte(TS_RAW);
    w.bytes(new Uint8Array(ts.buffer, ts.byteOffset, n * 8));
    return;
  }
  w.byte(TS_DOD);
  if (n === 0) return;
  w.svarint(ts[0]!);
  let prevTs = ts[0]!;
  let prevDelta = 0;
  for (let i = 1; i < n; i++) {
    const t = ts[i]!;
    const d = t - prevTs;
    const dod = d - prevDelta;
    if (dod === 0) w.buf[w.pos++] = 0;
    else w.svarint(dod);
    prevTs = t;
    prevDelta = d;
  }
}

function writeXorValues(w: ByteWriter, values: Float64Array, n: number): void {
  let pl = 0;
  let ph = 0;
  const buf = w.buf;
  let p = w.pos;
  for (let i = 0; i < n; i++) {
    f64[0] = values[i]!;
    const lo = u32[0]!;
    const hi = u32[1]!;
    const xl = (lo ^ pl) >>> 0;
    const xh = (hi ^ ph) >>> 0;
    pl = lo;
    ph = hi;
    if (xl === 0 && xh === 0) {
      buf[p++] = 0;
      continue;
    }
    const tzBits = xl !== 0 ? 31 - Math.clz32(xl & -xl) : 32 + 31 - Math.clz32(xh & -xh);
    const lzBits = xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl);
    const tz = tzBits >> 3;
    const len = 8 - tz - (lzBits >> 3);
    buf[p++] = (tz << 4) | len;
    for (let k = tz; k < tz + len; k++) buf[p++] = k < 4 ? (xl >>> (8 * k)) & 0xff : (xh >>> (8 * (k - 4))) & 0xff;
  }
  w.pos = p;
}

function writeQuality(w: ByteWriter, q: Uint8Array, n: number): void {
  let i = 0;
  while (i < n) {
    const v = q[i]!;
    let j = i + 1;
    while (j < n && q[j] === v) j++;
    w.uvarint(v);
    w.uvarint(j - i);
    i = j;
  }
}

/** Encodes n sorted, deduplicated readings. The returned buffer is fresh (safe to keep). */
export function encodeChunk(c: Columns, n: number, level = 1): EncodedChunk {
  const w = writer;
  // Worst case: 10 bytes per timestamp varint, 9 per XOR value, 6 per quality run, plus the header.
  w.reset(n * 26 + 32);
  w.byte(VERSION);
  w.uvarint(n);
  writeTimestamps(w, c.ts, n);
  const exponent = findExponent(c.values, n);
  if (exponent >= 0) {
    w.byte(exponent);
    const p = POW10[exponent]!;
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const x = Math.round(c.values[i]! * p);
      w.svarint(x - prev);
      prev = x;
    }
  } else {
    w.byte(VALUES_XOR);
    writeXorValues(w, c.values, n);
  }
  writeQuality(w, c.quality, n);
  return { data: deflateRawSync(w.view(), { level }), exponent };
}

/** Decodes a chunk written by encodeChunk into fresh arrays. */
export function decodeChunk(data: Uint8Array): Columns {
  const r = new ByteReader(inflateRawSync(data));
  const version = r.byte();
  if (version !== VERSION) throw new Error(`unknown chunk version ${version}`);
  const n = r.uvarint();
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  const quality = new Uint8Array(n);
  const tsMode = r.byte();
  if (tsMode === TS_RAW) {
    new Uint8Array(ts.buffer).set(r.buf.subarray(r.pos, r.pos + n * 8));
    r.pos += n * 8;
  } else if (n > 0) {
    let t = r.svarint();
    let d = 0;
    ts[0] = t;
    for (let i = 1; i < n; i++) {
      d += r.svarint();
      t += d;
      ts[i] = t;
    }
  }
  const mode = r.byte();
  if (mode === VALUES_XOR) readXorValues(r, values, n);
  else {
    const p = POW10[mode]!;
    let x = 0;
    for (let i = 0; i < n; i++) {
      x += r.svarint();
      values[i] = x / p;
    }
  }
  let i = 0;
  while (i < n) {
    const v = r.uvarint();
    const run = r.uvarint();
    quality.fill(v, i, i + run);
    i += run;
  }
  return { ts, values, quality };
}

function readXorValues(r: ByteReader, values: Float64Array, n: number): void {
  const buf = r.buf;
  let p = r.pos;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const ctrl = buf[p++]!;
    if (ctrl !== 0) {
      const tz = ctrl >> 4;
      const end = tz + (ctrl & 15);
      let xl = 0;
      let xh = 0;
      for (let k = tz; k < end; k++) {
        const b = buf[p++]!;
        if (k < 4) xl |= b << (8 * k);
        else xh |= b << (8 * (k - 4));
      }
      lo = (lo ^ xl) >>> 0;
      hi = (hi ^ xh) >>> 0;
    }
    u32[0] = lo;
    u32[1] = hi;
    values[i] = f64[0]!;
  }
  r.pos = p;
}
