import {
  type BearingGeometry,
  WAVEFORM_UNITS,
  type WaveformMeta,
  type WaveformUnit,
  waveformMetaSchema,
} from '@prognos/core';
import type { ConfigIssue } from '../config/types';
import { CONNECTOR_ID_PATTERN } from '../config/validate';
import type { ConnectorConfigBase } from '../contract';
import { compileJsonPath, type TimestampUnit } from './payload';
import { compileTopicTemplate, templateVariables } from './topic-template';

/** One value taken from a JSON payload (used when one message carries several sensors). */
export interface MqttField {
  /** Path of the value in the payload, e.g. "temp" or "data.values[0]". */
  path: string;
  /** Sensor id template, e.g. "{asset}.TEMP". */
  sensor: string;
  unit?: string;
  scale?: number;
  offset?: number;
  deadband?: number;
  expectedIntervalMs?: number;
}

export interface MqttMapping {
  /** Topic template: an MQTT filter with optional `{name}` placeholders, e.g. "plant/{asset}/{sensor}". */
  topic: string;
  /** Sensor id template from the topic's variables, e.g. "{asset}.{sensor}". */
  sensor?: string;
  /** Explicit table instead of a template: concrete topic → sensor id. Topics not in it are ignored. */
  sensors?: Record<string, string>;
  /** Path of the value in a JSON payload; absent = the payload is the number itself. */
  valuePath?: string;
  /** Path of the source timestamp; absent = the time the message arrived. */
  timestampPath?: string;
  timestampUnit?: TimestampUnit;
  /** Path of a quality field (our byte, "good"/"uncertain"/"bad", a boolean or an OPC UA status code). */
  qualityPath?: string;
  unit?: string;
  /** value = raw * scale + offset */
  scale?: number;
  offset?: number;
  deadband?: number;
  expectedIntervalMs?: number;
  /** Several values from one payload (each with its own path and sensor template); replaces valuePath/sensor. */
  fields?: MqttField[];
}

/**
 * A topic carrying vibration waveform snapshots: one per message, the payload being the body of
 * POST /api/sensors/{id}/waveforms (`{ ts?, sampleRateHz, values, unit?, shaftHz?, bearing?, machineClass? }`).
 */
export interface MqttWaveformMapping {
  /** Topic template, as for readings, e.g. "plant/{asset}/{point}/waveform". */
  topic: string;
  /** Sensor id template from the topic's variables, e.g. "{asset}.{point}". */
  sensor?: string;
  /** Explicit table instead of a template: concrete topic → sensor id. */
  sensors?: Record<string, string>;
  /** Defaults for what a message leaves out (a gateway seldom knows the bearing); the message's own fields win. */
  unit?: WaveformUnit;
  shaftHz?: number;
  bearing?: BearingGeometry;
  machineClass?: WaveformMeta['machineClass'];
}

export interface MqttConnectorConfig extends ConnectorConfigBase {
  kind: 'mqtt';
  /** mqtt://host:1883, mqtts://host:8883, ws:// or wss:// */
  url: string;
  username?: string;
  password?: string;
  /** Must stay the same across restarts for the persistent session (default "prognos-<id>"). */
  clientId?: string;
  /** PEM file paths for mqtts:// (CA bundle, client certificate and key). */
  ca?: string;
  cert?: string;
  key?: string;
  /** Default true; false accepts any server certificate (testing only). */
  rejectUnauthorized?: boolean;
  /** 5 (default; needed for acknowledging after the readings are durable via customHandleAcks) or 4 (3.1.1). */
  protocolVersion?: 4 | 5;
  /** Default 1. */
  qos?: 0 | 1;
  /** Default false: a persistent session, so QoS 1 messages published while disconnected are delivered later. */
  cleanSession?: boolean;
  /** How long the broker keeps the session after a disconnect (MQTT 5), default 1 day. */
  sessionExpirySec?: number;
  keepaliveSec?: number;
  /** Reconnect delays (exponential with full jitter between these bounds). */
  reconnect?: { baseMs?: number; maxMs?: number };
  connectTimeoutMs?: number;
  /** Extra filter subscribed at QoS 0 only so that browse() shows unmapped topics (e.g. "#"). */
  discovery?: string;
  /** Scalar readings; may be empty when the connector carries only waveforms. */
  mappings: MqttMapping[];
  /** Waveform snapshot topics (checked before `mappings`: a topic matching both is a waveform). */
  waveforms?: MqttWaveformMapping[];
}

const num = { type: 'number' };
const tagFields = {
  unit: { type: 'string', minLength: 1 },
  scale: num,
  offset: num,
  deadband: { type: 'number', minimum: 0 },
  expectedIntervalMs: { type: 'number', exclusiveMinimum: 0 },
};

