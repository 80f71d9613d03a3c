import type pg from 'pg';
import type { Row } from '../../sqlite/metadata-rows';
import { withTransaction } from '../transaction';

/**
 * What both parts of the PostgreSQL MetadataStore (core.ts, maintenance.ts) do around their statements: run them
 * on the shared pool, in a transaction when asked, and refuse once closed with the embedded store's error.
 */
export abstract class PoolPart {
  private closed = false;

  constructor(protected readonly pool: pg.Pool) {}

  /** Later calls reject; the pool belongs to whoever created it. */
  close(): void {
    this.closed = true;
  }

  protected check(): void {
    if (this.closed) throw new Error('metadata store is closed');
  }
  protected async query(sql: string, params: readonly unknown[] = []): Promise<pg.QueryResult<Row>> {
    this.check();
    return this.pool.query<Row>(sql, params as unknown[]);
  }
  protected async rows(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.query(sql, params)).rows;
  }
  /** Runs fn in a READ COMMITTED transaction on one pooled connection. */
  protected async transaction<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    this.check();
    return withTransaction(this.pool, fn);
  }
}
