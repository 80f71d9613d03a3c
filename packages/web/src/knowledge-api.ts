/** Calls of the know-how search: the findings of completed work orders (GET /api/knowledge). */
import type { KnowledgeHit, KnowledgeQuery } from '@prognos/core';
import { qs, request } from './api';

export const kapi = {
  /** Every word must match (a trailing * matches a prefix); without q, the newest findings. */
  search: (query: KnowledgeQuery) =>
    request<{ hits: KnowledgeHit[] }>(
      `/api/knowledge${qs({
        q: query.q?.trim() || undefined,
        assetId: query.assetId,
        assetType: query.assetType,
        failureModeId: query.failureModeId,
        limit: query.limit,
      })}`,
    ).then((r) => r.hits),
};
