/** Device-to-emit latencies of the most recent readings, kept in a fixed ring so health() stays cheap. */
export class LatencyWindow {
  private readonly buf: Float64Array;
  private n = 0;
  private next = 0;

  constructor(size = 1024) {
    this.buf = new Float64Array(size);
  }

  add(ms: number): void {
    this.buf[this.next] = ms;
    this.next = (this.next + 1) % this.buf.length;
    if (this.n < this.buf.length) this.n++;
  }

  /** Nearest-rank percentiles of the window, or undefined before the first sample. */
  percentiles(): { p50: number; p99: number } | undefined {
    if (!this.n) return undefined;
    const sorted = Array.from(this.buf.subarray(0, this.n)).sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(this.n - 1, Math.ceil(p * this.n) - 1)] as number;
    return { p50: at(0.5), p99: at(0.99) };
  }
}
