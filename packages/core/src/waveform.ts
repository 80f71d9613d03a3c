/**
 * The one check of a vibration waveform snapshot as it arrives (HTTP body, MQTT payload from the embedded broker or
 * from the MQTT connector), so every door accepts exactly the same documents and names a problem the same way.
 */
import type { WaveformMeta } from './model';

export const WAVEFORM_MIN_SAMPLES = 256;
/** 2^18 samples: 2 s at 131 kHz, or 11 s at 24 kHz; about 2.5 MB of JSON, a size brokers and proxies still pass. */
export const WAVEFORM_MAX_SAMPLES = 262_144;
export const WAVEFORM_MAX_RATE_HZ = 200_000;
export const WAVEFORM_UNITS = ['g', 'm/s2'] as const;
export const ISO10816_CLASSES = ['group1-rigid', 'group1-flexible', 'group2-rigid', 'group2-flexible'] as const;

export type WaveformUnit = (typeof WAVEFORM_UNITS)[number];
export type BearingGeometry = NonNullable<WaveformMeta['bearing']>;

/** A snapshot as a client or a device sends it. */
export interface WaveformBody {
  /** Epoch ms of the first sample (default: when it arrived). */
  ts?: number;
  sampleRateHz: number;
  values: unknown[];
  unit?: WaveformUnit;
  shaftHz?: number;
  bearing?: BearingGeometry;
  machineClass?: NonNullable<WaveformMeta['machineClass']>;
}

/** A checked snapshot for one sensor: what connectors emit and what is analysed and stored. */
export interface WaveformSnapshot {
  sensorId: string;
  ts: number;
  sampleRateHz: number;
  unit: WaveformUnit;
  values: Float32Array;
  meta: WaveformMeta;
}

/** JSON schema of the analysis settings (shared by the HTTP body, its responses and the MQTT connector's defaults). */
export const waveformMetaSchema = {
  type: 'object',
  properties: {
    shaftHz: { type: 'number', exclusiveMinimum: 0, maximum: 2000 },
    bearing: {
      type: 'object',
      properties: {
        balls: { type: 'integer', minimum: 1, maximum: 200 },
        ballDiameter: { type: 'number', exclusiveMinimum: 0 },
        pitchDiameter: { type: 'number', exclusiveMinimum: 0 },
        contactAngleDeg: { type: 'number', minimum: 0, maximum: 90 },
      },
      required: ['balls', 'ballDiameter', 'pitchDiameter', 'contactAngleDeg'],
      additionalProperties: false,
    },
    machineClass: { type: 'string', enum: ISO10816_CLASSES },
  },
} as const;

/**
 * JSON schema of a snapshot body, for documentation and for validators that run one (fastify). It states the same
 * rules as checkWaveformBody, which is the complete check (it also names the first bad sample and compares the
 * bearing diameters) and the only one on the MQTT paths.
 */
export const waveformBodySchema = {
  type: 'object',
  properties: {
    ts: { type: 'number', description: 'Epoch ms of the first sample (default: now)' },
    sampleRateHz: { type: 'number', exclusiveMinimum: 0, maximum: WAVEFORM_MAX_RATE_HZ },
    // items are checked by checkWaveformBody, which names the bad index (and does not coerce null to 0)
    values: { type: 'array', minItems: WAVEFORM_MIN_SAMPLES, maxItems: WAVEFORM_MAX_SAMPLES },
    unit: { type: 'string', enum: WAVEFORM_UNITS },
    ...waveformMetaSchema.properties,
  },
  required: ['sampleRateHz', 'values'],
  additionalProperties: false,
} as const;

export type WaveformCheck = { ok: true; snapshot: Omit<WaveformSnapshot, 'sensorId'> } | { ok: false; message: string };

const KNOWN = new Set(Object.keys(waveformBodySchema.properties));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

