import { makeQuality, QualityReason } from '@prognos/core';
import spb from 'sparkplug-payload';

/** The Sparkplug B payload codec (Eclipse Tahu protobuf schema, namespace spBv1.0). */
export const sparkplugCodec = spb.get('spBv1.0')!;
export type SparkplugPayload = ReturnType<typeof sparkplugCodec.decodePayload>;
export type SparkplugMetric = NonNullable<SparkplugPayload['metrics']>[number];

export const NAMESPACE = 'spBv1.0';
/** The node metric a host writes `true` to (in an NCMD), asking an edge node to publish its births again (Sparkplug 3.0, ch. 5 "Operational Behavior"). */
export const REBIRTH_METRIC = 'Node Control/Rebirth';

interface LongLike {
  low: number;
  high: number;
}
function isLong(v: unknown): v is LongLike {
  return typeof v === 'object' && v !== null && typeof (v as LongLike).low === 'number';
}

/**
 * A protobuf uint64/int64 (decoded as a `Long`) as a JS number. Sequence numbers, aliases and epoch-ms timestamps
 * fit well within 2^53, so nothing is lost for the fields Sparkplug puts there.
 */
export function toNumber(v: unknown, signed = false): number | undefined {
  if (typeof v === 'number') return v;
  if (isLong(v)) return (signed ? v.high | 0 : v.high >>> 0) * 4294967296 + (v.low >>> 0);
  return undefined;
}

const NUMERIC_TYPES = new Set([
  'Int8',
  'Int16',
  'Int32',
  'Int64',
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
  'Float',
  'Double',
]);

/** True for datatypes that map to a number reading (numbers and booleans). */
export function isNumericType(type: string | undefined): boolean {
  return type !== undefined && (NUMERIC_TYPES.has(type) || type === 'Boolean');
}

/** A metric value as a number reading value, or undefined when it is not numeric (strings, datasets, templates). */
export function metricNumber(value: unknown, type: string | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isLong(value)) return toNumber(value, type === 'Int64');
  return undefined;
}

/** A value for people (browse): numbers, booleans and strings as they are, anything else summarised. */
export function displayValue(value: unknown, type: string | undefined): number | string | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  const n = metricNumber(value, type);
  if (n !== undefined) return n;
  return `(${type ?? 'unknown'})`;
}

const QUALITY_UNCERTAIN = makeQuality('suspect', QualityReason.SOURCE_UNCERTAIN);
const QUALITY_BAD = makeQuality('bad', QualityReason.DEVICE_FAILURE);

/**
 * The "Quality" metric property (a convention of Ignition and other Sparkplug gateways, not fixed by the spec) as a
 * Prognos quality byte. Values 0..255 are OPC DA quality bytes (OPC DA 2.05a, "OPC Quality flags": bits 7..6 = 11 good,
 * 01 uncertain, 00 bad); larger ones are OPC UA StatusCodes (OPC UA Part 4, StatusCode: bits 31..30 = 00 good,
 * 01 uncertain, 10/11 bad). Strings 'good' / 'uncertain' / 'bad' are accepted too. Absent or unreadable → undefined.
 */
export function sourceQuality(property: unknown): number | undefined {
  const v = (property as { value?: unknown } | undefined)?.value;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (s.startsWith('good')) return 0;
    if (s.startsWith('uncertain') || s.startsWith('suspect')) return QUALITY_UNCERTAIN;
    if (s.startsWith('bad')) return QUALITY_BAD;
    return undefined;
  }
  const n = metricNumber(v, 'UInt32');
  if (n === undefined || n < 0) return undefined;
  if (n <= 255) {
    const bits = n & 0xc0;
    return bits === 0xc0 ? 0 : bits === 0x40 ? QUALITY_UNCERTAIN : QUALITY_BAD;
  }
  const severity = Math.floor(n / 2 ** 30) & 3;
  return severity === 0 ? 0 : severity === 1 ? QUALITY_UNCERTAIN : QUALITY_BAD;
}

/**
 * A DATA metric with `is_null` set carries no value (Sparkplug 3.0, ch. 6 "Payloads"): the reading is kept with value 0
 * and flagged bad, so the gap is visible and no model takes the 0 for a measurement.
 */
export const QUALITY_NULL = makeQuality('bad', QualityReason.DEVICE_FAILURE);

/** Engineering unit announced in a metric's birth properties ("engUnit" is the Ignition / Tahu convention). */
export function engUnitOf(metric: SparkplugMetric): string | undefined {
  const props = metric.properties as Record<string, { value?: unknown }> | undefined;
  if (!props) return undefined;
  const v = (props.engUnit ?? props.EngUnit ?? props.unit ?? props.Unit)?.value;
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
