/**
 * An API instance of a cluster (`prognos serve --pg-url … --cluster-mqtt-url …`) with real parts: Mosquitto,
 * PostgreSQL (a fresh schema) and a worker. Readings posted to the API are acknowledged once the broker holds them
 * in their partition's session, stored by the worker that owns the partition, and read back through the API; the
 * API instance runs no model of its own and shows the health the workers store.
 *
 * Needs PROGNOS_TEST_PG_URL (scripts/test.sh sets it); without it the file is skipped.
 */
import { type MosquittoHandle, startMosquitto } from '@prognos/connectors/testing';
import type { AssetHealth } from '@prognos/core';
import { startWorker, type WorkerHandle } from '@prognos/server/cluster';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, registerTestSensor, startTestServer, type TestServer, waitFor } from './harness';

const url = process.env.PROGNOS_TEST_PG_URL;

describe.skipIf(!url)('an API instance of a cluster', () => {
  const schema = `prognos_api_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let broker: MosquittoHandle;
  let s: TestServer;
  let worker: WorkerHandle | undefined;

  beforeAll(async () => {
    broker = await startMosquitto({ extraConfig: 'max_queued_messages 100000\n' });
    s = await startTestServer({ simulator: false, pgUrl: url, pgSchema: schema, clusterMqttUrl: broker.url });
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await s?.stop();
    await broker?.stop();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  });

  it('forwards posted readings to the worker owning their partition, and serves them once stored', {
    timeout: 60_000,
  }, async () => {
    const sensor = await registerTestSensor(s);
    // Acknowledged before any worker runs: the partition's session on the broker holds the readings.
    const t0 = Date.UTC(2026, 0, 1);
    const items = Array.from({ length: 500 }, (_, i) => ({ sensor, ts: t0 + i * 1000, value: 5 + (i % 7) * 0.1 }));
    const posted = await postJson<{ stored: number; rejected: number }>(`${s.base}/api/readings`, [
      ...items,
      { sensor: 'NOPE', ts: t0, value: 1 },
    ]);
    // 207: the unknown sensor is rejected with its code, the good readings in the same request are kept
    expect(posted.status).toBe(207);
    expect(posted.body).toMatchObject({ stored: 500, rejected: 1 });
    expect(s.p.ctx.pipeline.monitored()).toEqual([]);

    worker = await startWorker({ pgUrl: url!, pgSchema: schema, mqttUrl: broker.url, logLevel: 'silent' });
    const series = await waitFor(
      async () => {
        const r = await getJson<{ ts: number[]; values: number[] }>(
          `${s.base}/api/readings/${encodeURIComponent(sensor)}?from=${t0}&to=${t0 + 500_000}`,
        );
        return r.body.ts?.length === 500 ? r.body : undefined;
      },
      30_000,
      'the worker to store the forwarded readings',
    );
    expect(series.values).toEqual(items.map((x) => x.value));
    expect(worker.ownedPartitions().length).toBeGreaterThan(0);

    // Health that a worker stores is what this instance shows (refreshed every 5 s).
    const h: AssetHealth = {
      assetId: 'TEST-1',
      ts: Date.now(),
      health: 77,
      score: 0.3,
      status: 'ok',
      contributions: [],
    };
    await s.p.ctx.metadata.saveHealth(h);
    const shown = await waitFor(
      async () => {
        const list = (await getJson<{ id: string; health?: AssetHealth }[]>(`${s.base}/api/assets`)).body;
        return list.find((a) => a.id === 'TEST-1' && a.health?.health === 77);
      },
      15_000,
      'the stored health on GET /api/assets',
    );
    expect(shown.health?.status).toBe('ok');
  });
});
