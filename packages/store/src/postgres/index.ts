export { createPgMetadataStore } from './metadata/metadata-store';
export { migratePg, PG_MIGRATIONS, type PgMigration } from './migrations';
export { openPgReadingStore, openPgStore, type PgReadingStoreConfig, type PgStore } from './open';
export { PgReadingStore, type PgReadingStoreOptions, type RetentionResult } from './reading-store';
export { dropPgSchema } from './schema';
