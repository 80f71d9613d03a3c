/**
 * Field-by-field checks of registry records (assets, spare parts) shared by the edit routes and the CSV imports,
 * so that one bad value gets the same message wherever it comes from. Values may be typed (JSON) or text (CSV).
 */
import { type Asset, type AssetType, PrognosError, type SparePart } from '@prognos/core';

export interface FieldProblem {
  field: string;
  message: string;
}

type FieldSpec =
  | { kind: 'text'; required: boolean; max: number; pattern?: RegExp; hint?: string }
  | { kind: 'enum'; required: boolean; values: readonly string[] }
  | { kind: 'number'; required: boolean; min: number; max?: number };

export type FieldSpecs<T> = Record<keyof T & string, FieldSpec>;

/** Every AssetType, checked complete by the compiler. */
const ASSET_TYPE_SET: Record<AssetType, true> = {
  centrifugal_pump: true,
  induction_motor: true,
  air_compressor: true,
  gearbox: true,
  conveyor: true,
  fan: true,
  cnc_spindle: true,
  other: true,
};
export const ASSET_TYPES = Object.keys(ASSET_TYPE_SET) as AssetType[];

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const ID_HINT = 'letters, digits and . _ : - (no spaces)';

export const ASSET_FIELDS: FieldSpecs<Asset> = {
  id: { kind: 'text', required: true, max: 100, pattern: ID, hint: ID_HINT },
  lineId: { kind: 'text', required: true, max: 100 },
  name: { kind: 'text', required: true, max: 200 },
  type: { kind: 'enum', required: true, values: ASSET_TYPES },
  criticality: { kind: 'enum', required: true, values: ['A', 'B', 'C'] },
  downtimeCostPerHour: { kind: 'number', required: false, min: 0 },
  manufacturer: { kind: 'text', required: false, max: 200 },
  model: { kind: 'text', required: false, max: 200 },
};

export const SPARE_PART_FIELDS: FieldSpecs<SparePart> = {
  id: { kind: 'text', required: true, max: 100, pattern: ID, hint: ID_HINT },
  name: { kind: 'text', required: true, max: 200 },
  stock: { kind: 'number', required: true, min: 0 },
  // a year and a half covers the longest-lead engineered spares (large motors, gear sets)
  leadTimeDays: { kind: 'number', required: true, min: 0, max: 540 },
  unitCost: { kind: 'number', required: true, min: 0 },
};

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function checkOne(spec: FieldSpec, v: unknown): { value?: unknown; problem?: string } {
  if (spec.kind === 'number') {
    const n = typeof v === 'string' ? Number(v.trim().replace(',', '.')) : v;
    if (typeof n !== 'number' || !Number.isFinite(n)) return { problem: `${JSON.stringify(v)} is not a number` };
    if (n < spec.min) return { problem: `${n} is below ${spec.min}` };
    if (spec.max !== undefined && n > spec.max) return { problem: `${n} is above ${spec.max}` };
    return { value: n };
  }
  if (typeof v !== 'string') return { problem: `${JSON.stringify(v)} is not text` };
  const s = v.trim();
  if (spec.kind === 'enum') {
    const hit = spec.values.find((x) => x.toLowerCase() === s.toLowerCase());
    return hit ? { value: hit } : { problem: `"${s}" is not one of ${spec.values.join(', ')}` };
  }
  if (s.length > spec.max) return { problem: `longer than ${spec.max} characters` };
  if (spec.pattern && !spec.pattern.test(s)) return { problem: `"${s}" may only use ${spec.hint}` };
  return { value: s };
}

/**
 * Builds a record from `raw` over `base` (an edit: fields absent from raw keep base's value; a blank optional
 * field is removed). Unknown keys of raw are ignored. Returns the record, or every problem found.
 */
export function readFields<T>(
  spec: FieldSpecs<T>,
  raw: Record<string, unknown>,
  base?: T,
): { value?: T; problems: FieldProblem[] } {
  const out: Record<string, unknown> = { ...(base ?? {}) };
  const problems: FieldProblem[] = [];
  for (const [field, s] of Object.entries(spec) as [string, FieldSpec][]) {
    if (!(field in raw)) {
      if (s.required && out[field] === undefined) problems.push({ field, message: 'is required' });
      continue;
    }
    const v = raw[field];
    if (blank(v)) {
      if (s.required) problems.push({ field, message: 'is required' });
      else delete out[field];
      continue;
    }
    const r = checkOne(s, v);
    if (r.problem) problems.push({ field, message: r.problem });
    else out[field] = r.value;
  }
  return problems.length > 0 ? { problems } : { value: out as T, problems };
}

/** The first problem as a coded error that names the field (all of them in details). */
export function fieldError(problems: readonly FieldProblem[]): PrognosError {
  const p = problems[0] as FieldProblem;
  return new PrognosError('FIELD_INVALID', [p.field, p.message], { field: p.field, problems });
}
