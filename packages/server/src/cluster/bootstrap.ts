/**
 * The cluster's fixed layout in PostgreSQL (store_meta) and its one-time MQTT setup, done by whichever worker
 * starts first. Guarded by a transaction-scoped advisory lock: workers starting together wait for the first one's
 * setup, then find it done. A worker that dies half-way releases the lock with its connection and the next one
 * repeats the setup, which is idempotent.
 */
import { checkPartitionCount, DEFAULT_PARTITIONS, PrognosError } from '@prognos/core';
import type pg from 'pg';

export const DEFAULT_CLUSTER_ID = 'prognos';

const KEY_PARTITIONS = 'cluster_partitions';
const KEY_CLUSTER_ID = 'cluster_id';
/** Set once every partition's MQTT session exists on the broker (see createSessions). */
const KEY_SESSIONS = 'cluster_sessions_created';

export interface ClusterLayout {
  partitions: number;
  clusterId: string;
  /** True when this worker created the cluster (recorded the layout and the MQTT sessions). */
  created: boolean;
}

/** A cluster id becomes the prefix of MQTT client ids: letters, digits, dot, dash and underscore only. */
export function checkClusterId(id: string): string {
  if (!/^[A-Za-z0-9._-]{1,40}$/.test(id))
    throw new PrognosError('CONFIG_INVALID', [
      `cluster id must be 1..40 letters, digits, ".", "-" or "_" (it prefixes MQTT client ids), got "${id}"`,
    ]);
  return id;
}

/**
 * Reads the cluster's layout, recording it on first start. A requested partition count or cluster id that differs
 * from the recorded one is an error (CLUSTER_LAYOUT_MISMATCH): the partition of every asset, and the MQTT session
 * holding its queued readings, depend on them. Unrequested values take the recorded ones.
 *
 * `createSessions` runs once, on first start, before any lease exists: the broker keeps messages only for
 * sessions that exist, so every partition's session must be there before publishers send, and no worker may
 * consume yet (connecting a partition's client id would take over its consumer's session).
 */
export async function bootstrapCluster(
  pool: pg.Pool,
  requested: { partitions?: number; clusterId?: string },
  createSessions: (layout: { partitions: number; clusterId: string }) => Promise<void>,
): Promise<ClusterLayout> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('prognos-cluster:' || current_schema()))");
    const meta = new Map(
      (
        await client.query<{ key: string; value: string }>('SELECT key, value FROM store_meta WHERE key = ANY($1)', [
          [KEY_PARTITIONS, KEY_CLUSTER_ID, KEY_SESSIONS],
        ])
      ).rows.map((r) => [r.key, r.value]),
    );
    const partitions = settle(
      'partitions',
      meta.get(KEY_PARTITIONS),
      requested.partitions === undefined ? undefined : String(checkPartitionCount(requested.partitions)),
      String(DEFAULT_PARTITIONS),
    );
    const clusterId = settle(
      'cluster id',
      meta.get(KEY_CLUSTER_ID),
      requested.clusterId === undefined ? undefined : checkClusterId(requested.clusterId),
      DEFAULT_CLUSTER_ID,
    );
    const layout = { partitions: Number(partitions), clusterId };
    await client.query(`INSERT INTO store_meta (key, value) VALUES ($1, $2), ($3, $4) ON CONFLICT (key) DO NOTHING`, [
      KEY_PARTITIONS,
      partitions,
      KEY_CLUSTER_ID,
      clusterId,
    ]);
    await client.query(
      'INSERT INTO cluster_leases (partition) SELECT generate_series(0, $1::int - 1) ON CONFLICT (partition) DO NOTHING',
      [layout.partitions],
    );
    const created = !meta.has(KEY_SESSIONS);
    if (created) {
      await createSessions(layout);
      await client.query("INSERT INTO store_meta (key, value) VALUES ($1, 'true')", [KEY_SESSIONS]);
    }
    await client.query('COMMIT');
    return { ...layout, created };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

function settle(name: string, recorded: string | undefined, requested: string | undefined, fallback: string): string {
  if (recorded === undefined) return requested ?? fallback;
  if (requested !== undefined && requested !== recorded)
    throw new PrognosError('CLUSTER_LAYOUT_MISMATCH', [name, recorded, requested]);
  return recorded;
}
