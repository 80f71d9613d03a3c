/**
 * Parsing of the NAB corpus layout (numenta/NAB): `data/<category>/<name>.csv` with the header `timestamp,value`
 * and timestamps like `2014-04-01 00:00:00`, and `labels/combined_windows.json` mapping `"category/name.csv"` to a
 * list of `[start, end]` timestamp strings (like `"2014-04-10 07:15:00.000000"`). Pure functions; the folder
 * reader is nab-loader.ts. NAB timestamps carry no zone; they are read as UTC so that ordering and spacing are kept.
 */
import type { NabWindow } from './nab';

const TS = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*$/;

/** Epoch ms of a NAB timestamp, or NaN when it does not parse. */
export function parseNabTimestamp(text: string): number {
  const m = TS.exec(text);
  if (!m) return Number.NaN;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms);
}

export interface NabSeriesData {
  timestamps: number[];
  /** NaN where the value cell is empty or not a number (kept so rows stay aligned with NAB's). */
  values: number[];
  /** Rows skipped (bad timestamp, or not after the previous one), 1-based line numbers with the reason. */
  problems: string[];
}

/** Parses a NAB data CSV (`timestamp,value`; other columns ignored, header required). */
export function parseNabCsv(text: string): NabSeriesData {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  const ti = header.indexOf('timestamp');
  const vi = header.indexOf('value');
  const out: NabSeriesData = { timestamps: [], values: [], problems: [] };
  if (ti < 0 || vi < 0) {
    out.problems.push(`line 1: header must contain "timestamp" and "value", got "${lines[0] ?? ''}"`);
    return out;
  }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const t = parseNabTimestamp((cells[ti] ?? '').replace(/"/g, ''));
    if (Number.isNaN(t)) {
      out.problems.push(`line ${i + 1}: bad timestamp "${cells[ti] ?? ''}"`);
      continue;
    }
    const last = out.timestamps[out.timestamps.length - 1];
    if (last !== undefined && t <= last) {
      out.problems.push(`line ${i + 1}: timestamp not after the previous row`);
      continue;
    }
    const cell = (cells[vi] ?? '').trim();
    out.timestamps.push(t);
    out.values.push(cell === '' ? Number.NaN : Number(cell));
  }
  return out;
}

/**
 * Parses combined_windows.json into windows per relative path. Entries that are not [start, end] pairs of valid
 * timestamps are reported in `problems` and left out.
 */
export function parseNabWindows(json: unknown): { windows: Map<string, NabWindow[]>; problems: string[] } {
  const windows = new Map<string, NabWindow[]>();
  const problems: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problems.push('labels: expected an object mapping "category/name.csv" to windows');
    return { windows, problems };
  }
  for (const [key, list] of Object.entries(json as Record<string, unknown>)) {
    const ws: NabWindow[] = [];
    if (!Array.isArray(list)) {
      problems.push(`labels ${key}: expected a list of windows`);
      continue;
    }
    for (const pair of list) {
      const start = Array.isArray(pair) && typeof pair[0] === 'string' ? parseNabTimestamp(pair[0]) : Number.NaN;
      const end = Array.isArray(pair) && typeof pair[1] === 'string' ? parseNabTimestamp(pair[1]) : Number.NaN;
      if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
        problems.push(`labels ${key}: bad window ${JSON.stringify(pair)}`);
        continue;
      }
      ws.push({ start, end });
    }
    windows.set(key.replace(/\\/g, '/'), ws);
  }
  return { windows, problems };
}
