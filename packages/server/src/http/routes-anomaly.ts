import { anomalyView, anomalyWarmupMs, DEFAULT_ANOMALY_POINTS, MAX_ANOMALY_POINTS } from '@prognos/analytics';
import { PrognosError } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';
import { errorResponses, errorSchema } from './schemas';

const HOUR = 3_600_000;
/** Default range: the last 6 hours (a shift). */
const DEFAULT_RANGE_MS = 6 * HOUR;
/** Longest range: a month of windows is computed on the fly from raw readings, so it is bounded. */
const MAX_RANGE_MS = 31 * 24 * HOUR;

const num = { type: 'number' } as const;
const anomalyViewSchema = {
  type: 'object',
  properties: {
    assetId: { type: 'string' },
    threshold: { type: 'number', description: 'The alert threshold on the score scale (always 1)' },
    windowMs: num,
    modelVersion: { type: 'integer' },
    sensors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, name: { type: 'string' }, unit: { type: 'string' } },
      },
    },
    points: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          t: { type: 'number', description: 'Window start (epoch ms)' },
          score: { type: 'number', description: 'Relative to the alert level: 1 = alert threshold' },
          running: { type: 'boolean' },
          bands: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                sensor: { type: 'string' },
                value: num,
                expected: num,
                low: num,
                high: num,
                imputed: { type: 'boolean', description: 'No usable reading: value reconstructed from the others' },
              },
            },
          },
        },
      },
    },
  },
} as const;

interface AnomalyQuery {
  from?: number;
  to?: number;
  maxPoints?: number;
}

export function anomalyRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string }; Querystring: AnomalyQuery }>(
    '/api/assets/:id/anomaly',
    {
      schema: {
        tags: ['assets'],
        summary: "Anomaly score per window and each sensor's normal band, from stored readings with the active model",
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'number', description: 'Epoch ms (inclusive); default: 6 hours before `to`' },
            to: { type: 'number', description: 'Epoch ms (exclusive); default: now' },
            maxPoints: {
              type: 'integer',
              minimum: 1,
              description: `At most this many points (default ${DEFAULT_ANOMALY_POINTS}, capped at ${MAX_ANOMALY_POINTS})`,
            },
          },
        },
        response: { 200: anomalyViewSchema, ...errorResponses, 409: errorSchema },
      },
    },
    async (req) => {
      const asset = await ctx.metadata.getAsset(req.params.id);
      if (!asset) throw new PrognosError('ASSET_NOT_FOUND', [req.params.id]);
      const now = Date.now();
      const to = req.query.to ?? now;
      const from = req.query.from ?? to - DEFAULT_RANGE_MS;
      if (!(from < to)) throw new PrognosError('QUERY_INVALID_RANGE', ['from must be before to'], { from, to });
      if (to - from > MAX_RANGE_MS) {
        const days = Math.round(((to - from) / (24 * HOUR)) * 10) / 10;
        throw new PrognosError('QUERY_INVALID_RANGE', [`at most 31 days at a time (asked for ${days} days)`], {
          from,
          to,
        });
      }
      const model = ctx.pipeline.model(asset.id);
      if (!model) throw new PrognosError('NO_MODEL', [asset.id]);

      const w = model.windowMs;
      // Whole windows only: the one still filling up would be the mean of a few readings (noisier than any the
      // model learned from), and the monitor has not scored it yet either.
      const end = Math.min(Math.ceil(to / w) * w, Math.floor(now / w) * w);
      const readFrom = Math.floor(from / w) * w - anomalyWarmupMs(model);
      const ids = model.sensors.map((s) => s.id);
      if (model.running && !ids.includes(model.running.sensor)) ids.push(model.running.sensor);
      const viewTo = Math.min(to, end);
      const series = new Map(
        viewTo > from
          ? await Promise.all(ids.map(async (id) => [id, await ctx.readings.read(id, readFrom, end)] as const))
          : [],
      );
      const view = anomalyView(model, series, { from, to: viewTo, maxPoints: req.query.maxPoints });

      const current = new Map((await ctx.metadata.listSensors(asset.id)).map((s) => [s.id, s]));
      return {
        assetId: asset.id,
        threshold: 1,
        windowMs: view.windowMs,
        sensors: model.sensors.map((s) => {
          const cur = current.get(s.id);
          return { id: s.id, name: cur?.name ?? s.name, unit: cur?.unit ?? s.unit };
        }),
        points: view.points,
      };
    },
  );
}
