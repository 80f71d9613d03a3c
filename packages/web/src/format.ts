/** Display helpers: times, durations, labels and status colours. */
import type { AlertSeverity, AssetHealth, AssetType, Criticality } from '@prognos/core';
import { formatValue, unitDef } from '@prognos/core';

export type Status = AssetHealth['status'];

export const STATUS_LABEL: Record<Status, string> = {
  ok: 'Healthy',
  watch: 'Watch',
  alarm: 'Alarm',
  unknown: 'No data',
};

export const ASSET_TYPE_LABEL: Record<AssetType, string> = {
  centrifugal_pump: 'Centrifugal pump',
  induction_motor: 'Induction motor',
  air_compressor: 'Air compressor',
  gearbox: 'Gearbox',
  conveyor: 'Conveyor',
  fan: 'Fan',
  cnc_spindle: 'CNC spindle',
  other: 'Other',
};

export const CRITICALITY_LABEL: Record<Criticality, string> = {
  A: 'A · critical',
  B: 'B · important',
  C: 'C · secondary',
};

export const SEVERITY_LABEL: Record<AlertSeverity, string> = {
  critical: 'Critical',
  warning: 'Warning',
  info: 'Info',
};

export const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };

export function assetTypeLabel(type: string): string {
  return (ASSET_TYPE_LABEL as Record<string, string>)[type] ?? type.replace(/_/g, ' ');
}

export function unitLabel(unit: string): string {
  return unitDef(unit)?.label ?? unit;
}

export function fmtValue(value: number | undefined | null, unit: string, digits?: number): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return '—';
  return formatValue(value, unit, digits);
}

/** A bare number with a sensible number of digits (no unit). */
export function fmtNumber(value: number, digits?: number): string {
  const abs = Math.abs(value);
  const d = digits ?? (abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3);
  return value.toFixed(d);
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Time of day for today, date and time otherwise. */
export function fmtTime(ts: number | undefined, now = Date.now()): string {
  if (ts === undefined || !Number.isFinite(ts)) return '—';
  const d = new Date(ts);
  const today = new Date(now);
  return d.toDateString() === today.toDateString() ? timeFmt.format(d) : dateTimeFmt.format(d);
}

export function fmtFullTime(ts: number | undefined): string {
  return ts === undefined || !Number.isFinite(ts) ? '' : fullFmt.format(new Date(ts));
}

/** "45 s", "12 min", "3 h 05 min", "2 d 4 h". */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  const d = Math.floor(h / 24);
  return `${d} d ${h % 24} h`;
}

export function fmtAgo(ts: number | undefined, now = Date.now()): string {
  if (ts === undefined) return '—';
  const ms = now - ts;
  if (ms < 5000) return 'just now';
  return `${fmtDuration(ms)} ago`;
}

export function statusOf(health: AssetHealth | undefined): Status {
  return health?.status ?? 'unknown';
}

/** A probability as a percentage: "64 %", "< 1 %", "> 99 %". */
export function fmtPercent(p: number): string {
  if (!Number.isFinite(p)) return '—';
  if (p > 0 && p < 0.01) return '< 1 %';
  if (p < 1 && p > 0.99) return '> 99 %';
  return `${Math.round(100 * p)} %`;
}
