/**
 * The maintenance part of the PostgreSQL MetadataStore against a real PostgreSQL 15: the know-how search suite
 * shared with the embedded store, and what only a networked store has to get right — atomic stock changes and
 * procedure numbering under concurrent writers on separate connections and separate pools (as two server
 * processes would be). Needs PROGNOS_TEST_PG_URL (scripts/test.sh sets it); skipped without it.
 */
import type { NewProcedureVersion, SparePart, WorkOrderDetail } from '@prognos/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { knowledgeSearchConformance } from '../testing/knowledge-suite';
import { openPgStore, type PgStore } from './open';
import { pgMetadataHarness, url } from './pg-test-harness';
import { dropPgSchema } from './schema';

/** Two stores (two pools) on one fresh schema, dropped afterwards. */
async function twoStores(): Promise<{ a: PgStore; b: PgStore; cleanup(): Promise<void> }> {
  const schema = `prognos_mm_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const config = { connectionString: url!, schema, maxConnections: 6 };
  const a = await openPgStore(config);
  const b = await openPgStore(config);
  return {
    a,
    b,
    async cleanup() {
      await a.close();
      await b.close();
      await dropPgSchema(url!, schema);
    },
  };
}

const draft = (id: string, title: string): NewProcedureVersion => ({
  id,
  title,
  failureModeIds: [id],
  assetTypes: ['centrifugal_pump'],
  steps: [{ text: 'Lock out and tag out the motor', safety: true, minutes: 10 }],
  tools: [],
  parts: [],
  estimatedMinutes: 10,
  author: 'test',
});

describe.skipIf(!url)('PostgreSQL metadata store: maintenance part', () => {
  knowledgeSearchConformance('postgresql', pgMetadataHarness);

  describe('under concurrent writers', () => {
    let stores: Awaited<ReturnType<typeof twoStores>>;
    beforeEach(async () => {
      stores = await twoStores();
    });
    afterEach(async () => {
      await stores.cleanup();
    });

    it('numbers concurrent procedure saves from two pools distinct and consecutive, per procedure', async () => {
      const { a, b } = stores;
      const saves = Array.from({ length: 24 }, (_, i) =>
        (i % 2 === 0 ? a : b).metadata.saveProcedureVersion(draft(i % 3 === 0 ? 'FM-Y' : 'FM-X', `edit ${i}`)),
      );
      const saved = await Promise.all(saves);
      const versions = (id: string) =>
        saved
          .filter((p) => p.id === id)
          .map((p) => p.version)
          .sort((x, y) => x - y);
      expect(versions('FM-X')).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      expect(versions('FM-Y')).toEqual(Array.from({ length: 8 }, (_, i) => i + 1));
      // What each save returned is what was stored under its number.
      for (const p of saved) expect(await b.metadata.getProcedure(p.id, p.version)).toEqual(p);
      expect((await a.metadata.listProcedures()).map((p) => [p.id, p.version])).toEqual([
        ['FM-X', 16],
        ['FM-Y', 8],
      ]);
    });

    it('applies concurrent stock changes from two pools atomically, never below zero', async () => {
      const { a, b } = stores;
      const part: SparePart = { id: 'BRG-6309', name: 'Bearing 6309-2RS', stock: 60, leadTimeDays: 5, unitCost: 85 };
      await a.metadata.upsertSparePart(part);
      const adjust = (deltas: number[]) =>
        Promise.all(deltas.map((d, i) => (i % 2 === 0 ? a : b).metadata.adjustSparePartStock(part.id, d)));

      // 40 withdrawals of 1 at once: applied one at a time, each returns the stock it left, so the answers are
      // exactly 59 down to 20, each once.
      const taken = await adjust(Array.from({ length: 40 }, () => -1));
      expect(taken.map((r) => r?.stock ?? -1).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 40 }, (_, i) => 20 + i),
      );
      expect(taken.every((r) => r?.name === part.name)).toBe(true);

      // 10 receipts of 2 and 15 withdrawals of 1 in any order: the stock of 20 covers the withdrawals, so the floor
      // is never reached and the end stock shows whether any change was lost.
      await adjust(Array.from({ length: 25 }, (_, i) => (i % 5 < 2 ? 2 : -1)));
      expect((await b.metadata.getSparePart(part.id))?.stock).toBe(20 + 20 - 15);

      // Withdrawals beyond the stock stop at zero, whatever the interleaving.
      await adjust(Array.from({ length: 40 }, () => -1));
      expect(await a.metadata.getSparePart(part.id)).toEqual({ ...part, stock: 0 });
    });

    it('keeps the detail, summary and know-how entry of one work order from the same of its concurrent saves', async () => {
      const { a, b } = stores;
      const version = (i: number): WorkOrderDetail => ({
        id: 'w1',
        assetId: 'P-1',
        title: `Job ${i}`,
        description: 'Vibration alert',
        status: i % 2 === 0 ? 'done' : 'in_progress',
        priority: 'high',
        createdAt: 1000,
        completedAt: 2000 + i,
        type: 'corrective',
        skill: 'mechanical',
        estimatedHours: 1,
        procedure: [],
        stepResults: [],
        parts: [],
        labour: [],
        findings: { failureConfirmed: true, rootCause: `cause${i}`, actionTaken: 'Fixed', downtimeHours: 1 },
      });
      await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).metadata.saveWorkOrderDetail(version(i))),
      );
      const last = await a.metadata.getWorkOrderDetail('w1');
      expect(last).toBeDefined();
      const i = Number(last?.title.split(' ')[1]);
      expect(last).toEqual(version(i));
      expect(await b.metadata.listWorkOrders()).toEqual([
        expect.objectContaining({ id: 'w1', title: `Job ${i}`, status: version(i).status, completedAt: 2000 + i }),
      ]);
      const hits = await b.metadata.searchKnowledge({});
      expect(hits.map((h) => [h.workOrderId, h.rootCause])).toEqual([['w1', `cause${i}`]]);
      expect((await a.metadata.searchKnowledge({ q: `cause${i}` })).map((h) => h.workOrderId)).toEqual(['w1']);
    });
  });

  describe('after close', () => {
    it('rejects every call with the error the embedded store gives', async () => {
      const h = await pgMetadataHarness();
      try {
        await h.store.upsertSparePart({ id: 'P', name: 'Part', stock: 1, leadTimeDays: 1, unitCost: 1 });
        await h.store.close();
        const closed = 'metadata store is closed';
        await expect(h.store.getSparePart('P')).rejects.toThrow(closed);
        await expect(h.store.adjustSparePartStock('P', -1)).rejects.toThrow(closed);
        await expect(h.store.searchKnowledge({ q: 'x' })).rejects.toThrow(closed);
        await expect(h.store.saveProcedureVersion(draft('FM', 'x'))).rejects.toThrow(closed);
        await expect(h.store.listTrainingAttempts()).rejects.toThrow(closed);
      } finally {
        await h.cleanup();
      }
    });
  });
});
