/** Display helpers for sensor trust: state and reason labels, worst-first order, calibration wording. */
import type { QualityEvent, QualityOverview, SensorQuality, SensorQualityState } from './api-types';
import type { Status } from './format';

export const QUALITY_STATE_LABEL: Record<SensorQualityState, string> = {
  good: 'Good',
  suspect: 'Suspect',
  bad: 'Bad',
};

/** The health colours reused for data quality: good = ok green, suspect = watch amber, bad = alarm red. */
export const QUALITY_TONE: Record<SensorQualityState, Status> = { good: 'ok', suspect: 'watch', bad: 'alarm' };

const STATE_RANK: Record<SensorQualityState, number> = { bad: 0, suspect: 1, good: 2 };

/** Reason names of core/quality.ts in words a technician uses. */
const REASON_LABEL: Record<string, string> = {
  OUT_OF_RANGE: 'Out of range',
  SPIKE: 'Spikes',
  FLATLINE: 'Flatline (stuck value)',
  GAP: 'Data gap',
  DEVICE_FAILURE: 'Device failure',
  COMM_FAILURE: 'Communication failure',
  SENSOR_FAILURE: 'Sensor failure',
  UNIT_MISMATCH: 'Unit mismatch',
  TIMESTAMP: 'Timestamp problem',
  DRIFT: 'Calibration drift',
  BIAS: 'Offset (bias)',
  NOISE: 'Noise level changed',
  QUANTISATION: 'Lost resolution',
  SOURCE_UNCERTAIN: 'Source uncertain',
  MANUAL: 'Flagged by hand',
  CALIBRATION_OVERDUE: 'Calibration overdue',
};

/**
 * Not a flag on readings: the sensor is past its calibration due date. The server lists it with the reasons; the
 * UI shows it in the calibration column instead, and it does not count for "flagged since".
 */
export const CALIBRATION_REASON = 'CALIBRATION_OVERDUE';

/** The reasons that describe the readings (everything except the calibration due date). */
export function readingReasons<T extends { name: string }>(reasons: readonly T[]): T[] {
  return reasons.filter((r) => r.name !== CALIBRATION_REASON);
}

/** "FLATLINE" → "Flatline (stuck value)"; unknown names → "Some new reason". */
export function reasonLabel(name: string): string {
  const known = REASON_LABEL[name.toUpperCase()];
  if (known) return known;
  const words = name.toLowerCase().replace(/[_-]+/g, ' ').trim();
  return words ? words[0]?.toUpperCase() + words.slice(1) : 'Unknown reason';
}

/** Worst first: bad, then suspect, then good; within a state the lower score first, then by name. */
export function compareWorstFirst(a: SensorQuality, b: SensorQuality): number {
  const sa = a.score ?? 101;
  const sb = b.score ?? 101;
  return STATE_RANK[a.state] - STATE_RANK[b.state] || sa - sb || a.name.localeCompare(b.name);
}

/** When the sensor's current flag began: the oldest of its reading reasons (undefined when it has none). */
export function flaggedSince(s: { reasons: { name: string; since: number }[] }): number | undefined {
  let min: number | undefined;
  for (const r of readingReasons(s.reasons))
    if (Number.isFinite(r.since) && (min === undefined || r.since < min)) min = r.since;
  return min;
}

/**
 * Applies a live state change to the overview, keeping it worst first, and the asset's state with it. A sensor the overview does not list yet is
 * left for the next refresh (its name and unit are not in the event).
 */
export function applyQualityEvent(o: QualityOverview, e: QualityEvent, now = Date.now()): QualityOverview {
  let hit = false;
  const sensors = o.sensors.map((s) => {
    if (s.sensorId !== e.sensorId) return s;
    hit = true;
    return {
      ...s,
      state: e.state,
      score: e.score,
      reasons: Array.isArray(e.reasons) ? e.reasons : [],
      lastFlagAt: e.state === 'good' ? s.lastFlagAt : now,
    };
  });
  if (!hit) return o;
  // An asset is as trusted as its worst sensor; its score waits for the next refresh (it is not in the event).
  const assets = o.assets.map((a) => {
    if (a.assetId !== e.assetId) return a;
    let state: SensorQualityState = 'good';
    for (const s of sensors) if (s.assetId === a.assetId && STATE_RANK[s.state] < STATE_RANK[state]) state = s.state;
    return state === a.state ? a : { ...a, state };
  });
  return { ...o, assets, sensors: sensors.sort(compareWorstFirst) };
}

const DAY_MS = 86_400_000;

/** "Calibration overdue since 3 May 2025" / "Calibration due in 12 d" / "Calibration due 3 May 2025"; '' when unknown. */
export function calibrationLabel(due: string | null | undefined, overdue: boolean, now = Date.now()): string {
  if (!due) return overdue ? 'Calibration overdue' : '';
  const t = Date.parse(due);
  if (!Number.isFinite(t)) return overdue ? `Calibration overdue (due ${due})` : `Calibration due ${due}`;
  const date = new Date(t).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
  if (overdue || t < now) return `Calibration overdue since ${date}`;
  const days = Math.ceil((t - now) / DAY_MS);
  return days <= 30 ? `Calibration due in ${days} d` : `Calibration due ${date}`;
}

/** A score for display: whole number, or an em dash before the sensor has been judged. */
export function fmtScore(score: number | null | undefined): string {
  return score === null || score === undefined || !Number.isFinite(score) ? '—' : String(Math.round(score));
}
