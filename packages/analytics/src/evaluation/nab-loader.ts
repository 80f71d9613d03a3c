/**
 * Reads a folder in the NAB layout (`data/<category>/<name>.csv` + `labels/combined_windows.json`). Node only
 * (node:fs); the parsing itself is in nab-format.ts. Per-file problems are collected, not thrown: a corpus with
 * one broken file still loads the others (only a missing data/ folder or labels file throws).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NabWindow } from './nab';
import { parseNabCsv, parseNabWindows } from './nab-format';

export interface NabDataFile {
  /** Relative path as used in the labels, e.g. "realKnownCause/nyc_taxi.csv". */
  key: string;
  category: string;
  name: string;
  timestamps: number[];
  values: number[];
  windows: NabWindow[];
}

export interface NabCorpus {
  files: NabDataFile[];
  problems: string[];
}

/**
 * Loads every CSV under `dir/data/*` that has an entry in the labels file (as NAB's runner does: files without
 * labels are reported and skipped, since scoring them would treat them as anomaly-free). Files sorted by key.
 */
export async function loadNabCorpus(
  dir: string,
  labelsFile = join('labels', 'combined_windows.json'),
): Promise<NabCorpus> {
  const { windows, problems } = parseNabWindows(JSON.parse(await readFile(join(dir, labelsFile), 'utf8')));
  const files: NabDataFile[] = [];
  const seen = new Set<string>();
  const categories = (await readdir(join(dir, 'data'), { withFileTypes: true })).filter((d) => d.isDirectory());
  for (const cat of categories.map((d) => d.name).sort()) {
    const names = (await readdir(join(dir, 'data', cat))).filter((f) => f.endsWith('.csv')).sort();
    for (const name of names) {
      const key = `${cat}/${name}`;
      seen.add(key);
      const ws = windows.get(key);
      if (!ws) {
        problems.push(`${key}: no entry in the labels file, skipped`);
        continue;
      }
      const parsed = parseNabCsv(await readFile(join(dir, 'data', cat, name), 'utf8'));
      for (const p of parsed.problems) problems.push(`${key} ${p}`);
      if (parsed.timestamps.length === 0) {
        problems.push(`${key}: no rows, skipped`);
        continue;
      }
      files.push({ key, category: cat, name, timestamps: parsed.timestamps, values: parsed.values, windows: ws });
    }
  }
  for (const key of windows.keys()) if (!seen.has(key)) problems.push(`${key}: labelled but no data file found`);
  return { files, problems };
}
