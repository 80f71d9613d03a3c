/**
 * CSV imports of registry records: each row is checked on its own, good rows are kept and every bad cell is
 * reported with its data row, file line and column (a batch with one bad row of 50 imports 49 and reports 1).
 */
import { type Asset, type CsvImportError, PrognosError, type SparePart } from '@prognos/core';
import { parseCsvTable } from './csv-table';
import { ASSET_FIELDS, type FieldSpecs, readFields, SPARE_PART_FIELDS } from './fields';

export interface CsvImportSpec<T> {
  /** CSV column (normalised) → record field. */
  columns: Readonly<Record<string, keyof T & string>>;
  /** Columns the header must have. */
  required: readonly string[];
  fields: FieldSpecs<T>;
}

export const ASSET_CSV: CsvImportSpec<Asset> = {
  columns: {
    id: 'id',
    name: 'name',
    type: 'type',
    line: 'lineId',
    line_id: 'lineId',
    criticality: 'criticality',
    downtime_cost_per_hour: 'downtimeCostPerHour',
    manufacturer: 'manufacturer',
    model: 'model',
  },
  required: ['id', 'name', 'type', 'criticality'],
  fields: ASSET_FIELDS,
};

export const SPARE_PART_CSV: CsvImportSpec<SparePart> = {
  columns: { id: 'id', name: 'name', stock: 'stock', lead_time_days: 'leadTimeDays', unit_cost: 'unitCost' },
  required: ['id', 'name', 'stock'],
  fields: SPARE_PART_FIELDS,
};

export interface CsvImport<T> {
  items: T[];
  rejected: number;
  errors: CsvImportError[];
}

/**
 * Reads the rows of `text` into records; a row whose id exists in `existing` edits that record (columns left out
 * of the file keep their values). A whole-file problem (no header, a required column missing) throws.
 */
export function importCsv<T extends { id: string }>(
  text: string,
  spec: CsvImportSpec<T>,
  existing: ReadonlyMap<string, T>,
): CsvImport<T> {
  const table = parseCsvTable(text, spec.required);
  const present = table.columns.filter((c) => spec.columns[c] !== undefined);
  // the column a field is reported under: the one in the file, else the first name the spec knows it by
  const columnOf = new Map<string, string>();
  for (const [c, f] of Object.entries(spec.columns)) if (!columnOf.has(f) || present.includes(c)) columnOf.set(f, c);
  const seen = new Map<string, number>();
  const items: T[] = [];
  const errors: CsvImportError[] = [];
  let rejected = 0;
  for (const rec of table.records) {
    const bad = (column: string, message: string) =>
      errors.push({
        row: rec.row,
        line: rec.line,
        column,
        code: 'CSV_BAD_ROW',
        message: new PrognosError('CSV_BAD_ROW', [rec.line, `column "${column}": ${message}`]).message,
      });
    const raw: Record<string, unknown> = {};
    for (const c of present) raw[spec.columns[c] as string] = rec.cells[c];
    const id = String(raw.id ?? '');
    const first = seen.get(id);
    if (id !== '' && first !== undefined) {
      bad('id', `"${id}" is already on row ${first}`);
      rejected++;
      continue;
    }
    const r = readFields(spec.fields, raw, existing.get(id));
    if (!r.value) {
      for (const p of r.problems) bad(columnOf.get(p.field) ?? p.field, p.message);
      rejected++;
      continue;
    }
    seen.set(id, rec.row);
    items.push(r.value);
  }
  return { items, rejected, errors };
}
