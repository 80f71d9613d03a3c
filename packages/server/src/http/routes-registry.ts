/** Asset registry edits and imports, and the spare-parts list with its stock. */
import { type Asset, type CsvImportResult, PrognosError, type SparePart } from '@prognos/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ASSET_CSV, type CsvImport, type CsvImportSpec, importCsv, SPARE_PART_CSV } from '../planning/csv-import';
import { ASSET_FIELDS, fieldError, readFields, SPARE_PART_FIELDS } from '../planning/fields';
import type { AppContext } from './context';
import { errorResponses, errorSchema } from './schemas';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

export const sparePartSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    stock: { type: 'number', description: 'units on hand' },
    leadTimeDays: { type: 'number', description: 'days to get one when out of stock' },
    unitCost: { type: 'number' },
  },
} as const;

const importResponse = {
  type: 'object',
  properties: {
    imported: { type: 'integer' },
    rejected: { type: 'integer' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          row: { type: 'integer', description: 'data row (1 = first after the header)' },
          line: { type: 'integer', description: 'line of the file' },
          column: { type: 'string' },
          code: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;

const csvBody = {
  description: 'JSON `{ "csv": "<text>" }`, or the CSV text itself with content type text/csv',
  anyOf: [{ type: 'object', properties: { csv: { type: 'string' } }, required: ['csv'] }, { type: 'string' }],
} as const;

/** Bodies are checked field by field (FIELD_INVALID names the field), not by the JSON schema (a bare 400). */
const noSchemaCheck = { validatorCompiler: () => () => true } as const;

function csvText(body: unknown): string {
  if (typeof body === 'string') return body;
  const csv = (body as { csv?: unknown } | null)?.csv;
  if (typeof csv !== 'string') throw new PrognosError('MALFORMED_BODY', ['expected {"csv": "<text>"} or text/csv']);
  return csv;
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new PrognosError('MALFORMED_BODY', ['expected a JSON object']);
  return body as Record<string, unknown>;
}

/** 200: all rows imported, 207: some rejected, 422: none imported (as the readings batch). */
async function answerImport<T>(
  reply: FastifyReply,
  r: CsvImport<T>,
  save: (item: T) => Promise<void>,
): Promise<CsvImportResult> {
  for (const item of r.items) await save(item);
  reply.status(r.rejected === 0 ? 200 : r.items.length > 0 ? 207 : 422);
  return { imported: r.items.length, rejected: r.rejected, errors: r.errors };
}

/** PUT /api/assets/:id: a partial edit of an existing asset, or a whole new one; every field checked. */
export async function saveAssetEdit(ctx: AppContext, id: string, body: unknown): Promise<Asset> {
  const raw = objectBody(body);
  if (raw.id !== undefined && raw.id !== id)
    throw new PrognosError('BAD_REQUEST', ['body.id must equal the id in the path']);
  const base = await ctx.metadata.getAsset(id);
  const r = readFields(ASSET_FIELDS, { ...raw, id }, base);
  if (!r.value) throw fieldError(r.problems);
  await ctx.metadata.upsertAsset(r.value);
  return r.value;
}

async function importInto<T extends { id: string }>(
  text: string,
  spec: CsvImportSpec<T>,
  existing: readonly T[],
): Promise<CsvImport<T>> {
  return importCsv(text, spec, new Map(existing.map((x) => [x.id, x])));
}

export function registryRoutes(app: FastifyInstance, ctx: AppContext): void {
  if (!app.hasContentTypeParser('text/csv')) {
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  }
  const importResponses = { 200: importResponse, 207: importResponse, 422: importResponse, 400: errorSchema };

  app.post<{ Body: unknown }>(
    '/api/assets/import',
    {
      schema: {
        tags: ['assets'],
        summary:
          'Import assets from CSV (columns by header: id, name, type, line, criticality, downtime_cost_per_hour, manufacturer, model)',
        description:
          'Each row creates or edits one asset (columns left out keep their values). Good rows are kept; each bad cell ' +
          'is reported with its row, file line and column (200: all imported, 207: some rejected, 422: none).',
        body: csvBody,
        response: importResponses,
      },
      ...noSchemaCheck,
    },
    async (req, reply) => {
      const r = await importInto(csvText(req.body), ASSET_CSV, await ctx.metadata.listAssets());
      return answerImport(reply, r, (a) => ctx.metadata.upsertAsset(a));
    },
  );

  app.get(
    '/api/spare-parts',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Spare parts with stock',
        response: { 200: { type: 'array', items: sparePartSchema } },
      },
    },
    async () => ctx.metadata.listSpareParts(),
  );

  app.put<{ Params: { id: string }; Body: unknown }>(
    '/api/spare-parts/:id',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Create a spare part or edit one (fields left out keep their values)',
        params: idParams,
        body: sparePartSchema,
        response: { 200: sparePartSchema, ...errorResponses },
      },
      ...noSchemaCheck,
    },
    async (req) => {
      const raw = objectBody(req.body);
      if (raw.id !== undefined && raw.id !== req.params.id)
        throw new PrognosError('BAD_REQUEST', ['body.id must equal the id in the path']);
      const base = await ctx.metadata.getSparePart(req.params.id);
      const r = readFields<SparePart>(SPARE_PART_FIELDS, { ...raw, id: req.params.id }, base);
      if (!r.value) throw fieldError(r.problems);
      await ctx.metadata.upsertSparePart(r.value);
      ctx.plan.schedule();
      return r.value;
    },
  );

  app.post<{ Body: unknown }>(
    '/api/spare-parts/import',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'Import spare parts from CSV (columns by header: id, name, stock, lead_time_days, unit_cost)',
        description: 'As the asset import: good rows kept, each bad cell reported with row, line and column.',
        body: csvBody,
        response: importResponses,
      },
      ...noSchemaCheck,
    },
    async (req, reply) => {
      const r = await importInto(csvText(req.body), SPARE_PART_CSV, await ctx.metadata.listSpareParts());
      const res = await answerImport(reply, r, (p) => ctx.metadata.upsertSparePart(p));
      ctx.plan.schedule();
      return res;
    },
  );
}
