import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveWorkerConfig } from './worker-config';

const dir = mkdtempSync(join(tmpdir(), 'prognos-worker-config-'));
const file = (name: string, doc: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
};
const PG = 'postgres://u:secret@db:5432/prognos';
const MQTT = 'mqtt://broker:1883';

describe('prognos worker configuration', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes flags over environment over the --config file, key by key', () => {
    const config = file('all.json', {
      pgUrl: 'postgres://file@db/x',
      mqttUrl: 'mqtt://file:1883',
      partitions: 8,
      clusterId: 'from-file',
      port: 9100,
      pgSchema: 'file_schema',
    });
    const env = { PROGNOS_MQTT_URL: 'mqtt://env:1883', PROGNOS_PARTITIONS: '32', PROGNOS_CLUSTER_ID: 'from-env' };
    const c = resolveWorkerConfig({ clusterId: 'from-flag' }, { env, file: config });
    expect(c).toMatchObject({
      pgUrl: 'postgres://file@db/x', // only in the file
      mqttUrl: 'mqtt://env:1883', // env over file
      partitions: 32, // env over file
      clusterId: 'from-flag', // flag over env and file
      port: 9100,
      pgSchema: 'file_schema',
      leaseTtlMs: 10_000,
      tickMs: 2_000,
    });
  });

  it('leaves partition count and cluster id unset when nobody sets them (the recorded ones apply)', () => {
    const c = resolveWorkerConfig({ pgUrl: PG, mqttUrl: MQTT }, { env: {} });
    expect(c.partitions).toBeUndefined();
    expect(c.clusterId).toBeUndefined();
    expect(c).toMatchObject({ port: 0, pgSchema: 'prognos', logLevel: 'info', host: '0.0.0.0' });
  });

  it('names the setting that is missing or wrong', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return `${(e as { code?: string }).code}: ${(e as Error).message}`;
      }
      return 'ok';
    };
    expect(code(() => resolveWorkerConfig({ mqttUrl: MQTT }, { env: {} }))).toMatch(
      /CONFIG_INVALID: .*pgUrl is required/,
    );
    expect(code(() => resolveWorkerConfig({ pgUrl: PG }, { env: {} }))).toMatch(/mqttUrl is required/);
    expect(code(() => resolveWorkerConfig({ pgUrl: PG, mqttUrl: 'http://x' }, { env: {} }))).toMatch(/mqtt:\/\/host/);
    expect(code(() => resolveWorkerConfig({ pgUrl: 'mysql://x', mqttUrl: MQTT }, { env: {} }))).toMatch(/pgUrl/);
    expect(
      code(() => resolveWorkerConfig({ pgUrl: PG, mqttUrl: MQTT }, { env: { PROGNOS_PARTITIONS: 'many' } })),
    ).toMatch(/partitions must be an integer/);
    expect(code(() => resolveWorkerConfig({ pgUrl: PG, mqttUrl: MQTT, clusterId: 'a/b' }, { env: {} }))).toMatch(
      /cluster id/,
    );
    expect(code(() => resolveWorkerConfig({ pgUrl: PG, mqttUrl: MQTT, tickMs: 5_000 }, { env: {} }))).toMatch(
      /at most a third of the lease lifetime/,
    );
    expect(code(() => resolveWorkerConfig({}, { env: {}, file: file('bad.json', '{nope') }))).toMatch(
      /cannot read the worker config file/,
    );
    expect(code(() => resolveWorkerConfig({}, { env: {}, file: file('typo.json', { pgURL: PG }) }))).toMatch(
      /unknown key\(s\) pgURL/,
    );
    // the password never shows in an error
    expect(
      code(() => resolveWorkerConfig({ pgUrl: 'postgres://u:secret@/x', mqttUrl: MQTT }, { env: {} })),
    ).not.toMatch(/secret/);
  });
});
