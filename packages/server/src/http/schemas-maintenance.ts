/** JSON schemas of the maintenance loop: failure modes, alert workflows, work orders, precision. */
import { alertSchema } from './schemas';

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const strings = { type: 'array', items: str } as const;

export const procedureStepSchema = {
  type: 'object',
  properties: {
    text: { type: 'string', minLength: 1 },
    safety: { type: 'boolean', description: 'Lockout/tagout and other safety steps: done before any later step' },
    expected: {
      type: 'object',
      description: 'A reading to take and its acceptable range',
      properties: { quantity: str, unit: str, min: num, max: num },
      required: ['quantity', 'unit'],
    },
    tools: { type: 'array', items: str, description: 'tools the step needs' },
    minutes: { type: 'number', description: 'typical time for the step (min)' },
    detail: { type: 'string', description: 'longer guidance shown under the step' },
  },
  required: ['text'],
} as const;

export const failureModeSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 100 },
    assetTypes: strings,
    component: str,
    name: str,
    iso14224: { type: 'string', description: "ISO 14224:2016 Table B.15 failure-mode code, or ''" },
    mechanism: { type: 'string', description: "ISO 14224 failure mechanism (Table B.2), e.g. '1.4 Wear'" },
    causes: strings,
    symptoms: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kind: { type: 'string', description: 'sensor kind' },
          direction: { type: 'string', enum: ['up', 'down'] },
          weight: num,
          text: str,
        },
      },
    },
    detection: str,
    severity: num,
    occurrence: num,
    detectability: num,
    rpn: { type: 'number', description: 'severity × occurrence × detectability' },
    recommendedActions: strings,
    procedure: { type: 'array', items: procedureStepSchema },
    procedureId: { type: 'string', description: 'the versioned guided procedure attached (default: the mode id)' },
    repairHours: num,
    skill: str,
    parts: { type: 'array', items: str, description: 'spare-part ids usually needed' },
  },
} as const;

export const rankedFailureModeSchema = {
  type: 'object',
  properties: {
    failureModeId: str,
    name: str,
    component: str,
    iso14224: str,
    score: { type: 'number', description: 'match of the alert deviations with the symptoms, 0..1' },
    matched: strings,
    missing: strings,
    rpn: num,
    recommendedActions: strings,
  },
} as const;

export const labelSchema = {
  type: 'object',
  properties: {
    outcome: { type: 'string', enum: ['confirmed', 'false_alarm', 'sensor_fault'] },
    failureModeId: str,
    by: str,
    at: num,
    source: { type: 'string', enum: ['work_order', 'review'] },
    workOrderId: str,
  },
} as const;

export const workflowSchema = {
  type: 'object',
  properties: {
    alertId: str,
    status: { type: 'string', enum: ['new', 'acknowledged', 'in_work', 'closed'] },
    assignee: str,
    snoozedUntil: { type: 'number', description: 'no notifications until then (epoch ms)' },
    snoozeReason: str,
    label: labelSchema,
    workOrderId: str,
    failureModes: { type: 'array', items: rankedFailureModeSchema, description: 'likely causes, best match first' },
    updatedAt: num,
  },
} as const;

/** A completed work order's findings found by the know-how search (GET /api/knowledge, alert detail). */
export const knowledgeHitSchema = {
  type: 'object',
  properties: {
    workOrderId: str,
    assetId: str,
    assetName: str,
    assetType: str,
    failureModeId: str,
    failureModeName: str,
    title: str,
    rootCause: str,
    actionTaken: str,
    completedAt: num,
    repairMinutes: { type: 'number', description: 'hands-on time: labour hours summed, in minutes' },
    technician: str,
    snippet: { type: 'string', description: 'matching text with the matched words between « and »' },
    rank: { type: 'number', description: 'relevance, higher is better (within one answer)' },
  },
} as const;

export const alertDetailSchema = {
  type: 'object',
  properties: {
    ...alertSchema.properties,
    workflow: workflowSchema,
    knowledge: {
      type: 'array',
      items: knowledgeHitSchema,
      description: "past findings for the alert's likely failure modes on machines of its type, best match first",
    },
  },
} as const;

export const commentSchema = {
  type: 'object',
  properties: { id: str, alertId: str, at: num, author: str, text: str },
} as const;

export const findingsSchema = {
  type: 'object',
  properties: {
    failureConfirmed: { type: 'boolean', description: 'was the failure mode the alert pointed at confirmed?' },
    failureModeId: str,
    rootCause: str,
    actionTaken: str,
    downtimeHours: { type: 'number', minimum: 0 },
    downtimeReason: str,
  },
  required: ['failureConfirmed', 'rootCause', 'actionTaken', 'downtimeHours'],
} as const;

export const workOrderDetailSchema = {
  type: 'object',
  properties: {
    id: str,
    assetId: str,
    alertId: str,
    title: str,
    description: str,
    status: { type: 'string', enum: ['open', 'in_progress', 'done', 'cancelled'] },
    priority: { type: 'string', enum: ['low', 'medium', 'high', 'urgent'] },
    risk: {
      type: 'object',
      description: 'P(failure) × consequence × criticality weight behind the priority',
      properties: { failureProbability: num, consequence: num, criticality: str, value: num, reason: str },
    },
    createdAt: num,
    dueAt: {
      type: 'number',
      description: 'due before the predicted failure (RUL lower bound less repair and lead time)',
    },
    completedAt: num,
    type: { type: 'string', enum: ['predictive', 'preventive', 'corrective'] },
    failureModeId: str,
    skill: str,
    estimatedHours: num,
    needsStop: { type: 'boolean' },
    crew: { type: 'integer' },
    assignee: str,
    procedure: { type: 'array', items: procedureStepSchema },
    procedureRef: {
      type: 'object',
      description: 'the guided procedure version the steps were copied from',
      properties: { id: str, version: { type: 'integer' } },
    },
    stepResults: {
      type: 'array',
      items: {
        type: 'object',
        properties: { step: { type: 'integer' }, done: { type: 'boolean' }, value: num, note: str, at: num, by: str },
      },
    },
    parts: { type: 'array', items: { type: 'object', properties: { partId: str, quantity: num } } },
    labour: { type: 'array', items: { type: 'object', properties: { technician: str, hours: num, at: num } } },
    findings: findingsSchema,
    externalId: str,
  },
} as const;

const figureSchema = {
  type: 'object',
  properties: {
    key: str,
    confirmed: { type: 'integer' },
    falseAlarms: { type: 'integer' },
    unlabelled: { type: 'integer' },
    precision: { type: 'number', description: 'confirmed / (confirmed + false alarms); absent until one is labelled' },
  },
} as const;

export const precisionSchema = {
  type: 'object',
  properties: {
    overall: figureSchema,
    byAsset: { type: 'array', items: figureSchema },
    byDetector: {
      type: 'array',
      items: figureSchema,
      description: "by the asset model's detector kind; 'sensor-checks' for sensor alerts",
    },
    overTime: { type: 'array', items: figureSchema, description: "per month ('YYYY-MM', UTC), oldest first" },
  },
} as const;

export const workOrderRuleSchema = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    severities: { type: 'array', items: { type: 'string', enum: ['info', 'warning', 'critical'] } },
    criticalities: { type: 'array', items: { type: 'string', enum: ['A', 'B', 'C'] } },
  },
  required: ['enabled', 'severities', 'criticalities'],
} as const;

/** `by`: who does it (a person's name or id), recorded with the change. */
export const byProperty = { by: { type: 'string', minLength: 1, maxLength: 200 } } as const;
