import { GOOD, type Reading } from '@prognos/core';
import type { MqttConnectorConfig } from './config';
import { compileJsonPath, getPath, type JsonPath, type TimestampUnit, toEpochMs, toNumber, toQuality } from './payload';
import { type CompiledTopicTemplate, compileTopicTemplate, renderTemplate } from './topic-template';

interface CompiledField {
  path?: JsonPath;
  pathText: string;
  sensor: string;
  scale: number;
  offset: number;
  deadband: number;
  expectedIntervalMs?: number;
}

export interface CompiledMqttMapping {
  index: number;
  topic: CompiledTopicTemplate;
  table?: Record<string, string>;
  fields: CompiledField[];
  ts?: JsonPath;
  tsUnit: TimestampUnit;
  quality?: JsonPath;
}

/** One value extracted from a message, with the tag (topic, plus the path when a payload carries several). */
export interface ExtractedValue {
  tag: string;
  reading: Reading;
  deadband: number;
  expectedIntervalMs?: number;
}

export interface Extraction {
  values: ExtractedValue[];
  errors: { tag: string; sensor: string; message: string }[];
}

export function compileMqttMappings(c: MqttConnectorConfig): CompiledMqttMapping[] {
  return c.mappings.map((m, index) => {
    const single = {
      scale: m.scale ?? 1,
      offset: m.offset ?? 0,
      deadband: m.deadband ?? 0,
      expectedIntervalMs: m.expectedIntervalMs,
    };
    const fields: CompiledField[] = m.fields
      ? m.fields.map((f) => ({
          path: compileJsonPath(f.path),
          pathText: f.path,
          sensor: f.sensor,
          scale: f.scale ?? 1,
          offset: f.offset ?? 0,
          deadband: f.deadband ?? 0,
          expectedIntervalMs: f.expectedIntervalMs ?? m.expectedIntervalMs,
        }))
      : [
          {
            path: m.valuePath !== undefined ? compileJsonPath(m.valuePath) : undefined,
            pathText: m.valuePath ?? '',
            sensor: m.sensor ?? '',
            ...single,
          },
        ];
    return {
      index,
      topic: compileTopicTemplate(m.topic),
      table: m.sensors,
      fields,
      ts: m.timestampPath !== undefined ? compileJsonPath(m.timestampPath) : undefined,
      tsUnit: m.timestampUnit ?? 'auto',
      quality: m.qualityPath !== undefined ? compileJsonPath(m.qualityPath) : undefined,
    };
  });
}

function preview(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Parses a payload as JSON; a bare number such as "21.5" is JSON too. */
export function parsePayload(payload: Buffer): { ok: true; value: unknown } | { ok: false; message: string } {
  const text = payload.toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: `payload is not JSON or a number: ${preview(text.slice(0, 80))}` };
  }
}

/**
 * Readings from one message for one matching mapping. An array payload (with value paths that do not start with an
 * index) is a batch: every element gives readings, and then each needs its own timestamp.
 */
export function extractReadings(
  m: CompiledMqttMapping,
  vars: Record<string, string>,
  topic: string,
  doc: unknown,
  receivedAt: number,
): Extraction {
  const out: Extraction = { values: [], errors: [] };
  const sensorOf = (f: CompiledField): string | undefined =>
    m.table ? m.table[topic] : renderTemplate(f.sensor, vars);
  const batch = Array.isArray(doc) && m.fields.every((f) => f.path && typeof f.path[0] !== 'number');
  const elements = batch ? (doc as unknown[]) : [doc];
  if (batch && !m.ts && elements.length > 1) {
    const sensor = sensorOf(m.fields[0]!) ?? topic;
    out.errors.push({
      tag: topic,
      sensor,
      message: `${topic}: an array payload needs "timestampPath" for each element`,
    });
    return out;
  }
  for (const el of elements) {
    let ts = receivedAt;
    if (m.ts) {
      const raw = getPath(el, m.ts);
      const t = toEpochMs(raw, m.tsUnit);
      if (t === undefined) {
        const sensor = sensorOf(m.fields[0]!) ?? topic;
        out.errors.push({
          tag: topic,
          sensor,
          message: `${topic}: timestamp ${preview(raw)} is not a valid ${m.tsUnit === 'auto' ? 'epoch or ISO 8601 time' : m.tsUnit} timestamp`,
        });
        continue;
      }
      ts = t;
    }
    let quality = GOOD;
    if (m.quality) {
      const raw = getPath(el, m.quality);
      const q = toQuality(raw);
      if (q === undefined) {
        const sensor = sensorOf(m.fields[0]!) ?? topic;
        out.errors.push({ tag: topic, sensor, message: `${topic}: quality ${preview(raw)} is not understood` });
        continue;
      }
      quality = q;
    }
    for (const f of m.fields) {
      const sensor = sensorOf(f);
      if (sensor === undefined || sensor === '') continue; // topic not in the explicit table
      const tag = m.fields.length > 1 ? `${topic}#${f.pathText}` : topic;
      const raw = f.path ? getPath(el, f.path) : el;
      const v = toNumber(raw);
      if (v === undefined) {
        const where = f.pathText ? ` at "${f.pathText}"` : '';
        out.errors.push({
          tag,
          sensor,
          message: `${topic}: value${where} is ${raw === undefined ? 'missing' : `not a number (${preview(raw)})`}`,
        });
        continue;
      }
      out.values.push({
        tag,
        reading: { sensor, ts, value: v * f.scale + f.offset, quality },
        deadband: f.deadband,
        expectedIntervalMs: f.expectedIntervalMs,
      });
    }
  }
  return out;
}
