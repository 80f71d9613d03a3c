/** JSON schemas of the RUL model routes (routes-rul.ts); they drive validation and the OpenAPI document. */
import { RUL_OPTION_LIMITS } from '../rul/rul-data';

/** A model name: what it is for, e.g. "turbofan-FD001" (used in URLs, so no spaces or slashes). */
export const rulNameParams = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'e.g. turbofan-FD001' },
  },
  required: ['name'],
} as const;

const range = (k: keyof typeof RUL_OPTION_LIMITS, type: 'integer' | 'number', description: string) => ({
  type,
  minimum: RUL_OPTION_LIMITS[k][0],
  maximum: RUL_OPTION_LIMITS[k][1],
  description,
});

export const rulOptionsSchema = {
  type: 'object',
  description: 'Training settings; unset ones keep the defaults (300 rounds, 5 folds, window 30, cap 125)',
  properties: {
    rounds: range('rounds', 'integer', 'Boosting rounds (trees) of each fitted model'),
    learningRate: range('learningRate', 'number', 'Shrinkage of the boosting'),
    maxDepth: range('maxDepth', 'integer', 'Depth of each tree'),
    folds: range('folds', 'integer', 'Engine folds of the cross-fitted validation and 90 % intervals (< 2: none)'),
    window: range('window', 'integer', 'Trailing window of the features, in cycles'),
    cap: range('cap', 'integer', 'Cap of the piecewise-linear RUL target, in cycles'),
    seed: range('seed', 'integer', 'Seed (same data and seed, same model)'),
  },
  additionalProperties: false,
} as const;

const validationSchema = {
  type: 'object',
  description: 'Cross-fitted on the training engines (each engine predicted by a model that never saw it)',
  properties: {
    rmse: { type: 'number', description: 'RMSE against the capped target over every cycle' },
    truncatedRmse: { type: 'number', description: 'RMSE at one random cut per engine (test-like)' },
    truncatedScorePerEngine: { type: 'number', description: 'PHM08 score per engine at those cuts' },
    coverage90: { type: 'number', description: 'Share of true RUL inside the 90 % interval' },
    cycles: { type: 'integer' },
  },
} as const;

export const rulEvaluationSchema = {
  type: 'object',
  properties: {
    at: { type: 'number' },
    file: { type: 'string' },
    engines: { type: 'integer' },
    rmse: { type: 'number', description: 'RMSE of the RUL at the last cycle of each engine' },
    phm08Score: { type: 'number', description: 'PHM08 score (Saxena et al. 2008), a sum: lower is better' },
    coverage90: { type: 'number', description: 'Share of true RUL inside the 90 % interval' },
  },
} as const;

export const rulVersionSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    version: { type: 'integer' },
    createdAt: { type: 'number' },
    createdBy: { type: 'string', enum: ['api', 'cli'] },
    source: {
      type: 'object',
      properties: { file: { type: 'string' }, engines: { type: 'integer' }, cycles: { type: 'integer' } },
    },
    options: rulOptionsSchema,
    metrics: {
      type: 'object',
      properties: {
        validation: validationSchema,
        trainingSeconds: { type: 'number' },
        regimes: { type: 'integer', description: 'Operating regimes the model normalises by' },
        lastEvaluation: rulEvaluationSchema,
      },
    },
    active: { type: 'boolean' },
    note: { type: 'string' },
  },
} as const;

export const rulPredictionSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    version: { type: 'integer' },
    horizon: { type: 'number' },
    units: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          unit: { type: 'number' },
          lastCycle: { type: 'number' },
          cycles: { type: 'integer', description: 'Cycles seen' },
          rul: { type: 'number', description: 'Remaining cycles after the last one seen' },
          lower: { type: 'number' },
          upper: { type: 'number' },
          level: { type: 'number', description: 'Level of [lower, upper] (0.9)' },
          failureProbability: { type: 'number', description: 'P(failure within the horizon)' },
        },
      },
    },
  },
} as const;

/** C-MAPSS text of one or more units (the parser decides the column count). */
export const cmapssText = (what: string) =>
  ({
    type: 'string',
    minLength: 1,
    description: `${what}: C-MAPSS text, one row per cycle: unit, cycle, 3 operational settings, the sensors (space separated)`,
  }) as const;
