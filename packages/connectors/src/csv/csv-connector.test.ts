import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reading } from '@prognos/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorContext } from '../contract';
import type { CsvConnectorConfig } from './config';
import { CsvConnector } from './csv-connector';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'prognos-csv-conn-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function ctx(): ConnectorContext {
  const dataDir = tempDir();
  return { dataDir, log: { info() {}, warn() {}, error() {} } };
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const config = (folder: string, over: Partial<CsvConnectorConfig> = {}): CsvConnectorConfig => ({
  id: 'hist',
  kind: 'csv',
  folder,
  settleMs: 50,
  scanIntervalMs: 200,
  timezone: 'Europe/Berlin',
  ...over,
});

describe('CSV drop-folder connector', () => {
  it('imports new files once, moves them to done/ or failed/ with an error report, shows progress', async () => {
    const folder = tempDir();
    const got: Reading[] = [];
    const conn = new CsvConnector(
      config(folder, { columns: { 'PT-1': { sensor: 'P-101.PRESS', unit: 'bar' } } }),
      ctx(),
    );
    await conn.start(async (r) => void got.push(...r));
    await until(() => conn.health().state === 'connected', 3000, 'connected');

    writeFileSync(
      join(folder, 'a.csv'),
      'time;PT-1 [bar];TT-1\n01.06.2024 12:00:00;1,5;20\n01.06.2024 12:00:01;1,6;21\n',
    );
    await until(() => conn.health().files.some((f) => f.file === 'a.csv' && f.state === 'done'), 5000, 'a.csv done');
    expect(got).toEqual([
      { sensor: 'P-101.PRESS', ts: Date.UTC(2024, 5, 1, 10), value: 1.5, quality: 0 },
      { sensor: 'TT-1', ts: Date.UTC(2024, 5, 1, 10), value: 20, quality: 0 },
      { sensor: 'P-101.PRESS', ts: Date.UTC(2024, 5, 1, 10, 0, 1), value: 1.6, quality: 0 },
      { sensor: 'TT-1', ts: Date.UTC(2024, 5, 1, 10, 0, 1), value: 21, quality: 0 },
    ]);
    expect(existsSync(join(folder, 'done', 'a.csv'))).toBe(true);
    expect(existsSync(join(folder, 'a.csv'))).toBe(false);

    // a file with some bad rows: imported, report next to it in done/
    writeFileSync(join(folder, 'b.csv'), 'ts,X\n1717243200,1\n1717243201,oops\n');
    // a file that cannot be imported at all: failed/ with a report
    writeFileSync(join(folder, 'c.csv'), 'foo,bar\n1,2\n');
    // not a CSV file: left alone
    writeFileSync(join(folder, 'notes.md'), 'hello');
    await until(() => conn.health().files.filter((f) => f.state !== 'importing').length === 3, 5000, 'b and c');
    const h = conn.health();
    const b = h.files.find((f) => f.file === 'b.csv')!;
    expect(b).toMatchObject({ state: 'done', rows: 2, readings: 1, errors: 1 });
    expect(b.bytes).toBe(b.size);
    expect(readFileSync(join(folder, 'done', 'b.csv.errors.txt'), 'utf8')).toContain(
      'line 3 [X]: "oops" is not a number',
    );
    const c = h.files.find((f) => f.file === 'c.csv')!;
    expect(c.state).toBe('failed');
    expect(existsSync(join(folder, 'failed', 'c.csv'))).toBe(true);
    expect(readFileSync(join(folder, 'failed', 'c.csv.errors.txt'), 'utf8')).toMatch(/no timestamp column/);
    expect(existsSync(join(folder, 'notes.md'))).toBe(true);
    expect(h.readings).toBe(5);
    expect(h.errors).toBeGreaterThanOrEqual(2);
    expect(h.tags.find((t) => t.tag === 'PT-1 [bar]')).toMatchObject({ sensor: 'P-101.PRESS', lastValue: 1.6 });

    // a second file with the same name later is a new file and is imported too (kept apart in done/)
    writeFileSync(join(folder, 'a.csv'), 'ts,Y\n1717243200,5\n');
    await until(() => got.some((r) => r.sensor === 'Y'), 5000, 'second a.csv');
    await until(() => readdirSync(join(folder, 'done')).filter((f) => f.startsWith('a')).length === 2, 2000, 'moved');
    expect(got.filter((r) => r.sensor === 'P-101.PRESS')).toHaveLength(2); // the first a.csv was not re-imported
    await conn.stop();
    expect(conn.health().state).toBe('stopped');
  });

  it('waits for a file that is still being written', async () => {
    const folder = tempDir();
    const got: Reading[] = [];
    const conn = new CsvConnector(config(folder, { settleMs: 400 }), ctx());
    await conn.start(async (r) => void got.push(...r));
    const p = join(folder, 'slow.csv');
    writeFileSync(p, 'ts,A\n1717243200,1\n');
    await new Promise((r) => setTimeout(r, 250));
    writeFileSync(p, 'ts,A\n1717243200,1\n1717243201,2\n');
    await until(() => conn.health().files.some((f) => f.state === 'done'), 5000, 'import');
    expect(got.map((r) => r.value)).toEqual([1, 2]);
    await conn.stop();
  });

  it('retries while emit fails, and resumes an interrupted file from its checkpoint after a restart', async () => {
    const folder = tempDir();
    const c = ctx();
    mkdirSync(folder, { recursive: true });
    const rows = Array.from({ length: 100 }, (_, i) => `${1_717_243_200 + i},${i}`);
    writeFileSync(join(folder, 'big.csv'), `ts,A\n${rows.join('\n')}\n`);
    const first: number[] = [];
    let calls = 0;
    const conn = new CsvConnector(config(folder, { batchSize: 10, settleMs: 0 }), c);
    await conn.start(async (r) => {
      calls++;
      // the 5th batch fails forever: the store went away
      if (calls >= 5) throw new Error('store unreachable');
      first.push(...r.map((x) => x.value));
    });
    await until(() => calls >= 6, 5000, 'retries');
    expect(conn.health().lastError?.message).toMatch(/emit failed: store unreachable/);
    await conn.stop();
    expect(first).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(existsSync(join(folder, 'big.csv'))).toBe(true); // not moved: not fully imported

    const second: number[] = [];
    const again = new CsvConnector(config(folder, { batchSize: 10, settleMs: 0 }), c);
    await again.start(async (r) => void second.push(...r.map((x) => x.value)));
    await until(() => again.health().files.some((f) => f.state === 'done'), 5000, 'resumed import');
    expect(second).toEqual(Array.from({ length: 60 }, (_, i) => 40 + i));
    expect(existsSync(join(folder, 'done', 'big.csv'))).toBe(true);
    await again.stop();
  });
});
