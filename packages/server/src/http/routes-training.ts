/** Training mode (scenarios, attempts, assignments, skills matrix) under /api/training. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';

export function trainingRoutes(_app: FastifyInstance, _ctx: AppContext): void {
  // TODO: implement
}
