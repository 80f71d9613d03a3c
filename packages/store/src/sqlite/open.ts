/** Opens the embedded store: one SQLite file holding readings and metadata. */
import Database from 'better-sqlite3';
import { SqliteMetadataStore } from './metadata-store';
import { migrate } from './migrations';
import { MINUTE_MS } from './minute-rollup';
import { DEFAULT_CHUNK_WINDOW_MS, SqliteReadingStore } from './reading-store';

export interface SqliteStoreOptions {
  /** Database file, or ':memory:'. */
  path: string;
  /** Chunk window in ms (multiple of one minute); fixed when the database is created. Default one hour. */
  chunkWindowMs?: number;
  /** zlib level for sealed chunks (default 1). */
  compressionLevel?: number;
  /** SQLite page cache in MiB (default 32). */
  cacheMiB?: number;
}

export interface SqliteStore {
  readings: SqliteReadingStore;
  metadata: SqliteMetadataStore;
  db: Database.Database;
  /** Seals open head data, checkpoints the WAL and closes the database. */
  close(): Promise<void>;
}

export function openSqliteStore(opts: SqliteStoreOptions): SqliteStore {
  const db = new Database(opts.path);
  try {
    const fresh = (db.pragma('page_count', { simple: true }) as number) === 0;
    // auto_vacuum only takes effect when set before the first table is created.
    if (fresh) db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives a process crash; a power loss may lose the last commits but never
    // corrupts the database (https://www.sqlite.org/pragma.html#pragma_synchronous).
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = ${-1024 * (opts.cacheMiB ?? 32)}`);
    migrate(db);
    const chunkWindowMs = resolveChunkWindow(db, opts.chunkWindowMs);
    let open = 2;
    const release = () => {
      if (--open === 0 && db.open) db.close();
    };
    const readings = new SqliteReadingStore(db, {
      chunkWindowMs,
      compressionLevel: opts.compressionLevel,
      path: opts.path,
      onClose: release,
    });
    const metadata = new SqliteMetadataStore(db, release);
    return {
      readings,
      metadata,
      db,
      async close() {
        await readings.close();
        await metadata.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** The chunk window is part of the data layout: stored on creation, and a different request is an error. */
function resolveChunkWindow(db: Database.Database, requested: number | undefined): number {
  const stored = db.prepare("SELECT value FROM store_meta WHERE key = 'chunk_window_ms'").pluck().get() as
    | string
    | undefined;
  if (stored !== undefined) {
    const w = Number(stored);
    if (requested !== undefined && requested !== w) {
      throw new Error(`this database uses a chunk window of ${w} ms; it cannot be reopened with ${requested} ms`);
    }
    return w;
  }
  const w = requested ?? DEFAULT_CHUNK_WINDOW_MS;
  if (!(w >= MINUTE_MS) || w % MINUTE_MS !== 0) {
    throw new Error(`chunkWindowMs must be a positive multiple of ${MINUTE_MS} ms, got ${w}`);
  }
  db.prepare("INSERT INTO store_meta (key, value) VALUES ('chunk_window_ms', ?)").run(String(w));
  return w;
}
