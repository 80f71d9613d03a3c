import { PrognosError } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import { compareWorstFirst, flaggedIntervals } from '../quality/quality-views';
import type { AppContext } from './context';
import { errorResponses, rangeQuery } from './schemas';
import { qualityOverviewSchema, sensorQualityDetailSchema } from './schemas-quality';

const MAX_SPAN_MS = 31 * 86400_000;
/** Flagged readings this many sample periods apart still form one shaded interval. */
const TOLERANCE_PERIODS = 3;

export function qualityRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/quality',
    {
      schema: {
        tags: ['quality'],
        summary: 'Data quality of every asset and sensor (sensors worst first)',
        response: { 200: qualityOverviewSchema },
      },
    },
    async () => {
      const now = Date.now();
      const [assets, sensors] = await Promise.all([ctx.metadata.listAssets(), ctx.metadata.listSensors()]);
      const byAsset = ctx.quality.dataQuality(sensors, now);
      return {
        generatedAt: now,
        assets: assets.map((a) => ({
          assetId: a.id,
          name: a.name,
          ...(byAsset.get(a.id) ?? { score: null, state: 'good', worstSensors: [] }),
        })),
        sensors: sensors.map((s) => ctx.quality.view(s, now)).sort(compareWorstFirst),
      };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { from?: number; to?: number } }>(
    '/api/quality/sensors/:id',
    {
      schema: {
        tags: ['quality'],
        summary: "One sensor's data quality: state, reasons, state changes and flagged intervals in [from, to)",
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        querystring: rangeQuery,
        response: { 200: sensorQualityDetailSchema, ...errorResponses },
      },
    },
    async (req) => {
      const sensor = await ctx.metadata.getSensor(req.params.id);
      if (!sensor) throw new PrognosError('SENSOR_NOT_FOUND', [req.params.id]);
      const now = Date.now();
      const to = req.query.to ?? now;
      const from = req.query.from ?? to - 3600_000;
      if (!(from < to)) throw new PrognosError('QUERY_INVALID_RANGE', [`from (${from}) must be before to (${to})`]);
      if (to - from > MAX_SPAN_MS) throw new PrognosError('QUERY_INVALID_RANGE', ['at most 31 days per query']);
      const periodMs = sensor.sampleRateHz > 0 ? 1000 / sensor.sampleRateHz : 1000;
      const series = await ctx.readings.read(sensor.id, from, to);
      const intervals = flaggedIntervals(series.ts, series.quality, {
        periodMs,
        toleranceMs: TOLERANCE_PERIODS * periodMs,
        end: to,
      });
      const t = ctx.quality.trustOf(sensor.id);
      // A sensor that has gone silent has no readings to shade: the ongoing gap is an interval of its own.
      if (t?.gap && t.lastTs !== undefined) {
        const start = Math.max(from, t.lastTs + periodMs);
        const end = Math.min(to, now);
        if (start < end) intervals.push({ from: start, to: end, state: t.gap, reason: 'GAP' });
      }
      return {
        ...ctx.quality.view(sensor, now),
        transitions: (t?.transitions ?? []).filter((x) => x.ts >= from && x.ts < to),
        intervals,
      };
    },
  );
  // GET /api/work-orders (the summaries, sensor checks included): routes-work-orders.ts.
}
