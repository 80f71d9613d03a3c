/** A fixed-capacity ring buffer of numbers: the sliding window shared by the streaming checks. */
export class SlidingWindow {
  private readonly buf: Float64Array;
  private start = 0;
  private count = 0;
  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new Error(`window capacity must be a positive integer`);
    this.buf = new Float64Array(capacity);
  }
  get size(): number {
    return this.count;
  }
  get full(): boolean {
    return this.count === this.capacity;
  }
  push(x: number): void {
    if (this.count < this.capacity) {
      this.buf[(this.start + this.count) % this.capacity] = x;
      this.count++;
    } else {
      this.buf[this.start] = x;
      this.start = (this.start + 1) % this.capacity;
    }
  }
  /** The oldest value, or NaN when empty. */
  oldest(): number {
    return this.count === 0 ? Number.NaN : this.buf[this.start];
  }
  /** The newest value, or NaN when empty. */
  last(): number {
    return this.count === 0 ? Number.NaN : this.buf[(this.start + this.count - 1) % this.capacity];
  }
  clear(): void {
    this.start = 0;
    this.count = 0;
  }
  /** A sorted copy of the contents (ascending). */
  sorted(): Float64Array {
    const out = new Float64Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.buf[(this.start + i) % this.capacity];
    return out.sort();
  }
}
