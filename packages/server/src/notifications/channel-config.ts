import type { AlertSeverity } from '@prognos/core';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/** What a channel can subscribe to. `work_order.updated` is mostly for CMMS channels (every change of an order). */
export const NOTIFICATION_EVENTS = [
  'alert.opened',
  'alert.escalated',
  'alert.closed',
  'work_order.created',
  'work_order.updated',
  'work_order.completed',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const CHANNEL_KINDS = ['webhook', 'email', 'mqtt', 'cmms'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A CMMS channel without `events` gets every work-order change (it keeps its copy of the order in step). */
export const CMMS_DEFAULT_EVENTS: NotificationEvent[] = [
  'work_order.created',
  'work_order.updated',
  'work_order.completed',
];

interface ChannelBase {
  id: string;
  name?: string;
  /** false keeps the channel configured but silent. */
  enabled?: boolean;
  events: NotificationEvent[];
  /** Alerts below this severity are not sent (work-order events are not filtered by it). */
  minSeverity?: AlertSeverity;
}

export interface WebhookChannel extends ChannelBase {
  kind: 'webhook' | 'cmms';
  url: string;
  headers?: Record<string, string>;
  /** Key of the HMAC-SHA256 signature (header X-Prognos-Signature), or the name of an env var holding it. */
  secret?: string;
  secretEnv?: string;
}

export interface EmailChannel extends ChannelBase {
  kind: 'email';
  smtp: {
    host: string;
    port: number;
    /** true = implicit TLS (port 465); false = plain, upgraded with STARTTLS when the server offers it. */
    secure?: boolean;
    user?: string;
    password?: string;
    /** Name of an environment variable holding the password (keeps it out of the file). */
    passwordEnv?: string;
  };
  from: string;
  to: string[];
}

export interface MqttChannel extends ChannelBase {
  kind: 'mqtt';
  url: string;
  /** Topic template: {asset} and {event} are replaced, e.g. "plant/alerts/{asset}/{event}". */
  topic: string;
  qos: 0 | 1 | 2;
  retain?: boolean;
  username?: string;
  password?: string;
  passwordEnv?: string;
}

export type ChannelConfig = WebhookChannel | EmailChannel | MqttChannel;

export interface ConfigIssue {
  path: string;
  message: string;
}

export const CHANNEL_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';

const common = {
  id: { type: 'string', pattern: CHANNEL_ID_PATTERN },
  name: { type: 'string', maxLength: 200 },
  kind: { type: 'string' },
  enabled: { type: 'boolean' },
  events: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...NOTIFICATION_EVENTS] } },
  minSeverity: { enum: ['info', 'warning', 'critical'] },
} as const;
const headers = { type: 'object', additionalProperties: { type: 'string' } } as const;

const schemas: Record<ChannelKind, object> = {
  webhook: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'kind', 'url', 'events'],
    properties: {
      ...common,
      url: { type: 'string' },
      headers,
      secret: { type: 'string' },
      secretEnv: { type: 'string' },
    },
  },
  cmms: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'kind', 'url'],
    properties: {
      ...common,
      // a CMMS receives work orders only; alerts reach people through the other kinds
      events: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: CMMS_DEFAULT_EVENTS } },
      url: { type: 'string' },
      headers,
      secret: { type: 'string' },
      secretEnv: { type: 'string' },
    },
  },
  email: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'kind', 'smtp', 'from', 'to', 'events'],
    properties: {
      ...common,
      smtp: {
        type: 'object',
        additionalProperties: false,
        required: ['host', 'port'],
        properties: {
          host: { type: 'string', minLength: 1 },
          port: { type: 'integer', minimum: 1, maximum: 65535 },
          secure: { type: 'boolean' },
          user: { type: 'string' },
          password: { type: 'string' },
          passwordEnv: { type: 'string' },
        },
      },
      from: { type: 'string', minLength: 3 },
      to: { type: 'array', minItems: 1, items: { type: 'string', minLength: 3 } },
    },
  },
  mqtt: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'kind', 'url', 'topic', 'events'],
    properties: {
      ...common,
      url: { type: 'string' },
      topic: { type: 'string', minLength: 1 },
      qos: { enum: [0, 1, 2] },
      retain: { type: 'boolean' },
      username: { type: 'string' },
      password: { type: 'string' },
      passwordEnv: { type: 'string' },
    },
  },
};

// allErrors so one answer lists every problem; strict off because the schemas are built from shared fragments
const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<ChannelKind, ValidateFunction>(
  CHANNEL_KINDS.map((k) => [k, ajv.compile(schemas[k])] as const),
);

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function join(path: string, field: string): string {
  if (/^\d+$/.test(field)) return `${path}[${field}]`;
  return path ? `${path}.${field}` : field;
}

