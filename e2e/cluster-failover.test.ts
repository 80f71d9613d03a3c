/**
 * Cluster fail-over with real parts: a Mosquitto broker, PostgreSQL (a fresh schema) and two `prognos worker`
 * processes (real OS processes running the CLI, so that SIGKILL is a real crash). A publisher streams readings of
 * 20 assets covering every partition at QoS 1 and records each reading whose PUBLISH got its PUBACK; mid-stream,
 * worker 2 joins (worker 1 hands half its partitions back gracefully), then worker 1 is killed. Worker 2 must own all partitions within 30 s of the kill, and once the publisher stops every
 * acknowledged reading must be in PostgreSQL exactly once (redelivered messages are idempotent: last write wins).
 * Finally worker 2 is stopped with SIGTERM and hands every lease back.
 *
 * Needs PROGNOS_TEST_PG_URL (scripts/test.sh sets it, starting a local cluster); without it the file is skipped.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type MosquittoHandle, startMosquitto } from '@prognos/connectors/testing';
import { DEFAULT_PARTITIONS, encodeReadingsPayload, partitionOf, readingsTopic } from '@prognos/core';
import { findSamples, parseExposition } from '@prognos/server';
import { openPgStore, type PgStore } from '@prognos/store';
import mqtt from 'mqtt';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const url = process.env.PROGNOS_TEST_PG_URL;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const P = DEFAULT_PARTITIONS;
const ASSETS = 20;
/** The publisher sends one message (both sensors of one asset) this often. */
const PUBLISH_EVERY_MS = 5;
/** Messages published at once just before the kill. */
const BURST = 2_000;
const T0 = Date.UTC(2026, 0, 1);

interface Worker {
  name: string;
  port: number;
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}
interface Health {
  workerId: string;
  owned: number[];
  liveWorkers: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asset ids such that every partition has at least one, then more up to `count`. */
function assetIds(count: number): string[] {
  const ids: string[] = [];
  const covered = new Set<number>();
  for (let n = 0; covered.size < P; n++) {
    const id = `M-${n}`;
    if (covered.has(partitionOf(id, P))) continue;
    covered.add(partitionOf(id, P));
    ids.push(id);
  }
  for (let n = 1000; ids.length < count; n++) ids.push(`M-${n}`);
  return ids;
}

describe.skipIf(!url)('cluster fail-over: a worker killed mid-stream loses no acknowledged reading', () => {
  const schema = `prognos_cluster_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const assets = assetIds(ASSETS);
  const sensors = assets.flatMap((a) => [`${a}.TT`, `${a}.PT`]);
  let broker: MosquittoHandle;
  let store: PgStore;
  const workers: Worker[] = [];

  const startWorker = async (name: string, extraArgs: string[] = []): Promise<Worker> => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'packages/cli/src/main.ts'),
        'worker',
        '--pg-url',
        url!,
        '--mqtt-url',
        broker.url,
        '--port',
        String(port),
        '--host',
        '127.0.0.1',
        '--cluster-id',
        `e2e-${process.pid}`,
        ...extraArgs,
      ],
      { cwd: root, env: { ...process.env, PROGNOS_PG_SCHEMA: schema, PROGNOS_LOG_LEVEL: 'info' } },
    );
    const output: string[] = [];
    child.stdout?.on('data', (d) => output.push(String(d)));
    child.stderr?.on('data', (d) => output.push(String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const w = { name, port, child, output, exited };
    workers.push(w);
    return w;
  };
  const health = async (w: Worker): Promise<Health | undefined> => {
    try {
      const res = await fetch(`http://127.0.0.1:${w.port}/api/health`);
      return res.ok ? ((await res.json()) as Health) : undefined;
    } catch {
      return undefined; // not listening yet
    }
  };
  const until = async (what: string, cond: () => Promise<boolean>, timeoutMs: number) => {
    const t0 = Date.now();
    while (!(await cond())) {
      if (Date.now() - t0 > timeoutMs) {
        for (const w of workers) console.log(`--- ${w.name} output ---\n${w.output.join('').slice(-4000)}`);
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      }
      await sleep(100);
    }
  };

