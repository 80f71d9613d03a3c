/**
 * ROI: the business case (GET/PUT /api/roi/inputs, GET /api/roi/case) and the evidence ledger (GET /api/roi/ledger).
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';

export function roiRoutes(_app: FastifyInstance, _ctx: AppContext): void {
  // TODO: implement
}
