/**
 * Head blocks: the not-yet-sealed readings of one sensor and one time window from one append() call, stored
 * as a raw packed blob (n float64 timestamps, n float64 values, n quality bytes). Writing them costs a memcpy,
 * which keeps append() cheap and durable on return; compaction later turns them into compressed chunks.
 */
import type { Columns } from './chunk-codec';

let scratch = new Uint8Array(1 << 16);

/** Packs readings [start, end) of the columns into a blob view that is valid until the next call. */
export function packHead(c: Columns, start: number, end: number): Buffer {
  const n = end - start;
  const size = n * 17;
  if (scratch.length < size) scratch = new Uint8Array(Math.max(size, scratch.length * 2));
  scratch.set(new Uint8Array(c.ts.buffer, c.ts.byteOffset + start * 8, n * 8), 0);
  scratch.set(new Uint8Array(c.values.buffer, c.values.byteOffset + start * 8, n * 8), n * 8);
  scratch.set(c.quality.subarray(start, end), n * 16);
  return Buffer.from(scratch.buffer, scratch.byteOffset, size);
}

/** Unpacks a head blob into fresh, aligned arrays. */
export function unpackHead(blob: Uint8Array): Columns {
  const n = blob.length / 17;
  if (!Number.isInteger(n)) throw new Error(`corrupt head block of ${blob.length} bytes`);
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  new Uint8Array(ts.buffer).set(blob.subarray(0, n * 8));
  new Uint8Array(values.buffer).set(blob.subarray(n * 8, n * 16));
  return { ts, values, quality: blob.slice(n * 16, n * 17) };
}
