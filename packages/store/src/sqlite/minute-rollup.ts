/**
 * Per-minute rollups of one sealed chunk: for every minute that has readings, its count, min, max and sum.
 * Charts over days read these instead of raw readings (30 days = 43,200 minutes instead of 2.6 M readings).
 * When the chunk's values are decimal (ALP exponent e, see chunk-codec) min, max and sum are written as exact
 * integers in units of 10^-e (zigzag varints, a few bytes per minute); otherwise as float64.
 * The blob is stored uncompressed so a chart query decodes it without an inflate call per chunk.
 */
import { POW10 } from './chunk-codec';
import { ByteReader, ByteWriter } from './varint';

export const MINUTE_MS = 60_000;
const FLOAT_MODE = 255;
/** Sums of integers stay exact doubles below 2^53; stay one bit under for the zigzag form. */
const MAX_EXACT_SUM = 2 ** 52;

export interface ChunkRollup {
  blob: Buffer;
  count: number;
  min: number;
  max: number;
  sum: number;
}

/** Receives rollup entries (minute or chunk level) while decoding. */
export interface RollupSink {
  add(ts: number, count: number, min: number, max: number, sum: number): void;
}

const writer = new ByteWriter(1 << 12);

export function encodeMinuteRollup(
  ts: Float64Array,
  values: Float64Array,
  n: number,
  windowStart: number,
  exponent: number,
): ChunkRollup {
  let maxAbs = 0;
  for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(values[i]!));
  const p = exponent >= 0 ? POW10[exponent]! : 1;
  const intMode = exponent >= 0 && Math.round(maxAbs * p) * n < MAX_EXACT_SUM;
  const w = writer;
  w.reset(64 + n * 30);
  w.byte(intMode ? exponent : FLOAT_MODE);
  let minutes = 0;
  const countPos = w.pos;
  w.pos += 4; // minute count as a fixed 4-byte little-endian integer, patched at the end
  let total = 0;
  let tMin = Number.POSITIVE_INFINITY;
  let tMax = Number.NEGATIVE_INFINITY;
  let tSum = 0; // in integer units when intMode (exact), else float
  let prevMinute = -1;
  let i = 0;
  const f = new Float64Array(3);
  const fb = new Uint8Array(f.buffer);
  while (i < n) {
    const minute = Math.floor((ts[i]! - windowStart) / MINUTE_MS);
    const end = windowStart + (minute + 1) * MINUTE_MS;
    let count = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    for (; i < n && ts[i]! < end; i++) {
      const v = values[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += intMode ? Math.round(v * p) : v;
      count++;
    }
    w.uvarint(minute - prevMinute - 1);
    w.uvarint(count);
    if (intMode) {
      const lo = Math.round(min * p);
      w.svarint(lo);
      w.uvarint(Math.round(max * p) - lo);
      w.svarint(sum);
    } else {
      f[0] = min;
      f[1] = max;
      f[2] = sum;
      w.bytes(fb);
    }
    prevMinute = minute;
    minutes++;
    total += count;
    if (min < tMin) tMin = min;
    if (max > tMax) tMax = max;
    tSum += sum;
  }
  w.buf[countPos] = minutes & 0xff;
  w.buf[countPos + 1] = (minutes >>> 8) & 0xff;
  w.buf[countPos + 2] = (minutes >>> 16) & 0xff;
  w.buf[countPos + 3] = (minutes >>> 24) & 0xff;
  return { blob: Buffer.from(w.view()), count: total, min: tMin, max: tMax, sum: intMode ? tSum / p : tSum };
}

/** Calls sink.add once per minute present in the blob, in time order. */
export function decodeMinuteRollup(blob: Uint8Array, windowStart: number, sink: RollupSink): void {
  const r = new ByteReader(blob);
  const mode = r.byte();
  const minutes = blob[1]! | (blob[2]! << 8) | (blob[3]! << 16) | (blob[4]! << 24);
  r.pos = 5;
  let minute = -1;
  if (mode === FLOAT_MODE) {
    const f = new Float64Array(3);
    const fb = new Uint8Array(f.buffer);
    for (let k = 0; k < minutes; k++) {
      minute += r.uvarint() + 1;
      const count = r.uvarint();
      fb.set(blob.subarray(r.pos, r.pos + 24));
      r.pos += 24;
      sink.add(windowStart + minute * MINUTE_MS, count, f[0]!, f[1]!, f[2]!);
    }
    return;
  }
  const p = POW10[mode]!;
  for (let k = 0; k < minutes; k++) {
    minute += r.uvarint() + 1;
    const count = r.uvarint();
    const lo = r.svarint();
    const hi = lo + r.uvarint();
    const sum = r.svarint();
    sink.add(windowStart + minute * MINUTE_MS, count, lo / p, hi / p, sum / p);
  }
}
