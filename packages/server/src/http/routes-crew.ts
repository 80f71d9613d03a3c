/** The crew (technicians with skills and hours per shift) and the maintenance windows (planned stops, shifts). */
import { PrognosError } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import { readTechnician, readWindow } from '../planning/crew-fields';
import { fieldError } from '../planning/fields';
import type { AppContext } from './context';
import { errorResponses } from './schemas';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const noSchemaCheck = { validatorCompiler: () => () => true } as const;

export const technicianSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    skills: {
      type: 'array',
      items: { type: 'string' },
      description: 'mechanical, electrical, instrumentation, process…',
    },
    hoursPerShift: { type: 'number' },
  },
} as const;

export const windowSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    start: { description: 'epoch ms (or ISO 8601 when sent)', anyOf: [{ type: 'number' }, { type: 'string' }] },
    end: { description: 'epoch ms (or ISO 8601 when sent)', anyOf: [{ type: 'number' }, { type: 'string' }] },
    assets: { type: 'array', items: { type: 'string' }, description: 'assets or lines stopped in it' },
    kind: { type: 'string', enum: ['planned_stop', 'shift'] },
  },
} as const;

/** The body's fields with the path's id (a body id that differs is refused). */
function withId(id: string, body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new PrognosError('MALFORMED_BODY', ['expected a JSON object']);
  const raw = body as Record<string, unknown>;
  if (raw.id !== undefined && raw.id !== id)
    throw new PrognosError('BAD_REQUEST', ['body.id must equal the id in the path']);
  return { ...raw, id };
}

export function crewRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/technicians',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'The maintenance crew',
        response: { 200: { type: 'array', items: technicianSchema } },
      },
    },
    async () => ctx.metadata.listTechnicians(),
  );
  app.put<{ Params: { id: string }; Body: unknown }>(
    '/api/technicians/:id',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Add or replace a technician (skills, hours per shift); the plan is redone',
        params: idParams,
        body: technicianSchema,
        response: { 200: technicianSchema, ...errorResponses },
      },
      ...noSchemaCheck,
    },
    async (req) => {
      const r = readTechnician(withId(req.params.id, req.body));
      if (!r.value) throw fieldError(r.problems);
      await ctx.metadata.upsertTechnician(r.value);
      ctx.plan.schedule();
      return r.value;
    },
  );
  app.delete<{ Params: { id: string } }>(
    '/api/technicians/:id',
    { schema: { tags: ['maintenance'], summary: 'Remove a technician', params: idParams, response: errorResponses } },
    async (req, reply) => {
      if (!(await ctx.metadata.deleteTechnician(req.params.id)))
        throw new PrognosError('TECHNICIAN_NOT_FOUND', [req.params.id]);
      ctx.plan.schedule();
      return reply.status(204).send();
    },
  );

  app.get<{ Querystring: { from?: number; to?: number } }>(
    '/api/maintenance-windows',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Maintenance windows (planned stops and shifts) overlapping [from, to), by start',
        querystring: { type: 'object', properties: { from: { type: 'number' }, to: { type: 'number' } } },
        response: { 200: { type: 'array', items: windowSchema } },
      },
    },
    async (req) => ctx.metadata.listMaintenanceWindows({ from: req.query.from, to: req.query.to }),
  );
  app.put<{ Params: { id: string }; Body: unknown }>(
    '/api/maintenance-windows/:id',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Add or replace a maintenance window; the plan is redone',
        params: idParams,
        body: windowSchema,
        response: { 200: windowSchema, ...errorResponses },
      },
      ...noSchemaCheck,
    },
    async (req) => {
      const r = readWindow(withId(req.params.id, req.body));
      if (!r.value) throw fieldError(r.problems);
      await ctx.metadata.upsertMaintenanceWindow(r.value);
      ctx.plan.schedule();
      return r.value;
    },
  );
  app.delete<{ Params: { id: string } }>(
    '/api/maintenance-windows/:id',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Remove a maintenance window',
        params: idParams,
        response: errorResponses,
      },
    },
    async (req, reply) => {
      if (!(await ctx.metadata.deleteMaintenanceWindow(req.params.id)))
        throw new PrognosError('MAINTENANCE_WINDOW_NOT_FOUND', [req.params.id]);
      ctx.plan.schedule();
      return reply.status(204).send();
    },
  );
}

export { withId };