  beforeAll(async () => {
    broker = await startMosquitto({ extraConfig: 'max_queued_messages 1000000\nmax_inflight_messages 1000' });
    store = await openPgStore({ connectionString: url!, schema });
    const m = store.metadata;
    await m.upsertSite({ id: 'site', name: 'Plant' });
    await m.upsertArea({ id: 'area', siteId: 'site', name: 'Hall' });
    await m.upsertLine({ id: 'line', areaId: 'area', name: 'Line 1' });
    for (const id of assets) {
      await m.upsertAsset({ id, lineId: 'line', name: id, type: 'centrifugal_pump', criticality: 'B' });
      for (const [suffix, kind, unit, max] of [
        ['TT', 'temperature', 'degC', 150],
        ['PT', 'pressure', 'bar', 16],
      ] as const) {
        await m.upsertSensor({
          id: `${id}.${suffix}`,
          assetId: id,
          name: suffix,
          kind,
          unit,
          min: 0,
          max,
          sampleRateHz: 1,
        });
      }
    }
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await store?.close();
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
    await broker?.stop();
  });

  it('hands worker 1’s partitions to worker 2 within 30 s of a SIGKILL; every acknowledged reading stored once', async () => {
    // worker 1 creates the cluster (layout, partition sessions) and, alone, takes every partition
    const w1 = await startWorker('worker 1');
    await until('worker 1 to own every partition', async () => (await health(w1))?.owned.length === P, 30_000);

    // the publisher: QoS 1, one message per asset in turn; a reading counts as acknowledged once its PUBACK came
    const pub = await mqtt.connectAsync(broker.url, { clientId: `e2e-publisher-${process.pid}`, reconnectPeriod: 500 });
    const acked = new Map<string, Map<number, number>>(sensors.map((s) => [s, new Map()]));
    const sent = new Map<string, Set<number>>(sensors.map((s) => [s, new Set()]));
    const inFlight = new Set<Promise<void>>();
    let seq = 0;
    /** Publishes the next message (both sensors of the next asset in turn); resolves once it is acknowledged. */
    const publishNext = () => {
      const asset = assets[seq % assets.length]!;
      const ts = T0 + Math.floor(seq / assets.length) * 1000;
      const readings = [
        { sensor: `${asset}.TT`, ts, value: 40 + (seq % 97) / 10 },
        { sensor: `${asset}.PT`, ts, value: 5 + (seq % 13) / 100 },
      ];
      seq++;
      for (const r of readings) sent.get(r.sensor)!.add(r.ts);
      const p = pub.publishAsync(readingsTopic(asset, P), encodeReadingsPayload(readings), { qos: 1 }).then(
        () => {
          for (const r of readings) acked.get(r.sensor)!.set(r.ts, r.value);
        },
        () => undefined, // not acknowledged: no promise made about it
      );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      return p;
    };
    let publishing = true;
    const publisher = (async () => {
      while (publishing) {
        publishNext();
        await sleep(PUBLISH_EVERY_MS);
      }
    })();

    // worker 2 joins mid-stream: worker 1 hands half of its partitions back gracefully (what it had not
    // acknowledged stays queued for worker 2)
    await sleep(1_000);
    const w2 = await startWorker('worker 2');
    const joined = Date.now();
    await until(
      'the partitions to be shared 8 / 8',
      async () => (await health(w1))?.owned.length === P / 2 && (await health(w2))?.owned.length === P / 2,
      30_000,
    );
    console.log(
      `[cluster] rebalanced to ${P / 2} + ${P / 2} partitions in ${((Date.now() - joined) / 1000).toFixed(1)} s`,
    );

    await sleep(2_000);
    const w1Id = (await health(w1))!.workerId;
    // A burst right before the kill: worker 1 is busy with a backlog of delivered messages when it dies, so any
    // message it acknowledged before committing its readings would be missing below.
    await Promise.all(Array.from({ length: BURST }, publishNext));
    w1.child.kill('SIGKILL');
    const killedAt = Date.now();
    await w1.exited;
    await until('worker 2 to own every partition', async () => (await health(w2))?.owned.length === P, 30_000);
    const handoverS = (Date.now() - killedAt) / 1000;
    console.log(`[cluster] hand-over after SIGKILL of worker 1: ${handoverS.toFixed(1)} s`);
    expect(handoverS).toBeLessThan(30);

    await sleep(2_000);
    publishing = false;
    await publisher;
    await Promise.all(inFlight);
    await pub.endAsync();
    const ackedCount = [...acked.values()].reduce((n, m) => n + m.size, 0);
    console.log(`[cluster] ${seq} messages published, ${ackedCount} readings acknowledged`);
    expect(ackedCount).toBeGreaterThan(1000);

    // every acknowledged reading reaches PostgreSQL (worker 2 drains what was queued for the dead worker's partitions)
    const missing = async () => {
      let n = 0;
      for (const [sensor, want] of acked) {
        const got = await store.readings.read(sensor, T0, T0 + 1e9);
        const have = new Set(got.ts);
        for (const ts of want.keys()) if (!have.has(ts)) n++;
      }
      return n;
    };
    let stillMissing = await missing();
    for (const t0 = Date.now(); stillMissing > 0 && Date.now() - t0 < 20_000; stillMissing = await missing())
      await sleep(250);
    expect(stillMissing, 'acknowledged readings missing from PostgreSQL').toBe(0);
    for (const [sensor, want] of acked) {
      const got = await store.readings.read(sensor, T0, T0 + 1e9);
      // exactly once: one reading per timestamp, with the value published, and nothing that was never sent
      expect(new Set(got.ts).size, sensor).toBe(got.ts.length);
      for (const [i, ts] of got.ts.entries()) {
        expect(sent.get(sensor)!.has(ts), `${sensor} @ ${ts} was never published`).toBe(true);
        if (want.has(ts)) expect(got.values[i], `${sensor} @ ${ts}`).toBeCloseTo(want.get(ts)!, 9);
      }
      expect(got.ts.filter((ts) => want.has(ts)).length, sensor).toBe(want.size);
    }

    // worker 2's metrics: every partition, and the readings it stored from MQTT
    const text = await (await fetch(`http://127.0.0.1:${w2.port}/metrics`)).text();
    const samples = parseExposition(text);
    expect(findSamples(samples, 'prognos_cluster_partitions_owned')[0]?.value).toBe(P);
    expect(findSamples(samples, 'prognos_ingest_readings_total', { path: 'mqtt' })[0]?.value).toBeGreaterThan(0);
    // the dead worker's leases are all worker 2's now
    const owners = await store.pool.query<{ owner: string; n: number }>(
      'SELECT owner, count(*)::int AS n FROM cluster_leases GROUP BY owner',
    );
    expect(owners.rows).toEqual([{ owner: (await health(w2))!.workerId, n: P }]);
    expect(owners.rows[0]!.owner).not.toBe(w1Id);

    // a graceful stop hands every lease back and leaves the cluster
    w2.child.kill('SIGTERM');
    expect(await w2.exited).toBe(0);
    const after = await store.pool.query<{ held: number; workers: number }>(
      `SELECT (SELECT count(*) FROM cluster_leases WHERE owner IS NOT NULL)::int AS held,
              (SELECT count(*) FROM cluster_workers)::int AS workers`,
    );
    expect(after.rows[0]).toEqual({ held: 0, workers: 1 }); // the killed worker's row stays until it is forgotten

    // the partition count is fixed: a worker asking for another one does not start
    const odd = await startWorker('worker 3', ['--partitions', '8']);
    expect(await odd.exited).toBe(1);
    expect(odd.output.join('')).toMatch(/created with partitions = 16; it cannot be started with 8/);
  }, 90_000);
});
