/**
 * Merging and deduplicating readings of one sensor. Readings are identified by (sensor, ts); when the same
 * timestamp appears more than once the last write wins (idempotent re-send, corrections).
 */
import type { Columns } from './chunk-codec';

export function emptyColumns(): Columns {
  return { ts: new Float64Array(0), values: new Float64Array(0), quality: new Uint8Array(0) };
}

function isStrictlyIncreasing(ts: Float64Array, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) if (!(ts[i]! > ts[i - 1]!)) return false;
  return true;
}

/**
 * Sorts [start, end) of the columns in place by time, keeping the last of equal timestamps (stable order =
 * write order). Returns the new end. Already sorted input (the usual case) costs one scan.
 */
export function sortDedupeInPlace(c: Columns, start: number, end: number): number {
  if (isStrictlyIncreasing(c.ts, start, end)) return end;
  const n = end - start;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = start + i;
  const ts = c.ts;
  // Array.prototype.sort is stable, so equal timestamps keep their write order.
  const order = Array.from(idx).sort((a, b) => ts[a]! - ts[b]! || a - b);
  const t = ts.slice(start, end);
  const v = c.values.slice(start, end);
  const q = c.quality.slice(start, end);
  let out = start;
  for (let k = 0; k < n; k++) {
    const j = order[k]! - start;
    if (k + 1 < n && t[order[k + 1]! - start] === t[j]) continue; // a later write of the same ts follows
    ts[out] = t[j]!;
    c.values[out] = v[j]!;
    c.quality[out] = q[j]!;
    out++;
  }
  return out;
}

/** Concatenates segments given in write order (oldest first) into sorted, deduplicated columns. */
export function mergeSegments(segments: readonly Columns[]): Columns {
  if (segments.length === 0) return emptyColumns();
  if (segments.length === 1) return segments[0]!;
  let n = 0;
  for (const s of segments) n += s.ts.length;
  const out: Columns = { ts: new Float64Array(n), values: new Float64Array(n), quality: new Uint8Array(n) };
  let pos = 0;
  for (const s of segments) {
    out.ts.set(s.ts, pos);
    out.values.set(s.values, pos);
    out.quality.set(s.quality, pos);
    pos += s.ts.length;
  }
  const end = sortDedupeInPlace(out, 0, n);
  if (end === n) return out;
  return { ts: out.ts.slice(0, end), values: out.values.slice(0, end), quality: out.quality.slice(0, end) };
}

/**
 * Concatenates consecutive parts (oldest first, `total` readings in all) into one set of columns, keeping only
 * the newest `limit` readings when a limit is given.
 */
export function concatLatest(parts: readonly Columns[], total: number, limit?: number): Columns {
  const skip = limit !== undefined && total > limit ? total - limit : 0;
  const n = total - skip;
  const out: Columns = { ts: new Float64Array(n), values: new Float64Array(n), quality: new Uint8Array(n) };
  let drop = skip;
  let p = 0;
  for (const c of parts) {
    const a = Math.min(drop, c.ts.length);
    drop -= a;
    out.ts.set(c.ts.subarray(a), p);
    out.values.set(c.values.subarray(a), p);
    out.quality.set(c.quality.subarray(a), p);
    p += c.ts.length - a;
  }
  return out;
}

/** The readings of c with from <= ts < to (c sorted). */
export function sliceRange(c: Columns, from: number, to: number): Columns {
  const a = lowerBound(c.ts, from);
  const b = lowerBound(c.ts, to);
  if (a === 0 && b === c.ts.length) return c;
  return { ts: c.ts.subarray(a, b), values: c.values.subarray(a, b), quality: c.quality.subarray(a, b) };
}

/** First index with ts[i] >= x. */
export function lowerBound(ts: Float64Array, x: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
