/** Row ↔ domain object mapping for the metadata tables (NULL columns become absent optional fields). */
import type { Alert, Asset, AssetHealth, Sensor, Site, WorkOrder } from '@prognos/core';

export type Row = Record<string, unknown>;

/** Copies row[col] to out[key] when it is not NULL (optional fields stay absent, not undefined). */
function opt<T>(out: T, key: keyof T, v: unknown): void {
  if (v !== null && v !== undefined) (out as Record<keyof T, unknown>)[key] = v;
}

export const STATUS_CODE: Record<AssetHealth['status'], number> = { ok: 0, watch: 1, alarm: 2, unknown: 3 };
export const STATUS_NAME: AssetHealth['status'][] = ['ok', 'watch', 'alarm', 'unknown'];

export function toSite(r: Row): Site {
  const s: Site = { id: r.id as string, name: r.name as string };
  opt(s, 'timezone', r.timezone);
  return s;
}
export function toAsset(r: Row): Asset {
  const a: Asset = {
    id: r.id as string,
    lineId: r.line_id as string,
    name: r.name as string,
    type: r.type as Asset['type'],
    criticality: r.criticality as Asset['criticality'],
  };
  opt(a, 'downtimeCostPerHour', r.downtime_cost_per_hour);
  opt(a, 'manufacturer', r.manufacturer);
  opt(a, 'model', r.model);
  return a;
}
export function toSensor(r: Row): Sensor {
  const s: Sensor = {
    id: r.id as string,
    assetId: r.asset_id as string,
    name: r.name as string,
    kind: r.kind as Sensor['kind'],
    unit: r.unit as string,
    min: r.min as number,
    max: r.max as number,
    sampleRateHz: r.sample_rate_hz as number,
  };
  opt(s, 'componentId', r.component_id);
  opt(s, 'lastCalibration', r.last_calibration);
  return s;
}
export function toAlert(r: Row): Alert {
  const a: Alert = {
    id: r.id as string,
    assetId: r.asset_id as string,
    kind: r.kind as Alert['kind'],
    severity: r.severity as Alert['severity'],
    state: r.state as Alert['state'],
    title: r.title as string,
    explanation: r.explanation as string,
    contributions: JSON.parse(r.contributions as string),
    score: r.score as number,
    peakScore: r.peak_score as number,
    startedAt: r.started_at as number,
    updatedAt: r.updated_at as number,
  };
  opt(a, 'closedAt', r.closed_at);
  return a;
}
export function toWorkOrder(r: Row): WorkOrder {
  const w: WorkOrder = {
    id: r.id as string,
    assetId: r.asset_id as string,
    title: r.title as string,
    description: r.description as string,
    status: r.status as WorkOrder['status'],
    priority: r.priority as WorkOrder['priority'],
    createdAt: r.created_at as number,
  };
  opt(w, 'alertId', r.alert_id);
  opt(w, 'dueAt', r.due_at);
  opt(w, 'completedAt', r.completed_at);
  return w;
}
/** SQLite stores NaN as NULL; health and score come back as NaN ("not known") then. */
export function num(v: unknown): number {
  return v === null || v === undefined ? Number.NaN : (v as number);
}
