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

/** Both directions between a table's rows and T: fromRow reads a row, toRow gives the values to write. */
interface RowCodec<T> {
  fromRow(r: Row): T;
  toRow(v: T): Row;
}

/**
 * The RowCodec of a table whose columns are the snake_case of T's field names. Each field of T is named once (the
 * compiler checks that none is missing): the required ones in column order — the key columns first, as upserts
 * take them — then the optional ones. fromRow passes values through as the database returns them and turns NULL
 * optional columns into absent fields (not undefined); toRow writes an absent field as NULL.
 */
function rowCodec<T>(required: Record<RequiredKey<T>, true>, optional: Record<OptionalKey<T>, true>): RowCodec<T> {
  const columns = (fields: object) =>
    Object.keys(fields).map((k) => [k, k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] as const);
  const req = columns(required);
  const opt = columns(optional);
  return {
    fromRow(r) {
      const out: Record<string, unknown> = {};
      for (const [key, col] of req) out[key] = r[col];
      for (const [key, col] of opt) if (r[col] !== null && r[col] !== undefined) out[key] = r[col];
      return out as T;
    },
    toRow(v) {
      const fields = v as Record<string, unknown>;
      const out: Row = {};
      for (const [key, col] of [...req, ...opt]) out[col] = fields[key] ?? null;
      return out;
    },
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

const site = rowCodec<Site>({ id: true, name: true }, { timezone: true });
const area = rowCodec<Area>({ id: true, siteId: true, name: true }, {});
const line = rowCodec<Line>({ id: true, areaId: true, name: true }, {});
const asset = rowCodec<Asset>(
  { id: true, lineId: true, name: true, type: true, criticality: true },
  { downtimeCostPerHour: true, manufacturer: true, model: true },
);
const component = rowCodec<Component>({ id: true, assetId: true, name: true, type: true }, {});
const sensor = rowCodec<Sensor>(
  { id: true, assetId: true, name: true, kind: true, unit: true, min: true, max: true, sampleRateHz: true },
  { componentId: true, lastCalibration: true },
);
/** contributions and similar are JSON documents; toAlert and alertRow convert them. */
const alert = rowCodec<Alert>(
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
const workOrder = rowCodec<WorkOrder>(
  { id: true, assetId: true, title: true, description: true, status: true, priority: true, createdAt: true },
  { alertId: true, dueAt: true, completedAt: true },
);
/** asset_rul_history, keyed by (asset_id, ts). */
const rulPoint = rowCodec<RulHistoryPoint>(
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

export const { fromRow: toSite, toRow: siteRow } = site;
export const { fromRow: toArea, toRow: areaRow } = area;
export const { fromRow: toLine, toRow: lineRow } = line;
export const { fromRow: toAsset, toRow: assetRow } = asset;
export const { fromRow: toComponent, toRow: componentRow } = component;
export const { fromRow: toSensor, toRow: sensorRow } = sensor;
export const { fromRow: toWorkOrder, toRow: workOrderRow } = workOrder;
export const { fromRow: toRulPoint, toRow: rulPointRow } = rulPoint;

export function toAlert(r: Row): Alert {
  const a = alert.fromRow(r);
  a.contributions = json(r.contributions);
  if (a.similar !== undefined) a.similar = json(r.similar);
  return a;
}
export function alertRow(a: Alert): Row {
  return {
    ...alert.toRow(a),
    contributions: JSON.stringify(a.contributions),
    similar: a.similar ? JSON.stringify(a.similar) : null,
  };
}

/** A waveforms row with its samples; a waveform without them cannot be saved. */
export function waveformRow(w: Waveform): Row {
  if (!w.values) throw new Error(`waveform ${w.id} has no samples to save`);
  return {
    id: w.id,
    sensor_id: w.sensorId,
    ts: w.ts,
    sample_rate_hz: w.sampleRateHz,
    unit: w.unit,
    meta: JSON.stringify(w.meta),
    data: waveformBytes(w.values),
  };
}

/** An AssetHealth from the columns both health tables share, with the status and contributions given. */
function healthOf(r: Row, status: AssetHealth['status'], contributions: AssetHealth['contributions']): AssetHealth {
  return {
    assetId: r.asset_id as string,
    ts: r.ts as number,
    health: num(r.health),
    score: num(r.score),
    status,
    contributions,
  };
}
/** The latest health of an asset (asset_health), with its contributions. */
export const toLatestHealth = (r: Row): AssetHealth =>
  healthOf(r, r.status as AssetHealth['status'], json(r.contributions));
/** A health history entry (asset_health_history): status as a code, contributions kept only for the latest. */
export const toHealthPoint = (r: Row): AssetHealth => healthOf(r, STATUS_NAME[r.status as number] ?? 'unknown', []);

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
export const toAlertComment = rowCodec<AlertComment>(
  { id: true, alertId: true, at: true, author: true, text: true },
  {},
).fromRow;
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
