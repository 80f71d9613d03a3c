import type { FastifyInstance } from 'fastify';
import { NOTIFICATION_EVENTS } from '../notifications/channel-config';
import type { AppContext } from './context';
import { errorResponses, errorSchema } from './schemas';

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
  required: ['id'],
} as const;
const channelSchema = {
  type: 'object',
  description:
    'A notification channel: { id, kind: webhook | email | mqtt | cmms, events: [' +
    `${NOTIFICATION_EVENTS.join(', ')}], minSeverity?, enabled?, ...kind-specific } ` +
    '(webhook/cmms: url, headers?, secret?; email: smtp { host, port, secure?, user?, password? | passwordEnv? }, from, to[]; ' +
    'mqtt: url, topic with {asset} and {event}, qos). Secrets come back masked (********); send the mask back to keep them.',
  additionalProperties: true,
} as const;
// Channels are validated by the notifications' own schema (errors name the field), not by the route.
const passThrough = () => () => true;

export function notificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const svc = () => ctx.notifications;

  app.get(
    '/api/notifications/channels',
    {
      schema: {
        tags: ['notifications'],
        summary:
          'Every notification channel (from the configuration file and the API), secrets masked, with delivery counts',
      },
    },
    async () => ({ channels: svc().list() }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/notifications/channels/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'One notification channel',
        params: idParams,
        response: errorResponses,
      },
    },
    async (req) => svc().get(req.params.id),
  );

  app.put<{ Params: { id: string }; Body: unknown }>(
    '/api/notifications/channels/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Create or replace a notification channel (validated; kept in the store, overrides the file)',
        params: idParams,
        body: channelSchema,
        response: errorResponses,
      },
      validatorCompiler: passThrough,
    },
    async (req) => svc().put(req.params.id, req.body),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/notifications/channels/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Remove a notification channel',
        params: idParams,
        response: errorResponses,
      },
    },
    async (req, reply) => {
      await svc().remove(req.params.id);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/notifications/channels/:id/test',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Send a test message through the channel now (one attempt); 502 with the reason when it fails',
        params: idParams,
        response: { ...errorResponses, 502: errorSchema },
      },
    },
    async (req) => ({ delivery: await svc().test(req.params.id) }),
  );

  app.get<{ Querystring: { channel?: string; limit?: number } }>(
    '/api/notifications/log',
    {
      schema: {
        tags: ['notifications'],
        summary: 'The last deliveries, newest first: ok, retried (with the reason and the next try), failed, dropped',
        querystring: {
          type: 'object',
          properties: { channel: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 500 } },
        },
      },
    },
    async (req) => ({ deliveries: svc().deliveries({ channelId: req.query.channel, limit: req.query.limit ?? 100 }) }),
  );
}