function checkBearing(b: unknown): string | undefined {
  if (!isObject(b)) return `bearing must be an object with balls, ballDiameter, pitchDiameter and contactAngleDeg`;
  for (const k of Object.keys(b)) {
    if (!(k in waveformMetaSchema.properties.bearing.properties)) return `bearing.${k} is not a known field`;
  }
  const { balls, ballDiameter, pitchDiameter, contactAngleDeg } = b;
  if (!Number.isInteger(balls) || (balls as number) < 1 || (balls as number) > 200)
    return `bearing.balls is ${show(balls)}; send a whole number 1..200`;
  if (!finite(ballDiameter) || ballDiameter <= 0) return `bearing.ballDiameter is ${show(ballDiameter)}; send > 0`;
  if (!finite(pitchDiameter) || pitchDiameter <= 0) return `bearing.pitchDiameter is ${show(pitchDiameter)}; send > 0`;
  if (!finite(contactAngleDeg) || contactAngleDeg < 0 || contactAngleDeg > 90)
    return `bearing.contactAngleDeg is ${show(contactAngleDeg)}; send 0..90`;
  // the pitch circle runs through the ball centres, so it is always wider than one ball
  if (!(pitchDiameter > ballDiameter)) return 'bearing.pitchDiameter must be larger than bearing.ballDiameter';
  return undefined;
}

/**
 * Checks a snapshot body and converts its samples; the message names the field (and the first bad sample) so the
 * sender can fix it. Unknown fields are refused rather than ignored: a misspelt "shaftHZ" would silently lose the
 * bearing diagnosis.
 */
export function checkWaveformBody(body: unknown, now = Date.now()): WaveformCheck {
  const fail = (message: string): WaveformCheck => ({ ok: false, message });
  if (!isObject(body)) return fail('the snapshot must be a JSON object with sampleRateHz and values');
  for (const k of Object.keys(body)) if (!KNOWN.has(k)) return fail(`"${k}" is not a known field`);
  const { ts, sampleRateHz, values, unit, shaftHz, bearing, machineClass } = body;
  if (!finite(sampleRateHz) || sampleRateHz <= 0 || sampleRateHz > WAVEFORM_MAX_RATE_HZ)
    return fail(`sampleRateHz is ${show(sampleRateHz)}; send a number > 0 and ≤ ${WAVEFORM_MAX_RATE_HZ}`);
  if (!Array.isArray(values)) return fail('values must be an array of numbers (acceleration samples)');
  if (values.length < WAVEFORM_MIN_SAMPLES || values.length > WAVEFORM_MAX_SAMPLES)
    return fail(
      `values has ${values.length} samples; send ${WAVEFORM_MIN_SAMPLES} to ${WAVEFORM_MAX_SAMPLES} (spectra need at least ${WAVEFORM_MIN_SAMPLES})`,
    );
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!finite(v))
      return fail(`values[${i}] is ${show(v)}, not a finite number (send numbers; JSON has no NaN or Infinity)`);
    out[i] = v;
  }
  if (ts !== undefined && (!finite(ts) || ts <= 0)) return fail(`ts is ${show(ts)}; send epoch milliseconds`);
  if (unit !== undefined && !(WAVEFORM_UNITS as readonly unknown[]).includes(unit))
    return fail(`unit is ${show(unit)}; send one of ${WAVEFORM_UNITS.join(', ')}`);
  if (shaftHz !== undefined && (!finite(shaftHz) || shaftHz <= 0 || shaftHz > 2000))
    return fail(`shaftHz is ${show(shaftHz)}; send a number > 0 and ≤ 2000`);
  if (bearing !== undefined) {
    const bad = checkBearing(bearing);
    if (bad) return fail(bad);
  }
  if (machineClass !== undefined && !(ISO10816_CLASSES as readonly unknown[]).includes(machineClass))
    return fail(`machineClass is ${show(machineClass)}; send one of ${ISO10816_CLASSES.join(', ')}`);
  const meta: WaveformMeta = {
    ...(shaftHz !== undefined ? { shaftHz: shaftHz as number } : {}),
    ...(bearing !== undefined ? { bearing: bearing as BearingGeometry } : {}),
    machineClass: (machineClass as WaveformMeta['machineClass']) ?? 'group2-rigid',
  };
  return {
    ok: true,
    snapshot: {
      ts: (ts as number | undefined) ?? now,
      sampleRateHz,
      unit: (unit as WaveformUnit | undefined) ?? 'g',
      values: out,
      meta,
    },
  };
}
