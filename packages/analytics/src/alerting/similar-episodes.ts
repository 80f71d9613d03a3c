import type { Alert, Asset, SensorContribution, SensorKind, SimilarEpisode, WorkOrder } from '@prognos/core';

/** Signatures at least this similar (cosine) count as the same kind of deviation. */
export const MIN_SIMILARITY = 0.7;
/** Episodes listed at most. */
export const MAX_SIMILAR = 3;

/**
 * The shape of a deviation, comparable across machines: the share of the anomaly carried by each kind of sensor
 * and direction ("vibration up", "flow down"), so that a bearing fault on pump P-102 looks like one on P-101
 * although their tags differ. Sensors of unknown kind count under their own id.
 */
export function deviationSignature(
  contributions: readonly SensorContribution[],
  kindOf: (sensorId: string) => SensorKind | undefined,
): Map<string, number> {
  const sig = new Map<string, number>();
  for (const c of contributions) {
    const share = Number.isFinite(c.share) && c.share > 0 ? c.share : 0;
    if (share === 0) continue;
    const kind = kindOf(c.sensor);
    const key = `${kind && kind !== 'other' ? kind : c.sensor}${c.value >= c.expected ? '+' : '-'}`;
    sig.set(key, (sig.get(key) ?? 0) + share);
  }
  return sig;
}

/** Cosine similarity of two signatures (0 when either is empty). */
export function signatureSimilarity(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    dot += v * (b.get(k) ?? 0);
  }
  for (const v of b.values()) nb += v * v;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** "3 h 20 min", "2 days 4 h", "12 min". */
export function durationWords(ms: number): string {
  if (!(ms >= 0)) return 'an unknown time';
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / MIN))} min`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.round((ms - h * HOUR) / MIN);
    return m > 0 ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.round((ms - d * DAY) / HOUR);
  return `${d} ${d === 1 ? 'day' : 'days'}${h > 0 ? ` ${h} h` : ''}`;
}

/** How an episode ended, in words a technician reads at a glance. */
export function outcomeOf(alert: Alert, workOrder: WorkOrder | undefined): string {
  if (workOrder) {
    const title = `work order "${workOrder.title}"`;
    if (workOrder.status === 'done')
      return `Fixed: ${title} completed${workOrder.completedAt ? ` ${durationWords(workOrder.completedAt - alert.startedAt)} after the alert` : ''}`;
    if (workOrder.status === 'cancelled') return `No action: ${title} was cancelled`;
    return `In hand: ${title} is ${workOrder.status === 'in_progress' ? 'in progress' : 'open'}`;
  }
  if (alert.state === 'closed' && alert.closedAt !== undefined)
    return `Cleared after ${durationWords(alert.closedAt - alert.startedAt)}, no work order`;
  return alert.state === 'acknowledged' ? 'Still going on (acknowledged)' : 'Still going on';
}

export interface SimilarEpisodeOptions {
  /** Sensor kind by id (current and past sensors). */
  kindOf: (sensorId: string) => SensorKind | undefined;
  /** Assets by id: past episodes count on the same asset or on assets of the same type. */
  assets: ReadonlyMap<string, Asset>;
  /** Work orders (their alertId links them to an episode). */
  workOrders?: readonly WorkOrder[];
  limit?: number;
  minSimilarity?: number;
}

/**
 * Past episodes that deviated like `current` did, on the same machine or on machines of the same type, with how
 * each ended: the case-based part of an explanation ("last time this pattern was a worn DE bearing, fixed by a
 * work order"). Ranked by similarity, then recency; machine alerts only (sensor alerts are a different story), the
 * current episode itself excluded.
 */
export function similarEpisodes(current: Alert, past: readonly Alert[], opts: SimilarEpisodeOptions): SimilarEpisode[] {
  const asset = opts.assets.get(current.assetId);
  const sig = deviationSignature(current.contributions, opts.kindOf);
  const min = opts.minSimilarity ?? MIN_SIMILARITY;
  const woByAlert = new Map<string, WorkOrder>();
  for (const w of opts.workOrders ?? []) if (w.alertId && !woByAlert.has(w.alertId)) woByAlert.set(w.alertId, w);
  const found: SimilarEpisode[] = [];
  for (const a of past) {
    if (a.id === current.id || a.kind !== 'anomaly' || a.startedAt >= current.startedAt) continue;
    const other = opts.assets.get(a.assetId);
    if (a.assetId !== current.assetId && (!asset || !other || other.type !== asset.type)) continue;
    const similarity = signatureSimilarity(sig, deviationSignature(a.contributions, opts.kindOf));
    if (similarity < min) continue;
    const wo = woByAlert.get(a.id);
    found.push({
      alertId: a.id,
      assetId: a.assetId,
      assetName: other?.name ?? a.assetId,
      startedAt: a.startedAt,
      ...(a.closedAt !== undefined ? { closedAt: a.closedAt } : {}),
      peakScore: a.peakScore,
      similarity,
      outcome: outcomeOf(a, wo),
      ...(wo ? { workOrderId: wo.id } : {}),
    });
  }
  found.sort((x, y) => y.similarity - x.similarity || y.startedAt - x.startedAt);
  return found.slice(0, opts.limit ?? MAX_SIMILAR);
}
