/**
 * Partition leases in PostgreSQL (tables cluster_workers and cluster_leases, store migration 4). Each worker
 * heartbeats its row and, on every tick, renews the leases it holds, takes free or expired partitions up to its
 * fair share ceil(partitions / live workers), and names its surplus when it holds more than that share while
 * another live worker holds fewer. PostgreSQL's row locks make each step atomic: a lease has one owner at a time,
 * and every time is the database's clock (now()), so hosts with skewed clocks cannot both believe they own one.
 *
 * The lease only says who *should* consume a partition; the MQTT session takeover (session.ts) is what fences a
 * stale consumer out. The manager is pure bookkeeping: starting and stopping consumers is the worker's job.
 */
import type pg from 'pg';

export const DEFAULT_LEASE_TTL_MS = 10_000;
/** A worker row whose heartbeat is older than this many lease lifetimes is deleted (it is long dead). */
const FORGET_WORKER_AFTER_TTLS = 30;
/**
 * Local safety margin: after a failed renewal, a worker stops consuming this long before the lease can have expired
 * in the database (covers timer lateness; the database's expiry counts from a moment after the local start).
 */
const EXPIRY_MARGIN_MS = 1_000;

export interface LeaseManagerOptions {
  pool: pg.Pool;
  workerId: string;
  partitions: number;
  /** How long a renewed lease (and a heartbeat) stays valid; default 10 s. Ticks must come well within it. */
  leaseTtlMs?: number;
}

/** What one tick found and decided. */
export interface LeaseTick {
  /** Leases held after the tick (renewed or acquired), including those being released. */
  held: number[];
  /** Newly held: start consuming these. */
  acquired: number[];
  /** Believed held but no longer this worker's (expired and taken over): stop consuming them at once. */
  lost: number[];
  /** Surplus over the fair share while another live worker holds fewer: hand these back gracefully. */
  surplus: number[];
  liveWorkers: number;
  fairShare: number;
}

export class LeaseManager {
  readonly workerId: string;
  readonly partitions: number;
  readonly ttlMs: number;
  private readonly pool: pg.Pool;
  private held = new Set<number>();
  /** Named as surplus and not yet released: neither counted again as surplus nor re-acquired. */
  private releasing = new Set<number>();
  /** Local (monotonic) time until which the leases are certainly still valid in the database. */
  private validUntil = 0;

  constructor(opts: LeaseManagerOptions) {
    this.pool = opts.pool;
    this.workerId = opts.workerId;
    this.partitions = opts.partitions;
    this.ttlMs = opts.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  }

  /** The leases this worker held after its last successful tick. */
  heldPartitions(): number[] {
    return [...this.held].sort((a, b) => a - b);
  }

  /**
   * Whether the last successful renewal still covers the leases. A worker whose tick fails (the database is out
   * of reach) keeps consuming while this holds, and stops every partition once it does not.
   */
  stillValid(now = performance.now()): boolean {
    return now < this.validUntil;
  }

