/**
 * The one door every waveform snapshot goes through (HTTP route, embedded broker, connectors): check the sensor,
 * analyse, store with the summary, announce on the bus. Doors differ only in how they report a refusal.
 */
import { createHash } from 'node:crypto';
import { STANDARD_GRAVITY } from '@prognos/analytics';
import {
  checkWaveformBody,
  type ErrorBody,
  PrognosError,
  prognosError,
  type Waveform,
  type WaveformSnapshot,
  type WaveformSummary,
} from '@prognos/core';
import type { MetadataStore } from '@prognos/store';
import type { EventBus } from '../event-bus';
import { analyseWaveform } from './waveform-analysis';

export interface WaveformDeps {
  metadata: MetadataStore;
  bus?: EventBus;
}

/** What the live stream announces: the snapshot's header and summary (never the samples). */
export interface WaveformEvent {
  id: string;
  sensorId: string;
  ts: number;
  sampleRateHz: number;
  samples: number;
  unit: string;
  /** "api", "mqtt" (embedded broker) or "connector:<id>". */
  source: string;
  summary: WaveformSummary;
}

export const toG = (w: Pick<Waveform, 'unit' | 'values'>): Float32Array | Float64Array =>
  w.unit === 'm/s2' ? Float64Array.from(w.values ?? [], (x) => x / STANDARD_GRAVITY) : (w.values ?? new Float32Array());

/**
 * Derived from the content, so a snapshot delivered twice (MQTT QoS 1 redelivers what was not acknowledged, a
 * store-and-forward replay after a timeout) replaces itself instead of appearing twice. Laid out as a UUID (v8).
 */
export function waveformId(s: WaveformSnapshot): string {
  const h = createHash('sha256')
    .update(`${s.sensorId}\n${s.ts}\n${s.sampleRateHz}\n${s.unit}\n`)
    .update(new Uint8Array(s.values.buffer, s.values.byteOffset, s.values.byteLength))
    .digest('hex');
  const v = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${v}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Stores a checked snapshot; SENSOR_NOT_FOUND when its sensor is not registered, store errors as they come. */
export async function storeWaveform(
  deps: WaveformDeps,
  snap: WaveformSnapshot,
  source: string,
): Promise<{ waveform: Waveform; summary: WaveformSummary }> {
  if (!(await deps.metadata.getSensor(snap.sensorId))) throw new PrognosError('SENSOR_NOT_FOUND', [snap.sensorId]);
  const waveform: Waveform = {
    id: waveformId(snap),
    sensorId: snap.sensorId,
    ts: snap.ts,
    sampleRateHz: snap.sampleRateHz,
    unit: snap.unit,
    meta: snap.meta,
    values: snap.values,
    samples: snap.values.length,
  };
  const { summary } = analyseWaveform(toG(waveform), waveform.sampleRateHz, waveform.meta);
  await deps.metadata.saveWaveform({ ...waveform, meta: { ...waveform.meta, summary: { ...summary } } });
  if (deps.bus && deps.bus.listenerCount('waveform') > 0) {
    const { id, sensorId, ts, sampleRateHz, samples, unit } = waveform;
    deps.bus.emit('waveform', { id, sensorId, ts, sampleRateHz, samples, unit, source, summary });
  }
  return { waveform, summary };
}

export type WaveformIntake = { ok: true; id: string; summary: WaveformSummary } | { ok: false; error: ErrorBody };

/**
 * A device's raw snapshot document for `sensorId` (MQTT): a bad document or an unknown sensor comes back as a coded
 * error for that message; only a failing store throws (the message is then not acknowledged, so it is retried).
 */
export async function acceptWaveform(
  deps: WaveformDeps,
  sensorId: string,
  body: unknown,
  source: string,
  now = Date.now(),
): Promise<WaveformIntake> {
  const c = checkWaveformBody(body, now);
  if (!c.ok) return { ok: false, error: prognosError('WAVEFORM_INVALID', c.message).toJSON() };
  try {
    const { waveform, summary } = await storeWaveform(deps, { ...c.snapshot, sensorId }, source);
    return { ok: true, id: waveform.id, summary };
  } catch (err) {
    if (err instanceof PrognosError && err.code === 'SENSOR_NOT_FOUND') return { ok: false, error: err.toJSON() };
    throw err;
  }
}
