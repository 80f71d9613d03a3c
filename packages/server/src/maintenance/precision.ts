/**
 * Alert precision from the labels people gave: confirmed / (confirmed + false alarms), per asset, per detector
 * and per month. Unlabelled alerts are counted beside it but never guessed into either side.
 */
import type { AlertLabel, PrecisionFigure, PrecisionReport } from '@prognos/core';

export interface LabelledAlert {
  assetId: string;
  /** The detector that raised it: the asset model's kind, or 'sensor-checks' for sensor alerts. */
  detector: string;
  kind: 'anomaly' | 'sensor' | 'threshold';
  /** When the alert started (epoch ms): the month it counts in. */
  at: number;
  label?: AlertLabel;
}

type Verdict = 'confirmed' | 'false_alarm' | 'unlabelled';

/**
 * A 'sensor_fault' label means the sensor, not the machine, was wrong: right for a sensor alert (what it claimed),
 * a false alarm for a machine (anomaly or threshold) alert.
 */
export function verdictOf(a: LabelledAlert): Verdict {
  const outcome = a.label?.outcome;
  if (outcome === undefined) return 'unlabelled';
  if (outcome === 'sensor_fault') return a.kind === 'sensor' ? 'confirmed' : 'false_alarm';
  return outcome;
}

class Tally {
  confirmed = 0;
  falseAlarms = 0;
  unlabelled = 0;
  add(v: Verdict): void {
    if (v === 'confirmed') this.confirmed++;
    else if (v === 'false_alarm') this.falseAlarms++;
    else this.unlabelled++;
  }
  figure(key: string): PrecisionFigure {
    const labelled = this.confirmed + this.falseAlarms;
    return {
      key,
      confirmed: this.confirmed,
      falseAlarms: this.falseAlarms,
      unlabelled: this.unlabelled,
      ...(labelled > 0 ? { precision: this.confirmed / labelled } : {}),
    };
  }
}

function grouped(alerts: readonly LabelledAlert[], keyOf: (a: LabelledAlert) => string): PrecisionFigure[] {
  const tallies = new Map<string, Tally>();
  for (const a of alerts) {
    const k = keyOf(a);
    let t = tallies.get(k);
    if (!t) {
      t = new Tally();
      tallies.set(k, t);
    }
    t.add(verdictOf(a));
  }
  return [...tallies.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, t]) => t.figure(k));
}

/** 'YYYY-MM' of a time, in UTC (months are the reporting period; UTC keeps them stable across servers). */
export function monthKey(ts: number): string {
  return new Date(ts).toISOString().slice(0, 7);
}

export function computePrecision(alerts: readonly LabelledAlert[]): PrecisionReport {
  const overall = new Tally();
  for (const a of alerts) overall.add(verdictOf(a));
  return {
    overall: overall.figure('all'),
    byAsset: grouped(alerts, (a) => a.assetId),
    byDetector: grouped(alerts, (a) => a.detector),
    // keys sort as text in time order
    overTime: grouped(alerts, (a) => monthKey(a.at)),
  };
}
