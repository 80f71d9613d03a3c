/** JSON schemas of the sensor-trust (data quality) routes; they drive serialisation and the OpenAPI document. */
const state = { type: 'string', enum: ['good', 'suspect', 'bad'] } as const;
const score = { type: 'number', nullable: true, description: '0..100; null before the sensor was judged' } as const;

export const qualityReasonSchema = {
  type: 'object',
  properties: {
    code: { type: 'integer', description: 'Reason code of core/quality (15: calibration overdue, API only)' },
    name: { type: 'string', description: 'e.g. FLATLINE, OUT_OF_RANGE, UNIT_MISMATCH, CALIBRATION_OVERDUE' },
    detail: { type: 'string' },
    since: { type: 'number', description: 'Epoch ms since when this reason holds' },
  },
} as const;

const sensorQualityProps = {
  sensorId: { type: 'string' },
  assetId: { type: 'string' },
  name: { type: 'string' },
  unit: { type: 'string' },
  state,
  score,
  reasons: { type: 'array', items: qualityReasonSchema },
  lastFlagAt: { type: 'number', nullable: true },
  calibrationDue: { type: 'string', nullable: true, description: 'ISO date' },
  calibrationOverdue: { type: 'boolean' },
} as const;

export const dataQualitySchema = {
  type: 'object',
  properties: {
    score,
    state,
    worstSensors: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const qualityOverviewSchema = {
  type: 'object',
  properties: {
    generatedAt: { type: 'number' },
    assets: {
      type: 'array',
      items: {
        type: 'object',
        properties: { assetId: { type: 'string' }, name: { type: 'string' }, ...dataQualitySchema.properties },
      },
    },
    sensors: {
      type: 'array',
      description: 'Worst first: bad, suspect, good, then by score ascending',
      items: { type: 'object', properties: sensorQualityProps },
    },
  },
} as const;

export const sensorQualityDetailSchema = {
  type: 'object',
  properties: {
    ...sensorQualityProps,
    transitions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ts: { type: 'number' },
          from: state,
          to: state,
          reasons: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    intervals: {
      type: 'array',
      description: 'Stretches of flagged readings in [from, to), for shading a chart',
      items: {
        type: 'object',
        properties: {
          from: { type: 'number' },
          to: { type: 'number' },
          state: { type: 'string', enum: ['suspect', 'bad'] },
          reason: { type: 'string' },
        },
      },
    },
  },
} as const;

export const workOrderSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    assetId: { type: 'string' },
    alertId: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    status: { type: 'string', enum: ['open', 'in_progress', 'done', 'cancelled'] },
    priority: { type: 'string', enum: ['low', 'medium', 'high', 'urgent'] },
    createdAt: { type: 'number' },
    dueAt: { type: 'number' },
    completedAt: { type: 'number' },
  },
} as const;

export const sensorFaultSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    sensorId: { type: 'string' },
    kind: { type: 'string' },
    startAt: { type: 'number' },
    endAt: { type: 'number' },
    active: { type: 'boolean' },
    params: { type: 'object', additionalProperties: true },
  },
} as const;
