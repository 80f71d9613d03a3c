import type { RulModelCreator, RulTrainOptions } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_RUL_HORIZON } from '../rul/rul-service';
import type { AppContext } from './context';
import { jobSchema } from './routes-models';
import { errorResponses, errorSchema } from './schemas';
import {
  cmapssText,
  rulEvaluationSchema,
  rulNameParams,
  rulOptionsSchema,
  rulPredictionSchema,
  rulVersionSchema,
} from './schemas-rul';

/**
 * Run-to-failure histories are whole files: C-MAPSS FD004's training file is about 14 MB of text, so the RUL
 * routes take up to 64 MiB whatever the server-wide limit is.
 */
const RUL_BODY_LIMIT = 64 * 1024 * 1024;

const fileName = { type: 'string', maxLength: 200, description: 'File name the text came from (for the record)' };
const versionField = { type: 'integer', minimum: 1, description: 'Version to use (default: the active one)' };

interface TrainBody {
  train: string;
  file?: string;
  options?: RulTrainOptions;
  note?: string;
  createdBy?: RulModelCreator;
}

/** RUL model lifecycle: training jobs, versions per model name, activation, evaluation and prediction. */
export function rulRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/rul/models',
    {
      schema: {
        tags: ['models'],
        summary: 'Remaining-useful-life models: every name with its version count and active version',
        response: {
          200: {
            type: 'object',
            properties: {
              models: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { name: { type: 'string' }, versions: { type: 'integer' }, active: rulVersionSchema },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async () => ({ models: await ctx.rul.list() }),
  );

  app.get<{ Params: { name: string } }>(
    '/api/rul/models/:name',
    {
      schema: {
        tags: ['models'],
        summary: "A RUL model's versions (newest first) with their metrics and the active one",
        params: rulNameParams,
        response: {
          200: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              active: rulVersionSchema,
              versions: { type: 'array', items: rulVersionSchema },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const versions = await ctx.rul.versions(req.params.name);
      const active = versions.find((v) => v.active);
      return { name: req.params.name, ...(active ? { active } : {}), versions };
    },
  );

  app.post<{ Params: { name: string }; Body: TrainBody }>(
    '/api/rul/models/:name/train',
    {
      bodyLimit: RUL_BODY_LIMIT,
      schema: {
        tags: ['models'],
        summary:
          'Train a new version of a RUL model on run-to-failure histories (each unit runs to failure) in the ' +
          'background (one job per name at a time); on success it becomes the active version. Poll GET ' +
          '/api/jobs/{id} or listen to "job" events.',
        params: rulNameParams,
        body: {
          type: 'object',
          properties: {
            train: cmapssText('Run-to-failure histories'),
            file: fileName,
            options: rulOptionsSchema,
            note: { type: 'string', maxLength: 500 },
            createdBy: { type: 'string', enum: ['api', 'cli'], description: 'Who asks (default api)' },
          },
          required: ['train'],
          additionalProperties: false,
        },
        response: {
          202: { type: 'object', properties: { job: jobSchema } },
          ...errorResponses,
          409: errorSchema,
          413: errorSchema,
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const job = ctx.rul.startTraining(req.params.name, { ...b, createdBy: b.createdBy ?? 'api' });
      return reply.status(202).send({ job });
    },
  );

  app.post<{ Params: { name: string; version: number } }>(
    '/api/rul/models/:name/versions/:version/activate',
    {
      schema: {
        tags: ['models'],
        summary: 'Make a kept RUL model version the active one (rollback / roll forward)',
        params: {
          type: 'object',
          properties: { ...rulNameParams.properties, version: { type: 'integer', minimum: 1 } },
          required: ['name', 'version'],
        },
        response: { 200: rulVersionSchema, ...errorResponses },
      },
    },
    async (req) => ctx.rul.activate(req.params.name, req.params.version),
  );

  app.post<{
    Params: { name: string };
    Body: { test: string; rul: string; file?: string; rulFile?: string; version?: number };
  }>(
    '/api/rul/models/:name/evaluate',
    {
      bodyLimit: RUL_BODY_LIMIT,
      schema: {
        tags: ['models'],
        summary:
          'Evaluate a RUL model version on test histories with known true RUL (PHM08 protocol: the last cycle of ' +
          "each unit): RMSE, PHM08 score and 90 % interval coverage, kept as the version's last evaluation",
        params: rulNameParams,
        body: {
          type: 'object',
          properties: {
            test: cmapssText('Test histories (cut before failure)'),
            rul: { type: 'string', minLength: 1, description: 'True remaining cycles, one a line, in unit order' },
            file: fileName,
            rulFile: fileName,
            version: versionField,
          },
          required: ['test', 'rul'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: { name: { type: 'string' }, version: { type: 'integer' }, evaluation: rulEvaluationSchema },
          },
          ...errorResponses,
          413: errorSchema,
        },
      },
    },
    async (req) => ctx.rul.evaluate(req.params.name, req.body),
  );

  app.post<{ Params: { name: string }; Body: { history: string; horizon?: number; file?: string; version?: number } }>(
    '/api/rul/models/:name/predict',
    {
      bodyLimit: RUL_BODY_LIMIT,
      schema: {
        tags: ['models'],
        summary:
          'Remaining useful life at the last cycle of each unit in the history, with its 90 % interval and the ' +
          'probability of failure within the horizon',
        params: rulNameParams,
        body: {
          type: 'object',
          properties: {
            history: cmapssText('Histories of one or more units so far'),
            horizon: {
              type: 'number',
              exclusiveMinimum: 0,
              maximum: 100_000,
              description: `Cycles of P(failure within horizon) (default ${DEFAULT_RUL_HORIZON})`,
            },
            file: fileName,
            version: versionField,
          },
          required: ['history'],
          additionalProperties: false,
        },
        response: { 200: rulPredictionSchema, ...errorResponses, 413: errorSchema },
      },
    },
    async (req) => ctx.rul.predict(req.params.name, req.body),
  );
}
