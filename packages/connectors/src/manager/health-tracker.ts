import type { Reading } from '@prognos/core';
import type { ConnectorContext, ConnectorHealth, ConnectorKind, ConnectorState, TagHealth } from '../contract';

/** Staleness factor from the connector contract: no update for 3× the expected interval makes a tag stale. */
export const STALE_FACTOR = 3;
/** Latency percentiles are taken over this many recent readings (a ring, so memory stays fixed). */
const LATENCY_WINDOW = 1024;
/** Tags tracked per connector; a topic template can match unboundedly many topics, health must not grow without end. */
const MAX_TAGS = 10_000;

interface TagEntry extends TagHealth {
  expectedIntervalMs?: number;
  /** When the tag became known (a tag that never delivered a value goes stale measured from here). */
  registeredAt: number;
}

export function isTagStale(
  lastValueAt: number | undefined,
  registeredAt: number,
  expectedIntervalMs: number | undefined,
  now: number,
): boolean {
  if (!expectedIntervalMs || expectedIntervalMs <= 0) return false;
  return now - (lastValueAt ?? registeredAt) > STALE_FACTOR * expectedIntervalMs;
}

/** p-quantile of a sample by sorting a copy (the window is small). */
function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * Bookkeeping behind `Connector.health()`: state with its change time (raising `state_changed`), error counters,
 * per-tag last value / errors / staleness, and device-to-emit latency percentiles. Connectors own one each.
 */
export class ConnectorHealthTracker {
  state: ConnectorState = 'stopped';
  since: number;
  lastError?: { at: number; message: string };
  lastDataAt?: number;
  readings = 0;
  errors = 0;
  reconnects = 0;
  private readonly latency = new Float64Array(LATENCY_WINDOW);
  private latencyCount = 0;
  private latencyNext = 0;
  private readonly tags = new Map<string, TagEntry>();

  constructor(
    private readonly id: string,
    private readonly kind: ConnectorKind,
    public target: string,
    private readonly ctx: ConnectorContext,
  ) {
    this.since = this.now();
  }

  now(): number {
    return this.ctx.now ? this.ctx.now() : Date.now();
  }

  setState(state: ConnectorState, message?: string): void {
    if (state === this.state) return;
    const from = this.state;
    this.state = state;
    this.since = this.now();
    this.ctx.onEvent?.({
      type: 'state_changed',
      connectorId: this.id,
      ts: this.since,
      message: `${from} → ${state}${message ? `: ${message}` : ''}`,
    });
  }

  /** Records a connector-level failure (connection, subscription, file). */
  fail(message: string): void {
    this.errors++;
    this.lastError = { at: this.now(), message };
  }

  /** Makes a tag known before its first value, so that a tag that never updates goes stale too. */
  registerTag(tag: string, sensor: string, expectedIntervalMs?: number): void {
    this.entry(tag, sensor, expectedIntervalMs);
  }

  /** Records one value received for a tag (whether or not it was emitted, e.g. held back by a deadband). */
  tagValue(tag: string, sensor: string, value: number, quality: number, expectedIntervalMs?: number): void {
    const e = this.entry(tag, sensor, expectedIntervalMs);
    if (!e) return;
    e.lastValueAt = this.now();
    e.lastValue = value;
    e.lastQuality = quality;
  }

  /** A per-tag problem (payload that does not parse, unit mismatch): counted on the tag and the connector. */
  tagError(tag: string, sensor: string, message: string): void {
    const e = this.entry(tag, sensor);
    if (e) e.errors++;
    this.fail(message);
  }

  /** Counts readings handed downstream; `withLatency` = they carry a live source timestamp worth measuring. */
  emitted(readings: readonly Reading[], withLatency = true): void {
    if (readings.length === 0) return;
    const now = this.now();
    this.readings += readings.length;
    this.lastDataAt = now;
    if (!withLatency) return;
    for (const r of readings) {
      this.latency[this.latencyNext] = Math.max(0, now - r.ts);
      this.latencyNext = (this.latencyNext + 1) % LATENCY_WINDOW;
      if (this.latencyCount < LATENCY_WINDOW) this.latencyCount++;
    }
  }

  snapshot(): ConnectorHealth {
    const now = this.now();
    const tags: TagHealth[] = [];
    for (const t of this.tags.values()) {
      tags.push({
        tag: t.tag,
        sensor: t.sensor,
        lastValueAt: t.lastValueAt,
        lastValue: t.lastValue,
        lastQuality: t.lastQuality,
        errors: t.errors,
        // a stopped connector's tags are not "stale" in the data-quality sense: nobody expects data
        stale: this.state !== 'stopped' && isTagStale(t.lastValueAt, t.registeredAt, t.expectedIntervalMs, now),
      });
    }
    let latencyMs: ConnectorHealth['latencyMs'];
    if (this.latencyCount > 0) {
      const s = this.latency.slice(0, this.latencyCount).sort();
      latencyMs = { p50: quantile(s, 0.5), p99: quantile(s, 0.99) };
    }
    return {
      id: this.id,
      kind: this.kind,
      state: this.state,
      since: this.since,
      target: this.target,
      lastError: this.lastError,
      lastDataAt: this.lastDataAt,
      readings: this.readings,
      errors: this.errors,
      reconnects: this.reconnects,
      latencyMs,
      buffered: 0,
      evicted: 0,
      tags,
    };
  }

  private entry(tag: string, sensor: string, expectedIntervalMs?: number): TagEntry | undefined {
    let e = this.tags.get(tag);
    if (!e) {
      if (this.tags.size >= MAX_TAGS) return undefined;
      e = { tag, sensor, errors: 0, stale: false, registeredAt: this.now(), expectedIntervalMs };
      this.tags.set(tag, e);
    } else if (expectedIntervalMs !== undefined) {
      e.expectedIntervalMs = expectedIntervalMs;
    }
    return e;
  }
}
