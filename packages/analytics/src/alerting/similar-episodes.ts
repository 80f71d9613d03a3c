import type {
  Alert,
  Asset,
  SensorContribution,
  SensorKind,
  SimilarEpisode,
  WorkOrder,
  WorkOrderDetail,
} from '@prognos/core';

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

export type EpisodeFinding = NonNullable<SimilarEpisode['finding']>;

/**
 * What the technician found and did on a completed work order, for the episode it closed: undefined when the
 * order is not done or has no findings written down. Repair time is the hands-on time (labour hours summed), the
 * technician the one who booked the most hours (else the assignee).
 */
export function findingOf(
  detail: WorkOrderDetail | undefined,
  failureModeName?: (id: string) => string | undefined,
): EpisodeFinding | undefined {
  if (detail?.status !== 'done' || !detail.findings) return undefined;
  const f = detail.findings;
  if (f.rootCause.trim() === '' && f.actionTaken.trim() === '') return undefined;
  const hours = detail.labour.reduce((sum, l) => sum + l.hours, 0);
  const byTech = new Map<string, number>();
  for (const l of detail.labour) byTech.set(l.technician, (byTech.get(l.technician) ?? 0) + l.hours);
  const technician = [...byTech].sort((x, y) => y[1] - x[1])[0]?.[0] ?? detail.assignee;
  const failureModeId = f.failureModeId ?? detail.failureModeId;
  const name = failureModeId === undefined ? undefined : failureModeName?.(failureModeId);
  return {
    rootCause: f.rootCause.trim(),
    actionTaken: f.actionTaken.trim(),
    ...(failureModeId !== undefined ? { failureModeId } : {}),
    ...(name !== undefined ? { failureModeName: name } : {}),
    ...(hours > 0 ? { repairMinutes: Math.round(hours * 60) } : {}),
    ...(technician !== undefined ? { technician } : {}),
  };
}

/** "Coupling bolts loose." → "coupling bolts loose" (to sit mid-sentence); acronyms like "DE bearing" keep case. */
function midSentence(text: string): string {
  const t = text.trim().replace(/[.;]+$/, '');
  return /^[A-Z][a-z]/.test(t) ? t[0]?.toLowerCase() + t.slice(1) : t;
}

/** How an episode ended, in words a technician reads at a glance. */
export function outcomeOf(alert: Alert, workOrder: WorkOrder | undefined, finding?: EpisodeFinding): string {
  if (workOrder) {
    const title = `work order "${workOrder.title}"`;
    if (workOrder.status === 'done' && finding) {
      // "Last time: coupling bolts loose — re-tightened and realigned; fixed in 40 min (work order WO-12)"
      const cause = finding.rootCause || finding.failureModeName || 'cause not recorded';
      const action = finding.actionTaken ? ` — ${midSentence(finding.actionTaken)}` : '';
      const took =
        finding.repairMinutes !== undefined
          ? `; fixed in ${durationWords(finding.repairMinutes * MIN)}`
          : workOrder.completedAt
            ? `; fixed ${durationWords(workOrder.completedAt - alert.startedAt)} after the alert`
            : '';
      return `Last time: ${midSentence(cause)}${action}${took} (work order ${workOrder.id})`;
    }
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
  /** Full records of (at least the completed) work orders by id: their findings say what the episode was. */
  workOrderDetails?: ReadonlyMap<string, WorkOrderDetail>;
  /** Failure-mode names by id, for the findings. */
  failureModeName?: (id: string) => string | undefined;
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
  // One work order per episode: a completed one (it says what the episode was) before open or cancelled ones.
  for (const w of opts.workOrders ?? []) {
    if (!w.alertId) continue;
    const seen = woByAlert.get(w.alertId);
    if (!seen || (seen.status !== 'done' && w.status === 'done')) woByAlert.set(w.alertId, w);
  }
  const found: SimilarEpisode[] = [];
  for (const a of past) {
    if (a.id === current.id || a.kind !== 'anomaly' || a.startedAt >= current.startedAt) continue;
    const other = opts.assets.get(a.assetId);
    if (a.assetId !== current.assetId && (!asset || !other || other.type !== asset.type)) continue;
    const similarity = signatureSimilarity(sig, deviationSignature(a.contributions, opts.kindOf));
    if (similarity < min) continue;
    const wo = woByAlert.get(a.id);
    const finding = wo ? findingOf(opts.workOrderDetails?.get(wo.id), opts.failureModeName) : undefined;
    found.push({
      alertId: a.id,
      assetId: a.assetId,
      assetName: other?.name ?? a.assetId,
      startedAt: a.startedAt,
      ...(a.closedAt !== undefined ? { closedAt: a.closedAt } : {}),
      peakScore: a.peakScore,
      similarity,
      outcome: outcomeOf(a, wo, finding),
      ...(wo ? { workOrderId: wo.id } : {}),
      ...(finding ? { finding } : {}),
    });
  }
  found.sort((x, y) => y.similarity - x.similarity || y.startedAt - x.startedAt);
  return found.slice(0, opts.limit ?? MAX_SIMILAR);
}
