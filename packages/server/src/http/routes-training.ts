/** Training mode (scenarios, attempts, assignments, skills matrix) under /api/training. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';
import { assetSchema, contributionSchema, errorResponses, errorSchema, sensorSchema } from './schemas';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
/** Bodies are checked by the training service, which answers coded 400s naming the field. */
const noSchemaCheck = { validatorCompiler: () => () => true } as const;
const tags = ['training'];

const scenarioSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    assetType: { type: 'string' },
    briefing: { type: 'string', description: 'what operators report; never the answer' },
    severity: { type: 'string', enum: ['early', 'moderate', 'advanced'] },
    distractors: {
      type: 'array',
      description: 'a sensor fault at the same time; sensor and fault read "hidden" until the attempt is submitted',
      items: {
        type: 'object',
        properties: { kind: { type: 'string' }, sensor: { type: 'string' }, fault: { type: 'string' } },
      },
    },
    skills: { type: 'array', items: { type: 'string' } },
    difficulty: { type: 'integer', enum: [1, 2, 3] },
    targetMinutes: { type: 'number' },
  },
} as const;

const caseSchema = {
  type: 'object',
  description: 'The sandboxed case (ids prefixed TRAIN-; nothing of it is in the plant store)',
  properties: {
    attemptId: { type: 'string' },
    scenario: scenarioSchema,
    asset: { ...assetSchema, required: [] },
    sensors: { type: 'array', items: { ...sensorSchema, required: [] } },
    series: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sensor: { type: 'string' },
          ts: { type: 'array', items: { type: 'number' } },
          values: { type: 'array', items: { type: 'number' } },
        },
      },
    },
    alert: {
      type: 'object',
      properties: {
        title: { type: 'string' },
        explanation: { type: 'string' },
        contributions: { type: 'array', items: contributionSchema },
        startedAt: { type: 'number' },
      },
    },
    candidateModes: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, name: { type: 'string' }, component: { type: 'string' } },
      },
    },
    candidateSensors: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
    },
    actions: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, text: { type: 'string' } } },
    },
  },
} as const;

const submissionSchema = {
  type: 'object',
  properties: {
    failureModeId: { type: 'string', description: 'an id of the case’s candidateModes' },
    faultySensors: { type: 'array', items: { type: 'string' }, description: 'ids of candidateSensors' },
    actions: { type: 'array', items: { type: 'string' }, description: 'ids of the case’s actions' },
  },
  required: ['failureModeId', 'actions'],
} as const;

const part = (extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties: { points: { type: 'number' }, max: { type: 'number' }, ...extra },
});
const strings = { type: 'array', items: { type: 'string' } } as const;

const scoreSchema = {
  type: 'object',
  properties: {
    total: { type: 'number' },
    diagnosis: part({
      correct: { type: 'boolean' },
      correctFailureModeId: { type: 'string' },
      correctName: { type: 'string' },
    }),
    sensors: part({ missed: strings, wronglyFlagged: strings }),
    actions: part({ missed: strings, unnecessary: strings }),
    time: part({ minutes: { type: 'number' }, targetMinutes: { type: 'number' } }),
    feedback: strings,
    lessons: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } },
    },
  },
} as const;

const attemptSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    scenarioId: { type: 'string' },
    trainee: { type: 'string' },
    assignmentId: { type: 'string' },
    seed: { type: 'integer' },
    startedAt: { type: 'number' },
    submittedAt: { type: 'number' },
    status: { type: 'string', enum: ['in_progress', 'submitted'] },
    submission: submissionSchema,
    score: scoreSchema,
  },
} as const;

const assignmentSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    trainee: { type: 'string' },
    scenarioId: { type: 'string' },
    assignedBy: { type: 'string' },
    assignedAt: { type: 'number' },
    dueAt: { type: 'number' },
    note: { type: 'string' },
    attemptId: { type: 'string' },
    status: { type: 'string', enum: ['assigned', 'started', 'done'] },
  },
} as const;

const skillsSchema = {
  type: 'object',
  properties: {
    skills: strings,
    trainees: strings,
    cells: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          trainee: { type: 'string' },
          skill: { type: 'string' },
          attempts: { type: 'integer' },
          best: { type: 'number' },
          last: { type: 'number' },
          level: { type: 'string', enum: ['not_started', 'novice', 'competent', 'proficient'] },
        },
      },
    },
  },
} as const;

