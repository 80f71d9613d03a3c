import { PrognosError } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';
import { errorResponses } from './schemas';

export function systemRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness (no authentication)',
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string' },
              version: { type: 'string' },
              uptimeS: { type: 'number' },
              simulator: { type: 'boolean' },
            },
          },
        },
      },
    },
    async () => ({
      status: 'ok',
      version: ctx.version,
      uptimeS: Math.round((Date.now() - ctx.startedAt) / 1000),
      simulator: !!ctx.simulator,
    }),
  );

  app.get(
    '/api/store/stats',
    { schema: { tags: ['system'], summary: 'Embedded store statistics (series, chunks, bytes on disk)' } },
    async () => ctx.readings.stats(),
  );

  app.get(
    '/api/simulator',
    { schema: { tags: ['simulator'], summary: 'Simulator status: speed, faults, asset states' } },
    async () => {
      if (!ctx.simulator) throw new PrognosError('SIMULATOR_DISABLED');
      return ctx.simulator.status();
    },
  );

  app.post<{ Body: { assetId: string; kind: string; timeToFailureMinutes?: number } }>(
    '/api/simulator/faults',
    {
      schema: {
        tags: ['simulator'],
        summary: 'Inject a degradation fault into a simulated asset',
        body: {
          type: 'object',
          properties: {
            assetId: { type: 'string' },
            kind: {
              type: 'string',
              enum: ['bearing_wear', 'misalignment', 'cavitation', 'clogged_filter', 'overheating'],
            },
            timeToFailureMinutes: {
              type: 'number',
              exclusiveMinimum: 0,
              description: 'Wall-clock minutes until failure',
            },
          },
          required: ['assetId', 'kind'],
        },
        response: errorResponses,
      },
    },
    async (req) => {
      if (!ctx.simulator) throw new PrognosError('SIMULATOR_DISABLED');
      return ctx.simulator.injectFault(req.body.assetId, req.body.kind, req.body.timeToFailureMinutes);
    },
  );

  app.post<{ Params: { assetId: string } }>(
    '/api/simulator/assets/:assetId/repair',
    {
      schema: {
        tags: ['simulator'],
        summary: 'Repair a simulated asset (clears its faults, restarts it)',
        params: { type: 'object', properties: { assetId: { type: 'string' } } },
      },
    },
    async (req) => {
      if (!ctx.simulator) throw new PrognosError('SIMULATOR_DISABLED');
      return ctx.simulator.repair(req.params.assetId);
    },
  );
}
