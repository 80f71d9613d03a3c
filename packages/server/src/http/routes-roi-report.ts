/** ROI reports: GET /api/roi/report.pdf and GET /api/roi/report.csv. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';

export function roiReportRoutes(_app: FastifyInstance, _ctx: AppContext): void {
  // TODO: implement
}
