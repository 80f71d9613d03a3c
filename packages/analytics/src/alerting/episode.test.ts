import type { SensorContribution } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { type AlertChange, AlertEpisodes, DEFAULT_CLEAR_WINDOWS, DEFAULT_REOPEN_WITHIN_MS } from './episode';

const W = 60_000;
const contrib = (sensor: string): SensorContribution[] => [
  { sensor, name: sensor, unit: 'mm/s', share: 1, value: 5, expected: 2, low: 1, high: 3 },
];

function run(scores: number[], opts: ConstructorParameters<typeof AlertEpisodes>[0] | undefined = undefined) {
  let n = 0;
  const ep = new AlertEpisodes(
    opts ?? {
      assetId: 'P-1',
      // the mechanism with short numbers: 5 windows to clear, no re-opening (both tested on their own below)
      clearWindows: 5,
      reopenWithinMs: 0,
      newId: () => `a${++n}`,
      describe: (c) => ({ title: `T ${c.severity}`, explanation: `since ${c.startedAt} peak ${c.peakScore}` }),
    },
  );
  const events: { i: number; change: AlertChange; id: string; severity: string; score: number; state: string }[] = [];
  scores.forEach((score, i) => {
    const e = ep.update({ start: i * W, end: (i + 1) * W, score, contributions: contrib(i % 2 ? 'odd' : 'even') });
    if (e)
      events.push({ i, change: e.change, id: e.alert.id, severity: e.alert.severity, score, state: e.alert.state });
  });
  return { ep, events };
}

