import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metadataStoreConformance } from '../testing/metadata-store-suite';
import { readingStoreConformance } from '../testing/reading-store-suite';
import { MIGRATIONS } from './migrations';
import { openSqliteStore, type SqliteStore } from './open';

const WINDOW = 10 * 60_000;

/** Opens a store in a fresh tmp dir; reopen() closes it and opens the same file again. */
function harness(chunkWindowMs = WINDOW) {
  const dir = mkdtempSync(join(tmpdir(), 'prognos-store-'));
  const path = join(dir, 'store.db');
  let current: SqliteStore = openSqliteStore({ path, chunkWindowMs });
  return {
    get current() {
      return current;
    },
    path,
    async reopen() {
      await current.close();
      current = openSqliteStore({ path, chunkWindowMs });
      return current;
    },
    async cleanup() {
      await current.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

readingStoreConformance('sqlite', async () => {
  const h = harness();
  return {
    store: h.current.readings,
    reopen: async () => (await h.reopen()).readings,
    cleanup: h.cleanup,
    chunkWindowMs: WINDOW,
  };
});

metadataStoreConformance('sqlite', async () => {
  const h = harness();
  return { store: h.current.metadata, reopen: async () => (await h.reopen()).metadata, cleanup: h.cleanup };
});

const T0 = Date.UTC(2024, 0, 1);
const oneHz = (sensor: string, start: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    sensor,
    ts: start + i * 1000,
    value: Math.round(Math.sin(i / 60) * 1e4) / 100,
    quality: 0,
  }));

describe('openSqliteStore', () => {
  it('applies numbered migrations once and configures WAL, NORMAL sync and incremental auto-vacuum', async () => {
    const h = harness();
    const db = h.current.db;
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    await h.reopen();
    expect(h.current.db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    await h.cleanup();
  });

  it('works in memory', async () => {
    const s = openSqliteStore({ path: ':memory:' });
    await s.readings.append(oneHz('M', T0, 7200));
    await s.readings.flush();
    const st = await s.readings.stats();
    expect(st).toMatchObject({ series: 1, chunks: 2, sealedReadings: 7200, headReadings: 0 });
    expect(st.bytesOnDisk).toBeGreaterThan(0);
    expect((await s.readings.read('M', T0, T0 + 10_000)).ts.length).toBe(10);
    await s.close();
    expect(s.db.open).toBe(false);
  });

  it('refuses to reopen a database with another chunk window, and windows that are not whole minutes', async () => {
    const h = harness();
    expect(() => openSqliteStore({ path: ':memory:', chunkWindowMs: 90_000 })).toThrow(/multiple/);
    expect(() => openSqliteStore({ path: h.path, chunkWindowMs: 3_600_000 })).toThrow(/chunk window/);
    await h.cleanup();
  });

  it('seals completed windows during append and keeps ~1-2 bytes per regular 1 Hz reading after flush', async () => {
    const h = harness(3_600_000);
    const { readings } = h.current;
    const n = 4 * 3600;
    for (let i = 0; i < n; i += 600)
      await readings.append([...oneHz('A', T0 + i * 1000, 600), ...oneHz('B', T0 + i * 1000, 600)]);
    const before = await readings.stats();
    expect(before.chunks).toBe(6); // three complete hours per sensor, the fourth still open
    expect(before.headReadings).toBe(2 * 3600);
    await readings.flush();
    const after = await readings.stats();
    expect(after).toMatchObject({ chunks: 8, sealedReadings: 2 * n, headReadings: 0 });
    // Most of the file is fixed overhead (schema pages); the chunks themselves are tiny.
    const chunkBytes = h.current.db
      .prepare('SELECT SUM(length(data) + length(minutes)) FROM reading_chunk')
      .pluck()
      .get() as number;
    expect(chunkBytes / (2 * n)).toBeLessThan(2);
    expect(after.bytesOnDisk).toBeLessThan(before.bytesOnDisk);
    await h.cleanup();
  });

  it('closes the shared database only when both ports are closed', async () => {
    const h = harness();
    const { readings, metadata, db } = h.current;
    await readings.close();
    expect(db.open).toBe(true);
    await expect(readings.read('x', 0, 1)).rejects.toThrow(/closed/);
    await metadata.close();
    expect(db.open).toBe(false);
    await h.cleanup();
  });
});