/** "/smtp/port" under "notifications[1]" → "notifications[1].smtp.port". */
function fieldPath(prefix: string, pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .reduce((p, seg) => join(p, seg.replace(/~1/g, '/').replace(/~0/g, '~')), prefix);
}

function issueOf(e: ErrorObject, prefix: string): ConfigIssue {
  const path = fieldPath(prefix, e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: join(path, String(p.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: join(path, String(p.additionalProperty)), message: 'is not a known field' };
    case 'enum':
      return { path, message: `must be one of ${(p.allowedValues as unknown[]).map(show).join(', ')}` };
    case 'pattern':
      return { path, message: 'must be 1–64 letters, digits, "_", "." or "-", starting with a letter or digit' };
    default:
      return { path, message: e.message ?? 'is not valid' };
  }
}

const EMAIL_RE = /^[^\s@<>]+@[^\s@<>]+$/;
/** "Maintenance <cmms@plant.example>" or a bare address. */
function isAddress(s: string): boolean {
  const m = /<([^>]+)>\s*$/.exec(s);
  return EMAIL_RE.test((m?.[1] ?? s).trim());
}

function checkUrl(url: string, protocols: string[], path: string): ConfigIssue[] {
  try {
    const u = new URL(url);
    if (!protocols.includes(u.protocol))
      return [{ path, message: `must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got ${show(url)})` }];
    return [];
  } catch {
    return [{ path, message: `is not a URL (got ${show(url)})` }];
  }
}

/** Checks the schema cannot say: URLs, addresses, one secret source. */
function semanticIssues(c: ChannelConfig, prefix: string): ConfigIssue[] {
  const at = (f: string) => join(prefix, f);
  if (c.kind === 'webhook' || c.kind === 'cmms') {
    const out = checkUrl(c.url, ['http:', 'https:'], at('url'));
    if (c.secret !== undefined && c.secretEnv !== undefined)
      out.push({ path: at('secretEnv'), message: 'give either secret or secretEnv, not both' });
    return out;
  }
  if (c.kind === 'mqtt') {
    const out = checkUrl(c.url, ['mqtt:', 'mqtts:', 'ws:', 'wss:'], at('url'));
    if (/[+#]/.test(c.topic.replace(/\{(asset|event)\}/g, '')))
      out.push({
        path: at('topic'),
        message: 'must not contain the MQTT wildcards + or # (it is a topic to publish to)',
      });
    const unknown = /\{(?!asset\}|event\})[^}]*\}/.exec(c.topic);
    if (unknown)
      out.push({ path: at('topic'), message: `unknown placeholder ${unknown[0]} (use {asset} and {event})` });
    return out;
  }
  if (c.kind !== 'email') return [];
  const out: ConfigIssue[] = [];
  if (!isAddress(c.from)) out.push({ path: at('from'), message: `is not an e-mail address (got ${show(c.from)})` });
  c.to.forEach((t, i) => {
    if (!isAddress(t)) out.push({ path: `${at('to')}[${i}]`, message: `is not an e-mail address (got ${show(t)})` });
  });
  if (c.smtp.password !== undefined && c.smtp.passwordEnv !== undefined)
    out.push({ path: at('smtp.passwordEnv'), message: 'give either password or passwordEnv, not both' });
  return out;
}

/**
 * Validates one channel (from the configuration file or the API). Every problem comes back with the path of its
 * field, e.g. `notifications[1].smtp.port: must be <= 65535`. On success the channel has its defaults filled in.
 */
export function validateChannel(
  input: unknown,
  prefix = '',
): { ok: true; channel: ChannelConfig } | { ok: false; errors: ConfigIssue[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, errors: [{ path: prefix || '(channel)', message: `must be an object (got ${show(input)})` }] };
  const raw = input as Record<string, unknown>;
  if (raw.kind === undefined)
    return {
      ok: false,
      errors: [{ path: join(prefix, 'kind'), message: `is required (one of ${CHANNEL_KINDS.join(', ')})` }],
    };
  if (!CHANNEL_KINDS.includes(raw.kind as ChannelKind))
    return {
      ok: false,
      errors: [
        { path: join(prefix, 'kind'), message: `must be one of ${CHANNEL_KINDS.join(', ')} (got ${show(raw.kind)})` },
      ],
    };
  const kind = raw.kind as ChannelKind;
  const candidate = kind === 'cmms' && raw.events === undefined ? { ...raw, events: [...CMMS_DEFAULT_EVENTS] } : raw;
  const validate = validators.get(kind) as ValidateFunction;
  if (!validate(candidate)) return { ok: false, errors: (validate.errors ?? []).map((e) => issueOf(e, prefix)) };
  const channel = candidate as unknown as ChannelConfig;
  if (channel.kind === 'mqtt' && channel.qos === undefined) channel.qos = 1;
  const errors = semanticIssues(channel, prefix);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, channel };
}
