/** Why panels (GET /api/alerts/:id/why, GET /api/assets/:id/why) and lessons (GET /api/lessons, GET /api/lessons/:id). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';

export function whyRoutes(_app: FastifyInstance, _ctx: AppContext): void {
  // TODO: implement
}