  /** Heartbeat, renew, acquire up to the fair share, name the surplus: one transaction. */
  async tick(): Promise<LeaseTick> {
    const started = performance.now();
    const client = await this.pool.connect();
    const ttl = `${this.ttlMs} milliseconds`;
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO cluster_workers (id, heartbeat_at) VALUES ($1, now())
         ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`,
        [this.workerId],
      );
      // Renewal by owner only: a lease another worker took after it expired is not this worker's any more (the
      // row lock makes a renewal and a takeover of the same row wait for each other; the later one sees the result).
      const renewed = await client.query<{ partition: number }>(
        `UPDATE cluster_leases SET expires_at = now() + $2::interval WHERE owner = $1 RETURNING partition`,
        [this.workerId, ttl],
      );
      const held = new Set(renewed.rows.map((r) => r.partition));
      const live = await client.query<{ id: string; held: number }>(
        `SELECT w.id, (SELECT count(*) FROM cluster_leases l WHERE l.owner = w.id AND l.expires_at > now())::int AS held
         FROM cluster_workers w WHERE w.heartbeat_at > now() - $1::interval`,
        [ttl],
      );
      const liveWorkers = Math.max(1, live.rows.length);
      const fairShare = Math.ceil(this.partitions / liveWorkers);
      if (held.size < fairShare) {
        // Free (never taken, released) or expired (their owner stopped renewing). SKIP LOCKED: workers acquiring at
        // the same moment take different rows instead of queueing on the same ones.
        const taken = await client.query<{ partition: number }>(
          `UPDATE cluster_leases SET owner = $1, expires_at = now() + $2::interval
           WHERE partition IN (
             SELECT partition FROM cluster_leases
             WHERE (owner IS NULL OR expires_at <= now()) AND partition < $4
             ORDER BY partition LIMIT $3 FOR UPDATE SKIP LOCKED)
           RETURNING partition`,
          [this.workerId, ttl, fairShare - held.size, this.partitions],
        );
        for (const r of taken.rows) held.add(r.partition);
      }
      await client.query(`DELETE FROM cluster_workers WHERE heartbeat_at < now() - $1::interval`, [
        `${this.ttlMs * FORGET_WORKER_AFTER_TTLS} milliseconds`,
      ]);
      await client.query('COMMIT');
      this.validUntil = started + this.ttlMs - EXPIRY_MARGIN_MS;

      const lost = [...this.held].filter((p) => !held.has(p));
      const acquired = [...held].filter((p) => !this.held.has(p));
      for (const p of lost) this.releasing.delete(p);
      this.held = held;
      const someoneShort = live.rows.some((w) => w.id !== this.workerId && w.held < fairShare);
      const excess = held.size - this.releasing.size - fairShare;
      const surplus: number[] = [];
      if (excess > 0 && someoneShort) {
        // the highest-numbered first: a stable choice, so two ticks never name different partitions
        const candidates = [...held].filter((p) => !this.releasing.has(p)).sort((a, b) => b - a);
        for (const p of candidates.slice(0, excess)) {
          surplus.push(p);
          this.releasing.add(p);
        }
      }
      const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
      return {
        held: this.heldPartitions(),
        acquired: sorted(acquired),
        lost: sorted(lost),
        surplus: sorted(surplus),
        liveWorkers,
        fairShare,
      };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /**
   * Whether the partition's lease is this worker's and unexpired right now, by the database. Asked when a
   * partition's MQTT connection drops: reconnecting without the lease would take the session from its new holder.
   */
  async stillOwns(partition: number): Promise<boolean> {
    const r = await this.pool.query(
      'SELECT 1 FROM cluster_leases WHERE partition = $1 AND owner = $2 AND expires_at > now()',
      [partition, this.workerId],
    );
    return r.rowCount === 1;
  }

  /**
   * Hands leases back (their consumers have stopped): free at once for any worker, not only after expiry. Only
   * this worker's own leases are touched, so handing back one that was taken over meanwhile changes nothing.
   */
  async release(partitions: readonly number[]): Promise<void> {
    if (partitions.length === 0) return;
    await this.pool.query(
      `UPDATE cluster_leases SET owner = NULL, expires_at = '-infinity' WHERE owner = $1 AND partition = ANY($2::int[])`,
      [this.workerId, partitions],
    );
    for (const p of partitions) {
      this.held.delete(p);
      this.releasing.delete(p);
    }
  }

  /**
   * Forgets the leases locally without touching the database (they could not be renewed in time): the next
   * successful tick reports any that are still this worker's as acquired again.
   */
  forget(): number[] {
    const dropped = this.heldPartitions();
    this.held.clear();
    this.releasing.clear();
    this.validUntil = 0;
    return dropped;
  }

  /** Leaves the cluster: every lease handed back and the worker row deleted, so the others rebalance at once. */
  async leave(): Promise<void> {
    await this.release(this.heldPartitions());
    await this.pool.query('DELETE FROM cluster_workers WHERE id = $1', [this.workerId]);
  }
}
