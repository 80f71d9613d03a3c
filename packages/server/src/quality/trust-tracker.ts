import type { CheckResult, QualityFlag } from '@prognos/analytics';
import {
  isGood,
  type QualityReasonCode,
  type QualityState,
  qualityReason,
  qualityState,
  type Reading,
  type Sensor,
} from '@prognos/core';
import type { EventBus } from '../event-bus';
import {
  currentReasons,
  MAX_TRANSITIONS,
  newTrust,
  type ReasonInfo,
  reasonName,
  reasonTtlMs,
  type SensorTrust,
  worseState,
} from './trust';

/** A reading stamped this close to the wall clock counts as live: silence after it is a gap. */
export const LIVE_MS = 5 * 60_000;

/**
 * Per-sensor trust from the stream of check results: state and score, the current reasons with their detail and
 * since when, the last flag, the history of state changes, and the wall times the alert hold times run from.
 * Publishes a 'quality' event on every state change.
 */
export class TrustTracker {
  readonly trust = new Map<string, SensorTrust>();
  /** Something worth saving changed since the last snapshot. */
  dirty = false;

  constructor(
    private readonly bus: EventBus,
    private readonly sensorOf: (id: string) => Sensor | undefined,
  ) {}

  get(sensorId: string): SensorTrust | undefined {
    return this.trust.get(sensorId);
  }
  set(t: SensorTrust): void {
    this.trust.set(t.sensorId, t);
  }

  record(sensor: Sensor): SensorTrust {
    let t = this.trust.get(sensor.id);
    if (!t) {
      t = newTrust(sensor, Date.now());
      this.trust.set(sensor.id, t);
    }
    t.assetId = sensor.assetId;
    return t;
  }

  note(t: SensorTrust, f: QualityFlag, at: number): void {
    const prev = t.reasons.get(f.reason);
    const fresh = !prev || prev.lastAt < at - reasonTtlMs(this.sensorOf(t.sensorId));
    t.reasons.set(f.reason, {
      code: f.reason,
      name: reasonName(f.reason),
      detail: f.detail,
      severity: f.severity,
      since: Math.min(fresh ? at : prev.since, f.since ?? Number.POSITIVE_INFINITY),
      lastAt: Math.max(at, prev?.lastAt ?? at),
    });
    if (t.lastFlagAt === null || at > t.lastFlagAt) t.lastFlagAt = at;
  }

  /** Follows every checked reading: reasons, score, state (called from the ingest path: keep it cheap). */
  observe(sensor: Sensor, res: CheckResult, r: Reading, incoming: number, now: number): void {
    const t = this.record(sensor);
    t.lastValue = r.value;
    if (t.lastTs === undefined || r.ts > t.lastTs) t.lastTs = r.ts;
    if (t.latestAt === undefined || r.ts > t.latestAt) t.latestAt = r.ts;
    t.live = Math.abs(now - r.ts) <= LIVE_MS;
    t.gap = undefined;
    for (const f of res.flags) this.note(t, f, r.ts);
    if (res.amend) for (const f of res.amend.flags) this.note(t, f, res.amend.ts);
    if (!isGood(incoming) && incoming !== res.quality) {
      const code = (qualityReason(incoming) || 14) as QualityReasonCode;
      const severity = qualityState(incoming) === 'bad' ? 'bad' : 'suspect';
      this.note(t, { reason: code, severity, detail: 'flagged by the source' }, r.ts);
    }
    t.score = res.score;
    this.setState(t, res.state, r.ts, now);
  }

  setState(t: SensorTrust, state: QualityState, ts: number, now: number): void {
    if (state === t.state) return;
    const from = t.state;
    const ttl = reasonTtlMs(this.sensorOf(t.sensorId));
    const reasons = currentReasons(t, ttl, t.latestAt ?? ts);
    t.state = state;
    t.stateSince = ts;
    t.transitions.push({ ts, from, to: state, reasons: reasons.map((x) => x.name) });
    if (t.transitions.length > MAX_TRANSITIONS) t.transitions.splice(0, t.transitions.length - MAX_TRANSITIONS);
    if (state === 'good') {
      // what made it untrusted is in the transition history; a good sensor starts with a clean slate
      t.reasons.clear();
      t.untrustedSinceWall = undefined;
      t.trustedSinceWall = now;
    } else if (from === 'good') {
      t.untrustedSinceWall = now;
      t.trustedSinceWall = undefined;
    }
    this.dirty = true;
    const view = this.reasonsOf(t);
    this.bus.emit('quality', { sensorId: t.sensorId, assetId: t.assetId, state, score: t.score, reasons: view });
  }

  /** Current data reasons of a sensor (not calibration), worst first. */
  reasonsOf(t: SensorTrust): ReasonInfo[] {
    const ttl = reasonTtlMs(this.sensorOf(t.sensorId));
    return currentReasons(t, ttl, t.latestAt ?? 0).map(({ code, name, detail, since }) => ({
      code,
      name,
      detail,
      since,
    }));
  }

  /** A live sensor is silent beyond its expected rate (a gap flag from its checker's tick). */
  gap(t: SensorTrust, f: QualityFlag, checkerState: QualityState, now: number): void {
    this.note(t, f, t.gap ? now : (t.lastTs ?? now));
    t.latestAt = Math.max(t.latestAt ?? now, now);
    t.gap = f.severity;
    // no data is no trustworthy data: the score follows the gap, not the last readings
    t.score = f.severity === 'bad' ? 0 : Math.min(t.score ?? 100, 50);
    this.setState(t, worseState(checkerState, f.severity), now, now);
  }
}
