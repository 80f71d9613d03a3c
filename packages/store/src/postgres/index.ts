export { migratePg, PG_MIGRATIONS, type PgMigration } from './migrations';
export { openPgReadingStore, type PgReadingStoreConfig } from './open';
export { PgReadingStore, type PgReadingStoreOptions, type RetentionResult } from './reading-store';
