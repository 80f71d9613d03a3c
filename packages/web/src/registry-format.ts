/** Pure helpers of the asset registry page: the plant tree, cost and stock display, and the edit form's values. */
import type { Asset, Criticality, SparePart } from '@prognos/core';
import type { Plant } from './api-types';

export interface LineNode {
  id: string;
  name: string;
  assets: Asset[];
}
export interface AreaNode {
  id: string;
  name: string;
  lines: LineNode[];
}

/**
 * Site → area → line → asset, in the plant's order, assets by id. An asset on a line the plant does not list (an
 * import can name a new line) lands in a line of its own under "Unassigned", so no asset is ever hidden.
 */
export function buildHierarchy(plant: Pick<Plant, 'areas' | 'lines'>, assets: readonly Asset[]): AreaNode[] {
  const byLine = new Map<string, Asset[]>();
  for (const a of [...assets].sort((x, y) => x.id.localeCompare(y.id))) {
    const list = byLine.get(a.lineId);
    if (list) list.push(a);
    else byLine.set(a.lineId, [a]);
  }
  const known = new Set(plant.lines.map((l) => l.id));
  const areas: AreaNode[] = plant.areas.map((area) => ({
    id: area.id,
    name: area.name,
    lines: plant.lines
      .filter((l) => l.areaId === area.id)
      .map((l) => ({ id: l.id, name: l.name, assets: byLine.get(l.id) ?? [] })),
  }));
  // a line whose area is missing from the plant still shows, with its assets
  const areaIds = new Set(plant.areas.map((a) => a.id));
  const orphanLines = plant.lines
    .filter((l) => !areaIds.has(l.areaId))
    .map((l) => ({ id: l.id, name: l.name, assets: byLine.get(l.id) ?? [] }));
  const unknown = [...byLine.keys()]
    .filter((id) => !known.has(id))
    .sort()
    .map((id) => ({ id, name: id, assets: byLine.get(id) ?? [] }));
  const rest = [...orphanLines, ...unknown];
  if (rest.length > 0) areas.push({ id: '', name: 'Unassigned', lines: rest });
  return areas;
}

/** "1,200 / h", or "—" when the cost is not known (left out is not the same as zero). */
export function fmtCostPerHour(cost: number | undefined): string {
  if (cost === undefined || !Number.isFinite(cost)) return '—';
  return `${cost.toLocaleString('en-US', { maximumFractionDigits: 2 })} / h`;
}

export function fmtMoney(v: number): string {
  return v.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
}

export type StockLevel = 'out' | 'low' | 'ok';

/**
 * Out at 0; low at 1, or when what is left cannot cover one more use while a replacement takes more than a week to
 * arrive (a single spare with a long lead time is the classic critical-spares gap).
 */
export function stockLevel(part: Pick<SparePart, 'stock' | 'leadTimeDays'>): StockLevel {
  if (part.stock <= 0) return 'out';
  if (part.stock <= 1 || (part.stock <= 2 && part.leadTimeDays > 7)) return 'low';
  return 'ok';
}

export const STOCK_LABEL: Record<StockLevel, string> = { out: 'Out of stock', low: 'Low', ok: 'In stock' };

/** The asset edit form's values: text, as the inputs hold them. */
export interface AssetForm {
  name: string;
  type: string;
  lineId: string;
  criticality: Criticality;
  downtimeCostPerHour: string;
  manufacturer: string;
  model: string;
}

export function assetForm(a: Asset): AssetForm {
  return {
    name: a.name,
    type: a.type,
    lineId: a.lineId,
    criticality: a.criticality,
    downtimeCostPerHour: a.downtimeCostPerHour === undefined ? '' : String(a.downtimeCostPerHour),
    manufacturer: a.manufacturer ?? '',
    model: a.model ?? '',
  };
}

/**
 * The PUT body of an edit: only the fields that changed. The cost goes as typed (text) so that the server's check,
 * not the browser's, says what is wrong with it; a blank optional field clears it.
 */
export function assetPatch(before: Asset, form: AssetForm): Record<string, string> {
  const was = assetForm(before);
  const out: Record<string, string> = {};
  for (const k of Object.keys(form) as (keyof AssetForm)[]) if (form[k].trim() !== was[k].trim()) out[k] = form[k];
  return out;
}

/** Field → message of a FIELD_INVALID error's details (`{ field, problems: [{ field, message }] }`). */
export function fieldProblems(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!details || typeof details !== 'object') return out;
  const d = details as { field?: unknown; problems?: unknown };
  if (Array.isArray(d.problems)) {
    for (const p of d.problems) {
      const { field, message } = (p ?? {}) as { field?: unknown; message?: unknown };
      if (typeof field === 'string' && typeof message === 'string' && !(field in out)) out[field] = message;
    }
  }
  if (typeof d.field === 'string' && !(d.field in out)) out[d.field] = 'is not valid';
  return out;
}
