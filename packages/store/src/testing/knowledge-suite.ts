/**
 * Know-how search conformance (MetadataStore.searchKnowledge), shared by every implementation: the embedded FTS5
 * index and PostgreSQL full-text search must answer the same queries with the same hits, in the same order.
 */
import type { Asset, KnowledgeQuery, WorkOrderDetail } from '@prognos/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetadataStore } from '../ports';
import type { MetadataStoreHarness } from './metadata-store-suite';

const asset = (id: string, type: Asset['type']): Asset => ({
  id,
  lineId: 'L1',
  name: `Asset ${id}`,
  type,
  criticality: 'B',
});

/** A done predictive work order completed at completedAt (created 5 s before), with no findings unless given. */
export const knowledgeWorkOrder = (
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

export function knowledgeSearchConformance(name: string, factory: () => Promise<MetadataStoreHarness>): void {
  describe(`knowledge search: ${name}`, () => {
    let h: MetadataStoreHarness;
    let s: MetadataStore;
    beforeEach(async () => {
      h = await factory();
      s = h.store;
      await s.upsertAsset(asset('P-1', 'centrifugal_pump'));
      await s.upsertAsset(asset('P-2', 'centrifugal_pump'));
      await s.upsertAsset(asset('F-1', 'fan'));
      await s.saveWorkOrderDetail(
        knowledgeWorkOrder('w1', 'P-1', 1000, {
          findings: findings('Coupling bolts loose', 'Re-tightened coupling bolts and realigned', 'pump-misalignment'),
          labour: [
            { technician: 'lee', hours: 0.5, at: 900 },
            { technician: 'sam', hours: 0.25, at: 950 },
            { technician: 'lee', hours: 0.1, at: 990 },
          ],
          stepResults: [{ step: 0, done: true, at: 800, by: 'lee', note: 'Found shim pack missing under motor foot' }],
        }),
      );
      await s.saveWorkOrderDetail(
        knowledgeWorkOrder('w2', 'P-2', 2000, {
          findings: findings('Bearing dry, grease washed out', 'Replaced DE bearing', 'pump-bearing'),
        }),
      );
      await s.saveWorkOrderDetail(
        knowledgeWorkOrder('w3', 'F-1', 3000, {
          findings: findings('Loose belt guard rattling', 'Fastened guard', 'fan-looseness'),
        }),
      );
      // Open work order without findings: never in the index.
      await s.saveWorkOrderDetail(knowledgeWorkOrder('w4', 'P-1', 4000, { status: 'open', title: 'coupling check' }));
    });
    afterEach(async () => {
      await h.cleanup();
    });

    const ids = async (q: KnowledgeQuery) => (await s.searchKnowledge(q)).map((hit) => hit.workOrderId);

    it('finds a finding by a word, with the hit filled in and the match marked in the snippet', async () => {
      const hits = await s.searchKnowledge({ q: 'coupling' });
      expect(hits.map((hit) => hit.workOrderId)).toEqual(['w1']);
      const hit = hits[0];
      expect(hit).toMatchObject({
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
      expect(hit?.snippet).toBe('«Coupling» bolts loose');
      // FTS5's bm25 with the column weights: 1 of 3 entries holds the word, so idf = ln(2.5 / 1.5); it is once in
      // the root cause (10) and once in the action (5), f = 15; w1 has 24 words, the average is 18, so
      // rank = idf × 15 × 2.2 / (15 + 1.2 × (0.25 + 0.75 × 24 / 18)) = 2 × idf.
      expect(hit?.rank).toBeCloseTo(2 * Math.log(2.5 / 1.5), 9);
    });

    it('requires every word, matches stems and prefixes, and searches step notes', async () => {
      expect(await ids({ q: 'loose' })).toEqual(expect.arrayContaining(['w1', 'w3']));
      expect(await ids({ q: 'loose coupling' })).toEqual(['w1']);
      expect(await ids({ q: 'loose bearing' })).toEqual([]);
      // Stemming: "realign" finds "realigned", "bearings" finds "bearing".
      expect(await ids({ q: 'realign' })).toEqual(['w1']);
      expect(await ids({ q: 'bearings' })).toEqual(['w2']);
      expect(await ids({ q: 'coup' })).toEqual([]);
      expect(await ids({ q: 'coup*' })).toEqual(['w1']);
      expect(await ids({ q: 'shim' })).toEqual(['w1']);
      expect(await ids({ q: 'COUPLING Bolts' })).toEqual(['w1']);
      // Punctuation splits words in the text as in the query.
      expect(await ids({ q: 'tightened' })).toEqual(['w1']);
      expect(await ids({ q: 'washed' })).toEqual(['w2']);
    });

    it('stems as the Porter stemmer does and ignores diacritics', async () => {
      // Porter keeps "dry" (Porter2 would make it "dri", a prefix of "drive", which every description holds).
      expect(await ids({ q: 'dry*' })).toEqual(['w2']);
      expect(await ids({ q: 'dry' })).toEqual(['w2']);
      await s.saveWorkOrderDetail(
        knowledgeWorkOrder('w5', 'P-2', 5000, {
          findings: findings('Rotor imbalance', 'Balanced the rotor per Müller procedure'),
        }),
      );
      expect(await ids({ q: 'muller' })).toEqual(['w5']);
      expect(await ids({ q: 'MÜLLER' })).toEqual(['w5']);
      expect((await s.searchKnowledge({ q: 'muller' }))[0]?.snippet).toBe('Balanced the rotor per «Müller» procedure');
    });

    it('keeps every word: none is dropped as a stop word', async () => {
      await s.saveWorkOrderDetail(
        knowledgeWorkOrder('w5', 'P-2', 5000, {
          findings: findings('Seal not seated', 'Reseated the seal'),
          description: '',
        }),
      );
      expect(await ids({ q: 'not seated' })).toEqual(['w5']);
      expect(await ids({ q: 'the seal' })).toEqual(['w5']);
      // "under" is in w1's step note only: a common word still has to be there.
      expect(await ids({ q: 'under seal' })).toEqual([]);
    });

    it('ranks the root cause above a mention in the notes', async () => {
      await s.saveWorkOrderDetail(
        knowledgeWorkOrder('w5', 'P-2', 5000, {
          findings: findings('Impeller worn', 'Replaced impeller'),
          description: '',
          stepResults: [{ step: 0, done: true, at: 4900, by: 'sam', note: 'checked coupling, fine' }],
        }),
      );
      const hits = await s.searchKnowledge({ q: 'coupling' });
      expect(hits.map((hit) => hit.workOrderId)).toEqual(['w1', 'w5']);
      expect(hits[0]?.rank).toBeGreaterThan(hits[1]?.rank ?? Number.POSITIVE_INFINITY);
      // The snippet comes from the column that matched: the step note for w5.
      expect(hits[1]?.snippet).toBe('checked «coupling», fine');
    });

    it('cuts the snippet of a long text to 24 words centred on the match, marking the cuts', async () => {
      const words = (word: string, from: number, to: number) =>
        Array.from({ length: to - from + 1 }, (_, i) => `${word}${from + i}`).join(' ');
      const note = `${words('before', 0, 29)} cavitation noise at the suction ${words('after', 0, 29)}`;
      await s.saveWorkOrderDetail(
        knowledgeWorkOrder('w5', 'P-2', 5000, {
          findings: findings('Impeller worn', 'Replaced impeller'),
          stepResults: [{ step: 0, done: true, at: 4900, by: 'sam', note }],
        }),
      );
      const [hit] = await s.searchKnowledge({ q: 'cavitation' });
      expect(hit?.workOrderId).toBe('w5');
      // Word 30 of the notes matched: the window starts 11 words before it.
      expect(hit?.snippet).toBe(
        `…${words('before', 19, 29)} «cavitation» noise at the suction ${words('after', 0, 7)}…`,
      );
    });

    it('starts the snippet at the sentence that holds the match', async () => {
      const words = (word: string, n: number) => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');
      const note = `${words('intro', 20)}. Found cavitation damage on the vanes. ${words('outro', 20)}`;
      await s.saveWorkOrderDetail(
        knowledgeWorkOrder('w5', 'P-2', 5000, {
          findings: findings('Impeller worn', 'Replaced impeller'),
          stepResults: [{ step: 0, done: true, at: 4900, by: 'sam', note }],
        }),
      );
      const [hit] = await s.searchKnowledge({ q: 'cavitation' });
      expect(hit?.snippet).toBe(`…Found «cavitation» damage on the vanes. ${words('outro', 18)}…`);
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
      expect(await ids({ limit: 0 })).toEqual(['w3']);
      const [first] = await s.searchKnowledge({});
      expect(first?.snippet).toBe('Loose belt guard rattling');
      expect(first?.rank).toBe(0);
    });

    it('lists findings without a completion time after the dated ones, the latest saved first', async () => {
      await s.saveWorkOrderDetail(
        knowledgeWorkOrder('w6', 'P-2', 100, {
          completedAt: undefined,
          findings: findings('Gasket leak', 'Replaced gasket'),
        }),
      );
      await s.saveWorkOrderDetail(
        knowledgeWorkOrder('w7', 'P-2', 100, {
          completedAt: undefined,
          findings: findings('Gasket torn', 'Replaced gasket'),
        }),
      );
      expect(await ids({})).toEqual(['w3', 'w2', 'w1', 'w7', 'w6']);
      const [hit] = await s.searchKnowledge({ q: 'leak' });
      expect(hit?.workOrderId).toBe('w6');
      expect(hit?.completedAt).toBeUndefined();
      expect(hit && 'completedAt' in hit).toBe(false);
    });

    it('treats query syntax as plain words', async () => {
      // Each of these would be a syntax error or a column filter in FTS5 or tsquery if passed through raw.
      for (const q of ['"', 'coupling"', 'coupling OR', 'NOT coupling', 'title:coupling', '(coupling', 'NEAR(a b)']) {
        await expect(s.searchKnowledge({ q })).resolves.toBeInstanceOf(Array);
      }
      for (const q of ["coupling'", 'coupling & !loose', 'coupling:*', 'a <-> b', '\\', "'':*"]) {
        await expect(s.searchKnowledge({ q })).resolves.toBeInstanceOf(Array);
      }
      // OR is a word to look for, not an operator: "loose OR bearing" needs all three words.
      expect(await ids({ q: 'loose OR bearing' })).toEqual([]);
      expect(await ids({ q: 'loose | bearing' })).toEqual([]);
      expect(await ids({ q: 'title:coupling' })).toEqual([]);
      expect(await ids({ q: '"coupling' })).toEqual(['w1']);
      expect(await ids({ q: "coupling'" })).toEqual(['w1']);
      expect(await ids({ q: '***' })).toEqual([]);
    });

    it('replaces the entry when findings change and removes it when they are gone, across reopen', async () => {
      const first = await s.getWorkOrderDetail('w1');
      if (first === undefined) throw new Error('w1 missing');
      await s.saveWorkOrderDetail({ ...first, findings: findings('Soft foot on motor', 'Shimmed motor foot') });
      expect(await ids({ q: 'coupling bolts' })).toEqual([]);
      expect(await ids({ q: 'soft foot' })).toEqual(['w1']);
      // Saving again does not add a second entry.
      await s.saveWorkOrderDetail({ ...first, findings: findings('Soft foot on motor', 'Shimmed motor foot') });
      expect(await ids({ q: 'soft' })).toEqual(['w1']);
      s = await h.reopen();
      expect(await ids({ q: 'soft' })).toEqual(['w1']);
      await s.saveWorkOrderDetail({ ...first, findings: undefined });
      expect(await ids({ q: 'soft' })).toEqual([]);
      await s.saveWorkOrderDetail({ ...first, findings: findings('  ', '') });
      expect(await ids({})).toEqual(['w3', 'w2']);
    });
  });
}
