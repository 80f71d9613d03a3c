/** Preventive plans and the maintenance plan. */
import { PrognosError } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import { readPreventivePlan } from '../planning/crew-fields';
import { fieldError } from '../planning/fields';
import { preventiveStatus } from '../planning/preventive-due';
import type { AppContext } from './context';
import { withId } from './routes-crew';
import { errorResponses } from './schemas';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

const preventivePlanSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    assetId: { type: 'string' },
    title: { type: 'string' },
    trigger: {
      type: 'object',
      description:
        '{ kind: "calendar", everyDays } | { kind: "run_hours", everyHours, sensor? } | { kind: "meter", sensor, every }',
      additionalProperties: true,
    },
    procedure: { type: 'array', items: { type: 'object', additionalProperties: true } },
    skill: { type: 'string' },
    estimatedHours: { type: 'number' },
    lastDoneAt: { type: 'number' },
    runHours: { type: 'number' },
    meterAtLastDone: { type: 'number' },
    workOrderId: { type: 'string', description: 'the open preventive work order it created' },
    status: {
      type: 'object',
      properties: {
        due: { type: 'boolean' },
        progress: { type: 'number' },
        dueAt: { type: 'number' },
        reason: { type: 'string' },
      },
    },
  },
} as const;

const jobSchema = {
  type: 'object',
  properties: {
    workOrderId: { type: 'string' },
    windowId: { type: 'string' },
    start: { type: 'number' },
    end: { type: 'number' },
    technicians: { type: 'array', items: { type: 'string' } },
    title: { type: 'string' },
    assetId: { type: 'string' },
    assetName: { type: 'string' },
    priority: { type: 'string' },
    skill: { type: 'string' },
    dueAt: { type: 'number' },
    windowKind: { type: 'string' },
    technicianNames: { type: 'array', items: { type: 'string' } },
  },
} as const;

const planSchema = {
  type: 'object',
  properties: {
    createdAt: { type: 'number' },
    jobs: { type: 'array', items: jobSchema },
    unplanned: {
      type: 'array',
      items: { type: 'object', properties: { workOrderId: { type: 'string' }, reason: { type: 'string' } } },
    },
    cost: { type: 'number', description: 'risk-weighted cost of the plan (lower is better)' },
    eddCost: { type: 'number', description: 'the same cost for earliest-due-date scheduling, for comparison' },
    violations: { type: 'integer', description: 'hard-constraint violations (0)' },
  },
} as const;

export function planRoutes(app: FastifyInstance, ctx: AppContext): void {
  const withStatus = async <T extends Parameters<typeof preventiveStatus>[0]>(p: T) => {
    const t = p.trigger;
    const sensor = t.kind === 'calendar' ? undefined : t.sensor;
    const meter = sensor ? (await ctx.readings.latest([sensor])).get(sensor)?.value : undefined;
    const { progress, ...status } = preventiveStatus(p, { now: Date.now(), meter });
    // progress is NaN while not known (never done, no counter reading): left out, JSON has no NaN
    return { ...p, status: Number.isFinite(progress) ? { ...status, progress } : status };
  };

  app.get<{ Querystring: { assetId?: string } }>(
    '/api/preventive-plans',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Preventive plans (calendar, run hours, meter) with how far each is towards its next due date',
        querystring: { type: 'object', properties: { assetId: { type: 'string' } } },
        response: { 200: { type: 'array', items: preventivePlanSchema } },
      },
    },
    async (req) => Promise.all((await ctx.metadata.listPreventivePlans(req.query.assetId)).map(withStatus)),
  );
  app.get<{ Params: { id: string } }>(
    '/api/preventive-plans/:id',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'One preventive plan',
        params: idParams,
        response: { 200: preventivePlanSchema, ...errorResponses },
      },
    },
    async (req) => {
      const p = await ctx.metadata.getPreventivePlan(req.params.id);
      if (!p) throw new PrognosError('PREVENTIVE_PLAN_NOT_FOUND', [req.params.id]);
      return withStatus(p);
    },
  );
  app.put<{ Params: { id: string }; Body: unknown }>(
    '/api/preventive-plans/:id',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Add or replace a preventive plan; a due plan gets its work order at the next check',
        params: idParams,
        body: preventivePlanSchema,
        response: { 200: preventivePlanSchema, ...errorResponses },
      },
      validatorCompiler: () => () => true,
    },
    async (req) => {
      const base = await ctx.metadata.getPreventivePlan(req.params.id);
      const r = readPreventivePlan(withId(req.params.id, req.body), base);
      if (!r.value) throw fieldError(r.problems);
      const p = r.value;
      if (!(await ctx.metadata.getAsset(p.assetId))) throw new PrognosError('ASSET_NOT_FOUND', [p.assetId]);
      const sensor = p.trigger.kind === 'calendar' ? undefined : p.trigger.sensor;
      if (sensor && !(await ctx.metadata.getSensor(sensor))) throw new PrognosError('SENSOR_NOT_FOUND', [sensor]);
      await ctx.metadata.upsertPreventivePlan(p);
      return withStatus(p);
    },
  );
  app.delete<{ Params: { id: string } }>(
    '/api/preventive-plans/:id',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Remove a preventive plan',
        params: idParams,
        response: errorResponses,
      },
    },
    async (req, reply) => {
      if (!(await ctx.metadata.deletePreventivePlan(req.params.id)))
        throw new PrognosError('PREVENTIVE_PLAN_NOT_FOUND', [req.params.id]);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/preventive-plans/check',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Check the preventive plans now (they are also checked every minute); returns the work orders created',
      },
    },
    async () => ({ created: await ctx.preventive.check() }),
  );

  app.get(
    '/api/plan',
    {
      schema: {
        tags: ['maintenance'],
        summary:
          'The latest maintenance plan: open work orders placed in windows with technicians, and what could not be placed',
        response: { 200: planSchema },
      },
    },
    async () => ctx.plan.latest(),
  );
  app.post(
    '/api/plan',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Re-plan now (the plan is also redone a few seconds after work orders change or a RUL estimate moves)',
        response: { 200: planSchema },
      },
    },
    async () => ctx.plan.replan(),
  );
}
