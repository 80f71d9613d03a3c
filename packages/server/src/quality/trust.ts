import { type QualityState, qualityReason, qualityReasonName, qualityState, type Sensor } from '@prognos/core';

/** Severity order of the quality states. */
export const STATE_RANK: Record<QualityState, number> = { good: 0, suspect: 1, bad: 2 };

export function worseState(a: QualityState, b: QualityState): QualityState {
  return STATE_RANK[b] > STATE_RANK[a] ? b : a;
}

/**
 * The worse of two quality bytes. A reading the source already flagged keeps its own verdict unless the checks
 * find it worse; at the same state the source's reason wins unless it gave none.
 */
export function worseQuality(incoming: number, computed: number): number {
  if (incoming === computed) return incoming;
  const a = STATE_RANK[qualityState(incoming)];
  const b = STATE_RANK[qualityState(computed)];
  if (b > a) return computed;
  if (b < a || b === 0) return incoming;
  return qualityReason(incoming) === 0 ? computed : incoming;
}

/**
 * Not a reading flag: a sensor past its calibration due date. Core's reason codes describe readings and have no
 * code for it, so it uses the first free code (15) and is only ever shown in the API, never stored in a reading.
 */
export const CALIBRATION_OVERDUE = { code: 15, name: 'CALIBRATION_OVERDUE' } as const;

export function reasonName(code: number): string {
  return code === CALIBRATION_OVERDUE.code ? CALIBRATION_OVERDUE.name : qualityReasonName(code);
}

/** Why a sensor is not trusted, as the API shows it. */
export interface ReasonInfo {
  code: number;
  name: string;
  detail: string;
  /** When this reason was first seen in the current run of it (reading time, or wall time for gaps). */
  since: number;
}

export interface ReasonEntry extends ReasonInfo {
  severity: 'suspect' | 'bad';
  /** Last time it was seen; a reason not seen for a while is no longer current. */
  lastAt: number;
}

export interface Transition {
  ts: number;
  from: QualityState;
  to: QualityState;
  reasons: string[];
}

/** The open sensor-alert episode of one sensor. */
export interface SensorEpisode {
  alertId: string;
  workOrderId: string;
  startedAt: number;
  peakScore: number;
  /** Title and explanation last published (kept on the closed alert, so its history says what happened). */
  title: string;
  explanation: string;
  /** A person acknowledged the alert: updates keep that. */
  acknowledged?: boolean;
  /** Signature of the last published content, so unchanged updates are not re-sent. */
  signature: string;
  lastPublishedAt: number;
}

/** Everything Prognos knows about one sensor's trustworthiness (persisted in the quality snapshot). */
export interface SensorTrust {
  sensorId: string;
  assetId: string;
  state: QualityState;
  /** 0..100; null before the sensor's first checked reading. */
  score: number | null;
  reasons: Map<number, ReasonEntry>;
  lastFlagAt: number | null;
  /** Time of the last state change. */
  stateSince: number;
  transitions: Transition[];
  /** Wall time since which the sensor has been continuously suspect/bad (undefined while good). */
  untrustedSinceWall?: number;
  /** Wall time since which the sensor has been continuously good (undefined while suspect/bad). */
  trustedSinceWall?: number;
  episode?: SensorEpisode;
  /** A person closed the episode's alert: no new one until the sensor has been good again. */
  suppressed?: boolean;
  /** Value of the last reading seen (for the alert's contribution). */
  lastValue?: number;
  // Runtime only (not persisted):
  /** Latest reading time seen, or the tick time of an ongoing gap: the clock reasons expire against. */
  latestAt?: number;
  /** Time of the latest reading. */
  lastTs?: number;
  /** The last reading arrived close to the wall clock: silence after it is a gap (history imports are not live). */
  live?: boolean;
  /** The sensor is silent beyond its expected rate (from the checker's tick). */
  gap?: 'suspect' | 'bad';
}

export const MAX_TRANSITIONS = 200;

export function newTrust(sensor: Pick<Sensor, 'id' | 'assetId'>, now: number): SensorTrust {
  return {
    sensorId: sensor.id,
    assetId: sensor.assetId,
    state: 'good',
    score: null,
    reasons: new Map(),
    lastFlagAt: null,
    stateSince: now,
    transitions: [],
    trustedSinceWall: now,
  };
}

/** How long a reason stays current after it was last seen: the state machine's window (60 readings), ≥ 1 min. */
export function reasonTtlMs(sensor: Pick<Sensor, 'sampleRateHz'> | undefined): number {
  const interval = sensor && sensor.sampleRateHz > 0 ? 1000 / sensor.sampleRateHz : 1000;
  return Math.max(60_000, 60 * interval);
}

/** Current reasons, worst first then oldest first. */
export function currentReasons(t: SensorTrust, ttlMs: number, latest: number): ReasonEntry[] {
  const out: ReasonEntry[] = [];
  for (const r of t.reasons.values()) if (r.lastAt >= latest - ttlMs) out.push(r);
  return out.sort((a, b) => (a.severity === b.severity ? a.since - b.since : a.severity === 'bad' ? -1 : 1));
}

/** ISO date the sensor is due for calibration, or null when its last calibration is unknown or unreadable. */
export function calibrationDue(sensor: Pick<Sensor, 'lastCalibration'>, intervalDays: number): string | null {
  if (!sensor.lastCalibration) return null;
  const t = Date.parse(sensor.lastCalibration);
  if (!Number.isFinite(t)) return null;
  return new Date(t + intervalDays * 86400_000).toISOString().slice(0, 10);
}

export function calibrationOverdue(due: string | null, now: number): boolean {
  return due !== null && Date.parse(due) <= now;
}