/** JSON schema of a `kind: mqtt` entry (ajv 8). */
export const mqttConfigSchema = {
  $id: 'prognos:connector:mqtt',
  type: 'object',
  required: ['id', 'kind', 'url', 'mappings'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: CONNECTOR_ID_PATTERN },
    kind: { const: 'mqtt' },
    enabled: { type: 'boolean' },
    name: { type: 'string' },
    url: { type: 'string', pattern: '^(mqtts?|wss?|tcp|ssl)://[^\\s]+$' },
    username: { type: 'string' },
    password: { type: 'string' },
    clientId: { type: 'string', minLength: 1, maxLength: 128 },
    ca: { type: 'string', minLength: 1 },
    cert: { type: 'string', minLength: 1 },
    key: { type: 'string', minLength: 1 },
    rejectUnauthorized: { type: 'boolean' },
    protocolVersion: { enum: [4, 5] },
    qos: { enum: [0, 1] },
    cleanSession: { type: 'boolean' },
    sessionExpirySec: { type: 'integer', minimum: 0, maximum: 4294967295 },
    keepaliveSec: { type: 'integer', minimum: 0, maximum: 65535 },
    reconnect: {
      type: 'object',
      additionalProperties: false,
      properties: { baseMs: { type: 'number', minimum: 10 }, maxMs: { type: 'number', minimum: 10 } },
    },
    connectTimeoutMs: { type: 'number', minimum: 100 },
    discovery: { type: 'string', minLength: 1 },
    // may be empty when "waveforms" is not (checkMqttConfig); added in config version 1 as an optional key, so
    // every earlier file keeps its meaning and no migration step is needed
    mappings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['topic'],
        additionalProperties: false,
        properties: {
          topic: { type: 'string', minLength: 1 },
          sensor: { type: 'string', minLength: 1 },
          sensors: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
          valuePath: { type: 'string' },
          timestampPath: { type: 'string' },
          timestampUnit: { enum: ['auto', 'ms', 's', 'us', 'ns', 'iso'] },
          qualityPath: { type: 'string' },
          ...tagFields,
          fields: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['path', 'sensor'],
              additionalProperties: false,
              properties: { path: { type: 'string' }, sensor: { type: 'string', minLength: 1 }, ...tagFields },
            },
          },
        },
      },
    },
    waveforms: {
      type: 'array',
      items: {
        type: 'object',
        required: ['topic'],
        additionalProperties: false,
        properties: {
          topic: { type: 'string', minLength: 1 },
          sensor: { type: 'string', minLength: 1 },
          sensors: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
          unit: { enum: WAVEFORM_UNITS },
          ...waveformMetaSchema.properties,
        },
      },
    },
  },
} as const;

function checkPath(path: string | undefined, where: string, out: ConfigIssue[]): void {
  if (path === undefined) return;
  try {
    compileJsonPath(path);
  } catch (e) {
    out.push({ path: where, message: (e as Error).message });
  }
}

/** Checks the schema cannot express: templates that compile, placeholders that exist, one sensor source. */
export function checkMqttConfig(c: MqttConnectorConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  if ((c.cert === undefined) !== (c.key === undefined)) {
    out.push({ path: c.cert ? 'key' : 'cert', message: 'a client certificate needs both cert and key' });
  }
  if (c.mappings.length === 0 && !c.waveforms?.length) {
    out.push({ path: 'mappings', message: 'needs at least one mapping (or a "waveforms" entry)' });
  }
  c.waveforms?.forEach((w, i) => {
    const at = `waveforms[${i}]`;
    let vars: string[];
    try {
      vars = compileTopicTemplate(w.topic).variables;
    } catch (e) {
      out.push({ path: `${at}.topic`, message: (e as Error).message });
      return;
    }
    if ((w.sensor === undefined) === (w.sensors === undefined)) {
      out.push({ path: at, message: 'needs exactly one of "sensor" (a template) and "sensors" (a table)' });
    }
    for (const v of w.sensor ? templateVariables(w.sensor) : []) {
      if (!vars.includes(v)) {
        out.push({
          path: `${at}.sensor`,
          message: `placeholder {${v}} is not in the topic template (has: ${vars.join(', ')})`,
        });
      }
    }
    if (w.bearing && !(w.bearing.pitchDiameter > w.bearing.ballDiameter)) {
      out.push({ path: `${at}.bearing.pitchDiameter`, message: 'must be larger than bearing.ballDiameter' });
    }
  });
  c.mappings.forEach((m, i) => {
    const at = `mappings[${i}]`;
    let vars: string[] = [];
    try {
      vars = compileTopicTemplate(m.topic).variables;
    } catch (e) {
      out.push({ path: `${at}.topic`, message: (e as Error).message });
      return;
    }
    const sources = [m.sensor !== undefined, m.sensors !== undefined, m.fields !== undefined].filter(Boolean).length;
    if (sources === 0) {
      out.push({ path: at, message: 'needs "sensor" (a template), "sensors" (a table) or "fields"' });
    } else if (sources > 1) {
      out.push({ path: at, message: 'use only one of "sensor", "sensors" and "fields"' });
    }
    if (m.fields && m.valuePath !== undefined) {
      out.push({ path: `${at}.valuePath`, message: 'not used together with "fields" (each field has its path)' });
    }
    const checkTemplate = (t: string, where: string) => {
      for (const v of templateVariables(t)) {
        if (!vars.includes(v)) {
          out.push({
            path: where,
            message: `placeholder {${v}} is not in the topic template (has: ${vars.join(', ')})`,
          });
        }
      }
    };
    if (m.sensor) checkTemplate(m.sensor, `${at}.sensor`);
    checkPath(m.valuePath, `${at}.valuePath`, out);
    checkPath(m.timestampPath, `${at}.timestampPath`, out);
    checkPath(m.qualityPath, `${at}.qualityPath`, out);
    m.fields?.forEach((f, j) => {
      checkTemplate(f.sensor, `${at}.fields[${j}].sensor`);
      checkPath(f.path, `${at}.fields[${j}].path`, out);
    });
  });
  if (c.discovery) {
    try {
      compileTopicTemplate(c.discovery);
    } catch (e) {
      out.push({ path: 'discovery', message: (e as Error).message });
    }
  }
  return out;
}
