/**
 * Opens the PostgreSQL reading store: a connection pool (node-postgres Pool) whose connections use the store's
 * schema as search_path, the schema migrations, and the chunk window recorded in store_meta.
 * openPgStore opens both ports — readings and metadata — on one pool and one schema.
 */
import pg from 'pg';
import type { MetadataStore } from '../ports';
import { MINUTE_MS } from '../sqlite/minute-rollup';
import { DEFAULT_CHUNK_WINDOW_MS } from '../sqlite/reading-store';
import { createPgMetadataStore } from './metadata/metadata-store';
import { checkSchemaName, migratePg } from './migrations';
import { PgReadingStore } from './reading-store';

export interface PgReadingStoreConfig {
  /** e.g. postgres://user:password@host:5432/database */
  connectionString: string;
  /** Schema holding the store's tables, created when missing (default 'prognos'). */
  schema?: string;
  /** Chunk window in ms (multiple of one minute); fixed when the schema is created. Default one hour. */
  chunkWindowMs?: number;
  /** zlib level for sealed chunks (default 1). */
  compressionLevel?: number;
  /** Most connections the pool keeps open (default 10). */
  maxConnections?: number;
}

/** bigint (int8) columns as numbers: window starts, counts and ids stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function openPgReadingStore(config: PgReadingStoreConfig): Promise<PgReadingStore> {
  const { pool, schema } = await openPool(config);
  try {
    return await openReadings(pool, schema, config, () => pool.end());
  } catch (err) {
    await pool.end();
    throw err;
  }
}

/** Both ports on PostgreSQL: readings and metadata in one schema, over one pool. */
export interface PgStore {
  readings: PgReadingStore;
  metadata: MetadataStore;
  pool: pg.Pool;
  /** Closes both stores (flushing the readings) and ends the pool. */
  close(): Promise<void>;
}

export async function openPgStore(config: PgReadingStoreConfig): Promise<PgStore> {
  const { pool, schema } = await openPool(config);
  try {
    const readings = await openReadings(pool, schema, config, async () => undefined);
    const metadata = createPgMetadataStore(pool);
    let closing: Promise<void> | undefined;
    return {
      readings,
      metadata,
      pool,
      close() {
        closing ??= (async () => {
          try {
            await readings.close();
            await metadata.close();
          } finally {
            await pool.end();
          }
        })();
        return closing;
      },
    };
  } catch (err) {
    await pool.end();
    throw err;
  }
}

/** A pool whose connections use the schema as search_path, with the schema migrated. */
async function openPool(config: PgReadingStoreConfig): Promise<{ pool: pg.Pool; schema: string }> {
  const schema = checkSchemaName(config.schema ?? 'prognos');
  const pool = new pg.Pool({
    connectionString: config.connectionString,
    max: config.maxConnections ?? 10,
    options: `-c search_path=${schema}`,
    types,
  });
  // An idle pooled connection that the server closes emits 'error' on the pool; the pool drops that connection
  // and the next query opens a new one, so this is not fatal (without a listener Node would exit).
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await migratePg(client, schema);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end();
    throw err;
  }
  return { pool, schema };
}

async function openReadings(
  pool: pg.Pool,
  schema: string,
  config: PgReadingStoreConfig,
  onClose: () => Promise<void>,
): Promise<PgReadingStore> {
  const chunkWindowMs = await resolveChunkWindow(pool, config.chunkWindowMs);
  return PgReadingStore.create(pool, { chunkWindowMs, compressionLevel: config.compressionLevel, schema, onClose });
}

/** The chunk window is part of the data layout: stored on creation, and a different request is an error. */
async function resolveChunkWindow(pool: pg.Pool, requested: number | undefined): Promise<number> {
  const w = requested ?? DEFAULT_CHUNK_WINDOW_MS;
  if (!(w >= MINUTE_MS) || w % MINUTE_MS !== 0) {
    throw new Error(`chunkWindowMs must be a positive multiple of ${MINUTE_MS} ms, got ${w}`);
  }
  await pool.query("INSERT INTO store_meta (key, value) VALUES ('chunk_window_ms', $1) ON CONFLICT (key) DO NOTHING", [
    String(w),
  ]);
  const r = await pool.query<{ value: string }>("SELECT value FROM store_meta WHERE key = 'chunk_window_ms'");
  const stored = Number(r.rows[0]!.value);
  if (requested !== undefined && requested !== stored) {
    throw new Error(`this schema uses a chunk window of ${stored} ms; it cannot be reopened with ${requested} ms`);
  }
  return stored;
}
