/**
 * Partition leases against a real PostgreSQL (PROGNOS_TEST_PG_URL; skipped without it): fair share, surplus
 * hand-back, expiry and takeover, and the cluster layout recorded on first start.
 */
import { openPgReadingStore, type PgReadingStore } from '@prognos/store';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapCluster } from './bootstrap';
import { LeaseManager } from './leases';

const url = process.env.PROGNOS_TEST_PG_URL;
const P = 8;
const TTL = 1_200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!url)('partition leases in PostgreSQL', () => {
  const schema = `prognos_lease_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let store: PgReadingStore;
  let pool: pg.Pool;
  let sessionsMade = 0;
  const manager = (workerId: string, partitions = P) =>
    new LeaseManager({ pool, workerId, partitions, leaseTtlMs: TTL });
  /** Owner of every partition whose lease is valid now, as the database sees it. */
  const owners = async () =>
    new Map(
      (
        await pool.query<{ partition: number; owner: string }>(
          'SELECT partition, owner FROM cluster_leases WHERE owner IS NOT NULL AND expires_at > now()',
        )
      ).rows.map((r) => [r.partition, r.owner]),
    );

  beforeAll(async () => {
    // the store's migrations create the cluster tables (migration 4)
    store = await openPgReadingStore({ connectionString: url!, schema });
    pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 6 });
    const layout = await bootstrapCluster(pool, { partitions: P, clusterId: 'lease-test' }, async () => {
      sessionsMade++;
    });
    expect(layout).toEqual({ partitions: P, clusterId: 'lease-test', created: true });
  });
  afterAll(async () => {
    await pool?.end();
    await store?.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  });
  beforeEach(async () => {
    await pool.query('DELETE FROM cluster_workers');
    await pool.query("UPDATE cluster_leases SET owner = NULL, expires_at = '-infinity'");
  });

  it('records the layout once: same values start, a different partition count or cluster id is refused', async () => {
    const again = await bootstrapCluster(pool, { partitions: P, clusterId: 'lease-test' }, async () => {
      sessionsMade++;
    });
    expect(again).toEqual({ partitions: P, clusterId: 'lease-test', created: false });
    // unrequested values take the recorded ones
    expect(await bootstrapCluster(pool, {}, async () => {})).toEqual({
      partitions: P,
      clusterId: 'lease-test',
      created: false,
    });
    expect(sessionsMade).toBe(1);
    await expect(bootstrapCluster(pool, { partitions: 16 }, async () => {})).rejects.toMatchObject({
      code: 'CLUSTER_LAYOUT_MISMATCH',
      message: expect.stringContaining('partitions = 8'),
    });
    await expect(bootstrapCluster(pool, { clusterId: 'other' }, async () => {})).rejects.toMatchObject({
      code: 'CLUSTER_LAYOUT_MISMATCH',
    });
    expect((await pool.query('SELECT count(*)::int AS n FROM cluster_leases')).rows[0].n).toBe(P);
  });

  it('a worker alone takes every partition; a second one gets its fair share through a graceful hand-back', async () => {
    const a = manager('a');
    const b = manager('b');
    const t1 = await a.tick();
    expect(t1).toMatchObject({
      acquired: [0, 1, 2, 3, 4, 5, 6, 7],
      lost: [],
      surplus: [],
      liveWorkers: 1,
      fairShare: 8,
    });

    // b joins: nothing is free, so it takes nothing yet
    const t2 = await b.tick();
    expect(t2).toMatchObject({ acquired: [], liveWorkers: 2, fairShare: 4 });
    // a holds 8 > 4 while b holds 0 < 4: it names its surplus, once (a second tick does not name more)
    const t3 = await a.tick();
    expect(t3.surplus).toEqual([4, 5, 6, 7]);
    expect(t3.held).toHaveLength(8);
    expect((await a.tick()).surplus).toEqual([]);
    // the lease is still a's until handed back: b cannot take it
    expect((await b.tick()).acquired).toEqual([]);
    await a.release(t3.surplus);
    expect((await b.tick()).acquired).toEqual([4, 5, 6, 7]);

    // balanced: further ticks change nothing
    for (const m of [a, b, a, b]) expect(await m.tick()).toMatchObject({ acquired: [], lost: [], surplus: [] });
    const o = await owners();
    expect([...o.values()].filter((w) => w === 'a')).toHaveLength(4);
    expect([...o.values()].filter((w) => w === 'b')).toHaveLength(4);
  });

  it('spreads 8 partitions over 3 workers as 3, 3, 2 and keeps it stable', async () => {
    const ws = [manager('x'), manager('y'), manager('z')];
    for (const w of ws) await w.tick(); // all three heartbeat; x took everything (it was alone then)
    for (let round = 0; round < 4; round++) {
      for (const w of ws) {
        const t = await w.tick();
        await w.release(t.surplus);
      }
    }
    const counts = ws.map((w) => w.heldPartitions().length).sort();
    expect(counts).toEqual([2, 3, 3]);
    for (const w of ws) expect(await w.tick()).toMatchObject({ acquired: [], lost: [], surplus: [], fairShare: 3 });
  });

  /** Workers a and b after a's first ticks took everything and it handed the surplus back: 4 partitions each. */
  const twoWorkersSettled = async () => {
    const a = manager('a');
    const b = manager('b');
    await a.tick();
    await b.tick();
    await a.release((await a.tick()).surplus);
    await b.tick();
    return [a, b] as const;
  };

  it('takes over the partitions of a worker that stopped renewing, after its lease expires', async () => {
    const [a, b] = await twoWorkersSettled();
    expect(a.heldPartitions()).toEqual([0, 1, 2, 3]);
    expect(b.heldPartitions()).toEqual([4, 5, 6, 7]);

    // a "crashes": no more ticks. Before expiry b cannot take anything, and its share stays 4 (a still counts).
    const crashedAt = Date.now();
    expect(await b.tick()).toMatchObject({ acquired: [], liveWorkers: 2 });
    let waited = 0;
    while (b.heldPartitions().length < P && waited < 10 * TTL) {
      await sleep(100);
      waited += 100;
      await b.tick();
    }
    const handover = Date.now() - crashedAt;
    expect(b.heldPartitions()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(handover).toBeGreaterThanOrEqual(TTL - 200);
    expect(handover).toBeLessThan(TTL + 1_000);

    // a comes back (a long pause, not a crash): its leases are gone and it must stop those partitions
    const back = await a.tick();
    expect(back.lost).toEqual([0, 1, 2, 3]);
    expect(back.held).toEqual([]);
    // b now holds 8 > 4 while a holds 0: it hands back half
    expect((await b.tick()).surplus).toEqual([4, 5, 6, 7]);
  });

  it('renewal keeps a lease alive past its lifetime; a worker that cannot renew knows when to stop', async () => {
    const a = manager('a');
    const b = manager('b');
    await a.tick();
    expect(a.stillValid()).toBe(true);
    for (let i = 0; i < 4; i++) {
      await sleep(TTL / 3);
      await a.tick();
    }
    // more than a lifetime has passed, but a renewed all along: b, joining late, finds nothing free
    expect((await b.tick()).acquired).toEqual([]);
    await sleep(TTL);
    expect(a.stillValid()).toBe(false);
    expect(a.forget()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // b, alone now (a's heartbeat is stale), takes all partitions
    expect((await b.tick()).acquired).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('leaving hands every lease back at once and the others rebalance without waiting for expiry', async () => {
    const [a, b] = await twoWorkersSettled();
    await b.leave();
    const t = await a.tick();
    expect(t).toMatchObject({ liveWorkers: 1, fairShare: 8, acquired: [4, 5, 6, 7] });
    expect([...(await owners()).values()].every((w) => w === 'a')).toBe(true);
  });
});
