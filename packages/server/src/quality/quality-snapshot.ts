import type { QualityState } from '@prognos/core';
import { MAX_TRANSITIONS, type ReasonEntry, type SensorEpisode, type SensorTrust, type Transition } from './trust';

/** Settings key of the persisted sensor states. */
export const SNAPSHOT_KEY = 'quality:state';

interface SnapshotSensor {
  sensorId: string;
  assetId: string;
  state: QualityState;
  score: number | null;
  reasons: ReasonEntry[];
  lastFlagAt: number | null;
  stateSince: number;
  transitions: Transition[];
  untrustedSinceWall?: number;
  trustedSinceWall?: number;
  episode?: SensorEpisode;
  suppressed?: boolean;
  lastValue?: number;
}

interface Snapshot {
  version: 1;
  savedAt: number;
  sensors: SnapshotSensor[];
}

export function serializeTrust(all: Iterable<SensorTrust>, now: number): string {
  const sensors: SnapshotSensor[] = [];
  for (const t of all) {
    sensors.push({
      sensorId: t.sensorId,
      assetId: t.assetId,
      state: t.state,
      score: t.score,
      reasons: [...t.reasons.values()],
      lastFlagAt: t.lastFlagAt,
      stateSince: t.stateSince,
      transitions: t.transitions,
      untrustedSinceWall: t.untrustedSinceWall,
      trustedSinceWall: t.trustedSinceWall,
      episode: t.episode,
      suppressed: t.suppressed,
      lastValue: t.lastValue,
    });
  }
  const snap: Snapshot = { version: 1, savedAt: now, sensors };
  return JSON.stringify(snap);
}

const STATES = new Set<unknown>(['good', 'suspect', 'bad']);

/** Parses a snapshot; entries that do not look right are skipped (a snapshot is a cache, never a reason to fail). */
export function parseTrust(json: string | undefined): SensorTrust[] {
  if (!json) return [];
  let snap: Partial<Snapshot>;
  try {
    snap = JSON.parse(json) as Partial<Snapshot>;
  } catch {
    return [];
  }
  if (snap?.version !== 1 || !Array.isArray(snap.sensors)) return [];
  const out: SensorTrust[] = [];
  for (const s of snap.sensors) {
    if (!s || typeof s.sensorId !== 'string' || typeof s.assetId !== 'string' || !STATES.has(s.state)) continue;
    const reasons = new Map<number, ReasonEntry>();
    for (const r of Array.isArray(s.reasons) ? s.reasons : []) if (typeof r?.code === 'number') reasons.set(r.code, r);
    out.push({
      sensorId: s.sensorId,
      assetId: s.assetId,
      state: s.state,
      score: typeof s.score === 'number' ? s.score : null,
      reasons,
      lastFlagAt: typeof s.lastFlagAt === 'number' ? s.lastFlagAt : null,
      stateSince: typeof s.stateSince === 'number' ? s.stateSince : (snap.savedAt ?? 0),
      transitions: Array.isArray(s.transitions) ? s.transitions.slice(-MAX_TRANSITIONS) : [],
      untrustedSinceWall: s.untrustedSinceWall,
      trustedSinceWall: s.trustedSinceWall,
      episode: s.episode && typeof s.episode.alertId === 'string' ? s.episode : undefined,
      suppressed: s.suppressed,
      lastValue: s.lastValue,
    });
  }
  return out;
}
