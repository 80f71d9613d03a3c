import type pg from 'pg';

export interface TransactionOptions {
  /** e.g. 'REPEATABLE READ' (default: the server's, READ COMMITTED). */
  isolation?: string;
  /**
   * A session-level advisory lock (hashtext of this key) taken before the transaction starts, so that its snapshot
   * is taken only once the lock is held, and released after it ends.
   */
  lock?: string;
}

/**
 * Runs fn in a transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when it throws. A connection
 * whose ROLLBACK (or unlock) fails is broken: it is released with the error, so the pool closes it instead of
 * handing it out again.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (c: pg.PoolClient) => Promise<T>,
  opts: TransactionOptions = {},
): Promise<T> {
  const c = await pool.connect();
  let broken: Error | undefined;
  try {
    if (opts.lock !== undefined) await c.query('SELECT pg_advisory_lock(hashtext($1))', [opts.lock]);
    try {
      await c.query(opts.isolation ? `BEGIN ISOLATION LEVEL ${opts.isolation}` : 'BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      throw err;
    } finally {
      if (opts.lock !== undefined && !broken) {
        await c.query('SELECT pg_advisory_unlock(hashtext($1))', [opts.lock]).catch((e: Error) => {
          broken = e;
        });
      }
    }
  } finally {
    c.release(broken);
  }
}
