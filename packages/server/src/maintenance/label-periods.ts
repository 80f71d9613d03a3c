/**
 * Labels feeding retraining: the period of a confirmed failure (from the alert's start to the repair that confirmed
 * it) is not normal behaviour and is kept out of a baseline; a false alarm's period was normal after all and stays in.
 */
import type { Alert, AlertWorkflow } from '@prognos/core';
import { isGood, makeQuality, QualityReason } from '@prognos/core';
import type { Series } from '@prognos/store';

export interface LabelExclusion {
  /** Confirmed-failure periods clipped to the training range, merged, sorted. */
  periods: { from: number; to: number }[];
  excludedEpisodes: number;
  excludedHours: number;
  falseAlarmEpisodesKept: number;
}

/** The labelled episodes of one asset that overlap [from, to). */
export function labelExclusion(
  alerts: readonly Alert[],
  workflows: readonly AlertWorkflow[],
  from: number,
  to: number,
): LabelExclusion {
  const byId = new Map(alerts.map((a) => [a.id, a]));
  const raw: { from: number; to: number }[] = [];
  let falseAlarmEpisodesKept = 0;
  for (const w of workflows) {
    const alert = byId.get(w.alertId);
    if (!alert || !w.label) continue;
    // A confirmed failure lasts until it was repaired (the label's time); a false alarm as long as the episode.
    const end =
      w.label.outcome === 'confirmed' ? Math.max(w.label.at, alert.closedAt ?? 0) : (alert.closedAt ?? w.label.at);
    const start = alert.startedAt;
    if (!(start < to && end > from)) continue;
    if (w.label.outcome === 'confirmed') raw.push({ from: Math.max(from, start), to: Math.min(to, end) });
    else if (w.label.outcome === 'false_alarm') falseAlarmEpisodesKept++;
  }
  const periods = merge(raw);
  const ms = periods.reduce((sum, p) => sum + (p.to - p.from), 0);
  return { periods, excludedEpisodes: raw.length, excludedHours: ms / 3_600_000, falseAlarmEpisodesKept };
}

function merge(ps: { from: number; to: number }[]): { from: number; to: number }[] {
  const sorted = [...ps].sort((a, b) => a.from - b.from);
  const out: { from: number; to: number }[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.from <= last.to) last.to = Math.max(last.to, p.to);
    else out.push({ ...p });
  }
  return out;
}

/** Reason on readings kept out by a label: set by a person (the technician who confirmed the failure). */
const EXCLUDED = makeQuality('bad', QualityReason.MANUAL);

/**
 * The series with its readings inside the periods flagged bad (a copy; the stored data is untouched), so training,
 * which learns from good readings only, leaves them out the way it leaves out any bad data.
 */
export function flagPeriods(series: Series, periods: readonly { from: number; to: number }[]): Series {
  if (periods.length === 0) return series;
  const quality = Uint8Array.from(series.quality);
  let changed = false;
  for (const p of periods) {
    for (let i = lowerBound(series.ts, p.from); i < series.ts.length && series.ts[i]! < p.to; i++) {
      if (isGood(quality[i]!)) {
        quality[i] = EXCLUDED;
        changed = true;
      }
    }
  }
  return changed ? { ...series, quality } : series;
}

function lowerBound(ts: Float64Array, t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
