import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Reading } from '@prognos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MosquittoHandle, startMosquitto } from '../testing/mosquitto';
import type { MqttConnectorConfig } from './config';
import { MqttConnector } from './mqtt-connector';

const run = promisify(execFile);

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A throw-away CA and a server certificate for 127.0.0.1, made with openssl (EC keys: fast). */
async function makeCertificates(dir: string): Promise<void> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const o = { cwd: dir };
  await run(
    'openssl',
    ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=prognos-test-ca'],
    o,
  );
  await run('openssl', ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], o);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  await run(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '2',
      '-extfile',
      'san.ext',
    ],
    o,
  );
  // the broker drops root privileges to the "mosquitto" user
  for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o644);
}

describe('MQTT connector over TLS (mqtts://) against Mosquitto', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prognos-mqtts-'));
  let broker: MosquittoHandle;
  beforeAll(async () => {
    chmodSync(dir, 0o755);
    await makeCertificates(dir);
    broker = await startMosquitto({
      extraConfig: `cafile ${dir}/ca.crt\ncertfile ${dir}/server.crt\nkeyfile ${dir}/server.key`,
    });
  });
  afterAll(async () => {
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const config = (over: Partial<MqttConnectorConfig>): MqttConnectorConfig => ({
    id: 'tls',
    kind: 'mqtt',
    url: `mqtts://127.0.0.1:${broker.port}`,
    clientId: `prognos-tls-${Math.random().toString(36).slice(2)}`,
    reconnect: { baseMs: 100, maxMs: 400 },
    mappings: [{ topic: 'secure/{sensor}', sensor: 'S.{sensor}' }],
    ...over,
  });
  const ctx = () => ({ dataDir: dir, log: { info() {}, warn() {}, error() {} } });

  it('connects with the CA file and receives values published over TLS', async () => {
    const got: Reading[] = [];
    const conn = new MqttConnector(config({ ca: join(dir, 'ca.crt') }), ctx());
    await conn.start(async (r) => void got.push(...r));
    await until(() => conn.health().state === 'connected', 5000, 'connected');
    await new Promise((r) => setTimeout(r, 100));
    await run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.port),
      '--cafile',
      join(dir, 'ca.crt'),
      '-q',
      '1',
      '-t',
      'secure/T',
      '-m',
      '42.5',
    ]);
    await until(() => got.length === 1, 5000, 'a value');
    expect(got[0]).toMatchObject({ sensor: 'S.T', value: 42.5 });
    await conn.stop();
  });

  it('refuses an untrusted server certificate with state "error", unless rejectUnauthorized is false', async () => {
    const strict = new MqttConnector(config({}), ctx());
    await strict.start(async () => {});
    await until(() => strict.health().state === 'error', 5000, 'error state');
    expect(strict.health().lastError?.message).toMatch(/certificate/i);
    await strict.stop();

    const lax = new MqttConnector(config({ rejectUnauthorized: false }), ctx());
    await lax.start(async () => {});
    await until(() => lax.health().state === 'connected', 5000, 'connected');
    await lax.stop();
  });

  it('a missing certificate file is an error that names the file', async () => {
    const conn = new MqttConnector(config({ ca: join(dir, 'nope.crt') }), ctx());
    await expect(conn.start(async () => {})).rejects.toThrow(/cannot read TLS file.*nope\.crt/);
    expect(conn.health().state).toBe('error');
  });
});
