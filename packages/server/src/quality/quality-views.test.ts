import { makeQuality } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { assetDataQuality, compareWorstFirst, flaggedIntervals, type SensorQualityView } from './quality-views';

const S = (reason: number) => makeQuality('suspect', reason);
const B = (reason: number) => makeQuality('bad', reason);

describe('flaggedIntervals', () => {
  const opts = { periodMs: 1000, toleranceMs: 3000, end: 100_000 };
  it('merges consecutive flagged readings of one state, ending one period after the last', () => {
    const ts = [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000];
    const q = [0, B(3), B(3), 0, B(3), B(12), 0, 0];
    expect(flaggedIntervals(ts, q, opts)).toEqual([{ from: 1000, to: 6000, state: 'bad', reason: 'FLATLINE' }]);
  });
  it('splits on a change of state and on a silence longer than the tolerance', () => {
    const ts = [0, 1000, 2000, 10_000, 11_000];
    const q = [S(2), S(2), B(1), B(1), B(1)];
    expect(flaggedIntervals(ts, q, opts)).toEqual([
      { from: 0, to: 2000, state: 'suspect', reason: 'SPIKE' },
      { from: 2000, to: 3000, state: 'bad', reason: 'OUT_OF_RANGE' },
      { from: 10_000, to: 12_000, state: 'bad', reason: 'OUT_OF_RANGE' },
    ]);
  });
  it('caps the last interval at the end of the range; nothing for all-good or empty input', () => {
    expect(flaggedIntervals([99_500], [B(4)], opts)).toEqual([
      { from: 99_500, to: 100_000, state: 'bad', reason: 'GAP' },
    ]);
    expect(flaggedIntervals([0, 1000], [0, 0], opts)).toEqual([]);
    expect(flaggedIntervals([], [], opts)).toEqual([]);
  });
});

function view(sensorId: string, state: SensorQualityView['state'], score: number | null): SensorQualityView {
  return {
    sensorId,
    assetId: 'A',
    name: sensorId,
    unit: 'bar',
    state,
    score,
    reasons: [],
    lastFlagAt: null,
    calibrationDue: null,
    calibrationOverdue: false,
  };
}

describe('worst first and asset data quality', () => {
  const views = [
    view('a', 'good', 100),
    view('b', 'suspect', 90),
    view('c', 'bad', 60),
    view('d', 'suspect', 70),
    view('e', 'good', null),
    view('f', 'good', 95),
  ];
  it('sorts bad, suspect, good, then by score ascending, unjudged last', () => {
    expect([...views].sort(compareWorstFirst).map((v) => v.sensorId)).toEqual(['c', 'd', 'b', 'f', 'a', 'e']);
  });
  it("gives an asset its sensors' worst state, a score pulled towards the worst, and its worst sensors", () => {
    const q = assetDataQuality(views);
    expect(q.state).toBe('bad');
    expect(q.worstSensors).toEqual(['c', 'd', 'b']);
    expect(q.score).toBe(Math.round(0.7 * ((100 + 90 + 60 + 70 + 95) / 5) + 0.3 * 60));
    expect(assetDataQuality([view('x', 'good', null)])).toEqual({ score: null, state: 'good', worstSensors: [] });
  });
});
