import { type Alert, type AlertWorkflow, isGood } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { flagPeriods, labelExclusion } from './label-periods';

const H = 3_600_000;
const alert = (id: string, startedAt: number, closedAt?: number): Alert => ({
  id,
  assetId: 'P-101',
  kind: 'anomaly',
  severity: 'warning',
  state: closedAt ? 'closed' : 'open',
  title: id,
  explanation: '',
  contributions: [],
  score: 1,
  peakScore: 1,
  startedAt,
  updatedAt: closedAt ?? startedAt,
  ...(closedAt ? { closedAt } : {}),
});
const wf = (alertId: string, outcome: 'confirmed' | 'false_alarm', at: number): AlertWorkflow => ({
  alertId,
  status: 'closed',
  failureModes: [],
  updatedAt: at,
  label: { outcome, by: 'lee', at, source: 'work_order' },
});

describe('labels in retraining', () => {
  it('excludes confirmed periods up to the repair, clipped to the range, and counts false alarms kept', () => {
    const alerts = [
      alert('c1', 10 * H, 12 * H),
      alert('c2', 30 * H, 31 * H),
      alert('f1', 5 * H, 6 * H),
      alert('u', 1 * H),
    ];
    const workflows = [wf('c1', 'confirmed', 14 * H), wf('c2', 'confirmed', 40 * H), wf('f1', 'false_alarm', 7 * H)];
    const r = labelExclusion(alerts, workflows, 0, 36 * H);
    expect(r.periods).toEqual([
      { from: 10 * H, to: 14 * H },
      { from: 30 * H, to: 36 * H },
    ]);
    expect(r).toMatchObject({ excludedEpisodes: 2, excludedHours: 10, falseAlarmEpisodesKept: 1 });
    // outside the range: nothing
    expect(labelExclusion(alerts, workflows, 50 * H, 60 * H)).toEqual({
      periods: [],
      excludedEpisodes: 0,
      excludedHours: 0,
      falseAlarmEpisodesKept: 0,
    });
  });

  it('flags the readings inside the periods bad, on a copy', () => {
    const s = {
      sensor: 'S',
      ts: Float64Array.from([0, 1, 2, 3, 4, 5]),
      values: Float64Array.from([1, 1, 1, 1, 1, 1]),
      quality: Uint8Array.from([0, 0, 0, 0, 0, 0]),
    };
    const f = flagPeriods(s, [
      { from: 1, to: 3 },
      { from: 5, to: 9 },
    ]);
    expect([...f.quality].map(isGood)).toEqual([true, false, false, true, true, false]);
    expect([...s.quality]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(flagPeriods(s, [])).toBe(s);
  });
});
