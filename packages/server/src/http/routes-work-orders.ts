/** Work orders (summaries and full records), what technicians do with them, the auto-creation rule, precision. */
import type { WorkOrderDetail, WorkOrderFindings } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import type { WorkOrderRule } from '../maintenance/work-order-rule';
import type { ManualWorkOrder } from '../maintenance/work-order-service';
import type { AppContext } from './context';
import { errorResponses, errorSchema } from './schemas';
import {
  byProperty,
  findingsSchema,
  precisionSchema,
  procedureStepSchema,
  workOrderDetailSchema,
  workOrderRuleSchema,
} from './schemas-maintenance';
import { workOrderSchema } from './schemas-quality';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const responses = (ok: object) => ({ 200: ok, ...errorResponses, 409: errorSchema });
const STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;

export function workOrderRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { workOrders, workflows } = ctx.maintenance;

  app.get<{ Querystring: { assetId?: string; status?: WorkOrderDetail['status'] } }>(
    '/api/work-orders',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Work orders (summaries; sensor checks raised by sensor alerts included), newest first',
        querystring: {
          type: 'object',
          properties: { assetId: { type: 'string' }, status: { type: 'string', enum: [...STATUSES] } },
        },
        response: { 200: { type: 'array', items: workOrderSchema }, ...errorResponses },
      },
    },
    async (req) => {
      const all = await ctx.metadata.listWorkOrders(req.query.assetId);
      return req.query.status ? all.filter((w) => w.status === req.query.status) : all;
    },
  );

  app.post<{ Body: ManualWorkOrder }>(
    '/api/work-orders',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Create a corrective or preventive work order by hand',
        body: {
          type: 'object',
          properties: {
            assetId: { type: 'string' },
            type: { type: 'string', enum: ['corrective', 'preventive'] },
            title: { type: 'string', minLength: 1, maxLength: 300 },
            description: { type: 'string' },
            priority: { type: 'string', enum: ['low', 'medium', 'high', 'urgent'] },
            dueAt: { type: 'number' },
            failureModeId: { type: 'string', description: 'its procedure, skill, hours and parts are used' },
            skill: { type: 'string' },
            estimatedHours: { type: 'number', exclusiveMinimum: 0 },
            procedure: { type: 'array', items: procedureStepSchema },
            assignee: { type: 'string' },
            ...byProperty,
          },
          required: ['assetId', 'type', 'title', 'by'],
        },
        response: responses(workOrderDetailSchema),
      },
    },
    async (req) => workOrders.create(req.body),
  );

  app.get<{ Params: { id: string } }>(
    '/api/work-orders/:id',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'One work order with its procedure, step results, parts, labour and findings',
        params: idParams,
        response: responses(workOrderDetailSchema),
      },
    },
    async (req) => workOrders.get(req.params.id),
  );

  app.post<{ Params: { id: string }; Body: { by: string } }>(
    '/api/work-orders/:id/start',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Start a work order (open → in progress; its alert goes in work)',
        params: idParams,
        body: { type: 'object', properties: byProperty, required: ['by'] },
        response: responses(workOrderDetailSchema),
      },
    },
    async (req) => workOrders.start(req.params.id, req.body.by),
  );

  app.post<{
    Params: { id: string; n: number };
    Body: { done: boolean; value?: number; note?: string; by: string; at?: number };
  }>(
    '/api/work-orders/:id/steps/:n',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Record a procedure step (n: 0-based index); a safety step must be done before any later step (409)',
        params: {
          type: 'object',
          properties: { id: { type: 'string' }, n: { type: 'integer', minimum: 0 } },
          required: ['id', 'n'],
        },
        body: {
          type: 'object',
          properties: {
            done: { type: 'boolean' },
            value: { type: 'number' },
            note: { type: 'string' },
            at: {
              type: 'number',
              minimum: 0,
              description:
                'when the step was done (epoch ms; default now, never later than now): a device that was offline sends its queued results with their time; resending the same result changes nothing, an older one than stored is ignored',
            },
            ...byProperty,
          },
          required: ['done', 'by'],
        },
        response: responses(workOrderDetailSchema),
      },
    },
    async (req) => workOrders.step(req.params.id, req.params.n, req.body),
  );

  app.post<{ Params: { id: string }; Body: { partId: string; quantity: number } }>(
    '/api/work-orders/:id/parts',
    {
      schema: {
        tags: ['maintenance'],
        summary:
          'Log spare parts used beyond those planned (added to the order; taken from stock when it is completed)',
        params: idParams,
        body: {
          type: 'object',
          properties: { partId: { type: 'string', minLength: 1 }, quantity: { type: 'number', exclusiveMinimum: 0 } },
          required: ['partId', 'quantity'],
        },
        response: responses(workOrderDetailSchema),
      },
    },
    async (req) => workOrders.part(req.params.id, req.body.partId, req.body.quantity),
  );

  app.post<{ Params: { id: string }; Body: { technician: string; hours: number } }>(
    '/api/work-orders/:id/labour',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Log labour hours of a technician on the job',
        params: idParams,
        body: {
          type: 'object',
          properties: { technician: { type: 'string', minLength: 1 }, hours: { type: 'number', exclusiveMinimum: 0 } },
          required: ['technician', 'hours'],
        },
        response: responses(workOrderDetailSchema),
      },
    },
    async (req) => workOrders.labour(req.params.id, req.body.technician, req.body.hours),
  );

  app.post<{ Params: { id: string }; Body: { by: string; findings: WorkOrderFindings } }>(
    '/api/work-orders/:id/complete',
    {
      schema: {
        tags: ['maintenance'],
        summary:
          'Complete a work order with its findings: labels its alert (confirmed or false alarm) and closes the alert',
        params: idParams,
        body: {
          type: 'object',
          properties: { ...byProperty, findings: findingsSchema },
          required: ['by', 'findings'],
        },
        response: responses(workOrderDetailSchema),
      },
    },
    async (req) => workOrders.complete(req.params.id, req.body.by, req.body.findings),
  );

  app.get(
    '/api/work-order-rule',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'The rule creating work orders from alerts automatically (default: critical alerts on A assets)',
        response: { 200: workOrderRuleSchema },
      },
    },
    async () => workOrders.rule(),
  );

  app.put<{ Body: WorkOrderRule }>(
    '/api/work-order-rule',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Change the automatic work-order rule',
        body: workOrderRuleSchema,
        response: { 200: workOrderRuleSchema, ...errorResponses },
      },
    },
    async (req) => workOrders.setRule(req.body),
  );

  app.get(
    '/api/precision',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Alert precision from the labels: overall, per asset, per detector and per month',
        response: { 200: precisionSchema },
      },
    },
    async () => workflows.precision(),
  );
}
