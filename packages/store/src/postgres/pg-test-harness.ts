/** Test harness for the PostgreSQL stores: each store in its own fresh schema, dropped afterwards. */
import { openPgStore, type PgStore } from './open';
import { dropPgSchema } from './schema';

export const url = process.env.PROGNOS_TEST_PG_URL;
let seq = 0;

/** A store in a fresh schema; reopen() closes it and opens the same schema again; cleanup() drops the schema. */
export async function pgMetadataHarness() {
  const schema = `prognos_m_${process.pid}_${++seq}_${Math.random().toString(36).slice(2, 8)}`;
  const config = { connectionString: url!, schema, maxConnections: 4 };
  let current: PgStore = await openPgStore(config);
  return {
    store: current.metadata,
    async reopen() {
      await current.close();
      current = await openPgStore(config);
      return current.metadata;
    },
    async cleanup() {
      await current.close();
      await dropPgSchema(url!, schema);
    },
  };
}
