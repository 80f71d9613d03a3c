import { PrognosError } from '@prognos/core';
import type { FastifyInstance } from 'fastify';
import type { SensorFaultRequestOptions } from '../pipeline/simulator-control';
import type { AppContext } from './context';
import { errorResponses } from './schemas';
import { sensorFaultSchema } from './schemas-quality';

const KINDS = ['bias', 'drift', 'stuck', 'dropout', 'spike', 'noise', 'unit_change', 'clock_skew'];

/** Sensor faults of the simulated plant: the instrument lies, the machine is fine (demo and tests only). */
export function sensorFaultRoutes(app: FastifyInstance, ctx: AppContext): void {
  const sim = () => {
    if (!ctx.simulator) throw new PrognosError('SIMULATOR_DISABLED');
    return ctx.simulator;
  };

  app.get(
    '/api/simulator/sensor-faults',
    {
      schema: {
        tags: ['simulator'],
        summary: 'Sensor faults injected into the simulator (pending, active and ended ones)',
        response: { 200: { type: 'array', items: sensorFaultSchema }, 409: errorResponses[400] },
      },
    },
    async () => sim().sensorFaults(),
  );

  app.post<{ Body: { sensorId: string; kind: string } & SensorFaultRequestOptions }>(
    '/api/simulator/sensor-faults',
    {
      schema: {
        tags: ['simulator'],
        summary: 'Inject a sensor fault into a simulated sensor (bias, drift, stuck, dropout, spikes, …)',
        body: {
          type: 'object',
          properties: {
            sensorId: { type: 'string' },
            kind: { type: 'string', enum: KINDS },
            durationMinutes: {
              type: 'number',
              exclusiveMinimum: 0,
              description: 'Wall-clock minutes the fault lasts (default: until deleted)',
            },
            offset: { type: 'number', description: 'bias: offset in the sensor unit' },
            percentOfSpan: { type: 'number', description: 'bias: offset, spike: height, in % of the span' },
            percentOfSpanPerHour: { type: 'number', description: 'drift: % of span per process hour' },
            probability: { type: 'number', minimum: 0, maximum: 1, description: 'spike: per-reading probability' },
            factor: { type: 'number', description: 'noise: total noise = factor × own (> 1)' },
            toUnit: { type: 'string', description: 'unit_change: the unit now sent (default: the usual mix-up)' },
            skewSeconds: { type: 'number', description: 'clock_skew: seconds added to timestamps' },
          },
          required: ['sensorId', 'kind'],
          additionalProperties: false,
        },
        response: { 200: sensorFaultSchema, 409: errorResponses[400], ...errorResponses },
      },
    },
    async (req) => {
      const { sensorId, kind, ...opts } = req.body;
      return sim().injectSensorFault(sensorId, kind, opts);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/simulator/sensor-faults/:id',
    {
      schema: {
        tags: ['simulator'],
        summary: 'End a sensor fault now',
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: {
          200: { type: 'object', properties: { cleared: { type: 'string' } } },
          409: errorResponses[400],
          ...errorResponses,
        },
      },
    },
    async (req) => sim().clearSensorFault(req.params.id),
  );
}
