/**
 * Growable byte writer and reader with LEB128 varints over JS numbers (exact up to 2^53).
 * Hot paths take the 32-bit fast path; numbers above 2^31 fall back to division, which stays exact
 * because every intermediate is an integer below 2^53.
 */
const TWO_31 = 2 ** 31;

export class ByteWriter {
  buf: Uint8Array;
  pos = 0;
  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
  }
  reset(minCapacity: number): void {
    if (this.buf.length < minCapacity) this.buf = new Uint8Array(Math.max(minCapacity, this.buf.length * 2));
    this.pos = 0;
  }
  /** Makes room for `n` more bytes (callers reserve once per section, not per byte). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }
  byte(b: number): void {
    this.buf[this.pos++] = b;
  }
  /** Unsigned varint; v must be a non-negative integer ≤ 2^53. */
  uvarint(v: number): void {
    const buf = this.buf;
    let p = this.pos;
    if (v < TWO_31) {
      while (v >= 0x80) {
        buf[p++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
    } else {
      while (v >= 0x80) {
        buf[p++] = (v % 128) | 0x80;
        v = Math.floor(v / 128);
      }
    }
    buf[p++] = v;
    this.pos = p;
  }
  /** Signed varint with zigzag mapping (0,-1,1,-2 → 0,1,2,3), |v| ≤ 2^52. */
  svarint(v: number): void {
    this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }
  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

export class ByteReader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.buf.length) throw new RangeError('chunk truncated');
    return this.buf[this.pos++]!;
  }
  uvarint(): number {
    const buf = this.buf;
    let p = this.pos;
    let b = buf[p++]!;
    let v = b & 0x7f;
    if (b < 0x80) {
      this.pos = p;
      return v;
    }
    let shift = 7;
    // 32-bit accumulation while it cannot overflow (4 groups = 28 bits), then exact multiplication.
    while (shift < 28) {
      b = buf[p++]!;
      v |= (b & 0x7f) << shift;
      shift += 7;
      if (b < 0x80) {
        this.pos = p;
        return v;
      }
    }
    let mul = 2 ** 28;
    for (;;) {
      if (p >= buf.length) throw new RangeError('varint truncated');
      b = buf[p++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) break;
      mul *= 128;
    }
    this.pos = p;
    return v;
  }
  svarint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }
}
