import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knowledgeSearchConformance, knowledgeWorkOrder } from '../testing/knowledge-suite';
import { toFtsQuery } from './knowledge-store';
import { openSqliteStore, type SqliteStore } from './open';

/** A store in a fresh tmp dir; reopen() closes it and opens the same file again. */
function harness() {
  const dir = mkdtempSync(join(tmpdir(), 'prognos-knowledge-'));
  const path = join(dir, 'store.db');
  let current: SqliteStore = openSqliteStore({ path });
  return {
    get current() {
      return current;
    },
    path,
    async reopen() {
      await current.close();
      current = openSqliteStore({ path });
      return current.metadata;
    },
    async cleanup() {
      await current.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

knowledgeSearchConformance('sqlite', async () => {
  const h = harness();
  return { store: h.current.metadata, reopen: h.reopen, cleanup: h.cleanup };
});

describe('toFtsQuery', () => {
  it('quotes every word, so FTS5 operators are searched as words, and keeps a trailing * as a prefix', () => {
    expect(toFtsQuery('a"b OR c*')).toBe('"a" "b" "OR" "c"*');
    expect(toFtsQuery('re-tightened')).toBe('"re" "tightened"');
    expect(toFtsQuery('title:coupling')).toBe('"title" "coupling"');
    expect(toFtsQuery('***')).toBeUndefined();
    expect(toFtsQuery('   ')).toBeUndefined();
  });
});

describe('knowledge index of a database older than migration 9', () => {
  it('is filled from the stored work orders when the store opens', async () => {
    const h = harness();
    try {
      const findings = {
        failureConfirmed: true,
        rootCause: 'Coupling bolts loose',
        actionTaken: 'Tightened',
        downtimeHours: 1,
      };
      await h.current.metadata.saveWorkOrderDetail(knowledgeWorkOrder('w1', 'P-1', 1000, { findings }));
      await h.current.metadata.saveWorkOrderDetail(knowledgeWorkOrder('w2', 'P-1', 2000, { status: 'open' }));
      // As if the work orders were saved before the index existed.
      h.current.db.exec('DELETE FROM knowledge_fts');
      expect(await h.current.metadata.searchKnowledge({ q: 'coupling' })).toEqual([]);
      const s = await h.reopen();
      expect((await s.searchKnowledge({ q: 'coupling' })).map((hit) => hit.workOrderId)).toEqual(['w1']);
      expect((await s.searchKnowledge({})).map((hit) => hit.workOrderId)).toEqual(['w1']);
    } finally {
      await h.cleanup();
    }
  });
});
