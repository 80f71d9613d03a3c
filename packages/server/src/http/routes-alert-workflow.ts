/** One alert with its workflow, and what people do with it: acknowledge, assign, comment, snooze, close. */
import type { Alert, AlertLabel, AlertWorkflow, KnowledgeHit } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';
import { pastFindings } from './routes-knowledge';
import { errorResponses, errorSchema } from './schemas';
import { alertDetailSchema, byProperty, commentSchema, workOrderDetailSchema } from './schemas-maintenance';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const responses = (ok: object) => ({ 200: ok, ...errorResponses, 409: errorSchema });
/** acknowledge and close keep working for callers that send no body (the alert list's buttons before workflows). */
const ANONYMOUS = 'anonymous';

export function alertWorkflowRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { workflows, workOrders } = ctx.maintenance;
  const detail = async (alertId: string): Promise<Alert & { workflow: AlertWorkflow; knowledge?: KnowledgeHit[] }> => {
    const alert = await workflows.alert(alertId);
    const workflow = await workflows.workflow(alert);
    // What was found last time on this kind of machine for the causes this alert points at.
    const knowledge = await pastFindings(ctx.metadata, alert, workflow);
    return { ...alert, workflow, ...(knowledge.length > 0 ? { knowledge } : {}) };
  };

  app.get<{ Params: { id: string } }>(
    '/api/alerts/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'One alert with its workflow (status, assignee, snooze, label, work order, ranked failure modes)',
        params: idParams,
        response: responses(alertDetailSchema),
      },
    },
    async (req) => detail(req.params.id),
  );

  app.post<{ Params: { id: string }; Body: { by?: string } | undefined }>(
    '/api/alerts/:id/acknowledge',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge an alert (new → acknowledged); 409 when it is closed or in work',
        params: idParams,
        body: { type: 'object', properties: byProperty },
        response: responses(alertDetailSchema),
      },
    },
    async (req) => {
      await workflows.act(req.params.id, { type: 'acknowledge', by: req.body?.by ?? ANONYMOUS });
      return detail(req.params.id);
    },
  );

  app.post<{ Params: { id: string }; Body: { assignee: string; by: string } }>(
    '/api/alerts/:id/assign',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Assign an alert to a person',
        params: idParams,
        body: {
          type: 'object',
          properties: { assignee: { type: 'string', minLength: 1, maxLength: 200 }, ...byProperty },
          required: ['assignee', 'by'],
        },
        response: responses(alertDetailSchema),
      },
    },
    async (req) => {
      await workflows.act(req.params.id, { type: 'assign', assignee: req.body.assignee, by: req.body.by });
      return detail(req.params.id);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/alerts/:id/comments',
    {
      schema: {
        tags: ['alerts'],
        summary: "An alert's comments, oldest first",
        params: idParams,
        response: responses({ type: 'array', items: commentSchema }),
      },
    },
    async (req) => workflows.comments(req.params.id),
  );

  app.post<{ Params: { id: string }; Body: { text: string; by: string } }>(
    '/api/alerts/:id/comments',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Comment on an alert',
        params: idParams,
        body: {
          type: 'object',
          properties: { text: { type: 'string', minLength: 1, maxLength: 10_000 }, ...byProperty },
          required: ['text', 'by'],
        },
        response: responses(commentSchema),
      },
    },
    async (req) => workflows.comment(req.params.id, req.body.by, req.body.text),
  );

  app.post<{ Params: { id: string }; Body: { until: number; reason: string; by: string } }>(
    '/api/alerts/:id/snooze',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Snooze an alert: it stays listed but raises no notifications until `until` (epoch ms)',
        params: idParams,
        body: {
          type: 'object',
          properties: { until: { type: 'number' }, reason: { type: 'string', minLength: 1 }, ...byProperty },
          required: ['until', 'reason', 'by'],
        },
        response: responses(alertDetailSchema),
      },
    },
    async (req) => {
      const { until, reason, by } = req.body;
      await workflows.act(req.params.id, { type: 'snooze', until, reason, by });
      return detail(req.params.id);
    },
  );

  app.post<{
    Params: { id: string };
    Body: { by?: string; label?: { outcome: AlertLabel['outcome']; failureModeId?: string } } | undefined;
  }>(
    '/api/alerts/:id/close',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Close an alert, optionally with its outcome (the label that feeds precision and retraining)',
        params: idParams,
        body: {
          type: 'object',
          properties: {
            ...byProperty,
            label: {
              type: 'object',
              properties: {
                outcome: { type: 'string', enum: ['confirmed', 'false_alarm', 'sensor_fault'] },
                failureModeId: { type: 'string' },
              },
              required: ['outcome'],
            },
          },
        },
        response: responses(alertDetailSchema),
      },
    },
    async (req) => {
      await workflows.close(req.params.id, req.body?.by ?? ANONYMOUS, req.body?.label);
      return detail(req.params.id);
    },
  );

  app.post<{ Params: { id: string }; Body: { by: string } }>(
    '/api/alerts/:id/work-order',
    {
      schema: {
        tags: ['maintenance'],
        summary:
          'Create a predictive work order from an alert: top-ranked failure mode, priority and due date from risk and RUL',
        params: idParams,
        body: { type: 'object', properties: byProperty, required: ['by'] },
        response: responses(workOrderDetailSchema),
      },
    },
    async (req) => workOrders.createFromAlert(req.params.id, req.body.by),
  );
}
