/** JSON schemas shared by routes; they drive validation and the OpenAPI document. */
export const errorSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
  },
  required: ['code', 'message'],
} as const;

export const readingSchema = {
  type: 'object',
  properties: {
    sensor: { type: 'string', description: 'Sensor tag, e.g. "P-101.VIB-DE"' },
    ts: { description: 'Epoch milliseconds or ISO 8601 string', anyOf: [{ type: 'number' }, { type: 'string' }] },
    value: { type: 'number' },
    quality: {
      description: '"good" | "suspect" | "bad" or a quality byte',
      anyOf: [{ type: 'integer' }, { type: 'string' }],
    },
  },
  required: ['sensor', 'ts', 'value'],
} as const;

export const contributionSchema = {
  type: 'object',
  properties: {
    sensor: { type: 'string' },
    name: { type: 'string' },
    unit: { type: 'string' },
    share: { type: 'number' },
    value: { type: 'number' },
    expected: { type: 'number' },
    low: { type: 'number' },
    high: { type: 'number' },
  },
} as const;

export const healthSchema = {
  type: 'object',
  properties: {
    assetId: { type: 'string' },
    ts: { type: 'number' },
    health: { type: 'number' },
    score: { type: 'number' },
    status: { type: 'string', enum: ['ok', 'watch', 'alarm', 'unknown'] },
    contributions: { type: 'array', items: contributionSchema },
  },
} as const;

/** A remaining-useful-life prediction from the health trend (GET /api/assets/:id/rul). */
export const rulPointSchema = {
  type: 'object',
  properties: {
    assetId: { type: 'string' },
    ts: { type: 'number', description: 'time of the last health point the prediction counts from (epoch ms)' },
    method: { type: 'string', enum: ['health-trend'] },
    hours: { type: 'number', description: 'remaining useful life (h)' },
    lowerHours: { type: 'number', description: 'lower end of the 90 % interval (h)' },
    upperHours: { type: 'number', description: 'upper end of the 90 % interval (h)' },
    failureProbability: { type: 'number', description: 'probability of failure within horizonHours' },
    horizonHours: { type: 'number' },
    threshold: { type: 'number', description: 'health at which the asset counts as failed' },
  },
} as const;

export const alertSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    assetId: { type: 'string' },
    kind: { type: 'string' },
    severity: { type: 'string', enum: ['info', 'warning', 'critical'] },
    state: { type: 'string', enum: ['open', 'acknowledged', 'closed'] },
    title: { type: 'string' },
    explanation: { type: 'string' },
    contributions: { type: 'array', items: contributionSchema },
    score: { type: 'number' },
    peakScore: { type: 'number' },
    startedAt: { type: 'number' },
    updatedAt: { type: 'number' },
    closedAt: { type: 'number' },
    similar: {
      type: 'array',
      description: 'Past episodes that deviated the same way (this machine or its type), and how they ended',
      items: {
        type: 'object',
        properties: {
          alertId: { type: 'string' },
          assetId: { type: 'string' },
          assetName: { type: 'string' },
          startedAt: { type: 'number' },
          closedAt: { type: 'number' },
          peakScore: { type: 'number' },
          similarity: { type: 'number' },
          outcome: { type: 'string' },
          workOrderId: { type: 'string' },
          finding: {
            type: 'object',
            description: "What the technician found and did, from the episode's completed work order",
            properties: {
              rootCause: { type: 'string' },
              actionTaken: { type: 'string' },
              failureModeId: { type: 'string' },
              failureModeName: { type: 'string' },
              repairMinutes: { type: 'number', description: 'hands-on time: labour hours summed, in minutes' },
              technician: { type: 'string' },
            },
          },
        },
      },
    },
  },
} as const;

export const assetSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 100 },
    lineId: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string' },
    criticality: { type: 'string', enum: ['A', 'B', 'C'] },
    downtimeCostPerHour: { type: 'number' },
    manufacturer: { type: 'string' },
    model: { type: 'string' },
  },
  required: ['id', 'lineId', 'name', 'type', 'criticality'],
} as const;

export const sensorSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200 },
    assetId: { type: 'string' },
    componentId: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string' },
    unit: { type: 'string' },
    min: { type: 'number' },
    max: { type: 'number' },
    sampleRateHz: { type: 'number', exclusiveMinimum: 0 },
    lastCalibration: { type: 'string' },
  },
  required: ['id', 'assetId', 'name', 'kind', 'unit', 'min', 'max', 'sampleRateHz'],
} as const;

export const seriesSchema = {
  type: 'object',
  properties: {
    sensor: { type: 'string' },
    ts: { type: 'array', items: { type: 'number' } },
    values: { type: 'array', items: { type: 'number' } },
    quality: { type: 'array', items: { type: 'integer' } },
  },
} as const;

export const downsampleSchema = {
  type: 'object',
  properties: {
    sensor: { type: 'string' },
    from: { type: 'number' },
    to: { type: 'number' },
    bucketMs: { type: 'number' },
    source: { type: 'string', enum: ['raw', 'rollup-minute', 'rollup-chunk'] },
    ts: { type: 'array', items: { type: 'number' } },
    min: { type: 'array', items: { type: 'number' } },
    max: { type: 'array', items: { type: 'number' } },
    avg: { type: 'array', items: { type: 'number' } },
    count: { type: 'array', items: { type: 'number' } },
  },
} as const;

export const rangeQuery = {
  type: 'object',
  properties: {
    from: { type: 'number', description: 'Epoch ms (inclusive); default: 1 hour before `to`' },
    to: { type: 'number', description: 'Epoch ms (exclusive); default: now' },
  },
} as const;

export const errorResponses = { 400: errorSchema, 404: errorSchema, 422: errorSchema } as const;
