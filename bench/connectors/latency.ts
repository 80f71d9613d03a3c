/**
 * Device-to-store latency samples. Every stored reading is offered; the sample keeps every `stride`-th one and,
 * when full, halves itself (keeps every other sample, doubles the stride), so memory stays bounded while the sample
 * stays an even, systematic one over the whole run. Each kept sample stands for `stride` readings, which is what
 * lets samples of paths with different rates be merged into one honest percentile over all readings.
 */
export class LatencySample {
  private values: Float64Array;
  private n = 0;
  private stride = 1;
  private skip = 0;
  /** Readings offered (not only the kept ones). */
  count = 0;

  constructor(private readonly capacity = 1 << 20) {
    this.values = new Float64Array(capacity);
  }

  add(ms: number): void {
    this.count++;
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    this.skip = this.stride - 1;
    if (this.n === this.capacity) {
      for (let i = 0; i < this.capacity / 2; i++) this.values[i] = this.values[2 * i]!;
      this.n = this.capacity / 2;
      this.stride *= 2;
      this.skip = this.stride - 1;
    }
    this.values[this.n++] = ms;
  }

  /** The kept samples with the number of readings each stands for. */
  weighted(): { values: Float64Array; weight: number } {
    return { values: this.values.subarray(0, this.n), weight: this.stride };
  }
}

/**
 * Nearest-rank percentiles over the union of several samples, each kept value weighted by the readings it stands
 * for. Returns undefined when nothing was sampled.
 */
export function percentiles(samples: readonly LatencySample[], ps: readonly number[]): number[] | undefined {
  const parts = samples.map((s) => s.weighted()).filter((w) => w.values.length > 0);
  const total = parts.reduce((a, w) => a + w.values.length * w.weight, 0);
  if (total === 0) return undefined;
  const n = parts.reduce((a, w) => a + w.values.length, 0);
  const values = new Float64Array(n);
  const weights = new Float64Array(n);
  let k = 0;
  for (const w of parts) {
    values.set(w.values, k);
    weights.fill(w.weight, k, k + w.values.length);
    k += w.values.length;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  return ps.map((p) => {
    const target = Math.max(1, Math.ceil(p * total));
    let acc = 0;
    for (const i of order) {
      acc += weights[i]!;
      if (acc >= target) return values[i]!;
    }
    return values[order[n - 1]!]!;
  });
}
