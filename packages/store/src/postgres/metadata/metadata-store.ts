/**
 * The MetadataStore on PostgreSQL: the two parts (core.ts, maintenance.ts) joined into one object over one pool.
 * Both parts pass the same conformance suites as the embedded store (metadata-store-suite and friends).
 */
import type pg from 'pg';
import type { MetadataStore } from '../../ports';
import { PgCoreMetadata } from './core';
import { PgMaintenanceMetadata } from './maintenance';
import { CORE_METADATA_METHODS, MAINTENANCE_METADATA_METHODS } from './parts';

/** `onClose` runs once on close (e.g. ends the pool when the metadata store owns it). */
export function createPgMetadataStore(pool: pg.Pool, onClose?: () => Promise<void>): MetadataStore {
  const core = new PgCoreMetadata(pool);
  const maintenance = new PgMaintenanceMetadata(pool);
  let closed: Promise<void> | undefined;
  return {
    ...delegate(core, CORE_METADATA_METHODS),
    ...delegate(maintenance, MAINTENANCE_METADATA_METHODS),
    close() {
      closed ??= (async () => {
        core.close();
        maintenance.close();
        await onClose?.();
      })();
      return closed;
    },
  };
}

function delegate<T extends object, K extends keyof T>(target: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) {
    const f = target[k];
    if (typeof f !== 'function') throw new Error(`${String(k)} is not a method of ${target.constructor.name}`);
    out[k] = f.bind(target) as T[K];
  }
  return out;
}
