/**
 * Grouping one appended batch of readings by series, shared by the embedded (SQLite) and PostgreSQL reading
 * stores. Both write a batch as per-series, per-window segments of sorted, deduplicated columns; only what they
 * do with a segment (a packed head row, binary COPY rows) differs.
 *
 * Why a counting sort into scratch columns rather than a Map of arrays: a batch is typically 10,000 readings of
 * a few hundred sensors, arriving interleaved; two linear passes over typed arrays allocate nothing per reading.
 */
import type { Reading } from '@prognos/core';
import type { Columns } from '../sqlite/chunk-codec';
import { emptyColumns, sortDedupeInPlace } from '../sqlite/merge';

/** The per-series bookkeeping a store keeps so that grouping can find a series' slot without another map. */
export interface GroupedSeries {
  readonly sensor: string;
  /** The batch (see SeriesBatcher) in which this series was last seen; 0 = never. */
  stamp: number;
  /** Its index in that batch's `series`. */
  slot: number;
}

/** A batch grouped by series: series[k]'s readings are cols[starts[k] .. ends[k]), sorted, one per timestamp. */
export interface SeriesBatch<S extends GroupedSeries> {
  /** The series of the batch, in order of first appearance. */
  series: S[];
  starts: number[];
  ends: number[];
  /** Scratch columns owned by the batcher: valid until its next group() call. */
  cols: Columns;
  /** Readings kept (accepted, after "last write wins" deduplication inside the batch). */
  stored: number;
}

/** Groups batches by series, reusing its scratch columns (grown, never shrunk) from batch to batch. */
export class SeriesBatcher<S extends GroupedSeries> {
  private stamp = 0;
  private cols: Columns = emptyColumns();
  private slotOf = new Int32Array(0);

  /**
   * Groups `readings` by series. Readings that `accept` rejects are skipped; `seriesOf` maps an accepted
   * reading's sensor to its series state (and may create it). Within a series the last write of a timestamp wins.
   */
  group(
    readings: readonly Reading[],
    accept: (r: Reading) => boolean,
    seriesOf: (sensor: string) => S,
  ): SeriesBatch<S> {
    const n = readings.length;
    this.ensureScratch(n);
    const stamp = ++this.stamp;
    const series: S[] = [];
    const counts: number[] = [];
    const slotOf = this.slotOf;
    let last: S | undefined;
    // Pass 1: find each reading's series (consecutive readings of one sensor skip the lookup).
    for (let i = 0; i < n; i++) {
      const r = readings[i]!;
      if (!accept(r)) {
        slotOf[i] = -1;
        continue;
      }
      const s = last !== undefined && last.sensor === r.sensor ? last : seriesOf(r.sensor);
      last = s;
      if (s.stamp !== stamp) {
        s.stamp = stamp;
        s.slot = series.length;
        series.push(s);
        counts.push(0);
      }
      counts[s.slot]!++;
      slotOf[i] = s.slot;
    }
    // Pass 2: counting sort into per-series segments of the scratch columns.
    const starts = new Array<number>(series.length);
    const pos = new Array<number>(series.length);
    let acc = 0;
    for (let k = 0; k < series.length; k++) {
      starts[k] = acc;
      pos[k] = acc;
      acc += counts[k]!;
    }
    const { ts, values, quality } = this.cols;
    for (let i = 0; i < n; i++) {
      const k = slotOf[i]!;
      if (k < 0) continue;
      const r = readings[i]!;
      const p = pos[k]!++;
      ts[p] = r.ts;
      values[p] = r.value;
      quality[p] = r.quality & 0xff;
    }
    // Pass 3: sort and deduplicate each segment in place (already sorted input, the usual case, costs one scan).
    const ends = new Array<number>(series.length);
    let stored = 0;
    for (let k = 0; k < series.length; k++) {
      ends[k] = sortDedupeInPlace(this.cols, starts[k]!, starts[k]! + counts[k]!);
      stored += ends[k]! - starts[k]!;
    }
    return { series, starts, ends, cols: this.cols, stored };
  }

  private ensureScratch(n: number): void {
    if (this.slotOf.length >= n) return;
    const cap = Math.max(n, this.slotOf.length * 2);
    this.slotOf = new Int32Array(cap);
    this.cols = { ts: new Float64Array(cap), values: new Float64Array(cap), quality: new Uint8Array(cap) };
  }
}

/**
 * Splits the sorted timestamps ts[start .. end) at chunk window boundaries (multiples of windowMs) and calls
 * `segment(windowStart, i, j)` for each non-empty window's range [i, j), in time order.
 */
export function forEachWindow(
  ts: Float64Array,
  start: number,
  end: number,
  windowMs: number,
  segment: (windowStart: number, i: number, j: number) => void,
): void {
  let i = start;
  while (i < end) {
    const w = Math.floor(ts[i]! / windowMs) * windowMs;
    const wEnd = w + windowMs;
    let j = i + 1;
    while (j < end && ts[j]! < wEnd) j++;
    segment(w, i, j);
    i = j;
  }
}
