import { isUnit, PrognosError, type Sensor, UNITS } from '@prognos/core';
import type { PlantDefinition } from '@prognos/simulator';
import type { FastifyInstance } from 'fastify';
import { registerPlant } from '../pipeline/simulator-control';
import type { AppContext } from './context';
import { saveAssetEdit } from './routes-registry';
import {
  alertSchema,
  assetSchema,
  errorResponses,
  healthSchema,
  rangeQuery,
  rulPointSchema,
  sensorSchema,
} from './schemas';

const NO_SENSORS = { score: null, state: 'good', worstSensors: [] } as const;
const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

export function assetRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/plant', { schema: { tags: ['plant'], summary: 'Site, areas and lines' } }, async () => {
    const [sites, areas, lines] = await Promise.all([
      ctx.metadata.listSites(),
      ctx.metadata.listAreas(),
      ctx.metadata.listLines(),
    ]);
    return { site: sites[0] ?? null, sites, areas, lines };
  });

  app.put<{ Body: PlantDefinition }>(
    '/api/plant',
    {
      schema: {
        tags: ['plant'],
        summary: 'Register a whole plant structure (site, areas, lines, assets, components, sensors); idempotent',
        body: {
          type: 'object',
          properties: {
            site: {
              type: 'object',
              properties: { id: { type: 'string' }, name: { type: 'string' } },
              required: ['id', 'name'],
            },
            areas: { type: 'array', items: { type: 'object', required: ['id', 'siteId', 'name'] } },
            lines: { type: 'array', items: { type: 'object', required: ['id', 'areaId', 'name'] } },
            assets: { type: 'array', items: assetSchema },
            components: { type: 'array', items: { type: 'object', required: ['id', 'assetId', 'name'] } },
            sensors: { type: 'array', items: sensorSchema },
          },
          required: ['site', 'areas', 'lines', 'assets', 'sensors'],
        },
        response: errorResponses,
      },
    },
    async (req) => {
      const plant = { ...req.body, components: req.body.components ?? [] };
      for (const [i, s] of plant.sensors.entries()) {
        if (!isUnit(s.unit))
          throw new PrognosError('UNIT_UNKNOWN', [
            `${s.unit}" (sensors[${i}], ${s.id})`,
            Object.keys(UNITS).join(', '),
          ]);
        if (!plant.assets.some((a) => a.id === s.assetId) && !(await ctx.metadata.getAsset(s.assetId))) {
          throw new PrognosError('ASSET_NOT_FOUND', [`${s.assetId}" (sensors[${i}], ${s.id})`]);
        }
      }
      await registerPlant(ctx.metadata, plant);
      await ctx.ingest.refreshSensors();
      return { assets: plant.assets.length, sensors: plant.sensors.length };
    },
  );

  app.get(
    '/api/assets',
    {
      schema: {
        tags: ['assets'],
        summary:
          'All assets with health, remaining useful life and failure probability (while degrading), active alert, running state and data quality',
      },
    },
    async () => {
      const [assets, sensors] = await Promise.all([ctx.metadata.listAssets(), ctx.metadata.listSensors()]);
      const count = new Map<string, number>();
      for (const s of sensors) count.set(s.assetId, (count.get(s.assetId) ?? 0) + 1);
      const quality = ctx.quality.dataQuality(sensors, Date.now());
      return assets.map((a) => ({
        ...a,
        health: ctx.pipeline.health(a.id),
        rul: ctx.pipeline.healthDetail(a.id)?.rul,
        activeAlert: ctx.pipeline.activeAlert(a.id),
        sensorCount: count.get(a.id) ?? 0,
        running: ctx.pipeline.running(a.id),
        dataQuality: quality.get(a.id) ?? NO_SENSORS,
      }));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/assets/:id',
    {
      schema: {
        tags: ['assets'],
        summary:
          'One asset with components, sensors, health (with its trend, drivers and health per component), data quality and latest readings',
        params: idParams,
        response: errorResponses,
      },
    },
    async (req) => {
      const asset = await ctx.metadata.getAsset(req.params.id);
      if (!asset) throw new PrognosError('ASSET_NOT_FOUND', [req.params.id]);
      const [components, sensors] = await Promise.all([
        ctx.metadata.listComponents(asset.id),
        ctx.metadata.listSensors(asset.id),
      ]);
      const latestMap = await ctx.readings.latest(sensors.map((s) => s.id));
      const latest: Record<string, { ts: number; value: number; quality: number }> = {};
      for (const [k, r] of latestMap) latest[k] = { ts: r.ts, value: r.value, quality: r.quality };
      return {
        asset,
        components,
        sensors,
        health: ctx.pipeline.health(asset.id),
        healthDetail: ctx.pipeline.healthDetail(asset.id),
        activeAlert: ctx.pipeline.activeAlert(asset.id),
        running: ctx.pipeline.running(asset.id),
        latest,
        dataQuality: ctx.quality.dataQuality(sensors, Date.now()).get(asset.id) ?? NO_SENSORS,
      };
    },
  );

  app.put<{ Params: { id: string }; Body: unknown }>(
    '/api/assets/:id',
    {
      schema: {
        tags: ['assets'],
        summary:
          'Create an asset, or edit one (name, type, line, criticality, downtime cost per hour, manufacturer, model: fields left out keep their values)',
        params: idParams,
        body: { type: 'object', properties: assetSchema.properties },
        response: { 200: assetSchema, ...errorResponses },
      },
      // checked field by field: FIELD_INVALID names the field (a JSON-schema failure would be a bare 400)
      validatorCompiler: () => () => true,
    },
    async (req) => saveAssetEdit(ctx, req.params.id, req.body),
  );

  app.get<{ Params: { id: string }; Querystring: { from?: number; to?: number } }>(
    '/api/assets/:id/health',
    {
      schema: {
        tags: ['assets'],
        summary: 'Health history of an asset (ascending)',
        params: idParams,
        querystring: rangeQuery,
        response: { 200: { type: 'array', items: healthSchema }, ...errorResponses },
      },
    },
    async (req) => {
      const to = req.query.to ?? Date.now();
      const from = req.query.from ?? to - 3600_000;
      if (!(from < to)) throw new PrognosError('QUERY_INVALID_RANGE', ['from must be before to']);
      return ctx.metadata.healthHistory(req.params.id, from, to);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { from?: number; to?: number } }>(
    '/api/assets/:id/rul',
    {
      schema: {
        tags: ['assets'],
        summary: 'History of the remaining-useful-life predictions of an asset (ascending; default: the last 24 h)',
        params: idParams,
        querystring: rangeQuery,
        response: { 200: { type: 'array', items: rulPointSchema }, ...errorResponses },
      },
    },
    async (req) => {
      if (!(await ctx.metadata.getAsset(req.params.id))) throw new PrognosError('ASSET_NOT_FOUND', [req.params.id]);
      const to = req.query.to ?? Date.now();
      const from = req.query.from ?? to - 24 * 3600_000;
      if (!(from < to)) throw new PrognosError('QUERY_INVALID_RANGE', ['from must be before to']);
      return ctx.metadata.rulHistory(req.params.id, from, to);
    },
  );

  app.get<{ Querystring: { assetId?: string } }>(
    '/api/sensors',
    {
      schema: {
        tags: ['sensors'],
        summary: 'Sensors, optionally of one asset',
        querystring: { type: 'object', properties: { assetId: { type: 'string' } } },
        response: { 200: { type: 'array', items: sensorSchema } },
      },
    },
    async (req) => ctx.metadata.listSensors(req.query.assetId),
  );

  app.get<{ Params: { id: string } }>(
    '/api/sensors/:id',
    {
      schema: {
        tags: ['sensors'],
        summary: 'One sensor',
        params: idParams,
        response: { 200: sensorSchema, ...errorResponses },
      },
    },
    async (req) => {
      const s = await ctx.metadata.getSensor(req.params.id);
      if (!s) throw new PrognosError('SENSOR_NOT_FOUND', [req.params.id]);
      return s;
    },
  );

  app.put<{ Params: { id: string }; Body: Sensor }>(
    '/api/sensors/:id',
    {
      schema: {
        tags: ['sensors'],
        summary: 'Register or update a sensor (unit from the unit table)',
        params: idParams,
        body: sensorSchema,
        response: { 200: sensorSchema, ...errorResponses },
      },
    },
    async (req) => {
      const s = req.body;
      if (s.id !== req.params.id) throw new PrognosError('BAD_REQUEST', ['body.id must equal the id in the path']);
      if (!isUnit(s.unit)) throw new PrognosError('UNIT_UNKNOWN', [s.unit, Object.keys(UNITS).join(', ')]);
      if (!(s.min < s.max)) throw new PrognosError('BAD_REQUEST', ['body.min must be less than body.max']);
      if (!(await ctx.metadata.getAsset(s.assetId))) throw new PrognosError('ASSET_NOT_FOUND', [s.assetId]);
      await ctx.metadata.upsertSensor(s);
      ctx.ingest.addSensor(s);
      return s;
    },
  );

  app.get<{ Querystring: { state?: string; assetId?: string; limit?: number } }>(
    '/api/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alerts, newest first',
        querystring: {
          type: 'object',
          properties: {
            state: { type: 'string', enum: ['active', 'open', 'acknowledged', 'closed'] },
            assetId: { type: 'string' },
            limit: { type: 'integer', minimum: 1, maximum: 1000 },
          },
        },
        response: { 200: { type: 'array', items: alertSchema }, ...errorResponses },
      },
    },
    async (req) =>
      ctx.metadata.listAlerts({
        state: req.query.state as never,
        assetId: req.query.assetId,
        limit: req.query.limit ?? 200,
      }),
  );
  // One alert with its workflow, and the workflow's actions: routes-alert-workflow.ts.
}
