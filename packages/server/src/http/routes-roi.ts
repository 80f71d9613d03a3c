/**
 * ROI: the business case (GET/PUT /api/roi/inputs, GET /api/roi/case) and the evidence ledger (GET /api/roi/ledger).
 */
import { PrognosError } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';
import { errorResponses } from './schemas';

const noSchemaCheck = { validatorCompiler: () => () => true } as const;

/** A nested record passed through whole (its shape is documented in @prognos/core roi.ts). */
const anyObject = { type: 'object', additionalProperties: true } as const;
const tracedSchema = {
  type: 'object',
  description: 'A number with its formula and inputs',
  properties: {
    value: { type: 'number' },
    unit: { type: 'string' },
    label: { type: 'string' },
    formula: { type: 'string' },
    inputs: { type: 'array', items: anyObject },
  },
  additionalProperties: true,
} as const;

const inputsResponse = {
  type: 'object',
  description: 'BusinessCaseInputs, with defaults: true when none were saved (derived from the registry)',
  properties: { defaults: { type: 'boolean' } },
  additionalProperties: true,
} as const;

const ledgerSchema = {
  type: 'object',
  description: 'EvidenceLedger: catches, false alarms and missed failures, their totals and groups, all traced',
  properties: {
    currency: { type: 'string' },
    from: { type: 'number' },
    to: { type: 'number' },
    entries: { type: 'array', items: anyObject },
    totals: anyObject,
    traced: anyObject,
    byAsset: { type: 'array', items: anyObject },
    byLine: { type: 'array', items: anyObject },
    byMonth: { type: 'array', items: anyObject },
    expectedOverPeriod: tracedSchema,
  },
  additionalProperties: true,
} as const;

const timeParam = {
  description: 'Epoch milliseconds or an ISO 8601 time',
  anyOf: [{ type: 'number' }, { type: 'string' }],
} as const;

/** Epoch ms from a string of digits or an ISO 8601 time; a coded 400 naming the field otherwise. */
function parseTime(v: unknown, name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const s = String(v).trim();
  const t = /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : /^\d{4}-\d{2}/.test(s) ? Date.parse(s) : Number.NaN;
  // beyond ±8.64e15 ms a time has no calendar date (and no ISO form to show it with)
  if (!Number.isFinite(t) || Math.abs(t) > 8.64e15)
    throw new PrognosError('QUERY_INVALID_RANGE', [
      `${name} "${s}" is neither epoch milliseconds nor an ISO 8601 time`,
    ]);
  return t;
}

export function roiRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/roi/inputs',
    {
      schema: {
        tags: ['roi'],
        summary: 'The business-case inputs: saved ones, or defaults from the registry (defaults: true)',
        response: { 200: inputsResponse },
      },
    },
    async () => {
      const { inputs, defaults } = await ctx.roi.inputsWithOrigin();
      return { ...inputs, defaults };
    },
  );

  app.put<{ Body: unknown }>(
    '/api/roi/inputs',
    {
      schema: {
        tags: ['roi'],
        summary: 'Save the business-case inputs; every bad field is named in one ROI_INPUT_INVALID error',
        body: anyObject,
        response: { 200: inputsResponse, ...errorResponses },
      },
      ...noSchemaCheck,
    },
    async (req) => {
      // the GET's `defaults` flag may come back in an edited copy: it is a read-only marker, not an input
      const body =
        req.body && typeof req.body === 'object' && !Array.isArray(req.body)
          ? Object.fromEntries(Object.entries(req.body).filter(([k]) => k !== 'defaults'))
          : req.body;
      return { ...(await ctx.roi.saveInputs(body)), defaults: false };
    },
  );

  app.get(
    '/api/roi/case',
    {
      schema: {
        tags: ['roi'],
        summary: 'The business case: NPV, IRR, payback, benefits and scenarios, each figure traced',
        response: { 200: { ...anyObject, description: 'BusinessCaseResult' } },
      },
    },
    async () => ctx.roi.businessCase(),
  );

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/api/roi/ledger',
    {
      schema: {
        tags: ['roi'],
        summary: 'The evidence ledger over [from, to): catches, false alarms, missed failures and their totals',
        querystring: { type: 'object', properties: { from: timeParam, to: timeParam } },
        response: { 200: ledgerSchema, ...errorResponses },
      },
      ...noSchemaCheck,
    },
    async (req) => {
      const from = parseTime(req.query.from, 'from');
      const to = parseTime(req.query.to, 'to');
      return ctx.roi.ledger({
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      });
    },
  );
}
