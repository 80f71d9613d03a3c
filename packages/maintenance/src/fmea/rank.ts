import type { FailureMode, RankedFailureMode, Sensor, SensorContribution, Symptom } from '@prognos/core';
import { bandSide, describeReading } from './describe';
import { isInstrumentMode } from './instrumentation';
import { DEFAULT_FAILURE_MODES } from './library';

/** Modes listed per alert unless the caller asks for more. */
export const DEFAULT_RANK_LIMIT = 5;

/** A sensor outside its normal band, with its part of the whole out-of-band deviation. */
interface Deviation {
  c: SensorContribution;
  direction: 'up' | 'down';
  /** √share relative to all out-of-band sensors' √share, 0..1. */
  frac: number;
}

const words = (s: string | undefined): string[] =>
  (s ?? '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** Sensors that can show a symptom: those of its kind, narrowed to the symptom's location when any sensor has it. */
function candidates(s: Symptom, sensors: readonly Sensor[]): Sensor[] {
  const ofKind = sensors.filter((x) => x.kind === s.kind);
  if (!s.location) return ofKind;
  const loc = s.location.toLowerCase();
  const at = ofKind.filter((x) => [x.id, x.name, x.componentId].some((t) => words(t).includes(loc)));
  return at.length > 0 ? at : ofKind;
}

function deviations(contributions: readonly SensorContribution[]): Map<string, Deviation> {
  const out = new Map<string, Deviation>();
  let total = 0;
  for (const c of contributions) {
    const share = Number.isFinite(c.share) && c.share > 0 ? c.share : 0;
    const side = bandSide(c);
    // A sensor inside its normal band is not a symptom, whatever its share.
    if (share === 0 || side === 'within' || !Number.isFinite(c.value)) continue;
    // Detectors share out squared deviations ((r/σ)², analytics' explain): the square root puts each sensor back on
    // the scale of its deviation, so a clear secondary symptom is not drowned by the main one.
    const weight = Math.sqrt(share);
    out.set(c.sensor, { c, direction: side === 'above' ? 'up' : 'down', frac: weight });
    total += weight;
  }
  for (const d of out.values()) d.frac /= total;
  return out;
}

/**
 * Scores one failure mode against the deviations seen (deviation sizes as √share, see deviations()):
 * - A symptom is seen where it is strongest: `seen` is the largest deviation among its sensors in its direction
 *   (a worn bearing shows at one bearing, not as the sum of all), `against` the largest in the other direction.
 * - Evidence e of a symptom, 0..1, by shape rather than size: its deviation is compared with the largest deviation on
 *   any of the mode's sensors (ref) as its weight is with the mode's largest weight (wMax),
 *   e = min(1, (seen / ref) / (w / wMax)). Its contradiction o is the same ratio for `against`.
 * - fit = max(0, Σ w·(e − o)) / Σ w over all the mode's symptoms: a symptom the machine has no sensor for counts as
 *   unconfirmed, so a mode whose telling symptoms are not instrumented cannot score high.
 * - Out-of-band sensors none of the symptoms look at are unexplained: U = their part of the deviation, and
 *   score = fit × (1 − U), 0..1 (1 = every symptom there, in the right direction and proportion, nothing else).
 */
function scoreMode(
  fm: FailureMode,
  devs: Map<string, Deviation>,
  all: Map<string, SensorContribution>,
  sensors: readonly Sensor[],
): RankedFailureMode {
  const matched: string[] = [];
  const missing: string[] = [];
  const looked = new Set<string>();
  const plan = fm.symptoms.map((s) => {
    const cand = candidates(s, sensors);
    const same = cand.map((x) => devs.get(x.id)).filter((d): d is Deviation => d?.direction === s.direction);
    const against = cand.map((x) => devs.get(x.id)).filter((d): d is Deviation => !!d && d.direction !== s.direction);
    for (const x of cand) looked.add(x.id);
    const seen = Math.max(0, ...same.map((d) => d.frac));
    const opposite = Math.max(0, ...against.map((d) => d.frac));
    return { s, cand, same, against, seen, opposite };
  });
  const observable = plan.filter((p) => p.cand.length > 0);
  const wAll = fm.symptoms.reduce((a, s) => a + s.weight, 0);
  const wMax = Math.max(0, ...observable.map((p) => p.s.weight));
  const ref = Math.max(0, ...observable.map((p) => Math.max(p.seen, p.opposite)));
  let fit = 0;
  const named = new Set<string>();
  for (const { s, cand, same, against, seen, opposite } of plan) {
    if (cand.length === 0) {
      missing.push(`${s.text} — not measured on this machine (no ${s.kind.replace(/_/g, ' ')} sensor)`);
      continue;
    }
    const expectedPart = s.weight / wMax;
    const e = ref > 0 ? Math.min(1, seen / ref / expectedPart) : 0;
    const o = ref > 0 ? Math.min(1, opposite / ref / expectedPart) : 0;
    fit += s.weight * (e - o);
    for (const d of same) {
      if (!named.has(d.c.sensor)) matched.push(describeReading(d.c));
      named.add(d.c.sensor);
    }
    if (against.length > 0) {
      missing.push(`${s.text} — seen the other way: ${against.map((d) => describeReading(d.c)).join('; ')}`);
    } else if (same.length === 0) {
      const readings = cand.map((x) => {
        const c = all.get(x.id);
        return c ? describeReading(c) : `${x.name} not in the alert`;
      });
      missing.push(`${s.text} — not seen: ${readings.join('; ')}`);
    }
  }
  let unexplained = 0;
  for (const [id, d] of devs) if (!looked.has(id)) unexplained += d.frac;
  const score = wAll > 0 && devs.size > 0 ? (Math.max(0, fit) / wAll) * Math.max(0, 1 - unexplained) : 0;
  return {
    failureModeId: fm.id,
    name: fm.name,
    component: fm.component,
    iso14224: fm.iso14224,
    score: Math.round(Math.min(1, score) * 1000) / 1000,
    matched,
    missing,
    rpn: fm.rpn,
    recommendedActions: [...fm.recommendedActions],
  };
}

/**
 * The failure modes of an asset type that best explain an alert's deviations, best first (score, then RPN). An
 * asset type without modes in the library gets the generic 'other' modes, or none; it never throws. Instrument modes
 * are left out: a machine's deviations do not tell a failed sensor (the data-quality checks do, rankInstrumentModes).
 */
export function rankFailureModes(
  assetType: string,
  contributions: readonly SensorContribution[],
  sensors: readonly Sensor[],
  library: readonly FailureMode[] = DEFAULT_FAILURE_MODES,
  limit = DEFAULT_RANK_LIMIT,
): RankedFailureMode[] {
  const machine = library.filter((m) => !isInstrumentMode(m));
  let modes = machine.filter((m) => m.assetTypes.includes(assetType));
  if (modes.length === 0) modes = machine.filter((m) => m.assetTypes.includes('other'));
  const devs = deviations(contributions ?? []);
  const all = new Map((contributions ?? []).map((c) => [c.sensor, c]));
  return modes
    .map((m) => scoreMode(m, devs, all, sensors ?? []))
    .sort((a, b) => b.score - a.score || b.rpn - a.rpn || a.failureModeId.localeCompare(b.failureModeId))
    .slice(0, Math.max(0, limit));
}