export function trainingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const t = ctx.training;

  app.get<{ Querystring: { assetType?: string } }>(
    '/api/training/scenarios',
    {
      schema: {
        tags,
        summary: 'The scenario library (without the answers)',
        querystring: { type: 'object', properties: { assetType: { type: 'string' } } },
        response: { 200: { type: 'object', properties: { scenarios: { type: 'array', items: scenarioSchema } } } },
      },
    },
    async (req) => ({ scenarios: t.scenarios(req.query.assetType || undefined) }),
  );
  app.get<{ Params: { id: string } }>(
    '/api/training/scenarios/:id',
    {
      schema: { tags, summary: 'One scenario', params: idParams, response: { 200: scenarioSchema, ...errorResponses } },
    },
    async (req) => t.scenario(req.params.id),
  );

  app.post<{ Body: unknown }>(
    '/api/training/attempts',
    {
      schema: {
        tags,
        summary: 'Start a scenario: a new attempt and its sandboxed case (simulated data, the detector’s alert)',
        body: {
          type: 'object',
          properties: {
            scenarioId: { type: 'string' },
            trainee: { type: 'string' },
            assignmentId: { type: 'string' },
          },
          required: ['scenarioId', 'trainee'],
        },
        response: { 201: caseSchema, ...errorResponses, 409: errorSchema },
      },
      ...noSchemaCheck,
    },
    async (req, reply) => reply.status(201).send(await t.start(req.body)),
  );
  app.get<{ Querystring: { trainee?: string; scenarioId?: string } }>(
    '/api/training/attempts',
    {
      schema: {
        tags,
        summary: 'Attempts, newest first',
        querystring: {
          type: 'object',
          properties: { trainee: { type: 'string' }, scenarioId: { type: 'string' } },
        },
        response: { 200: { type: 'object', properties: { attempts: { type: 'array', items: attemptSchema } } } },
      },
    },
    async (req) => ({
      attempts: await t.attempts({
        ...(req.query.trainee ? { trainee: req.query.trainee } : {}),
        ...(req.query.scenarioId ? { scenarioId: req.query.scenarioId } : {}),
      }),
    }),
  );
  app.get<{ Params: { id: string } }>(
    '/api/training/attempts/:id',
    {
      schema: {
        tags,
        summary: 'An attempt and its case (rebuilt from its seed)',
        params: idParams,
        response: {
          200: { type: 'object', properties: { attempt: attemptSchema, case: caseSchema } },
          ...errorResponses,
        },
      },
    },
    async (req) => t.attempt(req.params.id),
  );
  app.post<{ Params: { id: string }; Body: unknown }>(
    '/api/training/attempts/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit the diagnosis, the faulty sensors and the actions: the attempt comes back scored',
        params: idParams,
        body: submissionSchema,
        response: { 200: attemptSchema, ...errorResponses, 409: errorSchema },
      },
      ...noSchemaCheck,
    },
    async (req) => t.submit(req.params.id, req.body),
  );

  app.post<{ Body: unknown }>(
    '/api/training/assignments',
    {
      schema: {
        tags,
        summary: 'Assign a scenario to a trainee',
        body: {
          type: 'object',
          properties: {
            trainee: { type: 'string' },
            scenarioId: { type: 'string' },
            assignedBy: { type: 'string' },
            dueAt: { description: 'epoch ms or ISO 8601', anyOf: [{ type: 'number' }, { type: 'string' }] },
            note: { type: 'string' },
          },
          required: ['trainee', 'scenarioId', 'assignedBy'],
        },
        response: { 201: assignmentSchema, ...errorResponses },
      },
      ...noSchemaCheck,
    },
    async (req, reply) => reply.status(201).send(await t.assign(req.body)),
  );
  app.get<{ Querystring: { trainee?: string; status?: string } }>(
    '/api/training/assignments',
    {
      schema: {
        tags,
        summary: 'Assignments, newest first',
        querystring: { type: 'object', properties: { trainee: { type: 'string' }, status: { type: 'string' } } },
        response: {
          200: { type: 'object', properties: { assignments: { type: 'array', items: assignmentSchema } } },
          ...errorResponses,
        },
      },
    },
    async (req) => ({
      assignments: await t.assignments({
        ...(req.query.trainee ? { trainee: req.query.trainee } : {}),
        ...(req.query.status ? { status: req.query.status } : {}),
      }),
    }),
  );

  app.get(
    '/api/training/skills',
    {
      schema: {
        tags,
        summary:
          'Skills matrix: per trainee and skill, attempts, best and last score, and level (best of the last 3 attempts: ≥ 85 proficient, 60–84 competent, < 60 novice)',
        response: { 200: skillsSchema },
      },
    },
    async () => t.skills(),
  );
}
