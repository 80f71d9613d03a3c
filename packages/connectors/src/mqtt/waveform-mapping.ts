import { checkWaveformBody, prognosError, type WaveformSnapshot } from '@prognos/core';
import type { MqttConnectorConfig, MqttWaveformMapping } from './config';
import { parsePayload } from './mapping';
import { type CompiledTopicTemplate, compileTopicTemplate, renderTemplate } from './topic-template';

export interface CompiledWaveformMapping {
  topic: CompiledTopicTemplate;
  sensor?: string;
  table?: Record<string, string>;
  /** Fields a message may leave out, from the configuration. */
  defaults: Record<string, unknown>;
}

export type WaveformRead =
  | { kind: 'ignored' }
  | { kind: 'error'; sensor: string; message: string }
  | { kind: 'ok'; snapshot: WaveformSnapshot; rms: number };

export function compileWaveformMappings(c: MqttConnectorConfig): CompiledWaveformMapping[] {
  return (c.waveforms ?? []).map((w: MqttWaveformMapping) => {
    const { topic, sensor, sensors, ...defaults } = w;
    return { topic: compileTopicTemplate(topic), sensor, table: sensors, defaults };
  });
}

/** r.m.s. about the mean: a one-number view of the burst for health and browse. */
function rms(values: Float32Array): number {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return Math.sqrt(ss / values.length);
}

/**
 * One message of a waveform topic, checked with the same rules as POST /api/sensors/{id}/waveforms (core
 * checkWaveformBody). Errors carry the WAVEFORM_INVALID catalog message, so the health shows what to fix.
 */
export function readWaveform(
  m: CompiledWaveformMapping,
  vars: Record<string, string>,
  topic: string,
  payload: Buffer,
  receivedAt: number,
): WaveformRead {
  const sensor = m.table ? m.table[topic] : renderTemplate(m.sensor ?? '', vars);
  if (!sensor) return { kind: 'ignored' }; // a topic that the explicit table does not list
  const parsed = parsePayload(payload);
  if (!parsed.ok) return { kind: 'error', sensor, message: `${topic}: ${parsed.message}` };
  const doc = parsed.value;
  const body = doc && typeof doc === 'object' && !Array.isArray(doc) ? { ...m.defaults, ...doc } : doc;
  const c = checkWaveformBody(body, receivedAt);
  if (!c.ok) {
    const e = prognosError('WAVEFORM_INVALID', c.message);
    return { kind: 'error', sensor, message: `${topic}: ${e.code}: ${e.message}` };
  }
  return { kind: 'ok', snapshot: { ...c.snapshot, sensorId: sensor }, rms: rms(c.snapshot.values) };
}
