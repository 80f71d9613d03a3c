/**
 * Row ↔ domain object mapping for the metadata tables (NULL columns become absent optional fields), shared by the
 * embedded store and the PostgreSQL one (postgres/metadata/core.ts), whose tables have the same column names.
 */
import type {
  Alert,
  AlertComment,
  Area,
  Asset,
  AssetHealth,
  Component,
  Line,
  RulHistoryPoint,
  RulModelVersion,
  Sensor,
  Site,
  Waveform,
  WorkOrder,
} from '@prognos/core';

export type Row = Record<string, unknown>;

/** The column filters of a listing that are set (an undefined value does not filter), as [column, value] pairs. */
export function setFilters(filters: Record<string, unknown>): [string, unknown][] {
  return Object.entries(filters).filter(([, v]) => v !== undefined);
}

/** The fields of T that are not optional, and those that are. */
type RequiredKey<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T] & string;
type OptionalKey<T> = Exclude<keyof T & string, RequiredKey<T>>;

/**
 * A row → T mapper. Each field of T is named once (the compiler checks that none is missing): the required ones
 * in output order, then the optional ones, whose NULL columns become absent fields (not undefined). Columns are
 * the snake_case of the field names; values are passed through as the database returns them.
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

/**
 * A JSON document column: SQLite returns its text, PostgreSQL (jsonb, parsed by node-postgres) the value itself.
 * The documents stored are objects or arrays, never bare strings, so a string is always unparsed text.
 */
export function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
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
  a.contributions = json(r.contributions);
  if (a.similar !== undefined) a.similar = json(r.similar);
  return a;
}
export const toWorkOrder = rowMapper<WorkOrder>(
  { id: true, assetId: true, title: true, description: true, status: true, priority: true, createdAt: true },
  { alertId: true, dueAt: true, completedAt: true },
);
export const toArea = rowMapper<Area>({ id: true, siteId: true, name: true }, {});
export const toLine = rowMapper<Line>({ id: true, areaId: true, name: true }, {});
export const toComponent = rowMapper<Component>({ id: true, assetId: true, name: true, type: true }, {});
export const toRulPoint = rowMapper<RulHistoryPoint>(
  {
    assetId: true,
    ts: true,
    method: true,
    hours: true,
    lowerHours: true,
    upperHours: true,
    failureProbability: true,
    horizonHours: true,
    threshold: true,
  },
  {},
);

/** The latest health of an asset (asset_health), with its contributions. */
export function toLatestHealth(r: Row): AssetHealth {
  return {
    assetId: r.asset_id as string,
    ts: r.ts as number,
    health: num(r.health),
    score: num(r.score),
    status: r.status as AssetHealth['status'],
    contributions: json(r.contributions),
  };
}
/** A health history entry (asset_health_history): status as a code, contributions kept only for the latest. */
export function toHealthPoint(r: Row): AssetHealth {
  return {
    assetId: r.asset_id as string,
    ts: r.ts as number,
    health: num(r.health),
    score: num(r.score),
    status: STATUS_NAME[r.status as number] ?? 'unknown',
    contributions: [],
  };
}

/** A rul_models row without its model; active is 0/1 in SQLite and a boolean in PostgreSQL. */
export function toRulModelVersion(r: Row): RulModelVersion {
  return {
    name: r.name as string,
    version: r.version as number,
    createdAt: r.created_at as number,
    createdBy: r.created_by as RulModelVersion['createdBy'],
    source: json(r.source),
    options: json(r.options),
    metrics: json(r.metrics),
    active: r.active === 1 || r.active === true,
    ...(typeof r.note === 'string' ? { note: r.note } : {}),
  };
}
export const toAlertComment = rowMapper<AlertComment>(
  { id: true, alertId: true, at: true, author: true, text: true },
  {},
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
    meta: json(r.meta),
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
