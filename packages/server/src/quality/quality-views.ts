import { assetQualityScore } from '@prognos/analytics';
import { isGood, type QualityState, qualityReason, qualityReasonName, qualityState, type Sensor } from '@prognos/core';
import {
  CALIBRATION_OVERDUE,
  calibrationDue,
  calibrationOverdue,
  type ReasonInfo,
  type SensorTrust,
  STATE_RANK,
  worseState,
} from './trust';

/** One sensor in GET /api/quality. */
export interface SensorQualityView {
  sensorId: string;
  assetId: string;
  name: string;
  unit: string;
  state: QualityState;
  score: number | null;
  reasons: ReasonInfo[];
  lastFlagAt: number | null;
  calibrationDue: string | null;
  calibrationOverdue: boolean;
}

/** An asset's data quality: score 0..100 (null before any sensor was judged), worst state, worst sensors. */
export interface DataQuality {
  score: number | null;
  state: QualityState;
  worstSensors: string[];
}

export function buildSensorView(
  sensor: Sensor,
  t: SensorTrust | undefined,
  reasons: ReasonInfo[],
  calibrationIntervalDays: number,
  now: number,
): SensorQualityView {
  const due = calibrationDue(sensor, calibrationIntervalDays);
  const overdue = calibrationOverdue(due, now);
  // Overdue calibration is shown with the reasons (suspect-level) but does not change the state: it says the
  // data may drift unnoticed, not that it does (the demo plant's calibrations are all older than a year).
  const all = overdue
    ? [
        ...reasons,
        {
          code: CALIBRATION_OVERDUE.code,
          name: CALIBRATION_OVERDUE.name,
          detail: `calibration was due on ${due} (last calibrated ${sensor.lastCalibration}, every ${calibrationIntervalDays} days)`,
          since: Date.parse(due as string),
        },
      ]
    : reasons;
  return {
    sensorId: sensor.id,
    assetId: sensor.assetId,
    name: sensor.name,
    unit: sensor.unit,
    state: t?.state ?? 'good',
    score: t?.score ?? null,
    reasons: all,
    lastFlagAt: t?.lastFlagAt ?? null,
    calibrationDue: due,
    calibrationOverdue: overdue,
  };
}

/** Worst first: bad, suspect, good; then by score ascending (not yet judged last); then by id. */
export function compareWorstFirst(a: SensorQualityView, b: SensorQualityView): number {
  return (
    STATE_RANK[b.state] - STATE_RANK[a.state] ||
    (a.score ?? 101) - (b.score ?? 101) ||
    a.sensorId.localeCompare(b.sensorId)
  );
}

export function assetDataQuality(views: readonly SensorQualityView[]): DataQuality {
  let state: QualityState = 'good';
  const scores: number[] = [];
  for (const v of views) {
    state = worseState(state, v.state);
    if (v.score !== null) scores.push(v.score);
  }
  const worst = views
    .filter((v) => v.state !== 'good')
    .sort(compareWorstFirst)
    .slice(0, 3)
    .map((v) => v.sensorId);
  return { score: assetQualityScore(scores) ?? null, state, worstSensors: worst };
}

export interface FlaggedInterval {
  from: number;
  to: number;
  state: 'suspect' | 'bad';
  /** The most frequent reason among its readings, e.g. "FLATLINE". */
  reason: string;
}

/**
 * Stretches of flagged readings in a stored series: consecutive non-good readings of the same state are merged
 * while each follows the previous one within `toleranceMs` (an isolated good reading inside a stuck stretch does
 * not split the band). Each interval ends one sample period after its last flagged reading, capped at `end`.
 */
export function flaggedIntervals(
  ts: ArrayLike<number>,
  quality: ArrayLike<number>,
  opts: { periodMs: number; toleranceMs: number; end: number },
): FlaggedInterval[] {
  const out: FlaggedInterval[] = [];
  let cur: { from: number; last: number; state: 'suspect' | 'bad'; counts: Map<number, number> } | undefined;
  const close = () => {
    if (!cur) return;
    let best = 0;
    let reason = 0;
    for (const [code, n] of cur.counts)
      if (n > best) {
        best = n;
        reason = code;
      }
    out.push({
      from: cur.from,
      to: Math.min(cur.last + opts.periodMs, opts.end),
      state: cur.state,
      reason: qualityReasonName(reason),
    });
    cur = undefined;
  };
  for (let i = 0; i < ts.length; i++) {
    const q = quality[i];
    if (isGood(q)) continue;
    const state = qualityState(q) as 'suspect' | 'bad';
    if (!cur || cur.state !== state || ts[i] - cur.last > opts.toleranceMs) {
      close();
      cur = { from: ts[i], last: ts[i], state, counts: new Map() };
    }
    cur.last = ts[i];
    const code = qualityReason(q);
    cur.counts.set(code, (cur.counts.get(code) ?? 0) + 1);
  }
  close();
  return out;
}
