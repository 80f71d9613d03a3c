import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RulPredictionResult } from '@prognos/core';
import { openSqliteStore } from '@prognos/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './harness';
import { cmapssFleet } from './rul-fixture';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli/bin/prognos.js');
const run = (args: string[], timeout = 60_000) => promisify(execFile)(process.execPath, [cli, ...args], { timeout });
/** Small, fast settings through the command's own options. */
const small = ['--rounds', '30', '--folds', '3', '--window', '15'];

describe('prognos rul', () => {
  let dir: string;
  let data: string;
  const test = cmapssFleet(8, 2, true);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'prognos-cli-rul-'));
    data = join(dir, 'cmapss');
    // the C-MAPSS file layout: train_<subset>.txt, test_<subset>.txt, RUL_<subset>.txt
    mkdirSync(data);
    writeFileSync(join(data, 'train_FD901.txt'), cmapssFleet(30, 1).text);
    writeFileSync(join(data, 'test_FD901.txt'), test.text);
    writeFileSync(join(data, 'RUL_FD901.txt'), `${test.rul.join('\n')}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains on the embedded store with a progress bar, evaluates and predicts with tables or JSON', async () => {
    const store = join(dir, 'store');
    const train = await run(['rul', 'train', '--data', data, '--subset', 'FD901', '-d', store, ...small]);
    expect(train.stdout).toMatch(/Trained RUL model turbofan-FD901 version 1 \(active\) on train_FD901.txt/);
    expect(train.stdout).toMatch(/version\s+engines\s+cycles\s+regimes\s+val\. RMSE/);
    expect(train.stderr).toMatch(/training \|/); // the progress bar
    const again = await run([
      'rul',
      'train',
      '--data',
      data,
      '--subset',
      'FD901',
      '-d',
      store,
      '--name',
      'mine',
      ...small,
    ]);
    expect(again.stdout).toMatch(/Trained RUL model mine version 1/);

    const ev = await run(['rul', 'evaluate', '--data', data, '--subset', 'FD901', '-d', store]);
    expect(ev.stdout).toMatch(/turbofan-FD901 version 1 on test_FD901.txt/);
    expect(ev.stdout).toMatch(/engines\s+RMSE\s+PHM08 score\s+coverage 90 %\n[- ]+\n\s+8\s+\d+\.\d\d/);

    const file = join(data, 'test_FD901.txt');
    const table = await run([
      'rul',
      'predict',
      '--file',
      file,
      '--name',
      'turbofan-FD901',
      '-d',
      store,
      '--horizon',
      '25',
    ]);
    expect(table.stdout).toMatch(/8 unit\(s\), horizon 25 cycles/);
    expect(table.stdout).toMatch(/unit\s+last cycle\s+RUL\s+90 % low\s+90 % high\s+P\(fail ≤ 25\)/);
    const json = await run(['rul', 'predict', '--file', file, '--name', 'turbofan-FD901', '-d', store, '--json']);
    const r = JSON.parse(json.stdout) as RulPredictionResult;
    expect(r).toMatchObject({ name: 'turbofan-FD901', version: 1, horizon: 30 });
    expect(r.units.map((u) => u.unit)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const s = openSqliteStore({ path: join(store, 'prognos.db') });
    try {
      const [v] = await s.metadata.listRulModelVersions('turbofan-FD901');
      expect(v).toMatchObject({ version: 1, active: true, createdBy: 'cli', options: { rounds: 30, folds: 3 } });
      expect(v!.metrics.lastEvaluation?.engines).toBe(8);
    } finally {
      await s.close();
    }

    const missing = await run(['rul', 'predict', '--file', file, '--name', 'nope', '-d', store]).catch((e) => e);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/RUL model "nope" does not exist/);
  });

  it('trains and predicts through a running server with --url', async () => {
    const s = await startTestServer({ simulator: false });
    try {
      const train = await run(['rul', 'train', '--data', data, '--subset', 'FD901', '--url', s.base, ...small]);
      expect(train.stdout).toMatch(/Trained RUL model turbofan-FD901 version 1/);
      const json = await run([
        'rul',
        'predict',
        '--file',
        join(data, 'test_FD901.txt'),
        '--name',
        'turbofan-FD901',
        '--url',
        s.base,
        '--json',
      ]);
      expect((JSON.parse(json.stdout) as RulPredictionResult).units).toHaveLength(8);
      const versions = await s.p.ctx.metadata.listRulModelVersions('turbofan-FD901');
      expect(versions.map((v) => [v.version, v.createdBy])).toEqual([[1, 'cli']]);
    } finally {
      await s.stop();
    }
  });
});
