/** Guided procedures, versioned (GET/POST /api/procedures, GET/PUT /api/procedures/:id, GET /api/procedures/:id/versions). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';
import { errorResponses, errorSchema } from './schemas';
import { procedureStepSchema } from './schemas-maintenance';

const str = { type: 'string' } as const;
const strings = { type: 'array', items: str } as const;
const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

export const procedureSchema = {
  type: 'object',
  properties: {
    id: str,
    version: { type: 'integer' },
    title: str,
    failureModeIds: { ...strings, description: 'failure modes whose work orders follow it' },
    assetTypes: strings,
    steps: { type: 'array', items: procedureStepSchema },
    tools: { ...strings, description: 'tools for the whole job' },
    parts: { ...strings, description: 'spare-part ids the job usually needs' },
    estimatedMinutes: { type: 'number' },
    author: str,
    createdAt: { type: 'number' },
    changeNote: str,
  },
} as const;

const list = { type: 'array', items: procedureSchema } as const;

// The body is checked by validateProcedureDraft, so that every mistake comes back naming its field
// ("steps[2].expected.max") rather than as a schema error.
const draftBody = {
  type: 'object',
  additionalProperties: true,
  description:
    'title, steps (≥ 1: text, safety, expected {quantity, unit, min, max}, tools, minutes, detail), failureModeIds, assetTypes, tools, parts, estimatedMinutes (default: sum of step minutes), author, changeNote',
} as const;

export function procedureRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { procedures } = ctx.maintenance;

  app.get<{ Querystring: { failureModeId?: string; assetType?: string } }>(
    '/api/procedures',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Guided procedures (latest version of each), optionally of one failure mode or asset type',
        querystring: { type: 'object', properties: { failureModeId: str, assetType: str } },
        response: { 200: list, ...errorResponses },
      },
    },
    async (req) => procedures.list(req.query),
  );

  app.post<{ Body: unknown }>(
    '/api/procedures',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Author a new procedure (version 1); 400 PROCEDURE_INVALID names the bad field',
        body: draftBody,
        response: { 200: procedureSchema, ...errorResponses, 409: errorSchema },
      },
    },
    async (req) => procedures.create(req.body),
  );

  app.get<{ Params: { id: string }; Querystring: { version?: number } }>(
    '/api/procedures/:id',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'One procedure: the latest version, or the one asked for',
        params: idParams,
        querystring: { type: 'object', properties: { version: { type: 'integer', minimum: 1 } } },
        response: { 200: procedureSchema, ...errorResponses },
      },
    },
    async (req) => procedures.get(req.params.id, req.query.version),
  );

  app.get<{ Params: { id: string } }>(
    '/api/procedures/:id/versions',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Every version of a procedure, newest first',
        params: idParams,
        response: { 200: list, ...errorResponses },
      },
    },
    async (req) => procedures.versions(req.params.id),
  );

  app.put<{ Params: { id: string }; Body: { baseVersion?: unknown } & Record<string, unknown> }>(
    '/api/procedures/:id',
    {
      schema: {
        tags: ['maintenance'],
        summary:
          'Save a new version (n + 1) with its author and change note; with baseVersion, 409 PROCEDURE_VERSION_CONFLICT when someone saved a newer one meanwhile',
        params: idParams,
        body: {
          ...draftBody,
          properties: { baseVersion: { type: 'integer', minimum: 1, description: 'the version that was edited' } },
        },
        response: { 200: procedureSchema, ...errorResponses, 409: errorSchema },
      },
    },
    async (req) => {
      const { baseVersion, ...draft } = req.body;
      return procedures.update(req.params.id, draft, baseVersion as number | undefined);
    },
  );
}
