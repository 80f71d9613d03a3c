/** The failure-mode library (FMEA): list, read, create or edit. */
import type { FailureMode } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';
import { errorResponses } from './schemas';
import { failureModeSchema } from './schemas-maintenance';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

export function failureModeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { library } = ctx.maintenance;

  app.get<{ Querystring: { assetType?: string } }>(
    '/api/failure-modes',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'The failure-mode library, optionally of one asset type',
        querystring: { type: 'object', properties: { assetType: { type: 'string' } } },
        response: { 200: { type: 'array', items: failureModeSchema }, ...errorResponses },
      },
    },
    async (req) => library.list(req.query.assetType),
  );

  app.get<{ Params: { id: string } }>(
    '/api/failure-modes/:id',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'One failure mode',
        params: idParams,
        response: { 200: failureModeSchema, ...errorResponses },
      },
    },
    async (req) => library.get(req.params.id),
  );

  app.put<{ Params: { id: string }; Body: FailureMode }>(
    '/api/failure-modes/:id',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Create or edit a failure mode (checked field by field: 400 FAILURE_MODE_INVALID names the field)',
        params: idParams,
        // The shape is checked by validateFailureMode, so that every mistake comes back naming its field.
        body: { type: 'object', additionalProperties: true },
        response: { 200: failureModeSchema, ...errorResponses },
      },
    },
    async (req) => library.put(req.params.id, req.body),
  );
}
