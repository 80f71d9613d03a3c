/**
 * "Why" panels, built from what the platform already knows (no I/O here): the alert's contributions and ranked
 * failure modes, the failure mode's symptoms and actions, the health and its drivers, the RUL prediction. Every
 * number is in the sensor's engineering unit, every sentence is meant for the shop floor.
 */
import {
  type Alert,
  type AssetHealth,
  type FailureMode,
  formatValue,
  type HealthRul,
  type LessonRef,
  type Procedure,
  type RankedFailureMode,
  type Sensor,
  type SensorContribution,
  type WhyDeviation,
  type WhyPanel,
} from '@prognos/core';
import { isInstrumentMode, lessonRefs } from '@prognos/maintenance';
import { adviceFor } from '../quality/alert-text';
import { whyDeviations } from './deviation';

const H = 3_600_000;
/** The chart beside an alert starts this long before it, so the change shows against normal running. */
export const CHART_LEAD_MS = 6 * H;
/** Steps in "Check first": enough to start with, few enough to read. */
const CHECK_FIRST = 5;
/** A ranked mode below this match is not named as "the most likely cause" of a health score. */
const HEALTH_CAUSE_MIN_SCORE = 0.3;

type ProcedureLink = NonNullable<WhyPanel['procedure']>;
type Cause = NonNullable<WhyPanel['cause']>;

/** The guided procedure a failure mode links to: its stored current version, else the library's own steps. */
export function procedureLink(fm: FailureMode, stored: Procedure | undefined): ProcedureLink {
  const id = fm.procedureId ?? fm.id;
  if (stored && stored.steps.length > 0)
    return {
      id,
      version: stored.version,
      title: stored.title,
      steps: stored.steps.length,
      estimatedMinutes: stored.estimatedMinutes,
    };
  const stepMinutes = fm.procedure.reduce((a, s) => a + (s.minutes ?? 0), 0);
  return {
    id,
    version: 1,
    title: fm.name,
    steps: fm.procedure.length,
    estimatedMinutes: stepMinutes > 0 ? stepMinutes : Math.round(fm.repairHours * 60),
  };
}

/** Lessons on what the panel shows: the kinds of the sensors involved and the failure mode's topic. */
export function lessonsFor(kinds: ReadonlySet<string>, fm: FailureMode | undefined, extra: string[] = []): LessonRef[] {
  const ids: string[] = [...extra];
  const topic = fm ? `${fm.id} ${fm.name} ${fm.component}`.toLowerCase() : '';
  if (fm && isInstrumentMode(fm)) ids.push('sensor-trust');
  if (/bearing/.test(topic)) ids.push('bearing-frequencies');
  if (/misalign|unbalance|imbalance|coupling/.test(topic)) ids.push('misalignment-unbalance');
  if (/cavitation|impeller|strainer|suction/.test(topic)) ids.push('cavitation-pump-curves');
  if (/overheat|cooling|winding|lubric/.test(topic)) ids.push('temperature-overheating');
  if (kinds.has('vibration')) ids.push('vibration-basics');
  if (['bearing_temperature', 'winding_temperature', 'temperature'].some((k) => kinds.has(k)))
    ids.push('temperature-overheating');
  if (['suction_pressure', 'discharge_pressure', 'flow'].some((k) => kinds.has(k))) ids.push('cavitation-pump-curves');
  if (fm?.procedure.some((s) => s.safety && /\block\b/i.test(s.text))) ids.push('lockout-tagout');
  return lessonRefs(ids);
}

function causeOf(ranked: RankedFailureMode, fm: FailureMode): Cause {
  return {
    failureModeId: fm.id,
    name: fm.name,
    component: fm.component,
    score: ranked.score,
    typicalSymptoms: fm.symptoms.map((s) => s.text),
    matched: [...ranked.matched],
    missing: [...ranked.missing],
  };
}

