import { PrognosError } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';
import { errorResponses } from './schemas';

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
  required: ['id'],
} as const;
const entrySchema = {
  type: 'object',
  description:
    'A connector entry: { id, kind: modbus | opcua | mqtt | sparkplug | csv, name?, enabled?, ...kind-specific }',
  additionalProperties: true,
} as const;
// Connector entries are validated by each protocol's own JSON schema (errors name the field), not by the route.
const passThrough = () => () => true;

function connectors(ctx: AppContext) {
  if (!ctx.connectors) throw new PrognosError('CONFLICT', ['connectors are not enabled in this instance']);
  return ctx.connectors;
}

export function connectorRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/connectors',
    { schema: { tags: ['connectors'], summary: 'Every connector with its configuration (secrets masked) and health' } },
    async () => ({
      connectors: connectors(ctx).list(),
    }),
  );

  app.get<{ Querystring: { limit?: number } }>(
    '/api/connectors/events',
    {
      schema: {
        tags: ['connectors'],
        summary:
          'Recent connector events, newest first: stale and recovered tags (data-quality events), state changes, buffer evictions, Sparkplug rebirths',
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 500 } } },
      },
    },
    async (req) => ({ events: connectors(ctx).recentEvents(req.query.limit ?? 100) }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/connectors/:id',
    {
      schema: {
        tags: ['connectors'],
        summary: 'One connector: configuration and health (state, last data, errors, latency, tags)',
        params: idParams,
        response: errorResponses,
      },
    },
    async (req) => connectors(ctx).get(req.params.id),
  );

  app.put<{ Params: { id: string }; Body: unknown }>(
    '/api/connectors/:id',
    {
      schema: {
        tags: ['connectors'],
        summary: 'Create or replace a connector (validated; starts at once)',
        params: idParams,
        body: entrySchema,
        response: errorResponses,
      },
      validatorCompiler: passThrough,
    },
    async (req) => connectors(ctx).put(req.params.id, req.body),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/connectors/:id',
    {
      schema: {
        tags: ['connectors'],
        summary: 'Stop and remove a connector',
        params: idParams,
        response: errorResponses,
      },
    },
    async (req, reply) => {
      await connectors(ctx).remove(req.params.id);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { id: string }; Querystring: { path?: string } }>(
    '/api/connectors/:id/browse',
    {
      schema: {
        tags: ['connectors'],
        summary:
          'Discover tags with live values (OPC UA node, Modbus range such as holding:0-99, MQTT topics, Sparkplug metrics)',
        params: idParams,
        querystring: { type: 'object', properties: { path: { type: 'string', maxLength: 500 } } },
        response: errorResponses,
      },
    },
    async (req) => ({ items: await connectors(ctx).browse(req.params.id, req.query.path) }),
  );

  app.post<{ Body: { config?: unknown; path?: string } }>(
    '/api/connectors/preview',
    {
      schema: {
        tags: ['connectors'],
        summary: 'Browse a device with an unsaved connector configuration (discovery with live preview before saving)',
        body: { type: 'object', properties: { config: entrySchema, path: { type: 'string' } }, required: ['config'] },
        response: errorResponses,
      },
      validatorCompiler: passThrough,
    },
    async (req) => {
      const body = req.body as { config?: unknown; path?: string } | null;
      if (!body || typeof body.config !== 'object')
        throw new PrognosError('BAD_REQUEST', ['body.config must be a connector entry']);
      return { items: await connectors(ctx).preview(body.config, body.path) };
    },
  );
}
