import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Asset, WorkOrderDetail } from '@prognos/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toFtsQuery } from './knowledge-store';
import { openSqliteStore, type SqliteStore } from './open';

const asset = (id: string, type: Asset['type']): Asset => ({
  id,
  lineId: 'L1',
  name: `Asset ${id}`,
  type,
  criticality: 'B',
});

const wo = (
  id: string,
  assetId: string,
  completedAt: number,
  extra: Partial<WorkOrderDetail> = {},
): WorkOrderDetail => ({
  id,
  assetId,
  title: `WO ${id}`,
  description: 'Vibration alert on the drive end',
  status: 'done',
  priority: 'high',
  createdAt: completedAt - 5000,
  completedAt,
  type: 'predictive',
  skill: 'mechanical',
  estimatedHours: 2,
  procedure: [{ text: 'Lock out', safety: true }],
  stepResults: [],
  parts: [],
  labour: [],
  ...extra,
});

const findings = (rootCause: string, actionTaken: string, failureModeId?: string) => ({
  failureConfirmed: true,
  rootCause,
  actionTaken,
  downtimeHours: 1,
  ...(failureModeId === undefined ? {} : { failureModeId }),
});

describe('knowledge search (SQLite FTS5)', () => {
  let s: SqliteStore;
  beforeEach(async () => {
    s = openSqliteStore({ path: ':memory:' });
    await s.metadata.upsertAsset(asset('P-1', 'centrifugal_pump'));
    await s.metadata.upsertAsset(asset('P-2', 'centrifugal_pump'));
    await s.metadata.upsertAsset(asset('F-1', 'fan'));
    await s.metadata.saveWorkOrderDetail(
      wo('w1', 'P-1', 1000, {
        findings: findings('Coupling bolts loose', 'Re-tightened coupling bolts and realigned', 'pump-misalignment'),
        labour: [
          { technician: 'lee', hours: 0.5, at: 900 },
          { technician: 'sam', hours: 0.25, at: 950 },
          { technician: 'lee', hours: 0.1, at: 990 },
        ],
        stepResults: [{ step: 0, done: true, at: 800, by: 'lee', note: 'Found shim pack missing under motor foot' }],
      }),
    );
    await s.metadata.saveWorkOrderDetail(
      wo('w2', 'P-2', 2000, {
        findings: findings('Bearing dry, grease washed out', 'Replaced DE bearing', 'pump-bearing'),
      }),
    );
    await s.metadata.saveWorkOrderDetail(
      wo('w3', 'F-1', 3000, { findings: findings('Loose belt guard rattling', 'Fastened guard', 'fan-looseness') }),
    );
    // Open work order without findings: never in the index.
    await s.metadata.saveWorkOrderDetail(wo('w4', 'P-1', 4000, { status: 'open', title: 'coupling check' }));
  });
  afterEach(async () => {
    await s.close();
  });

  const ids = async (q: Parameters<SqliteStore['metadata']['searchKnowledge']>[0]) =>
    (await s.metadata.searchKnowledge(q)).map((h) => h.workOrderId);

  it('finds a finding by a word, with the hit filled in and the match marked in the snippet', async () => {
    const hits = await s.metadata.searchKnowledge({ q: 'coupling' });
    expect(hits.map((h) => h.workOrderId)).toEqual(['w1']);
    const h = hits[0];
    expect(h).toMatchObject({
      workOrderId: 'w1',
      assetId: 'P-1',
      assetName: 'Asset P-1',
      assetType: 'centrifugal_pump',
      failureModeId: 'pump-misalignment',
      title: 'WO w1',
      rootCause: 'Coupling bolts loose',
      actionTaken: 'Re-tightened coupling bolts and realigned',
      completedAt: 1000,
      repairMinutes: 51,
      technician: 'lee',
    });
    expect(h?.snippet).toContain('«Coupling»');
    expect(h?.rank).toBeGreaterThan(0);
  });

  it('requires every word, matches stems and prefixes, and searches step notes', async () => {
    expect(await ids({ q: 'loose' })).toEqual(expect.arrayContaining(['w1', 'w3']));
    expect(await ids({ q: 'loose coupling' })).toEqual(['w1']);
    expect(await ids({ q: 'loose bearing' })).toEqual([]);
    // Porter stemming: "realign" finds "realigned".
    expect(await ids({ q: 'realign' })).toEqual(['w1']);
    expect(await ids({ q: 'coup' })).toEqual([]);
    expect(await ids({ q: 'coup*' })).toEqual(['w1']);
    expect(await ids({ q: 'shim' })).toEqual(['w1']);
    expect(await ids({ q: 'COUPLING Bolts' })).toEqual(['w1']);
  });

  it('ranks the root cause above a mention in the notes', async () => {
    await s.metadata.saveWorkOrderDetail(
      wo('w5', 'P-2', 5000, {
        findings: findings('Impeller worn', 'Replaced impeller'),
        stepResults: [{ step: 0, done: true, at: 4900, by: 'sam', note: 'checked coupling, fine' }],
      }),
    );
    const hits = await s.metadata.searchKnowledge({ q: 'coupling' });
    expect(hits.map((h) => h.workOrderId)).toEqual(['w1', 'w5']);
    expect(hits[0]?.rank).toBeGreaterThan(hits[1]?.rank ?? Number.POSITIVE_INFINITY);
  });

  it('filters by asset, asset type and failure mode', async () => {
    expect(await ids({ q: 'loose', assetType: 'fan' })).toEqual(['w3']);
    expect(await ids({ q: 'loose', assetId: 'P-1' })).toEqual(['w1']);
    expect(await ids({ failureModeId: 'pump-bearing' })).toEqual(['w2']);
    expect(await ids({ assetType: 'centrifugal_pump' })).toEqual(['w2', 'w1']);
    expect(await ids({ q: 'loose', failureModeId: 'pump-bearing' })).toEqual([]);
  });

  it('lists the newest findings for an empty query, up to the limit', async () => {
    expect(await ids({})).toEqual(['w3', 'w2', 'w1']);
    expect(await ids({ q: '   ' })).toEqual(['w3', 'w2', 'w1']);
    expect(await ids({ limit: 2 })).toEqual(['w3', 'w2']);
    const [first] = await s.metadata.searchKnowledge({});
    expect(first?.snippet).toBe('Loose belt guard rattling');
    expect(first?.rank).toBe(0);
  });

  it('treats FTS syntax in the query as plain words', async () => {
    // Each of these would be an FTS5 syntax error or a column filter if passed through raw.
    for (const q of ['"', 'coupling"', 'coupling OR', 'NOT coupling', 'title:coupling', '(coupling', 'NEAR(a b)']) {
      await expect(s.metadata.searchKnowledge({ q })).resolves.toBeInstanceOf(Array);
    }
    // OR is a word to look for, not an operator: "loose OR bearing" needs all three words.
    expect(await ids({ q: 'loose OR bearing' })).toEqual([]);
    expect(await ids({ q: 'title:coupling' })).toEqual([]);
    expect(await ids({ q: '"coupling' })).toEqual(['w1']);
    expect(await ids({ q: '***' })).toEqual([]);
    expect(toFtsQuery('a"b OR c*')).toBe('"a" "b" "OR" "c"*');
    expect(toFtsQuery('re-tightened')).toBe('"re" "tightened"');
  });

  it('replaces the row when findings change and removes it when they are gone', async () => {
    const first = await s.metadata.getWorkOrderDetail('w1');
    if (first === undefined) throw new Error('w1 missing');
    await s.metadata.saveWorkOrderDetail({ ...first, findings: findings('Soft foot on motor', 'Shimmed motor foot') });
    expect(await ids({ q: 'coupling bolts' })).toEqual([]);
    expect(await ids({ q: 'soft foot' })).toEqual(['w1']);
    // Saving again does not add a second row.
    await s.metadata.saveWorkOrderDetail({ ...first, findings: findings('Soft foot on motor', 'Shimmed motor foot') });
    expect(await ids({ q: 'soft' })).toEqual(['w1']);
    await s.metadata.saveWorkOrderDetail({ ...first, findings: undefined });
    expect(await ids({ q: 'soft' })).toEqual([]);
    await s.metadata.saveWorkOrderDetail({ ...first, findings: findings('  ', '') });
    expect(await ids({})).toEqual(['w3', 'w2']);
  });
});

describe('knowledge index of a database older than migration 9', () => {
  it('is filled from the stored work orders when the store opens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prognos-knowledge-'));
    try {
      const path = join(dir, 'store.db');
      let s = openSqliteStore({ path });
      await s.metadata.saveWorkOrderDetail(
        wo('w1', 'P-1', 1000, { findings: findings('Coupling bolts loose', 'Tightened') }),
      );
      await s.metadata.saveWorkOrderDetail(wo('w2', 'P-1', 2000, { status: 'open' }));
      // As if the work orders were saved before the index existed.
      s.db.exec('DELETE FROM knowledge_fts');
      expect(await s.metadata.searchKnowledge({ q: 'coupling' })).toEqual([]);
      await s.close();
      s = openSqliteStore({ path });
      expect((await s.metadata.searchKnowledge({ q: 'coupling' })).map((h) => h.workOrderId)).toEqual(['w1']);
      expect((await s.metadata.searchKnowledge({})).map((h) => h.workOrderId)).toEqual(['w1']);
      await s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
