import { describe, expect, it } from 'vitest';
import type { QualityOverview, SensorQuality } from './api-types';
import {
  applyQualityEvent,
  calibrationLabel,
  compareWorstFirst,
  flaggedSince,
  fmtScore,
  readingReasons,
  reasonLabel,
} from './quality-format';

function sensor(id: string, state: SensorQuality['state'], score: number | null): SensorQuality {
  return {
    sensorId: id,
    assetId: 'P-101',
    name: id,
    unit: 'bar',
    state,
    score,
    reasons: [],
    lastFlagAt: null,
    calibrationDue: null,
    calibrationOverdue: false,
  };
}

describe('reasonLabel', () => {
  it('names the reason codes in words', () => {
    expect(reasonLabel('FLATLINE')).toBe('Flatline (stuck value)');
    expect(reasonLabel('OUT_OF_RANGE')).toBe('Out of range');
    expect(reasonLabel('unit_mismatch')).toBe('Unit mismatch');
  });
  it('turns unknown names into a sentence-case label', () => {
    expect(reasonLabel('SOME_NEW_CHECK')).toBe('Some new check');
    expect(reasonLabel('')).toBe('Unknown reason');
  });
});

describe('compareWorstFirst', () => {
  it('orders bad, suspect, good, then by score, unscored last', () => {
    const list = [
      sensor('a', 'good', 99),
      sensor('b', 'suspect', 80),
      sensor('c', 'bad', 40),
      sensor('d', 'good', null),
    ];
    list.push(sensor('e', 'suspect', 60));
    expect(list.sort(compareWorstFirst).map((s) => s.sensorId)).toEqual(['c', 'e', 'b', 'a', 'd']);
  });
});

describe('flaggedSince', () => {
  const r = (name: string, since: number) => ({ name, since });
  it('is the oldest reason, or undefined without reasons', () => {
    expect(flaggedSince({ reasons: [r('SPIKE', 30), r('GAP', 10), r('NOISE', Number.NaN)] })).toBe(10);
    expect(flaggedSince({ reasons: [] })).toBeUndefined();
  });
  it('ignores an overdue calibration (a date, not a flag on the readings)', () => {
    expect(flaggedSince({ reasons: [r('CALIBRATION_OVERDUE', 5), r('FLATLINE', 40)] })).toBe(40);
    expect(flaggedSince({ reasons: [r('CALIBRATION_OVERDUE', 5)] })).toBeUndefined();
    expect(readingReasons([r('CALIBRATION_OVERDUE', 5), r('DRIFT', 6)]).map((x) => x.name)).toEqual(['DRIFT']);
  });
});

describe('applyQualityEvent', () => {
  const o: QualityOverview = {
    generatedAt: 0,
    assets: [
      { assetId: 'P-101', name: 'Pump', score: 96, state: 'good' },
      { assetId: 'M-201', name: 'Motor', score: 99, state: 'good' },
    ],
    sensors: [sensor('a', 'good', 95), sensor('b', 'good', 97)],
  };
  const reason = { code: 3, name: 'FLATLINE', detail: 'no change for 5 min', since: 100 };

  it('updates the sensor and moves it to the top', () => {
    const next = applyQualityEvent(
      o,
      { sensorId: 'b', assetId: 'P-101', state: 'bad', score: 20, reasons: [reason] },
      500,
    );
    expect(next.sensors.map((s) => [s.sensorId, s.state, s.lastFlagAt])).toEqual([
      ['b', 'bad', 500],
      ['a', 'good', null],
    ]);
    expect(next.sensors[0]?.reasons).toEqual([reason]);
    expect(o.sensors[1]?.state).toBe('good');
    // the asset follows its worst sensor at once; its score waits for the refresh; other assets are untouched
    expect(next.assets).toEqual([
      { assetId: 'P-101', name: 'Pump', score: 96, state: 'bad' },
      { assetId: 'M-201', name: 'Motor', score: 99, state: 'good' },
    ]);
    const back = applyQualityEvent(next, { sensorId: 'b', assetId: 'P-101', state: 'good', score: 90, reasons: [] });
    expect(back.assets[0]?.state).toBe('good');
  });

  it('leaves the overview alone for a sensor it does not list', () => {
    expect(applyQualityEvent(o, { sensorId: 'x', assetId: 'P-101', state: 'bad', score: 0, reasons: [] })).toBe(o);
  });
});

describe('calibrationLabel', () => {
  const now = Date.parse('2025-06-01T00:00:00Z');
  it('says overdue, due soon, or the date', () => {
    expect(calibrationLabel('2025-05-01', true, now)).toMatch(/^Calibration overdue since /);
    expect(calibrationLabel('2025-06-11', false, now)).toBe('Calibration due in 10 d');
    expect(calibrationLabel('2026-01-01', false, now)).toMatch(/^Calibration due \D/);
  });
  it('copes with a missing or unparsable date', () => {
    expect(calibrationLabel(null, false, now)).toBe('');
    expect(calibrationLabel(null, true, now)).toBe('Calibration overdue');
    expect(calibrationLabel('soon', false, now)).toBe('Calibration due soon');
  });
});

describe('fmtScore', () => {
  it('rounds, and shows a dash before a score exists', () => {
    expect(fmtScore(87.6)).toBe('88');
    expect(fmtScore(null)).toBe('—');
    expect(fmtScore(Number.NaN)).toBe('—');
  });
});
