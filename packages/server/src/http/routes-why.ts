/** Why panels (GET /api/alerts/:id/why, GET /api/assets/:id/why) and lessons (GET /api/lessons, GET /api/lessons/:id). */
import { PrognosError } from '@prognos/core';
import { getLesson, LESSONS } from '@prognos/maintenance';
import type { FastifyInstance } from 'fastify';
import { alertWhy, assetWhy } from '../why/why-service';
import type { AppContext } from './context';
import { errorResponses } from './schemas';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;
const lessonRef = { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } } as const;

const lessonSummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    minutes: { type: 'number', description: 'reading time' },
    summary: { type: 'string' },
    related: strings,
  },
} as const;

const lessonSchema = {
  type: 'object',
  properties: {
    ...lessonSummarySchema.properties,
    body: { ...strings, description: 'paragraphs of plain text' },
    keyPoints: strings,
  },
} as const;

const deviationSchema = {
  type: 'object',
  properties: {
    sensor: { type: 'string' },
    name: { type: 'string' },
    unit: { type: 'string' },
    value: { type: 'number' },
    expected: { type: 'number' },
    low: { type: 'number', description: 'normal band, in the sensor unit' },
    high: { type: 'number' },
    delta: { type: 'number', description: 'value − expected, in the sensor unit' },
    direction: { type: 'string', enum: ['above', 'below', 'within'] },
    share: { type: 'number', description: 'share of the anomaly, 0..1' },
    text: { type: 'string' },
  },
} as const;

export const whyPanelSchema = {
  type: 'object',
  properties: {
    subject: { type: 'string', enum: ['alert', 'health', 'rul'] },
    subjectId: { type: 'string' },
    assetId: { type: 'string' },
    headline: { type: 'string' },
    deviations: { type: 'array', items: deviationSchema },
    cause: {
      type: 'object',
      properties: {
        failureModeId: { type: 'string' },
        name: { type: 'string' },
        component: { type: 'string' },
        score: { type: 'number' },
        typicalSymptoms: strings,
        matched: strings,
        missing: strings,
      },
    },
    checkFirst: strings,
    procedure: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        version: { type: 'integer' },
        title: { type: 'string' },
        steps: { type: 'integer' },
        estimatedMinutes: { type: 'number' },
      },
    },
    lessons: { type: 'array', items: lessonRef },
    chart: {
      type: 'object',
      properties: { sensors: strings, from: { type: 'number' }, to: { type: 'number' } },
    },
    notes: strings,
  },
} as const;

export function whyRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/lessons',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'The short lessons on the concepts behind alerts, health scores and predictions',
        response: { 200: { type: 'array', items: lessonSummarySchema } },
      },
    },
    async () => LESSONS.map(({ id, title, minutes, summary, related }) => ({ id, title, minutes, summary, related })),
  );

  app.get<{ Params: { id: string } }>(
    '/api/lessons/:id',
    {
      schema: {
        tags: ['maintenance'],
        summary: 'One lesson, with its paragraphs and key points',
        params: idParams,
        response: { 200: lessonSchema, ...errorResponses },
      },
    },
    async (req) => {
      const lesson = getLesson(req.params.id);
      if (!lesson) throw new PrognosError('LESSON_NOT_FOUND', [req.params.id]);
      return lesson;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/alerts/:id/why',
    {
      schema: {
        tags: ['maintenance'],
        summary:
          'Why this alert, in plain words: deviations in engineering units, the likely cause with its symptoms, what to check first, the procedure and lessons',
        params: idParams,
        response: { 200: whyPanelSchema, ...errorResponses },
      },
    },
    async (req) => alertWhy(ctx, req.params.id),
  );

  app.get<{ Params: { id: string }; Querystring: { subject?: string } }>(
    '/api/assets/:id/why',
    {
      schema: {
        tags: ['maintenance'],
        summary:
          "Why this asset's health score (subject=health, the default) or its remaining-useful-life prediction (subject=rul)",
        params: idParams,
        querystring: { type: 'object', properties: { subject: { type: 'string' } } },
        response: { 200: whyPanelSchema, ...errorResponses },
      },
    },
    async (req) => {
      const subject = req.query.subject ?? 'health';
      if (subject !== 'health' && subject !== 'rul') throw new PrognosError('WHY_SUBJECT_INVALID', [subject]);
      return assetWhy(ctx, req.params.id, subject);
    },
  );
}
