/**
 * Encoder for PostgreSQL's binary COPY format (https://www.postgresql.org/docs/15/sql-copy.html, "Binary
 * Format") for reading_head rows (series_id int4, ts float8, value float8, quality int2).
 *
 * Why binary rather than text: float8 travels as its exact IEEE bits (no number → decimal → number round trip,
 * -0 and subnormals stay what they are) and encoding is a few DataView writes per row instead of string building.
 */

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]; // "PGCOPY\n\377\r\n\0"
const HEADER_BYTES = SIGNATURE.length + 8; // + flags int32 + header extension length int32
/** int16 field count, then per field an int32 length and the value: 4 + 8 + 8 + 2 bytes of values. */
export const HEAD_ROW_BYTES = 2 + 4 * 4 + 4 + 8 + 8 + 2;

/** Writes rows into one buffer: header, rows, trailer. */
export class HeadCopyWriter {
  private readonly buf: Buffer;
  private readonly view: DataView;
  private pos: number;

  constructor(rows: number) {
    this.buf = Buffer.allocUnsafe(HEADER_BYTES + rows * HEAD_ROW_BYTES + 2);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.buf.set(SIGNATURE, 0);
    this.view.setInt32(SIGNATURE.length, 0); // flags: no OIDs
    this.view.setInt32(SIGNATURE.length + 4, 0); // no header extension
    this.pos = HEADER_BYTES;
  }

  row(seriesId: number, ts: number, value: number, quality: number): void {
    const v = this.view;
    let p = this.pos;
    v.setInt16(p, 4);
    v.setInt32(p + 2, 4);
    v.setInt32(p + 6, seriesId);
    v.setInt32(p + 10, 8);
    v.setFloat64(p + 14, ts);
    v.setInt32(p + 22, 8);
    v.setFloat64(p + 26, value);
    v.setInt32(p + 34, 2);
    v.setInt16(p + 38, quality);
    p += HEAD_ROW_BYTES;
    this.pos = p;
  }

  /** The complete COPY stream (with the trailer). */
  finish(): Buffer {
    this.view.setInt16(this.pos, -1);
    this.pos += 2;
    return this.buf.subarray(0, this.pos);
  }
}

/**
 * Parses the binary COPY output of head rows (id int8, series_id int4, ts float8, value float8, quality int2),
 * calling `row` for each. Reading binary rows avoids parsing five decimal strings per reading.
 */
export function parseHeadRows(
  buf: Buffer,
  row: (id: number, seriesId: number, ts: number, value: number, quality: number) => void,
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
    if (fields !== 5) throw new Error(`unexpected COPY row of ${fields} fields`);
    field(8);
    const id = v.getInt32(p) * 2 ** 32 + v.getUint32(p + 4);
    p += 8;
    field(4);
    const seriesId = v.getInt32(p);
    p += 4;
    field(8);
    const ts = v.getFloat64(p);
    p += 8;
    field(8);
    const value = v.getFloat64(p);
    p += 8;
    field(2);
    const quality = v.getInt16(p);
    p += 2;
    row(id, seriesId, ts, value, quality);
  }
}
