import { PrognosError } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import { applyCmmsUpdate, type CmmsUpdate, tokenFrom, tokenMatches } from '../integrations/cmms-inbound';
import type { AppContext } from './context';
import { errorResponses, errorSchema } from './schemas';

const str = { type: 'string', minLength: 1, maxLength: 200 } as const;
const updateSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    externalId: { ...str, description: 'The order id in the CMMS (SAP PM order number, Maximo WONUM, …)' },
    status: { type: 'string', enum: ['open', 'in_progress', 'done', 'cancelled'] },
    assignee: str,
    findings: {
      type: 'object',
      additionalProperties: false,
      required: ['failureConfirmed', 'rootCause', 'actionTaken', 'downtimeHours'],
      properties: {
        failureConfirmed: { type: 'boolean' },
        failureModeId: str,
        rootCause: { type: 'string', maxLength: 2000 },
        actionTaken: { type: 'string', maxLength: 2000 },
        downtimeHours: { type: 'number', minimum: 0 },
        downtimeReason: { type: 'string', maxLength: 500 },
      },
    },
  },
} as const;

/** Inbound side of the CMMS integration (see integrations/README.md): the CMMS updates our work orders. */
export function integrationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Params: { id: string }; Body: CmmsUpdate }>(
    '/api/integrations/cmms/work-orders/:id',
    {
      schema: {
        tags: ['integrations'],
        summary:
          'A CMMS (SAP PM, Maximo, Atlas) updates a work order: its external id, assignee, status (in_progress, done with findings, cancelled). Authorization: Bearer <integrations.cmms.token>',
        params: { type: 'object', properties: { id: str }, required: ['id'] },
        body: updateSchema,
        response: { ...errorResponses, 401: errorSchema, 403: errorSchema, 409: errorSchema },
      },
      // authentication before the body is even validated: a caller without the token learns nothing
      onRequest: async (req) => {
        const expected = ctx.cmms?.token;
        if (!expected) throw new PrognosError('CMMS_DISABLED');
        if (!tokenMatches(expected, tokenFrom(req.headers))) throw new PrognosError('CMMS_UNAUTHORIZED');
      },
    },
    async (req) => {
      const port = ctx.cmms?.workOrders;
      if (!port) throw new PrognosError('CMMS_DISABLED');
      const id = req.params.id;
      const workOrder = await applyCmmsUpdate(port, id, req.body, () => ctx.notifications.suppressEcho(id));
      return { workOrder };
    },
  );
}
