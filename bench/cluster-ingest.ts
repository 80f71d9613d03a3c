/**
 * Ingest through a cluster of `prognos worker` processes (part of `npm run bench -- scale`): a real Mosquitto broker,
 * PostgreSQL (a fresh schema, dropped afterwards) and 1 or 2 workers as child processes of the built CLI. A publisher
 * sends the plant's readings (100 assets × 10 sensors, 1,000 readings per message, QoS 1, up to 64 messages in
 * flight) to the assets' partition topics; the figure is readings stored in PostgreSQL per second, from the first
 * publish until the last reading is committed (counted in the store's own tables). Each worker validates every
 * reading, runs the per-reading quality checks, commits to PostgreSQL and only then acknowledges the message.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startMosquitto } from '@prognos/connectors/testing';
import { encodeReadingsPayload, readingsTopic } from '@prognos/core';
import { openPgStore } from '@prognos/store';
import mqtt from 'mqtt';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ASSETS = 100;
const SENSORS_PER_ASSET = 10;
const PER_MESSAGE = 1_000;
const IN_FLIGHT = 64;
const PARTITIONS = 16;
const T0 = Date.UTC(2024, 0, 1);

export interface ClusterIngestResult {
  workers: number;
  readings: number;
  readingsPerS: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const logs = new WeakMap<ChildProcess, string[]>();

/** `prognos worker` as a child process: the built bundle (npm install builds it), else the source through tsx. */
function spawnWorker(pgUrl: string, schema: string, mqttUrl: string, clusterId: string): ChildProcess {
  const bundle = join(root, 'packages/cli/dist/prognos.mjs');
  const entry = existsSync(bundle) ? [bundle] : ['--import', 'tsx', join(root, 'packages/cli/src/main.ts')];
  const child = spawn(
    process.execPath,
    [...entry, 'worker', '--pg-url', pgUrl, '--mqtt-url', mqttUrl, '--partitions', String(PARTITIONS)],
    {
      cwd: root,
      env: { ...process.env, PROGNOS_PG_SCHEMA: schema, PROGNOS_LOG_LEVEL: 'warn', PROGNOS_CLUSTER_ID: clusterId },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  // its log (start banner, warnings) is shown only when the run fails
  const log: string[] = [];
  child.stderr?.on('data', (d) => log.push(String(d)));
  logs.set(child, log);
  return child;
}

export async function benchClusterIngest(
  pgUrl: string,
  workers: number,
  totalReadings: number,
): Promise<ClusterIngestResult> {
  const schema = `prognos_bench_${process.pid}_cluster${workers}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  const broker = await startMosquitto({ extraConfig: 'max_queued_messages 1000000\nmax_inflight_messages 1000\n' });
  const children: ChildProcess[] = [];
  let publisher: mqtt.MqttClient | undefined;
  try {
    // The plant, registered before the workers start (they read the sensors at start).
    const store = await openPgStore({ connectionString: pgUrl, schema });
    const m = store.metadata;
    await m.upsertSite({ id: 'site', name: 'Plant' });
    await m.upsertArea({ id: 'area', siteId: 'site', name: 'Hall' });
    await m.upsertLine({ id: 'line', areaId: 'area', name: 'Line 1' });
    const assets = Array.from({ length: ASSETS }, (_, a) => `B-${a}`);
    for (const id of assets) {
      await m.upsertAsset({ id, lineId: 'line', name: id, type: 'centrifugal_pump', criticality: 'B' });
      for (let k = 0; k < SENSORS_PER_ASSET; k++) {
        await m.upsertSensor({
          id: `${id}.S${k}`,
          assetId: id,
          name: `S${k}`,
          kind: 'temperature',
          unit: 'degC',
          min: 0,
          max: 200,
          sampleRateHz: 1,
        });
      }
    }
    await store.close();

    const clusterId = `bench-${process.pid}-${workers}`;
    for (let i = 0; i < workers; i++) children.push(spawnWorker(pgUrl, schema, broker.url, clusterId));
    // Every partition leased, and each worker at its fair share, before the clock starts.
    const fair = Math.ceil(PARTITIONS / workers);
    const t0 = Date.now();
    for (;;) {
      const r = await admin
        .query<{ owner: string; n: number }>(
          `SELECT owner, count(*)::int AS n FROM "${schema}".cluster_leases
           WHERE owner IS NOT NULL AND expires_at > now() GROUP BY owner`,
        )
        .catch(() => ({ rows: [] as { owner: string; n: number }[] }));
      const held = r.rows.reduce((s, x) => s + x.n, 0);
      if (held === PARTITIONS && r.rows.length === workers && r.rows.every((x) => x.n <= fair)) break;
      if (Date.now() - t0 > 90_000) throw new Error(`the ${workers} worker(s) did not lease all partitions in 90 s`);
      await sleep(200);
    }
    // The sessions of the partitions are connected: give the consumers a moment to subscribe.
    await sleep(1_000);

    // Messages of 1,000 readings of one asset (100 s of its 10 sensors), built before the clock starts.
    const messages: { topic: string; payload: string }[] = [];
    const perAsset = Math.ceil(totalReadings / ASSETS / PER_MESSAGE);
    for (let j = 0; j < perAsset; j++) {
      for (const id of assets) {
        const readings = [];
        for (let s = 0; s < PER_MESSAGE / SENSORS_PER_ASSET; s++) {
          const ts = T0 + (j * (PER_MESSAGE / SENSORS_PER_ASSET) + s) * 1000;
          for (let k = 0; k < SENSORS_PER_ASSET; k++)
            readings.push({
              sensor: `${id}.S${k}`,
              ts,
              value: Math.round((60 + 5 * Math.sin(ts / 6e5 + k)) * 100) / 100,
            });
        }
        messages.push({ topic: readingsTopic(id, PARTITIONS), payload: encodeReadingsPayload(readings) });
      }
    }
    const total = messages.length * PER_MESSAGE;
    publisher = await mqtt.connectAsync(broker.url, { clientId: `bench-pub-${process.pid}`, protocolVersion: 5 });
    const start = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < messages.length) {
        const msg = messages[next++]!;
        await publisher!.publishAsync(msg.topic, msg.payload, { qos: 1 });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    // Until every reading is committed: the counts of the unsealed head blocks and of the sealed chunks.
    for (;;) {
      const r = await admin.query<{ n: number }>(
        `SELECT (SELECT COALESCE(sum(n), 0) FROM "${schema}".reading_head)::bigint
              + (SELECT COALESCE(sum(n), 0) FROM "${schema}".reading_chunk)::bigint AS n`,
      );
      if (Number(r.rows[0]!.n) >= total) break;
      if (performance.now() - start > 600_000) throw new Error('the workers did not store every reading in 10 min');
      await sleep(100);
    }
    const seconds = (performance.now() - start) / 1000;
    return { workers, readings: total, readingsPerS: Math.round(total / seconds) };
  } catch (err) {
    for (const c of children) process.stderr.write((logs.get(c) ?? []).join('').slice(-4000));
    throw err;
  } finally {
    await publisher?.endAsync();
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await broker.stop();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}
