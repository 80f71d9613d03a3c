import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openSqliteStore } from '@prognos/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startTestServer, type TestServer, waitFor } from './harness';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli/bin/prognos.js');
const run = (args: string[], timeout = 60_000) => promisify(execFile)(process.execPath, [cli, ...args], { timeout });

describe('prognos CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'prognos-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--help explains every subcommand', async () => {
    const { stdout } = await run(['--help']);
    for (const cmd of ['start', 'serve', 'import', 'simulate']) expect(stdout).toMatch(new RegExp(`\\n\\s+${cmd}\\b`));
    const sub = await run(['import', '--help']);
    expect(sub.stdout).toMatch(/--data-dir/);
    expect(sub.stdout).toMatch(/progress bar/);
  });

  it('imports a wide historian CSV with a progress bar, registering the sensors, and reports bad cells', async () => {
    const data = join(dir, 'store-wide');
    const csv = join(dir, 'wide.csv');
    const t0 = Date.UTC(2026, 0, 1);
    const lines = ['timestamp;PT-101;TT-101'];
    for (let i = 0; i < 5000; i++)
      lines.push(
        `${new Date(t0 + i * 1000).toISOString()};${(5 + (i % 7) / 100).toFixed(2)};${i === 10 ? 'n/a' : (60 + (i % 11) / 10).toFixed(1)}`,
      );
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const { stdout, stderr } = await run([
      'import',
      csv,
      '--data-dir',
      data,
      '--register-asset',
      'SKID-1',
      '--unit',
      'bar',
      '--batch',
      '1000',
    ]);
    expect(stdout).toMatch(/Imported 9999 readings/);
    expect(stdout).toMatch(/rejected 1/);
    expect(stdout).toMatch(/CSV_BAD_ROW × 1 \(first: line 12, column TT-101/);
    expect(stderr).toMatch(/importing \|/); // the progress bar
    const store = openSqliteStore({ path: join(data, 'prognos.db') });
    try {
      const s = await store.readings.read('PT-101', t0, t0 + 5000_000);
      expect(s.ts.length).toBe(5000);
      expect(s.values[1]).toBe(5.01);
      expect((await store.metadata.getSensor('TT-101'))?.assetId).toBe('SKID-1');
    } finally {
      await store.close();
    }
  });

  it('imports a long CSV into a store whose sensors exist, and rejects unknown sensors per line', async () => {
    const data = join(dir, 'store-long');
    const wide = join(dir, 'seed.csv');
    writeFileSync(wide, 'ts,FT-201\n1767225600000,1\n');
    await run(['import', wide, '--data-dir', data, '--register-asset', 'SKID-2', '--unit', 'm3/h']);
    const csv = join(dir, 'long.csv');
    writeFileSync(
      csv,
      'sensor,ts,value,quality\nFT-201,1767225601000,12.5,good\nFT-201,1767225602000,12.75,suspect\nXX-999,1767225603000,1,good\n',
    );
    const { stdout } = await run(['import', csv, '--data-dir', data]);
    expect(stdout).toMatch(/Imported 2 readings/);
    expect(stdout).toMatch(/INGEST_UNKNOWN_SENSOR × 1 \(first: Sensor "XX-999" is not registered/);
  });
});

describe('prognos simulate against a running server', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ simulator: false });
  });
  afterAll(async () => s?.stop());

  it('registers the demo plant over HTTP and publishes readings over MQTT like a gateway', async () => {
    const { stdout } = await run([
      'simulate',
      '--api',
      s.base,
      '--mqtt',
      `mqtt://127.0.0.1:${s.p.mqttPort}`,
      '--duration',
      '4',
      '--interval',
      '500',
    ]);
    expect(stdout).toMatch(/Registered 7 assets and 47 sensors/);
    const assets = await getJson<{ id: string }[]>(`${s.base}/api/assets`);
    expect(assets.body.length).toBe(7);
    const latest = await waitFor(
      async () => {
        const r = await getJson<{ latest: Record<string, unknown> }>(`${s.base}/api/assets/F-501`);
        return Object.keys(r.body.latest).length > 0 ? r.body.latest : undefined;
      },
      5_000,
      'readings from the simulator',
    );
    expect(Object.keys(latest).length).toBeGreaterThanOrEqual(5);
  });
});
