export { decodeChunk, encodeChunk, findExponent } from './chunk-codec';
export { SqliteMetadataStore } from './metadata-store';
export { MIGRATIONS, type Migration, migrate } from './migrations';
export { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './open';
export { DEFAULT_CHUNK_WINDOW_MS, SqliteReadingStore } from './reading-store';
