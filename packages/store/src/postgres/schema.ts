import pg from 'pg';
import { quoteIdent } from './migrations';

/**
 * Drops a store's schema with everything in it, on a connection of its own (so no pool of the store needs to be
 * open). For tests and benchmarks that give each run a fresh schema; a missing schema is not an error.
 */
export async function dropPgSchema(connectionString: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await c.end();
  }
}
