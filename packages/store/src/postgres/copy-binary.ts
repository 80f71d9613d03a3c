/**
 * Encoder and parser for PostgreSQL's binary COPY format (https://www.postgresql.org/docs/15/sql-copy.html,
 * "Binary Format") for reading_head blocks, and the packed layout of a block's readings.
 *
 * A head block is one (series, chunk window, append) slice of readings: series_id int4, t_min float8, t_max
 * float8, n int4 and `data` bytea holding the readings packed column-wise: n timestamps (float8), n values (float8),
 * then n quality bytes, numbers big-endian as PostgreSQL's float8send writes them (so that SQL, e.g. the
 * migration that packed the former one-row-per-reading head, can build blocks too). One row per block instead of
 * one per reading keeps the head's heap and index small; the readings travel as their exact IEEE bits (-0 and
 * subnormals stay what they are), written and read with a few DataView calls per reading.
 */
import type { Columns } from '../sqlite/chunk-codec';

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]; // "PGCOPY\n\377\r\n\0"
const HEADER_BYTES = SIGNATURE.length + 8; // + flags int32 + header extension length int32
/** Packed bytes per reading in a block's data: timestamp, value, quality. */
export const PACKED_READING_BYTES = 8 + 8 + 1;
/** Fixed part of one COPY block row: int16 field count, then per field an int32 length and the value (not data). */
const BLOCK_ROW_BYTES = 2 + 5 * 4 + 4 + 8 + 8 + 4;

/** Packs readings [i, j) of the columns into `view` at byte offset p (PACKED_READING_BYTES × (j - i) bytes). */
function packInto(view: DataView, p: number, c: Columns, i: number, j: number): void {
  const n = j - i;
  const ts = c.ts;
  const values = c.values;
  const quality = c.quality;
  for (let k = 0; k < n; k++) view.setFloat64(p + 8 * k, ts[i + k]!);
  p += 8 * n;
  for (let k = 0; k < n; k++) view.setFloat64(p + 8 * k, values[i + k]!);
  p += 8 * n;
  for (let k = 0; k < n; k++) view.setUint8(p + k, quality[i + k]!);
}

/** Readings [i, j) of the columns packed as a block's data. */
export function packBlock(c: Columns, i: number, j: number): Buffer {
  const buf = Buffer.alloc((j - i) * PACKED_READING_BYTES);
  packInto(new DataView(buf.buffer, buf.byteOffset, buf.length), 0, c, i, j);
  return buf;
}

/** Number of readings in a block's packed data. */
export function packedCount(data: Buffer): number {
  if (data.length % PACKED_READING_BYTES !== 0) throw new Error(`head block of ${data.length} bytes is malformed`);
  return data.length / PACKED_READING_BYTES;
}

/**
 * Unpacks a block's readings with lo <= ts < hi into `out` from index `at` (in block order); returns the index
 * after the last one written. `out` must have room for the whole block.
 */
export function unpackBlock(data: Buffer, out: Columns, at: number, lo: number, hi: number): number {
  const n = packedCount(data);
  const v = new DataView(data.buffer, data.byteOffset, data.length);
  const vOff = 8 * n;
  const qOff = 16 * n;
  let o = at;
  for (let k = 0; k < n; k++) {
    const t = v.getFloat64(8 * k);
    if (!(t >= lo && t < hi)) continue;
    out.ts[o] = t;
    out.values[o] = v.getFloat64(vOff + 8 * k);
    out.quality[o] = v.getUint8(qOff + k);
    o++;
  }
  return o;
}

/** Writes block rows into one buffer: header, rows, trailer. */
export class HeadCopyWriter {
  private readonly buf: Buffer;
  private readonly view: DataView;
  private pos: number;

  /** Room for `blocks` rows holding `readings` readings in all. */
  constructor(blocks: number, readings: number) {
    this.buf = Buffer.allocUnsafe(HEADER_BYTES + blocks * BLOCK_ROW_BYTES + readings * PACKED_READING_BYTES + 2);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.buf.set(SIGNATURE, 0);
    this.view.setInt32(SIGNATURE.length, 0); // flags: no OIDs
    this.view.setInt32(SIGNATURE.length + 4, 0); // no header extension
    this.pos = HEADER_BYTES;
  }

  /** One block: readings [i, j) of the columns, sorted by timestamp (t_min, t_max are their ends). */
  block(seriesId: number, c: Columns, i: number, j: number): void {
    const v = this.view;
    const p = this.pos;
    const n = j - i;
    v.setInt16(p, 5);
    v.setInt32(p + 2, 4);
    v.setInt32(p + 6, seriesId);
    v.setInt32(p + 10, 8);
    v.setFloat64(p + 14, c.ts[i]!);
    v.setInt32(p + 22, 8);
    v.setFloat64(p + 26, c.ts[j - 1]!);
    v.setInt32(p + 34, 4);
    v.setInt32(p + 38, n);
    v.setInt32(p + 42, n * PACKED_READING_BYTES);
    packInto(v, p + BLOCK_ROW_BYTES, c, i, j);
    this.pos = p + BLOCK_ROW_BYTES + n * PACKED_READING_BYTES;
  }

  /** The complete COPY stream (with the trailer). */
  finish(): Buffer {
    this.view.setInt16(this.pos, -1);
    this.pos += 2;
    return this.buf.subarray(0, this.pos);
  }
}

/**
 * Parses the binary COPY output of head blocks (id int8, series_id int4, t_min float8, data bytea), calling
 * `block` for each; `data` is a view into `buf`, not a copy.
 */
export function parseHeadBlocks(
  buf: Buffer,
  block: (id: number, seriesId: number, tMin: number, data: Buffer) => void,
): void {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.length);
  for (let i = 0; i < SIGNATURE.length; i++) {
    if (buf[i] !== SIGNATURE[i]) throw new Error('not a binary COPY stream');
  }
  let p = HEADER_BYTES + v.getInt32(SIGNATURE.length + 4); // skip the header extension
  const field = (len: number) => {
    if (v.getInt32(p) !== len) throw new Error(`unexpected field of ${v.getInt32(p)} bytes in COPY row`);
    p += 4;
  };
  for (;;) {
    const fields = v.getInt16(p);
    p += 2;
    if (fields === -1) return;
    if (fields !== 4) throw new Error(`unexpected COPY row of ${fields} fields`);
    field(8);
    const id = v.getInt32(p) * 2 ** 32 + v.getUint32(p + 4);
    p += 8;
    field(4);
    const seriesId = v.getInt32(p);
    p += 4;
    field(8);
    const tMin = v.getFloat64(p);
    p += 8;
    const len = v.getInt32(p);
    if (len < 0) throw new Error('head block without data');
    p += 4;
    block(id, seriesId, tMin, buf.subarray(p, p + len));
    p += len;
  }
}
