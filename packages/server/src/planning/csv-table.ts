/**
 * A small CSV table reader for registry imports (assets, spare parts): a header line names the columns, each
 * later record is one item. RFC 4180 quoting (quoted cells may hold the delimiter, doubled quotes and line
 * breaks); "," or ";" as the delimiter (";" is what spreadsheets in decimal-comma locales write). Every record keeps
 * the file line it starts on, so that errors can name it.
 */
import { PrognosError } from '@prognos/core';

export interface CsvRecord {
  /** Data row number: 1 = the first record after the header. */
  row: number;
  /** File line (1-based) the record starts on. */
  line: number;
  /** Cells by normalised column name (trimmed; missing cells are ''). */
  cells: Record<string, string>;
}

export interface CsvTable {
  columns: string[];
  records: CsvRecord[];
}

/** "Downtime cost per hour" → "downtime_cost_per_hour": headers match however a spreadsheet wrote them. */
export function normaliseColumn(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/[\s\-/]+/g, '_')
    .replace(/[^a-z0-9_]/g, '');
}

/** Splits CSV text into records with the line each starts on; blank records are dropped. */
function splitRecords(text: string, delimiter: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const end = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) out.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\n') line++;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') {
        i++;
        line++;
      } else if (ch === '\r') line++;
      end();
      start = line;
    } else cell += ch;
  }
  end();
  return out;
}

/** Parses CSV text with a header; CSV_EMPTY when there is no header, CSV_MISSING_COLUMN for a required column. */
export function parseCsvTable(text: string, required: readonly string[]): CsvTable {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const [header, ...rest] = splitRecords(clean, delimiter);
  if (!header) throw new PrognosError('CSV_EMPTY', [required.join(', ')]);
  const columns = header.cells.map(normaliseColumn);
  for (const c of required) {
    if (!columns.includes(c)) throw new PrognosError('CSV_MISSING_COLUMN', [header.line, c], { column: c });
  }
  const records = rest.map((r, i) => ({
    row: i + 1,
    line: r.line,
    cells: Object.fromEntries(columns.map((c, k) => [c, (r.cells[k] ?? '').trim()])),
  }));
  return { columns, records };
}
