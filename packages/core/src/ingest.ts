import { type ItemError, itemError } from './errors';
import type { Reading } from './model';
import { parseQuality } from './quality';

/** Readings more than this far ahead of the receiving clock are rejected (clock trouble at the source). */
export const DEFAULT_MAX_FUTURE_MS = 5 * 60_000;
const MIN_TS = Date.UTC(1990, 0, 1);

export interface ValidateOptions {
  /** Returns true when the sensor id is registered. */
  knownSensor: (id: string) => boolean;
  now?: number;
  maxFutureMs?: number;
}

export interface ValidatedBatch {
  readings: Reading[];
  errors: ItemError[];
}

/** Parses a timestamp given as epoch ms (number) or an ISO 8601 string. */
export function parseTimestamp(ts: unknown): number | undefined {
  if (typeof ts === 'number') return Number.isFinite(ts) ? ts : undefined;
  if (typeof ts === 'string' && ts.length >= 10 && ts.length <= 40) {
    if (/^-?\d+(\.\d+)?$/.test(ts)) return Number(ts);
    const t = Date.parse(ts);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

function show(v: unknown): string {
  try {
    const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
    return s.length > 40 ? `${s.slice(0, 37)}...` : s;
  } catch {
    return '(unprintable)';
  }
}

/**
 * Validates one batch of wire readings item by item. Good items are returned ready to store;
 * each bad one yields a coded error with its index. Never throws on bad items.
 */
export function validateReadings(items: readonly unknown[], opts: ValidateOptions): ValidatedBatch {
  const now = opts.now ?? Date.now();
  const maxFuture = opts.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS;
  const readings: Reading[] = [];
  const errors: ItemError[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as Record<string, unknown> | null;
    if (typeof it !== 'object' || it === null || Array.isArray(it)) {
      errors.push(itemError(i, 'INGEST_NOT_AN_OBJECT'));
      continue;
    }
    const sensor = it.sensor;
    if (typeof sensor !== 'string' || sensor.length === 0) {
      errors.push(itemError(i, 'INGEST_MISSING_SENSOR'));
      continue;
    }
    if (!opts.knownSensor(sensor)) {
      errors.push(itemError(i, 'INGEST_UNKNOWN_SENSOR', sensor.length > 80 ? `${sensor.slice(0, 77)}...` : sensor));
      continue;
    }
    const value = it.value;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      errors.push(itemError(i, 'INGEST_VALUE_NOT_NUMBER', show(value)));
      continue;
    }
    const ts = parseTimestamp(it.ts);
    if (ts === undefined) {
      errors.push(itemError(i, 'INGEST_TS_INVALID', show(it.ts)));
      continue;
    }
    if (ts > now + maxFuture) {
      errors.push(itemError(i, 'INGEST_TS_IN_FUTURE', new Date(ts).toISOString(), `${Math.round(maxFuture / 1000)} s`));
      continue;
    }
    if (ts < MIN_TS) {
      errors.push(itemError(i, 'INGEST_TS_TOO_OLD', show(it.ts)));
      continue;
    }
    const quality = parseQuality(it.quality);
    if (quality === undefined) {
      errors.push(itemError(i, 'INGEST_QUALITY_INVALID', show(it.quality)));
      continue;
    }
    readings.push({ sensor, ts, value, quality });
  }
  return { readings, errors };
}