describe('AlertEpisodes', () => {
  it('needs N consecutive windows above 1.0 to open (persistence)', () => {
    expect(run([1.5, 1.5, 0.5, 1.5, 1.5, 0.9, 2, 2]).events).toEqual([]);
    const { events } = run([0.5, 1.5, 1.5, 1.5]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ i: 3, change: 'opened', id: 'a1', severity: 'warning' });
  });

  it('opens exactly one alert per episode, updated on every window while it lasts', () => {
    const { events } = run([2, 2, 2, 0.9, 1.2, 0.8, 2.5, 0.5, 0.5, 0.5, 0.5, 0.5, 2, 2, 2]);
    expect(events.filter((e) => e.change === 'opened').map((e) => e.i)).toEqual([2, 14]);
    expect(new Set(events.slice(0, -1).map((e) => e.id))).toEqual(new Set(['a1']));
    expect(events.at(-1)!.id).toBe('a2');
    expect(events.filter((e) => e.change === 'updated').map((e) => e.i)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(events.find((e) => e.change === 'closed')).toMatchObject({ i: 11, id: 'a1', state: 'closed' });
  });

  it('closes only after M consecutive windows below the lower level (hysteresis)', () => {
    // Hovering between 0.7 and 1.0 keeps the episode open; 4 windows below 0.7 then one at 0.75 restart the count.
    const scores = [2, 2, 2, ...Array(20).fill(0.85), 0.5, 0.5, 0.5, 0.5, 0.75, 0.5, 0.5, 0.5, 0.5, 0.5];
    const { events } = run(scores);
    expect(events.filter((e) => e.change === 'opened')).toHaveLength(1);
    const closed = events.filter((e) => e.change === 'closed');
    expect(closed).toHaveLength(1);
    expect(closed[0].i).toBe(scores.length - 1);
  });

  it('re-opens an episode that closed on its own and came back soon (one fault, one alert), not after a person closed it', () => {
    expect(DEFAULT_CLEAR_WINDOWS).toBe(30);
    let n = 0;
    const mk = () =>
      new AlertEpisodes({
        assetId: 'P-1',
        clearWindows: 2,
        newId: () => `b${++n}`,
        describe: (c) => ({ title: 'T', explanation: `since ${c.startedAt}` }),
      });
    const feed = (ep: AlertEpisodes, scores: number[], from = 0) =>
      scores.map((score, i) =>
        ep.update({ start: (from + i) * W, end: (from + i + 1) * W, score, contributions: contrib('x') }),
      );
    const ep = mk();
    const first = feed(ep, [2, 2, 2, 0.5, 0.5]).filter((e) => e !== undefined);
    expect(first.map((e) => e?.change)).toEqual(['opened', 'updated', 'closed']);
    // back within DEFAULT_REOPEN_WITHIN_MS: the same alert, open again, from its first start
    const again = feed(ep, [2, 2, 2], 60).filter((e) => e !== undefined);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ change: 'updated', alert: { id: 'b1', state: 'open', startedAt: 0 } });
    expect(again[0]?.alert.closedAt).toBeUndefined();
    // closed by a person: a new alert next time
    ep.reset();
    expect(feed(ep, [2, 2, 2], 120).filter((e) => e !== undefined)[0]).toMatchObject({
      change: 'opened',
      alert: { id: 'b2' },
    });
    // beyond the re-open time: a new alert
    const late = mk();
    feed(late, [2, 2, 2, 0.5, 0.5]);
    const gap = DEFAULT_REOPEN_WITHIN_MS / W + 10;
    expect(feed(late, [2, 2, 2], gap).filter((e) => e !== undefined)[0]).toMatchObject({
      change: 'opened',
      alert: { id: 'b4' },
    });
  });

  it('never storms: a noisy score around the threshold yields at most one open episode at a time', () => {
    const scores = Array.from({ length: 500 }, (_, i) => 1 + 0.3 * Math.sin(i * 1.7) + 0.2 * Math.cos(i * 0.31));
    const { events } = run(scores);
    const opened = events.filter((e) => e.change === 'opened');
    const closed = events.filter((e) => e.change === 'closed');
    expect(opened.length).toBe(1);
    expect(closed.length).toBe(0);
  });

  it('escalates warning → critical above 3× the threshold and never de-escalates within the episode', () => {
    const { events } = run([1.5, 1.5, 1.5, 2, 3.5, 1.5, 1.2]);
    expect(events.map((e) => e.severity)).toEqual(['warning', 'warning', 'critical', 'critical', 'critical']);
    const direct = run([4, 4, 4]).events;
    expect(direct[0]).toMatchObject({ change: 'opened', severity: 'critical' });
  });

  it('tracks start, peak, contributions of the latest abnormal window, and update times', () => {
    let alertAt: ReturnType<AlertEpisodes['update']>;
    const ep = new AlertEpisodes({
      assetId: 'P-1',
      newId: () => 'x',
      describe: (c) => ({
        title: 't',
        explanation: `${c.startedAt}-${c.lastAbnormalAt}${c.closedAt ? ' closed' : ''}`,
      }),
    });
    const feed = (i: number, score: number, sensor: string) =>
      ep.update({ start: i * W, end: (i + 1) * W, score, contributions: contrib(sensor) });
    feed(0, 0.2, 'a');
    feed(1, 1.4, 'a');
    feed(2, 2.6, 'a');
    alertAt = feed(3, 1.1, 'b');
    expect(alertAt!.alert).toMatchObject({ startedAt: W, updatedAt: 4 * W, peakScore: 2.6, score: 1.1 });
    expect(alertAt!.alert.contributions[0].sensor).toBe('b');
    alertAt = feed(4, 0.5, 'c');
    // Back inside normal: the explanation keeps the last abnormal window's contributions.
    expect(alertAt!.alert.contributions[0].sensor).toBe('b');
    expect(alertAt!.alert.updatedAt).toBe(5 * W);
    expect(ep.active()?.id).toBe('x');
  });

  it('resumes an alert that was open before a restart instead of opening a second one', () => {
    const first = run([2, 2, 2]);
    const alert = first.ep.active()!;
    const ep = new AlertEpisodes({
      assetId: 'P-1',
      newId: () => 'new',
      describe: () => ({ title: 't', explanation: 'e' }),
    });
    ep.resume(alert);
    const next = ep.update({ start: 10 * W, end: 11 * W, score: 2, contributions: contrib('a') });
    expect(next).toMatchObject({ change: 'updated', alert: { id: alert.id, startedAt: alert.startedAt } });
    ep.reset();
    expect(ep.active()).toBeUndefined();
  });
});
