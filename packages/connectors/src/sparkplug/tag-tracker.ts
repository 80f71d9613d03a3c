import type { Reading } from '@prognos/core';
import type { ConnectorEvent, TagHealth } from '../contract';
import type { MappedReading } from './host-model';
import type { ResolvedTag } from './mapping';

interface Entry {
  health: TagHealth;
  expectedIntervalMs?: number;
  registeredAt: number;
  last?: { ts: number; value: number; quality: number };
}

/** A filtered batch: the readings to emit, and what to record once `emit` has resolved. */
export interface TagBatch {
  readings: Reading[];
  updates: Map<Entry, { ts: number; value: number; quality: number }>;
  /** Per-tag "seen" times, which count for health whether or not a deadband held the value back. */
  seen: Map<Entry, number>;
}

/** The number of recent device-to-emit latencies kept for the p50/p99 in health(). */
const LATENCY_WINDOW = 2048;
/** A tag is stale after 3× its expected interval without an update (the connector contract). */
const STALE_FACTOR = 3;

/**
 * Per-tag health for the Sparkplug connector: deadband and duplicate filtering, last value/time, staleness (by death
 * certificate, by lost broker, or by silence past 3× the expected interval) and the events that go with it.
 */
export class TagTracker {
  private readonly entries = new Map<string, Entry>();
  private readonly latencies = new Float64Array(LATENCY_WINDOW);
  private latencyCount = 0;

  constructor(
    private readonly connectorId: string,
    private readonly now: () => number,
    private readonly onEvent?: (e: ConnectorEvent) => void,
  ) {}

  private entry(tag: ResolvedTag): Entry {
    let e = this.entries.get(tag.key);
    if (!e || e.health.sensor !== tag.sensor) {
      e = {
        health: { tag: tag.key, sensor: tag.sensor, errors: 0, stale: false },
        registeredAt: this.now(),
        ...(tag.expectedIntervalMs !== undefined ? { expectedIntervalMs: tag.expectedIntervalMs } : {}),
      };
      this.entries.set(tag.key, e);
    }
    return e;
  }

  /** Registers tags a birth defined, so health lists them (and their silence counts) before a first value. */
  define(tags: readonly ResolvedTag[]): void {
    for (const t of tags) this.entry(t);
  }

  /** Applies deadbands and drops exact repeats (a rebirth re-sends current values) without changing any state. */
  filter(mapped: readonly MappedReading[]): TagBatch {
    const batch: TagBatch = { readings: [], updates: new Map(), seen: new Map() };
    for (const { tag, reading } of mapped) {
      const e = this.entry(tag);
      batch.seen.set(e, Math.max(batch.seen.get(e) ?? 0, reading.ts));
      const last = batch.updates.get(e) ?? e.last;
      if (last) {
        if (reading.ts === last.ts && reading.value === last.value && reading.quality === last.quality) continue;
        if (
          tag.deadband > 0 &&
          reading.quality === last.quality &&
          reading.ts >= last.ts &&
          Math.abs(reading.value - last.value) < tag.deadband
        ) {
          continue;
        }
      }
      batch.updates.set(e, { ts: reading.ts, value: reading.value, quality: reading.quality });
      batch.readings.push(reading);
    }
    return batch;
  }

  /** Records a batch that `emit` accepted. */
  commit(batch: TagBatch): void {
    const now = this.now();
    for (const [e, last] of batch.updates) {
      e.last = last;
      e.health.lastValue = last.value;
      e.health.lastQuality = last.quality;
    }
    for (const [e, ts] of batch.seen) {
      e.health.lastValueAt = Math.max(e.health.lastValueAt ?? 0, ts);
      if (e.health.stale) this.recover(e, now);
    }
    for (const r of batch.readings) {
      this.latencies[this.latencyCount % LATENCY_WINDOW] = now - r.ts;
      this.latencyCount++;
    }
  }

  /** Counts an error against a tag (e.g. a reading the downstream refused). */
  error(tagKey: string): void {
    const e = this.entries.get(tagKey);
    if (e) e.health.errors++;
  }

  /** Marks tags stale because their source said so (death certificate) or went away; emits nothing fake. */
  markStale(tags: readonly ResolvedTag[], why: string): void {
    const now = this.now();
    for (const t of tags) this.stale(this.entry(t), now, why);
  }

  markAllStale(why: string): void {
    const now = this.now();
    for (const e of this.entries.values()) this.stale(e, now, why);
  }

  /** Flags tags that have been silent for longer than 3× their expected interval. */
  checkIntervals(): void {
    const now = this.now();
    for (const e of this.entries.values()) {
      if (e.health.stale || e.expectedIntervalMs === undefined) continue;
      const since = e.health.lastValueAt ?? e.registeredAt;
      if (now - since > STALE_FACTOR * e.expectedIntervalMs) {
        this.stale(
          e,
          now,
          `no update for ${Math.round((now - since) / 1000)} s (expected every ${e.expectedIntervalMs} ms)`,
        );
      }
    }
  }

  health(): TagHealth[] {
    return [...this.entries.values()].map((e) => ({ ...e.health }));
  }

  latency(): { p50: number; p99: number } | undefined {
    const n = Math.min(this.latencyCount, LATENCY_WINDOW);
    if (n === 0) return undefined;
    const sorted = this.latencies.slice(0, n).sort();
    const at = (q: number) => sorted[Math.min(n - 1, Math.floor(q * n))]!;
    return { p50: at(0.5), p99: at(0.99) };
  }

  private stale(e: Entry, now: number, why: string): void {
    if (e.health.stale) return;
    e.health.stale = true;
    this.onEvent?.({
      type: 'tag_stale',
      connectorId: this.connectorId,
      ts: now,
      sensor: e.health.sensor,
      tag: e.health.tag,
      message: `${e.health.sensor} (${e.health.tag}) is stale: ${why}`,
    });
  }

  private recover(e: Entry, now: number): void {
    e.health.stale = false;
    this.onEvent?.({
      type: 'tag_recovered',
      connectorId: this.connectorId,
      ts: now,
      sensor: e.health.sensor,
      tag: e.health.tag,
      message: `${e.health.sensor} (${e.health.tag}) updates again`,
    });
  }
}
