import { describe, expect, it } from 'vitest';
import type { ConnectorEvent } from '../contract';
import { MetricMapper } from './mapping';
import { TagTracker } from './tag-tracker';

describe('TagTracker', () => {
  const tag = new MetricMapper({
    tags: { 'G/E/D/M': { sensor: 'S', deadband: 0.5, expectedIntervalMs: 1000 } },
  }).resolve('G', 'E', 'D', 'M')!;
  const r = (ts: number, value: number, quality = 0) => ({ tag, reading: { sensor: 'S', ts, value, quality } });

  it('applies the deadband and drops exact repeats, recording state only on commit', () => {
    let now = 10_000;
    const t = new TagTracker('c', () => now);
    const batch = t.filter([r(1000, 1), r(1100, 1.2), r(1200, 1.6), r(1200, 1.6), r(1300, 1.7, 64)]);
    expect(batch.readings.map((x) => x.value)).toEqual([1, 1.6, 1.7]); // a quality change always passes
    expect(t.health()[0]!.lastValueAt).toBeUndefined(); // not committed yet (emit pending)
    now = 10_050;
    t.commit(batch);
    expect(t.health()[0]).toMatchObject({
      sensor: 'S',
      lastValue: 1.7,
      lastQuality: 64,
      lastValueAt: 1300,
      stale: false,
    });
    expect(t.latency()).toEqual({ p50: 8850, p99: 9050 });
    // After the commit, the same values again are repeats.
    expect(t.filter([r(1300, 1.7, 64)]).readings).toEqual([]);
  });

  it('makes a tag stale after 3× its expected interval of silence, and recovers it on data', () => {
    let now = 0;
    const events: ConnectorEvent[] = [];
    const t = new TagTracker(
      'c',
      () => now,
      (e) => events.push(e),
    );
    t.define([tag]);
    now = 3000;
    t.checkIntervals();
    expect(events).toEqual([]);
    now = 3001;
    t.checkIntervals();
    expect(events.map((e) => [e.type, e.sensor])).toEqual([['tag_stale', 'S']]);
    t.checkIntervals(); // once, not on every check
    expect(events).toHaveLength(1);
    t.commit(t.filter([r(3001, 5)]));
    expect(events.map((e) => e.type)).toEqual(['tag_stale', 'tag_recovered']);
    expect(t.health()[0]!.stale).toBe(false);
  });
});
