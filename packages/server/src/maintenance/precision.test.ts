import type { AlertLabel } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { computePrecision, type LabelledAlert, verdictOf } from './precision';

const JAN = Date.UTC(2026, 0, 15);
const FEB = Date.UTC(2026, 1, 3);
const label = (outcome: AlertLabel['outcome']): AlertLabel => ({ outcome, by: 'kim', at: 0, source: 'review' });
const a = (
  assetId: string,
  detector: string,
  at: number,
  outcome?: AlertLabel['outcome'],
  kind: LabelledAlert['kind'] = 'anomaly',
): LabelledAlert => ({
  assetId,
  detector,
  kind,
  at,
  ...(outcome ? { label: label(outcome) } : {}),
});

describe('alert precision', () => {
  it('counts confirmed against false alarms, per asset, detector and month', () => {
    const r = computePrecision([
      a('P-101', 'pca', JAN, 'confirmed'),
      a('P-101', 'pca', FEB, 'false_alarm'),
      a('P-102', 'mset', FEB, 'confirmed'),
      a('P-102', 'mset', FEB),
      a('P-102', 'sensor-checks', FEB, 'sensor_fault', 'sensor'),
    ]);
    expect(r.overall).toEqual({ key: 'all', confirmed: 3, falseAlarms: 1, unlabelled: 1, precision: 0.75 });
    expect(r.byAsset).toEqual([
      { key: 'P-101', confirmed: 1, falseAlarms: 1, unlabelled: 0, precision: 0.5 },
      { key: 'P-102', confirmed: 2, falseAlarms: 0, unlabelled: 1, precision: 1 },
    ]);
    expect(r.byDetector.map((f) => [f.key, f.precision])).toEqual([
      ['mset', 1],
      ['pca', 0.5],
      ['sensor-checks', 1],
    ]);
    expect(r.overTime.map((f) => [f.key, f.confirmed, f.falseAlarms, f.unlabelled])).toEqual([
      ['2026-01', 1, 0, 0],
      ['2026-02', 2, 1, 1],
    ]);
  });

  it('has no precision until an alert is labelled', () => {
    const r = computePrecision([a('P-1', 'pca', JAN)]);
    expect(r.overall).toEqual({ key: 'all', confirmed: 0, falseAlarms: 0, unlabelled: 1 });
    expect(computePrecision([]).overall.precision).toBeUndefined();
  });

  it('counts a sensor fault as right for a sensor alert and wrong for a machine alert', () => {
    expect(verdictOf(a('P', 'sensor-checks', JAN, 'sensor_fault', 'sensor'))).toBe('confirmed');
    expect(verdictOf(a('P', 'pca', JAN, 'sensor_fault'))).toBe('false_alarm');
    expect(verdictOf(a('P', 'pca', JAN))).toBe('unlabelled');
  });
});
