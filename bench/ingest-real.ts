/**
 * Bytes per reading on real sensor data: every SKAB-format CSV under a folder (`;`-separated, a `datetime`
 * column, then one numeric column per sensor, 1 Hz) is ingested as one series per file and column.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reading } from '@prognos/core';
import { openSqliteStore } from '@prognos/store';

function csvFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...csvFiles(p));
    else if (name.endsWith('.csv')) out.push(p);
  }
  return out.sort();
}

export async function benchRealData(
  dir: string,
): Promise<{ files: number; readings: number; bytesPerReading: number }> {
  const files = csvFiles(dir);
  const tmp = mkdtempSync(join(tmpdir(), 'prognos-real-'));
  try {
    const store = openSqliteStore({ path: join(tmp, 'real.db') });
    let total = 0;
    for (const [fi, file] of files.entries()) {
      const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
      const sep = lines[0]!.includes(';') ? ';' : ',';
      const header = lines[0]!.split(sep);
      const tsCol = header.findIndex((h) => /date|time|^ts$/i.test(h));
      const cols = header.map((_h, i) => i).filter((i) => i !== tsCol && !/^(anomaly|changepoint)$/i.test(header[i]!));
      const batch: Reading[] = [];
      for (const line of lines.slice(1)) {
        const f = line.split(sep);
        const ts = Date.parse(`${f[tsCol]!.replace(' ', 'T')}Z`);
        if (!Number.isFinite(ts)) continue;
        for (const c of cols) {
          const v = Number(f[c]);
          if (Number.isFinite(v)) batch.push({ sensor: `f${fi}.${header[c]}`, ts, value: v, quality: 0 });
        }
      }
      await store.readings.append(batch);
      total += batch.length;
    }
    await store.readings.flush();
    const { bytesOnDisk } = await store.readings.stats();
    await store.close();
    return { files: files.length, readings: total, bytesPerReading: bytesOnDisk / total };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
