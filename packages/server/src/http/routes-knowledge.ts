/** Know-how: full-text search of work-order findings (GET /api/knowledge). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';

export function knowledgeRoutes(_app: FastifyInstance, _ctx: AppContext): void {
  // TODO: implement
}
