import { PrognosError } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context';
import { errorSchema } from '../http/schemas';
import { tokenFrom, tokenMatches } from '../integrations/cmms-inbound';

/**
 * The request-duration hook. Installed before the routes so that every route (plugins included) is timed. The
 * label is the route pattern (`/api/assets/:id`), never the raw URL: one series per route, not per asset id.
 */
export function installRequestMetrics(app: FastifyInstance, ctx: AppContext): void {
  const metrics = ctx.metrics;
  if (!metrics) return;
  app.addHook('onResponse', (req, reply, done) => {
    metrics.httpRequest(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

/** GET /metrics: Prometheus text exposition, behind a bearer token when metricsToken (PROGNOS_METRICS_TOKEN) is set. */
export function metricsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const metrics = ctx.metrics;
  if (!metrics) return;
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['system'],
        summary:
          'Prometheus metrics (text exposition): ingest rates, queue depths, scoring latency, connector health, HTTP ' +
          'durations. Authorization: Bearer <PROGNOS_METRICS_TOKEN> when that token is set',
        response: { 401: errorSchema },
      },
      // checked before anything is collected: a caller without the token learns nothing
      onRequest: async (req) => {
        const expected = ctx.config.metricsToken;
        if (expected && !tokenMatches(expected, tokenFrom(req.headers))) throw new PrognosError('METRICS_UNAUTHORIZED');
      },
    },
    async (_req, reply) => {
      const text = await metrics.render();
      return reply.type(metrics.contentType).header('cache-control', 'no-store').send(text);
    },
  );
}
