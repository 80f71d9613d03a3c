import { DETECTOR_KINDS, type DetectorKind } from '@prognos/analytics';
import { PrognosError } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';
import { errorResponses, errorSchema } from './schemas';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

export const modelVersionSchema = {
  type: 'object',
  properties: {
    assetId: { type: 'string' },
    version: { type: 'integer' },
    detector: { type: 'string', enum: [...DETECTOR_KINDS] },
    trainedAt: { type: 'number' },
    trainedFrom: { type: 'number' },
    trainedTo: { type: 'number' },
    rows: { type: 'integer' },
    sensors: { type: 'array', items: { type: 'string' } },
    excluded: {
      type: 'array',
      items: { type: 'object', properties: { sensor: { type: 'string' }, reason: { type: 'string' } } },
    },
    metrics: {
      type: 'object',
      properties: {
        threshold: { type: 'number', description: "The detector's raw-score threshold" },
        falseAlarmRate: { type: 'number', description: 'False-alarm rate per window of the row threshold' },
        alertLevel: { type: 'number', description: 'Calibrated-score level at which an alert opens (≥ 1)' },
        alertBudgetPerYear: { type: 'number', description: 'Healthy alert episodes per year the level allows' },
        heldOutWindows: { type: 'integer', description: 'Held-out windows the alert level was calibrated on' },
        trainingSeconds: { type: 'number' },
      },
    },
    evaluation: {
      type: 'object',
      description: 'Evaluation on healthy windows the model was not fitted on (blocked cross-validation in time)',
      properties: {
        heldOutWindows: { type: 'integer' },
        heldOutScore: {
          type: 'object',
          description: 'Held-out window scores relative to the alert level (1 = alert level)',
          properties: {
            p50: { type: 'number' },
            p90: { type: 'number' },
            p99: { type: 'number' },
            max: { type: 'number' },
          },
        },
        heldOutAboveLevel: { type: 'number', description: 'Share of held-out windows above the alert level' },
        heldOutAlerts: { type: 'integer', description: 'Alerts the persistence rule would have opened on them' },
        expectedAlertsPerYear: { type: 'number', description: 'Healthy alerts per year expected from the tail fit' },
        bands: {
          type: 'array',
          description: 'Normal band half-width per sensor at the training mean, in its unit',
          items: { type: 'object', properties: { sensor: { type: 'string' }, halfWidth: { type: 'number' } } },
        },
        regimes: { type: 'integer', description: 'Operating regimes learned separately' },
        envelope: {
          type: 'object',
          description: 'Trained speed range of a variable-speed machine: outside it no alert opens',
          properties: { sensor: { type: 'string' }, low: { type: 'number' }, high: { type: 'number' } },
        },
        driftAllowance: { type: 'boolean', description: 'Sensors drifting in a short training period get room' },
      },
    },
    active: { type: 'boolean' },
    note: { type: 'string' },
    createdBy: { type: 'string', enum: ['startup', 'api', 'cli', 'schedule'] },
    labels: {
      type: 'object',
      description: 'Alert labels used: confirmed-failure periods left out of the training data, false alarms kept',
      properties: {
        excludedEpisodes: { type: 'integer' },
        excludedHours: { type: 'number' },
        falseAlarmEpisodesKept: { type: 'integer' },
      },
    },
  },
} as const;

export const jobSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['train', 'train-rul'] },
    assetId: { type: 'string', description: "The asset (kind 'train')" },
    modelName: { type: 'string', description: "The RUL model name (kind 'train-rul')" },
    state: { type: 'string', enum: ['running', 'done', 'failed'] },
    progress: { type: 'number', minimum: 0, maximum: 1 },
    message: { type: 'string' },
    startedAt: { type: 'number' },
    finishedAt: { type: 'number' },
    version: { type: 'integer' },
    error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
  },
} as const;

const assetModelsSchema = {
  type: 'object',
  properties: {
    assetId: { type: 'string' },
    active: modelVersionSchema,
    versions: { type: 'array', items: modelVersionSchema },
  },
} as const;

const timeSchema = {
  description: 'Epoch milliseconds or an ISO 8601 time',
  anyOf: [{ type: 'number' }, { type: 'string', minLength: 1 }],
} as const;

