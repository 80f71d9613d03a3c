import { PrognosError } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';
import { downsampleSchema, errorResponses, errorSchema, readingSchema, seriesSchema } from './schemas';

export const MAX_BATCH = 100_000;
const sensorParams = { type: 'object', properties: { sensor: { type: 'string' } }, required: ['sensor'] } as const;

const ingestResponse = {
  type: 'object',
  properties: {
    stored: { type: 'integer' },
    rejected: { type: 'integer' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { index: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const;

function range(q: { from?: number; to?: number }, defaultSpanMs: number): { from: number; to: number } {
  const to = q.to ?? Date.now();
  const from = q.from ?? to - defaultSpanMs;
  if (!(from < to)) throw new PrognosError('QUERY_INVALID_RANGE', [`from (${from}) must be before to (${to})`]);
  if (to - from > 5 * 366 * 86400_000) throw new PrognosError('QUERY_INVALID_RANGE', ['at most 5 years per query']);
  return { from, to };
}

/** Query string of a time-range read: from/to (epoch ms) plus the route's own options. */
function rangeQuery<P extends Record<string, object>>(extra: P) {
  return {
    type: 'object',
    properties: { from: { type: 'number' }, to: { type: 'number' }, ...extra },
  } as const;
}

/** The sensor of a `/:sensor` read (SENSOR_NOT_FOUND when unknown) and its [from, to), by default the last hour. */
async function sensorRange(
  ctx: AppContext,
  req: { params: { sensor: string }; query: { from?: number; to?: number } },
): Promise<{ sensor: string; from: number; to: number }> {
  const sensor = req.params.sensor;
  if (!(await ctx.metadata.getSensor(sensor))) throw new PrognosError('SENSOR_NOT_FOUND', [sensor]);
  return { sensor, ...range(req.query, 3600_000) };
}

export function readingRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: unknown }>(
    '/api/readings',
    {
      schema: {
        tags: ['readings'],
        summary: 'Ingest a batch of readings',
        description:
          'Body: `{ "readings": [ {sensor, ts, value, quality?}, ... ] }` or a bare array. Valid items are stored even when ' +
          'others are not; each invalid item is reported with its index and a code (200: all stored, 207: some rejected, ' +
          '422: none stored). Re-sending the same sensor and timestamp replaces the value, it never duplicates.',
        body: {
          anyOf: [
            { type: 'object', properties: { readings: { type: 'array', items: readingSchema } } },
            { type: 'array', items: readingSchema },
          ],
        },
        response: { 200: ingestResponse, 207: ingestResponse, 422: ingestResponse, 400: errorSchema, 413: errorSchema },
      },
      // Items are checked one by one in IngestService so that good items are kept and each bad one gets its own
      // coded error; a whole-body JSON-schema check would reject the batch instead.
      validatorCompiler: () => () => true,
    },
    async (req, reply) => {
      const body = req.body as { readings?: unknown } | unknown[] | null;
      const items = Array.isArray(body)
        ? body
        : body && typeof body === 'object'
          ? (body as { readings?: unknown }).readings
          : undefined;
      if (!Array.isArray(items))
        throw new PrognosError('MALFORMED_BODY', ['expected {"readings": [...]} or an array of readings']);
      if (items.length === 0) throw new PrognosError('INGEST_EMPTY_BATCH');
      if (items.length > MAX_BATCH) throw new PrognosError('INGEST_BATCH_TOO_LARGE', [items.length, MAX_BATCH]);
      const res = await ctx.ingest.ingest(items, Date.now(), 'http');
      reply.status(res.rejected === 0 ? 200 : res.stored > 0 ? 207 : 422);
      return res;
    },
  );

  app.get<{ Params: { sensor: string }; Querystring: { from?: number; to?: number; limit?: number } }>(
    '/api/readings/:sensor',
    {
      schema: {
        tags: ['readings'],
        summary: 'Raw readings of one sensor in [from, to)',
        params: sensorParams,
        querystring: rangeQuery({ limit: { type: 'integer', minimum: 1, maximum: 1_000_000 } }),
        response: { 200: seriesSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { sensor, from, to } = await sensorRange(ctx, req);
      const s = await ctx.readings.read(sensor, from, to, req.query.limit ?? 100_000);
      return { sensor: s.sensor, ts: Array.from(s.ts), values: Array.from(s.values), quality: Array.from(s.quality) };
    },
  );

  app.get<{ Params: { sensor: string }; Querystring: { from?: number; to?: number; buckets?: number } }>(
    '/api/readings/:sensor/downsample',
    {
      schema: {
        tags: ['readings'],
        summary: 'min / max / avg per time bucket for charts (rollups serve long ranges)',
        params: sensorParams,
        querystring: rangeQuery({ buckets: { type: 'integer', minimum: 1, maximum: 10_000 } }),
        response: { 200: downsampleSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { sensor, from, to } = await sensorRange(ctx, req);
      return ctx.readings.downsample(sensor, from, to, req.query.buckets ?? 600);
    },
  );
}
