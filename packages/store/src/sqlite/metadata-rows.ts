/** Row ↔ domain object mapping for the metadata tables (NULL columns become absent optional fields). */
import type { Alert, Asset, AssetHealth, Sensor, Site, WorkOrder } from '@prognos/core';

export type Row = Record<string, unknown>;

/** The fields of T that are not optional, and those that are. */
type RequiredKey<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T] & string;
type OptionalKey<T> = Exclude<keyof T & string, RequiredKey<T>>;

/**
 * A row → T mapper. Each field of T is named once (the compiler checks that none is missing): the required ones
 * in output order, then the optional ones, whose NULL columns become absent fields (not undefined). Columns are
 * the snake_case of the field names; values are passed through as SQLite returns them.
 */
function rowMapper<T>(required: Record<RequiredKey<T>, true>, optional: Record<OptionalKey<T>, true>) {
  const columns = (fields: object) =>
    Object.keys(fields).map((k) => [k, k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] as const);
  const req = columns(required);
  const opt = columns(optional);
  return (r: Row): T => {
    const out: Record<string, unknown> = {};
    for (const [key, col] of req) out[key] = r[col];
    for (const [key, col] of opt) if (r[col] !== null && r[col] !== undefined) out[key] = r[col];
    return out as T;
  };
}

export const STATUS_CODE: Record<AssetHealth['status'], number> = { ok: 0, watch: 1, alarm: 2, unknown: 3 };
export const STATUS_NAME: AssetHealth['status'][] = ['ok', 'watch', 'alarm', 'unknown'];

export const toSite = rowMapper<Site>({ id: true, name: true }, { timezone: true });
export const toAsset = rowMapper<Asset>(
  { id: true, lineId: true, name: true, type: true, criticality: true },
  { downtimeCostPerHour: true, manufacturer: true, model: true },
);
export const toSensor = rowMapper<Sensor>(
  { id: true, assetId: true, name: true, kind: true, unit: true, min: true, max: true, sampleRateHz: true },
  { componentId: true, lastCalibration: true },
);
const alertRow = rowMapper<Alert>(
  {
    id: true,
    assetId: true,
    kind: true,
    severity: true,
    state: true,
    title: true,
    explanation: true,
    contributions: true,
    score: true,
    peakScore: true,
    startedAt: true,
    updatedAt: true,
  },
  { closedAt: true, similar: true },
);
export function toAlert(r: Row): Alert {
  const a = alertRow(r);
  a.contributions = JSON.parse(r.contributions as string);
  if (typeof r.similar === 'string') a.similar = JSON.parse(r.similar);
  return a;
}
export const toWorkOrder = rowMapper<WorkOrder>(
  { id: true, assetId: true, title: true, description: true, status: true, priority: true, createdAt: true },
  { alertId: true, dueAt: true, completedAt: true },
);
/** SQLite stores NaN as NULL; health and score come back as NaN ("not known") then. */
export function num(v: unknown): number {
  return v === null || v === undefined ? Number.NaN : (v as number);
}
