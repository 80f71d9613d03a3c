/**
 * Reading quality: one byte per reading.
 * Bits 7..6 hold the state (0 good, 1 suspect, 2 bad); bits 5..0 hold a reason code.
 * One byte keeps quality cheap to store (it run-length encodes to almost nothing when all good)
 * while still carrying *why* a reading is not trusted, in the spirit of OPC UA status codes.
 */
export type QualityState = 'good' | 'suspect' | 'bad';

export const QualityReason = {
  NONE: 0,
  OUT_OF_RANGE: 1,
  SPIKE: 2,
  FLATLINE: 3,
  GAP: 4,
  DEVICE_FAILURE: 5,
  COMM_FAILURE: 6,
  SENSOR_FAILURE: 7,
  UNIT_MISMATCH: 8,
  TIMESTAMP: 9,
  DRIFT: 10,
  NOISE: 11,
  QUANTISATION: 12,
  SOURCE_UNCERTAIN: 13,
  MANUAL: 14,
  /** The sensor's calibration is overdue: reported on the sensor, never written on its readings. */
  CALIBRATION_OVERDUE: 15,
  /** The level stepped against the sensor's virtual sensor while the machine's other sensors held: an offset. */
  BIAS: 16,
} as const;
export type QualityReasonCode = (typeof QualityReason)[keyof typeof QualityReason];

const STATE_BITS: Record<QualityState, number> = { good: 0, suspect: 1, bad: 2 };
const STATES: QualityState[] = ['good', 'suspect', 'bad', 'bad'];

/** The quality byte of a good reading. */
export const GOOD = 0;

export function makeQuality(state: QualityState, reason: QualityReasonCode | number = 0): number {
  return ((STATE_BITS[state] & 3) << 6) | (reason & 0x3f);
}
export function qualityState(q: number): QualityState {
  return STATES[(q >> 6) & 3] as QualityState;
}
export function qualityReason(q: number): number {
  return q & 0x3f;
}
export function isGood(q: number): boolean {
  return (q & 0xc0) === 0;
}
const REASON_NAMES = Object.fromEntries(Object.entries(QualityReason).map(([k, v]) => [v, k])) as Record<
  number,
  string
>;
export function qualityReasonName(q: number): string {
  return REASON_NAMES[qualityReason(q)] ?? 'UNKNOWN';
}
/** Accepts a quality from the wire: a number 0..255, or 'good' | 'suspect' | 'bad'. */
export function parseQuality(input: unknown): number | undefined {
  if (input === undefined || input === null) return GOOD;
  if (typeof input === 'number' && Number.isInteger(input) && input >= 0 && input <= 255) return input;
  if (input === 'good' || input === 'suspect' || input === 'bad') return makeQuality(input);
  return undefined;
}
