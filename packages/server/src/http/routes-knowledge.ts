/** Know-how: full-text search of work-order findings (GET /api/knowledge). */
import type { Alert, AlertWorkflow, KnowledgeHit, KnowledgeQuery } from '@prognos/core';
import type { MetadataStore } from '@prognos/store';
import type { FastifyInstance } from 'fastify';
import { ASSET_TYPES } from '../planning/fields';
import type { AppContext } from './context';
import { errorResponses } from './schemas';
import { knowledgeHitSchema } from './schemas-maintenance';

/**
 * Searches the findings and names each hit's failure mode (the store knows the asset but keeps failure modes as
 * ids). Shared by the search route and the alert detail, which shows past findings for its likely failure modes.
 */
export async function searchKnowledge(metadata: MetadataStore, q: KnowledgeQuery): Promise<KnowledgeHit[]> {
  const hits = await metadata.searchKnowledge(q);
  const names = new Map((await metadata.listFailureModes()).map((m) => [m.id, m.name]));
  return hits.map((h) => {
    const name = h.failureModeId === undefined ? undefined : names.get(h.failureModeId);
    return name === undefined ? h : { ...h, failureModeName: name };
  });
}

export function knowledgeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: KnowledgeQuery }>(
    '/api/knowledge',
    {
      schema: {
        tags: ['maintenance'],
        summary:
          'Search the findings of completed work orders: every word must match, a trailing * matches a prefix; ' +
          'without q, the newest findings',
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 500 },
            assetId: { type: 'string', minLength: 1, maxLength: 100 },
            assetType: { type: 'string', enum: ASSET_TYPES },
            failureModeId: { type: 'string', minLength: 1, maxLength: 100 },
            limit: { type: 'integer', minimum: 1, maximum: 200 },
          },
        },
        response: {
          200: { type: 'object', properties: { hits: { type: 'array', items: knowledgeHitSchema } } },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { q, assetId, assetType, failureModeId, limit } = req.query;
      return { hits: await searchKnowledge(ctx.metadata, { q, assetId, assetType, failureModeId, limit }) };
    },
  );
}

/** Failure modes of an alert looked up for past findings, and hits listed at most. */
const PAST_FINDING_MODES = 3;
const PAST_FINDINGS = 5;

/**
 * Past findings for an alert: what technicians found on completed work orders of the alert's top-ranked failure
 * modes, on machines of the alert asset's type. Unlike the similar episodes (same deviation signature) this also
 * finds jobs that were never linked to an alert. Best-ranked mode first, newest first within a mode; the alert's
 * own work order is left out.
 */
export async function pastFindings(
  metadata: MetadataStore,
  alert: Alert,
  workflow: AlertWorkflow,
): Promise<KnowledgeHit[]> {
  const modes = workflow.failureModes.filter((m) => m.score > 0).slice(0, PAST_FINDING_MODES);
  if (modes.length === 0) return [];
  const asset = await metadata.getAsset(alert.assetId);
  if (!asset) return [];
  const seen = new Set(workflow.workOrderId ? [workflow.workOrderId] : []);
  const out: KnowledgeHit[] = [];
  for (const m of modes) {
    const hits = await searchKnowledge(metadata, {
      failureModeId: m.failureModeId,
      assetType: asset.type,
      limit: PAST_FINDINGS,
    });
    for (const h of hits) {
      if (seen.has(h.workOrderId) || out.length >= PAST_FINDINGS) continue;
      seen.add(h.workOrderId);
      out.push(h.failureModeName ? h : { ...h, failureModeName: m.name });
    }
  }
  return out;
}