/** The mode's recommended actions, then how to confirm it: the first things a technician does. */
function checksOf(fm: FailureMode, before: string[] = []): string[] {
  const out: string[] = [];
  for (const s of [...before, ...fm.recommendedActions, `Confirm by: ${fm.detection}`])
    if (!out.includes(s)) out.push(s);
  return out.slice(0, CHECK_FIRST);
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
/** Hours up to four days, days beyond ("40 h", "6.5 days"). */
const days = (h: number) => h >= 96;
const hoursNum = (h: number, inDays: boolean) =>
  inDays ? (h / 24).toFixed(1) : h >= 10 ? `${Math.round(h)}` : h.toFixed(1);
const hours = (h: number) => `${hoursNum(h, days(h))} ${days(h) ? 'days' : 'h'}`;
/** An interval in one unit: "25 to 70 h". */
const span = (lo: number, hi: number) =>
  `${hoursNum(lo, days(hi))} to ${hoursNum(hi, days(hi))} ${days(hi) ? 'days' : 'h'}`;

function kindsOf(sensors: readonly Sensor[], ids: readonly string[]): Set<string> {
  const byId = new Map(sensors.map((s) => [s.id, s.kind]));
  return new Set(ids.map((id) => byId.get(id)).filter((k): k is Sensor['kind'] => !!k));
}

export interface AlertWhyInput {
  alert: Alert;
  assetName: string;
  sensors: readonly Sensor[];
  /** Best first: the workflow's ranking, or the instrument modes for a sensor alert. */
  ranked: readonly RankedFailureMode[];
  /** The library's modes by id (for symptoms, actions and the procedure). */
  modes: ReadonlyMap<string, FailureMode>;
  /** The stored current version of the top mode's procedure, when there is one. */
  procedure?: Procedure;
  /** A sensor alert's untrusted sensors and their data-quality reasons (detail: what the check found). */
  sensorCause?: { sensors: string[]; reasons: { code: number; label: string; detail?: string }[]; attributed: boolean };
  now: number;
}

export function buildAlertWhy(x: AlertWhyInput): WhyPanel {
  const { alert } = x;
  const top = x.ranked[0];
  const fm = top ? x.modes.get(top.failureModeId) : undefined;
  const deviations = whyDeviations(alert.contributions);
  const to = Math.max(x.now, alert.closedAt ?? alert.updatedAt);
  const notes: string[] = [];
  let headline: string;
  let checkFirst: string[];
  let charted = deviations.slice(0, 4).map((d) => d.sensor);
  if (alert.kind === 'sensor') {
    const sc = x.sensorCause ?? { sensors: alert.contributions.map((c) => c.sensor), reasons: [], attributed: false };
    const what = sc.reasons.length > 0 ? sc.reasons.map((r) => r.label).join(', ') : 'failing the data-quality checks';
    headline =
      `${sc.sensors.join(', ') || 'A sensor'} on ${x.assetName} is not trusted: ${what}. ` +
      'This is a problem of the measurement, not of the machine' +
      (fm ? ` — most likely ${fm.name.toLowerCase()}.` : '.');
    // The generic advice (a reason without its own, e.g. calibration overdue) only when no reason has specific advice.
    const specific = sc.reasons.filter((r) => adviceFor(r.code) !== adviceFor(undefined));
    const steps = (specific.length > 0 ? specific : sc.reasons).flatMap((r) => adviceFor(r.code).steps);
    checkFirst = fm ? checksOf(fm, steps) : [...new Set(steps.length ? steps : adviceFor(undefined).steps)];
    for (const r of sc.reasons) if (r.detail) notes.push(`Data-quality check: ${r.label} — ${r.detail}.`);
    notes.push(
      'Its flagged readings are kept but left out of the models and machine alerts until it has been good again for a while; no mechanical work is needed on the machine for this alert.',
    );
    if (sc.attributed)
      notes.push(
        'The machine deviation the model saw is carried by the untrusted sensor, so it is not a machine alarm.',
      );
    else
      notes.push(
        `The last reading is compared with the sensor's physical range (${deviations[0] ? `${formatValue(deviations[0].low, deviations[0].unit)} to ${formatValue(deviations[0].high, deviations[0].unit)}` : 'its registered range'}), not with a learned normal band.`,
      );
    charted = [...new Set([...sc.sensors, ...charted])].slice(0, 4);
  } else {
    const first = deviations.find((d) => d.direction !== 'within') ?? deviations[0];
    const lead = first
      ? `${first.name} is ${first.direction === 'within' ? 'at' : first.direction} normal (${formatValue(first.value, first.unit)} against ${formatValue(first.expected, first.unit)} expected)`
      : alert.title;
    headline =
      `${x.assetName}: ${lead}` +
      (fm && top && top.score > 0
        ? `. Most likely cause: ${fm.name.toLowerCase()} (${fm.component}), ${pct(top.score)} match of its symptoms.`
        : '. No failure mode of the library matches the pattern well: inspect the machine.');
    checkFirst = fm
      ? checksOf(fm)
      : ['Walk down the machine: listen, feel for heat, look for leaks', 'Compare the readings with local gauges'];
    notes.push(
      `Alert score ${alert.score.toFixed(2)} (1 = alert threshold), peak ${alert.peakScore.toFixed(2)}. The normal band of each sensor is its expected value ± k·σ of healthy running at the same operating point.`,
    );
    if (alert.kind === 'threshold')
      notes.push('A fixed limit was crossed; the band shown is the limit configured for it.');
    const similar = alert.similar ?? [];
    if (similar.length > 0)
      notes.push(
        `${similar.length} similar past episode${similar.length > 1 ? 's' : ''} on this or a like machine: ${similar
          .slice(0, 2)
          .map((s) => `${s.assetName}${s.finding ? ` (${s.finding})` : ''}`)
          .join('; ')}.`,
      );
  }
  const kinds = kindsOf(x.sensors, [...charted, ...deviations.map((d) => d.sensor)]);
  const extra = alert.kind === 'sensor' ? ['sensor-trust'] : ['anomaly-scores'];
  return {
    subject: 'alert',
    subjectId: alert.id,
    assetId: alert.assetId,
    headline,
    deviations,
    ...(top && fm ? { cause: causeOf(top, fm) } : {}),
    checkFirst,
    ...(fm ? { procedure: procedureLink(fm, x.procedure) } : {}),
    lessons: lessonsFor(kinds, fm, extra),
    chart: { sensors: charted, from: alert.startedAt - CHART_LEAD_MS, to },
    notes,
  };
}

/** A component's health as the asset page's detail gives it (worst first). */
export interface ComponentHealthLike {
  id: string;
  name: string;
  health: number;
  trendPerHour: number;
  drivers: SensorContribution[];
}

export interface HealthWhyInput {
  assetId: string;
  assetName: string;
  sensors: readonly Sensor[];
  health: AssetHealth | undefined;
  detail?: { trendPerHour: number; drivers: SensorContribution[]; components: ComponentHealthLike[]; rul?: HealthRul };
  /** The latest stored RUL prediction (the RUL panel's subject). */
  rul?: HealthRul;
  /** Failure modes ranked against the health's drivers, best first. */
  ranked: readonly RankedFailureMode[];
  modes: ReadonlyMap<string, FailureMode>;
  procedure?: Procedure;
  /** The asset's anomaly detector ('pca', …), for saying which model the numbers come from. */
  detector?: string;
  now: number;
}

function healthCause(x: HealthWhyInput) {
  const top = x.ranked[0];
  const fm = top && top.score >= HEALTH_CAUSE_MIN_SCORE ? x.modes.get(top.failureModeId) : undefined;
  return { top, fm };
}

function driversOf(x: HealthWhyInput): SensorContribution[] {
  const d = x.detail?.drivers ?? [];
  return d.length > 0 ? d : (x.health?.contributions ?? []);
}

/**
 * The health and RUL panels differ in their text; the rest (drivers, likely cause, its procedure, lessons for the
 * charted sensors and the chart up to `ts`) they build alike.
 */
function assetWhy(
  x: HealthWhyInput,
  subject: 'health' | 'rul',
  ts: number,
  p: {
    headline: string;
    deviations: WhyDeviation[];
    top: RankedFailureMode | undefined;
    fm: FailureMode | undefined;
    checkFirst: string[];
    notes: string[];
  },
  lessons: string[],
): WhyPanel {
  const { headline, deviations, top, fm, checkFirst, notes } = p;
  const charted = deviations.slice(0, 4).map((d) => d.sensor);
  return {
    subject,
    subjectId: x.assetId,
    assetId: x.assetId,
    headline,
    deviations,
    ...(top && fm ? { cause: causeOf(top, fm) } : {}),
    checkFirst,
    ...(fm ? { procedure: procedureLink(fm, x.procedure) } : {}),
    lessons: lessonsFor(kindsOf(x.sensors, charted), fm, lessons),
    ...(charted.length > 0 ? { chart: { sensors: charted, from: ts - CHART_LEAD_MS, to: Math.max(ts, x.now) } } : {}),
    notes,
  };
}

export function buildHealthWhy(x: HealthWhyInput): WhyPanel {
  const h = x.health;
  const deviations = whyDeviations(driversOf(x));
  const { top, fm } = healthCause(x);
  const notes: string[] = [];
  let headline: string;
  if (!h || !Number.isFinite(h.health)) {
    headline = `${x.assetName} has no health score yet: it needs a trained model and recent readings.`;
  } else {
    const worst = x.detail?.components[0];
    const out = deviations.filter((d) => d.direction !== 'within');
    headline =
      `${x.assetName} health ${Math.round(h.health)}/100 (${h.status}). ` +
      (out.length > 0
        ? `It is pulled down by ${out
            .slice(0, 2)
            .map((d) => `${d.name.toLowerCase()} ${d.direction} normal`)
            .join(
              ' and ',
            )}${worst && worst.health < 90 ? `; the worst component is ${worst.name} at ${Math.round(worst.health)}/100` : ''}.`
        : 'Every sensor is inside its normal band: the machine behaves like its healthy baseline.');
    const trend = x.detail?.trendPerHour;
    if (trend !== undefined && Number.isFinite(trend))
      notes.push(
        Math.abs(trend) < 0.5
          ? 'The health is steady (less than 0.5 points per hour of change).'
          : `The health is ${trend < 0 ? 'falling' : 'rising'} by ${Math.abs(trend).toFixed(1)} points per hour.`,
      );
    for (const c of x.detail?.components ?? [])
      notes.push(
        `${c.name}: ${Math.round(c.health)}/100${c.drivers[0] ? `, driven by ${c.drivers[0].name.toLowerCase()}` : ''}.`,
      );
    notes.push(
      `100 means as good as its healthy baseline; below 70 is "watch". The score comes from the anomaly score of the asset's ${x.detector ?? 'anomaly'} model (score ${h.score.toFixed(2)}, 1 = alert threshold).`,
    );
  }
  const checkFirst = fm
    ? checksOf(fm)
    : deviations.some((d) => d.direction !== 'within')
      ? deviations
          .filter((d) => d.direction !== 'within')
          .slice(0, 3)
          .map((d) => `Check ${d.name.toLowerCase()} on site: ${d.text}`)
      : ['Nothing to check now: keep the machine under routine monitoring'];
  return assetWhy(x, 'health', h?.ts ?? x.now, { headline, deviations, top, fm, checkFirst, notes }, [
    'health-score',
    'anomaly-scores',
  ]);
}

export function buildRulWhy(x: HealthWhyInput): WhyPanel {
  const rul = x.rul ?? x.detail?.rul;
  const deviations = whyDeviations(driversOf(x));
  const { top, fm } = healthCause(x);
  const notes: string[] = [];
  let headline: string;
  const checkFirst: string[] = [];
  if (!rul) {
    headline = `${x.assetName} has no remaining-useful-life estimate: its health is not falling, so there is no trend to extend to a failure.`;
    notes.push('An estimate appears once the health trend falls steadily; a steady or rising health has no end point.');
    checkFirst.push('Nothing to plan now: keep the machine under routine monitoring');
  } else {
    headline =
      `${x.assetName} is expected to reach its failure threshold (health ${rul.threshold}) in about ${hours(rul.hours)}; ` +
      `90 % interval ${span(rul.lowerHours, rul.upperHours)}. ` +
      `Chance of failing within ${hours(rul.horizonHours)}: ${pct(rul.failureProbability)}.`;
    notes.push(
      `How it is made: the model (method "${rul.method}") fits the recent fall of the health score and extends it to health ${rul.threshold}, where the machine counts as failed.`,
      `What the interval means: given how much the trend scatters, the failure point lies between ${span(rul.lowerHours, rul.upperHours).replace(' to ', ' and ')} with 90 % probability. Plan by the lower bound, not by the best estimate.`,
      `P(failure within ${hours(rul.horizonHours)}) = ${pct(rul.failureProbability)}: weigh it against the cost of a stop before then.`,
      'It changes as data arrives: a faster fall shortens it, a repair or a change of load resets it.',
    );
    checkFirst.push(`Plan the repair before ${hours(rul.lowerHours)} from now (the interval's lower bound)`);
    if (fm) {
      checkFirst.push(
        `Prepare for ${fm.name.toLowerCase()}: parts, people (${fm.skill}) and about ${fm.repairHours} h of downtime`,
      );
      checkFirst.push(...checksOf(fm).slice(0, CHECK_FIRST - 2));
    } else checkFirst.push('Find the cause first: see "Why this health score?" and the drivers below');
  }
  return assetWhy(x, 'rul', rul?.ts ?? x.health?.ts ?? x.now, { headline, deviations, top, fm, checkFirst, notes }, [
    'remaining-useful-life',
    'health-score',
  ]);
}
