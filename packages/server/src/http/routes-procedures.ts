/** Guided procedures, versioned (GET/POST /api/procedures, GET /api/procedures/:id, GET /api/procedures/:id/versions). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';

export function procedureRoutes(_app: FastifyInstance, _ctx: AppContext): void {
  // TODO: implement
}
