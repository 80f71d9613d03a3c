/**
 * Monthly range partitions of reading_chunk, keyed by window_start (ms since the epoch, UTC). Partitions are
 * created on demand before a chunk lands in a month that has none, and dropped whole by retention.
 *
 * Why months: a partition per month keeps the partition count small (12 a year; the planner prunes by the
 * window_start range of each query) while retention still frees space in month steps without a bulk DELETE.
 */
import { quoteIdent } from './migrations';

export interface MonthPartition {
  /** Table name, e.g. reading_chunk_2024_03 (n2024_03 for years before 0). */
  name: string;
  /** Inclusive lower bound (ms), or undefined for MINVALUE at the edge of the Date range. */
  from: number | undefined;
  /** Exclusive upper bound (ms), or undefined for MAXVALUE at the edge of the Date range. */
  to: number | undefined;
}

/** Start of the UTC month with offset `months` from the month of `ms` (NaN outside the Date range). */
function monthStart(ms: number, months: number): number {
  const d = new Date(ms);
  const out = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  out.setUTCFullYear(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
  out.setUTCHours(0, 0, 0, 0);
  return out.getTime();
}

/** The month partition that holds window_start `ms` (a valid Date time). */
export function partitionFor(ms: number): MonthPartition {
  const from = monthStart(ms, 0);
  const to = monthStart(ms, 1);
  const d = new Date(from);
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  return {
    name: `reading_chunk_${y < 0 ? 'n' : ''}${Math.abs(y)}_${m}`,
    from: Number.isNaN(from) ? undefined : from,
    to: Number.isNaN(to) ? undefined : to,
  };
}

export function createPartitionSql(p: MonthPartition): string {
  const from = p.from === undefined ? 'MINVALUE' : String(p.from);
  const to = p.to === undefined ? 'MAXVALUE' : String(p.to);
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(p.name)} PARTITION OF reading_chunk FOR VALUES FROM (${from}) TO (${to})`;
}