/** Epoch ms from a number, a string of digits or an ISO 8601 time; a coded 400 otherwise. */
function parseTime(v: number | string, name: string): number {
  const t = typeof v === 'number' ? v : /^-?\d+$/.test(v.trim()) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(t))
    throw new PrognosError('QUERY_INVALID_RANGE', [
      `${name} "${v}" is neither epoch milliseconds nor an ISO 8601 time`,
    ]);
  return t;
}

interface TrainBody {
  from: number | string;
  to: number | string;
  detector?: DetectorKind;
  note?: string;
  createdBy?: 'api' | 'cli';
}

/** Model lifecycle: versions per asset, training jobs with progress, activation (rollback / roll forward). */
export function modelRoutes(app: FastifyInstance, ctx: AppContext): void {
  const versionsOf = async (assetId: string) => {
    const versions = await ctx.pipeline.models.list(assetId);
    const active = versions.find((v) => v.active);
    return { assetId, ...(active ? { active } : {}), versions };
  };

  app.get(
    '/api/models',
    {
      schema: {
        tags: ['models'],
        summary: 'Every asset with its active model version and the versions kept (newest first)',
        response: {
          200: {
            type: 'object',
            properties: {
              assets: {
                type: 'array',
                items: {
                  ...assetModelsSchema,
                  properties: { ...assetModelsSchema.properties, assetName: { type: 'string' } },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async () => {
      const assets = await ctx.metadata.listAssets();
      const out = [];
      for (const a of assets) out.push({ ...(await versionsOf(a.id)), assetName: a.name });
      return { assets: out };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/assets/:id/models',
    {
      schema: {
        tags: ['models'],
        summary: "An asset's model versions (newest first) and the active one",
        params: idParams,
        response: { 200: assetModelsSchema, ...errorResponses },
      },
    },
    async (req) => {
      if (!(await ctx.metadata.getAsset(req.params.id))) throw new PrognosError('ASSET_NOT_FOUND', [req.params.id]);
      return versionsOf(req.params.id);
    },
  );

  app.post<{ Params: { id: string }; Body: TrainBody }>(
    '/api/assets/:id/models/train',
    {
      schema: {
        tags: ['models'],
        summary:
          'Train a new model version on a healthy period in the background (one job per asset at a time); ' +
          'on success it becomes the active model. Poll GET /api/jobs/{id} or listen to "job" events.',
        params: idParams,
        body: {
          type: 'object',
          properties: {
            from: timeSchema,
            to: timeSchema,
            detector: { type: 'string', enum: [...DETECTOR_KINDS] },
            note: { type: 'string', maxLength: 500 },
            createdBy: { type: 'string', enum: ['api', 'cli'], description: 'Who asks (default api)' },
          },
          required: ['from', 'to'],
          additionalProperties: false,
        },
        response: {
          202: { type: 'object', properties: { job: jobSchema } },
          ...errorResponses,
          409: errorSchema,
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const from = parseTime(b.from, 'from');
      const to = parseTime(b.to, 'to');
      const job = await ctx.pipeline.startTraining(req.params.id, {
        from,
        to,
        detector: b.detector,
        note: b.note,
        createdBy: b.createdBy ?? 'api',
      });
      return reply.status(202).send({ job });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/jobs/:id',
    {
      schema: {
        tags: ['models'],
        summary:
          'A background job (asset model or RUL model training): state, progress 0..1, message, and the version it made',
        params: idParams,
        response: { 200: jobSchema, ...errorResponses },
      },
    },
    async (req) => {
      const job = ctx.pipeline.job(req.params.id) ?? ctx.rul.job(req.params.id);
      if (!job) throw new PrognosError('JOB_NOT_FOUND', [req.params.id]);
      return job;
    },
  );

  app.post<{ Params: { id: string; version: number } }>(
    '/api/assets/:id/models/:version/activate',
    {
      schema: {
        tags: ['models'],
        summary: 'Make a kept model version the active one (rollback / roll forward); monitoring switches at once',
        params: {
          type: 'object',
          properties: { id: { type: 'string' }, version: { type: 'integer', minimum: 1 } },
          required: ['id', 'version'],
        },
        response: { 200: modelVersionSchema, ...errorResponses },
      },
    },
    async (req) => ctx.pipeline.activateVersion(req.params.id, req.params.version),
  );
}
