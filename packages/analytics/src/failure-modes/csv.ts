import type { RawRow } from './features';

/**
 * A comma-separated table with a header line (RFC 4180 quoting; a leading UTF-8 byte-order mark, as in the
 * UCI copy of AI4I 2020, is dropped). Cells stay text; features convert what they use.
 */
export function parseCsv(text: string): { columns: string[]; rows: RawRow[] } {
  const lines = splitRecords(text.replace(/^\uFEFF/, ''));
  const columns = (lines[0] ?? []).map((h) => h.trim());
  const rows = lines.slice(1).map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
  return { columns, rows };
}

function splitRecords(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      if (row.some((c) => c.trim() !== '')) out.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  row.push(cell);
  if (row.some((c) => c.trim() !== '')) out.push(row);
  return out;
}
