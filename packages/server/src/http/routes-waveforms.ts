/**
 * Vibration waveform snapshots: a burst of raw accelerometer samples is posted, stored, and analysed on demand
 * (see vibration/waveform-analysis.ts). The check of the body (core checkWaveformBody) and the storing
 * (vibration/waveform-store.ts) are shared with the MQTT paths.
 */
import {
  checkWaveformBody,
  PrognosError,
  type Waveform,
  type WaveformBody,
  waveformBodySchema,
  waveformMetaSchema,
} from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import { analyseWaveform, downsampleMax, waveformMarkers } from '../vibration/waveform-analysis';
import { storeWaveform, toG } from '../vibration/waveform-store';
import type { AppContext } from './context';
import { errorResponses } from './schemas';

const idParams = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const num = { type: 'number' } as const;
const lineSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, expected: num, found: num, ratio: num },
} as const;
const summarySchema = {
  type: 'object',
  properties: {
    rms: { ...num, description: 'r.m.s. acceleration about the mean (g)' },
    peak: { ...num, description: 'largest |x − mean| (g)' },
    crestFactor: num,
    kurtosis: { ...num, description: '3 for Gaussian noise; impacts raise it' },
    velocityRmsMmS: { ...num, description: 'velocity r.m.s. 10–1000 Hz (mm/s), ISO 10816-3' },
    isoZone: { type: 'string', enum: ['A', 'B', 'C', 'D'] },
    machineClass: { type: 'string' },
    envelopeBand: { type: 'array', items: num, description: 'demodulation band (Hz), by spectral kurtosis' },
    envelopePeak: { type: 'object', properties: { freq: num, amplitude: num } },
    defectFrequencies: {
      type: 'object',
      properties: { shaftHz: num, bpfo: num, bpfi: num, bsf: num, ftf: num },
    },
    lines: { type: 'array', items: lineSchema, description: 'envelope line / envelope median per defect' },
    diagnosis: {
      type: 'object',
      properties: {
        finding: { type: 'string', enum: ['outer_race', 'inner_race', 'ball', 'none'] },
        text: { type: 'string' },
      },
    },
  },
} as const;
const headerProps = {
  id: { type: 'string' },
  sensorId: { type: 'string' },
  ts: num,
  sampleRateHz: num,
  samples: { type: 'integer' },
  unit: { type: 'string' },
  meta: waveformMetaSchema,
} as const;
const seriesSchema = {
  type: 'object',
  properties: { freq: { type: 'array', items: num }, amplitude: { type: 'array', items: num } },
} as const;

const header = (w: Waveform) => {
  const { summary: _cached, ...meta } = w.meta;
  return {
    id: w.id,
    sensorId: w.sensorId,
    ts: w.ts,
    sampleRateHz: w.sampleRateHz,
    samples: w.samples,
    unit: w.unit,
    meta,
  };
};

export function waveformRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Params: { id: string }; Body: WaveformBody }>(
    '/api/sensors/:id/waveforms',
    {
      schema: {
        tags: ['sensors'],
        summary:
          'Store a vibration waveform snapshot (raw acceleration samples) and return its analysis: ISO 10816-3 ' +
          'zone, waveform shape, envelope band and peak, and with shaftHz + bearing a bearing-defect diagnosis',
        params: idParams,
        body: waveformBodySchema,
        response: {
          201: { type: 'object', properties: { ...headerProps, summary: summarySchema } },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      if (!(await ctx.metadata.getSensor(req.params.id))) throw new PrognosError('SENSOR_NOT_FOUND', [req.params.id]);
      // HTTP keeps answering BAD_REQUEST (the code its clients match on); the MQTT doors say WAVEFORM_INVALID
      const c = checkWaveformBody(req.body);
      if (!c.ok) throw new PrognosError('BAD_REQUEST', [c.message]);
      const { waveform, summary } = await storeWaveform(ctx, { ...c.snapshot, sensorId: req.params.id }, 'api');
      return reply.status(201).send({ ...header(waveform), summary });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { limit?: number } }>(
    '/api/sensors/:id/waveforms',
    {
      schema: {
        tags: ['sensors'],
        summary: "A sensor's waveform snapshots, newest first, with their summaries (no samples)",
        params: idParams,
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              waveforms: {
                type: 'array',
                items: { type: 'object', properties: { ...headerProps, summary: summarySchema } },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      if (!(await ctx.metadata.getSensor(req.params.id))) throw new PrognosError('SENSOR_NOT_FOUND', [req.params.id]);
      const list = await ctx.metadata.listWaveforms(req.params.id, req.query.limit ?? 20);
      const waveforms = [];
      for (const h of list) {
        // The summary stored with the snapshot; recomputed from the samples only for a row stored without one.
        let summary = h.meta.summary;
        if (!summary) {
          const w = await ctx.metadata.getWaveform(h.id);
          if (w) summary = { ...analyseWaveform(toG(w), w.sampleRateHz, w.meta).summary };
        }
        waveforms.push({ ...header(h), summary });
      }
      return { waveforms };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/waveforms/:id',
    {
      schema: {
        tags: ['sensors'],
        summary:
          'One waveform snapshot: summary, spectrum and envelope spectrum (≤ 2000 points each, max per bucket), ' +
          'and the shaft and bearing defect frequencies as chart markers',
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              ...headerProps,
              summary: summarySchema,
              spectrum: seriesSchema,
              envelope: seriesSchema,
              markers: {
                type: 'array',
                items: { type: 'object', properties: { label: { type: 'string' }, freq: num } },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const w = await ctx.metadata.getWaveform(req.params.id);
      if (!w) throw new PrognosError('WAVEFORM_NOT_FOUND', [req.params.id]);
      const a = analyseWaveform(toG(w), w.sampleRateHz, w.meta);
      return {
        ...header(w),
        summary: a.summary,
        spectrum: downsampleMax(a.spectrum, w.sampleRateHz / 2),
        envelope: downsampleMax(a.envelope, a.envelopeMaxHz),
        markers: waveformMarkers(w.meta, a.envelopeMaxHz),
      };
    },
  );
}
