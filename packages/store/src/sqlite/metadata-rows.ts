/** Row ↔ domain object mapping for the metadata tables (NULL columns become absent optional fields). */
import type { Alert, Asset, AssetHealth, Sensor, Site, Waveform, WorkOrder } from '@prognos/core';

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

/** Float32 little-endian bytes of the samples (the layout of the waveforms.data BLOB). */
export function waveformBytes(values: ArrayLike<number>): Buffer {
  const buf = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) buf.writeFloatLE(values[i] as number, i * 4);
  return buf;
}

/** A waveforms row; the samples are decoded only when the row has its data column. */
export function toWaveform(r: Row): Waveform {
  const w: Waveform = {
    id: r.id as string,
    sensorId: r.sensor_id as string,
    ts: r.ts as number,
    sampleRateHz: r.sample_rate_hz as number,
    unit: r.unit as string,
    meta: JSON.parse(r.meta as string),
    samples: r.samples as number,
  };
  if (r.data instanceof Uint8Array) {
    const b = Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength);
    const values = new Float32Array(b.byteLength / 4);
    for (let i = 0; i < values.length; i++) values[i] = b.readFloatLE(i * 4);
    w.values = values;
  }
  return w;
}
