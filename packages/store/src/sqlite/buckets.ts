/**
 * Bucketing for downsample(). Buckets are aligned to multiples of their width since the epoch, so a bucket
 * always holds whole minutes (minute tier) or whole chunk windows (chunk tier) and rollups never straddle one.
 */
import type { DownsampledSeries } from '../ports';
import type { RollupSink } from './minute-rollup';
import { MINUTE_MS } from './minute-rollup';

/** More buckets than any screen has pixels; bounds the accumulator memory for absurd requests. */
const MAX_BUCKETS = 1_000_000;

export type Tier = DownsampledSeries['source'];

export interface BucketPlan {
  bucketMs: number;
  source: Tier;
}

/**
 * Picks the tier for a range split into `buckets`: chunk rollups when a bucket spans at least one chunk
 * window, minute rollups from one minute up, raw readings below. The width is rounded up to whole windows or
 * minutes so that rollups fall entirely into one bucket.
 */
export function planBuckets(from: number, to: number, buckets: number, windowMs: number): BucketPlan {
  const n = Math.min(MAX_BUCKETS, Math.max(1, Math.floor(buckets) || 1));
  const width = Math.max(1, Math.ceil((to - from) / n));
  if (width >= windowMs) return { bucketMs: Math.ceil(width / windowMs) * windowMs, source: 'rollup-chunk' };
  if (width >= MINUTE_MS) return { bucketMs: Math.ceil(width / MINUTE_MS) * MINUTE_MS, source: 'rollup-minute' };
  return { bucketMs: width, source: 'raw' };
}

/** Dense min/max/sum/count accumulators for the buckets covering [from, to). */
export class BucketAccumulator implements RollupSink {
  readonly first: number;
  private readonly count: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly sum: Float64Array;
  constructor(
    from: number,
    to: number,
    readonly bucketMs: number,
  ) {
    this.first = Math.floor(from / bucketMs);
    const n = Math.max(0, Math.floor((to - 1) / bucketMs) - this.first + 1);
    this.count = new Float64Array(n);
    this.min = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    this.max = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.sum = new Float64Array(n);
  }
  add(ts: number, count: number, min: number, max: number, sum: number): void {
    const b = Math.floor(ts / this.bucketMs) - this.first;
    this.count[b]! += count;
    if (min < this.min[b]!) this.min[b] = min;
    if (max > this.max[b]!) this.max[b] = max;
    this.sum[b]! += sum;
  }
  /** Adds raw readings (sorted by time). */
  addRaw(ts: Float64Array, values: Float64Array): void {
    const w = this.bucketMs;
    let b = -1;
    let end = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i]!;
      if (t >= end) {
        const k = Math.floor(t / w);
        b = k - this.first;
        end = (k + 1) * w;
      }
      const v = values[i]!;
      this.count[b]!++;
      if (v < this.min[b]!) this.min[b] = v;
      if (v > this.max[b]!) this.max[b] = v;
      this.sum[b]! += v;
    }
  }
  result(sensor: string, from: number, to: number, source: Tier): DownsampledSeries {
    const out: DownsampledSeries = {
      sensor,
      from,
      to,
      bucketMs: this.bucketMs,
      source,
      ts: [],
      min: [],
      max: [],
      avg: [],
      count: [],
    };
    for (let b = 0; b < this.count.length; b++) {
      const c = this.count[b]!;
      if (c === 0) continue;
      out.ts.push((this.first + b) * this.bucketMs);
      out.min.push(this.min[b]!);
      out.max.push(this.max[b]!);
      out.avg.push(this.sum[b]! / c);
      out.count.push(c);
    }
    return out;
  }
}
