/** The last N latency samples (ms), for p50/p99 in health(). */
export class LatencyWindow {
  private readonly samples: Float64Array;
  private n = 0;
  private next = 0;

  constructor(size = 2048) {
    this.samples = new Float64Array(size);
  }

  add(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    if (this.n < this.samples.length) this.n++;
  }

  /** Nearest-rank percentiles of the window, or undefined before the first sample. */
  percentiles(): { p50: number; p99: number } | undefined {
    if (this.n === 0) return undefined;
    const sorted = this.samples.slice(0, this.n).sort();
    const at = (p: number) => sorted[Math.min(this.n - 1, Math.max(0, Math.ceil(p * this.n) - 1))] ?? 0;
    return { p50: at(0.5), p99: at(0.99) };
  }
}
