/** Small helpers for time series kept in the browser. */

export interface Point {
  ts: number;
  v: number;
}

/** Averages points into at most `n` equal time buckets over [from, to]; empty buckets are skipped. */
export function bucketAverage(points: Point[], from: number, to: number, n: number): number[] {
  if (to <= from || n <= 0) return [];
  const sum = new Float64Array(n);
  const cnt = new Uint32Array(n);
  const width = (to - from) / n;
  for (const p of points) {
    if (p.ts < from || p.ts > to || !Number.isFinite(p.v)) continue;
    const i = Math.min(n - 1, Math.floor((p.ts - from) / width));
    sum[i] = (sum[i] ?? 0) + p.v;
    cnt[i] = (cnt[i] ?? 0) + 1;
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if ((cnt[i] ?? 0) > 0) out.push((sum[i] ?? 0) / (cnt[i] ?? 1));
  return out;
}

/**
 * Change of the value over the last `windowMs`: mean of the newest quarter of the window minus mean of the oldest
 * quarter (means, so that point-to-point noise is not read as a trend). Undefined until the data spans at least
 * half the window.
 */
export function trend(points: Point[], windowMs: number): number | undefined {
  const last = points[points.length - 1];
  if (!last) return undefined;
  const inWin = points.filter((p) => p.ts >= last.ts - windowMs);
  const first = inWin[0];
  if (!first || last.ts - first.ts < windowMs / 2) return undefined;
  const q = (last.ts - first.ts) / 4;
  const mean = (xs: Point[]) => xs.reduce((a, p) => a + p.v, 0) / xs.length;
  const head = inWin.filter((p) => p.ts <= first.ts + q);
  const tail = inWin.filter((p) => p.ts >= last.ts - q);
  return mean(tail) - mean(head);
}

/** Drops points older than `from`, in place-free fashion (returns the same array when nothing changes). */
export function trimBefore<T extends { ts: number }>(points: T[], from: number): T[] {
  let i = 0;
  while (i < points.length && (points[i]?.ts ?? 0) < from) i++;
  return i === 0 ? points : points.slice(i);
}
