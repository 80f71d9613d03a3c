/**
 * Scoring of a training attempt, out of 100:
 *   - diagnosis 50: the right failure mode 50; a wrong mode of the same component (e.g. the other bearing) 20;
 *   - sensors 15: each faulty sensor flagged earns its share; each sensor wrongly flagged costs 5 (never below 0);
 *     a scenario without a faulty sensor gives the 15 points unless sensors are wrongly flagged;
 *   - actions 25: each necessary action missed costs its share of 25 (25 / number necessary), each unnecessary
 *     action chosen costs 5 (never below 0);
 *   - time 10: full up to the scenario's target minutes, falling linearly to 0 at three times the target.
 * The feedback explains the answer from the case's own evidence (which sensors moved which way, and how that
 * matches the mode's symptoms), why the distractor is an instrument fault, and what each unnecessary action costs.
 */
import type {
  FailureMode,
  LessonRef,
  Sensor,
  SensorContribution,
  Symptom,
  TrainingScore,
  TrainingSubmission,
} from '@prognos/core';
import { DEFAULT_FAILURE_MODES } from '@prognos/maintenance';
import { type ActionDef, describeCost } from './actions';
import { SANDBOX_PREFIX } from './case-builder';
import { LESSON_TITLES, type ScenarioDef } from './scenarios';

export const MAX = { diagnosis: 50, sensors: 15, actions: 25, time: 10 } as const;
/** Points for a wrong mode in the right component. */
export const SAME_COMPONENT_POINTS = 20;
/** Cost of each sensor flagged that tells the truth, and of each unnecessary action. */
export const WRONG_FLAG_PENALTY = 5;
export const UNNECESSARY_ACTION_PENALTY = 5;

export interface ScoreInput {
  def: ScenarioDef;
  submission: TrainingSubmission;
  /** Minutes from start to submission. */
  minutes: number;
  /** The case's alert contributions and sensors (to explain the evidence). */
  contributions: readonly SensorContribution[];
  sensors: readonly Pick<Sensor, 'id' | 'kind'>[];
  /** Actions offered in the case, by id. */
  actions: ReadonlyMap<string, ActionDef>;
  sensorId: (tag: string) => string;
  downtimeCostPerHour: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** A sensor's name without the sandbox asset id in front ("DE bearing vibration"). */
const plain = (name: string) =>
  name.startsWith(SANDBOX_PREFIX) && name.includes(' ') ? name.slice(name.indexOf(' ') + 1) : name;

/** Time points: full to the target, linear to 0 at 3× the target. */
export function timePoints(minutes: number, targetMinutes: number): number {
  if (minutes <= targetMinutes) return MAX.time;
  const over = (minutes - targetMinutes) / (2 * targetMinutes);
  return round1(Math.max(0, MAX.time * (1 - over)));
}

function modeById(id: string): FailureMode | undefined {
  return DEFAULT_FAILURE_MODES.find((m) => m.id === id);
}

interface Movement {
  sensor: string;
  name: string;
  direction: 'up' | 'down';
  share: number;
}

/** The sensors that carry the anomaly (outside their normal band, share ≥ 3 %), largest first, at most four. */
function movements(cs: readonly SensorContribution[], skip: ReadonlySet<string>): Movement[] {
  return [...cs]
    .filter((c) => !skip.has(c.sensor) && c.share >= 0.03 && (c.value > c.high || c.value < c.low))
    .sort((a, b) => b.share - a.share)
    .slice(0, 4)
    .map((c) => ({
      sensor: c.sensor,
      name: plain(c.name),
      direction: c.value > c.high ? 'up' : 'down',
      share: c.share,
    }));
}

/** The mode's symptom a movement shows (same sensor kind and direction; located on that sensor when it says where). */
function symptomOf(
  mode: FailureMode,
  m: Movement,
  kindOf: (sensor: string) => string | undefined,
): Symptom | undefined {
  const kind = kindOf(m.sensor);
  const candidates = mode.symptoms.filter((s) => s.kind === kind && s.direction === m.direction);
  return (
    candidates.find((s) => s.location !== undefined && `${m.sensor} ${m.name}`.includes(s.location)) ??
    candidates.find((s) => s.location === undefined) ??
    candidates[0]
  );
}

/** "DE bearing vibration up (62 % of the anomaly): vibration rises at the worn bearing" for each movement. */
function evidenceOf(
  mode: FailureMode,
  moved: readonly Movement[],
  kindOf: (sensor: string) => string | undefined,
): string {
  if (moved.length === 0)
    return 'The deviations were still small, so the pattern is in the trends rather than the alert.';
  const parts = moved.map((m) => {
    const what = `${m.name} ${m.direction} (${Math.round(m.share * 100)} % of the anomaly)`;
    const s = symptomOf(mode, m, kindOf);
    return s ? `${what}, as this mode does: ${s.text}` : `${what}, which this mode does not explain on its own`;
  });
  return `The data showed ${parts.join('; ')}.`;
}

export function scoreAttempt(input: ScoreInput): TrainingScore {
  const { def, submission, actions } = input;
  const feedback: string[] = [];
  const correct = modeById(def.answer.failureModeId);
  if (!correct)
    throw new Error(`training scenario ${def.id}: answer ${def.answer.failureModeId} is not in the library`);
  const chosen = modeById(submission.failureModeId);

  // Diagnosis
  const right = submission.failureModeId === correct.id;
  const sameComponent = !right && chosen !== undefined && chosen.component === correct.component;
  const diagnosisPoints = right ? MAX.diagnosis : sameComponent ? SAME_COMPONENT_POINTS : 0;
  const faultyIds = new Set(def.answer.faultySensors.map(input.sensorId));
  const moved = movements(input.contributions, faultyIds);
  const kinds = new Map(input.sensors.map((x) => [x.id, x.kind as string]));
  const kindOf = (id: string) => kinds.get(id);
  const evidence = evidenceOf(correct, moved, kindOf);
  if (right) feedback.push(`Right: ${correct.name}. ${evidence}`);
  else {
    feedback.push(`The failure was ${correct.name}, not ${chosen?.name ?? submission.failureModeId}. ${evidence}`);
    if (sameComponent)
      feedback.push(`You found the right component (${correct.component}), which earns part of the diagnosis points.`);
    else if (chosen) {
      const expected = chosen.symptoms
        .filter((x) => x.weight >= 0.5)
        .map((x) => `${x.text} (${x.kind.replace(/_/g, ' ')} ${x.direction})`)
        .slice(0, 2);
      if (expected.length > 0)
        feedback.push(
          `${chosen.name} would have shown ${expected.join('; ')} — compare that with what the sensors did.`,
        );
    }
  }

  if (def.note) feedback.push(def.note);

  // Sensors
  const flagged = new Set((submission.faultySensors ?? []).map((s) => (s.includes('.') ? s : input.sensorId(s))));
  const missed = [...faultyIds].filter((s) => !flagged.has(s));
  const wronglyFlagged = [...flagged].filter((s) => !faultyIds.has(s));
  const found = faultyIds.size - missed.length;
  const sensorBase = faultyIds.size === 0 ? MAX.sensors : (MAX.sensors * found) / faultyIds.size;
  const sensorPoints = round1(Math.max(0, sensorBase - WRONG_FLAG_PENALTY * wronglyFlagged.length));
  if (def.distractor) {
    const id = input.sensorId(def.distractor.sensor);
    const name = plain(input.contributions.find((c) => c.sensor === id)?.name ?? def.distractor.sensor);
    const what = `${name} had a sensor fault (${def.distractor.fault.replace('_', ' ')}): ${def.distractor.tell}.`;
    feedback.push(missed.includes(id) ? `You did not flag a lying sensor. ${what}` : `Well spotted: ${what}`);
  }
  for (const s of wronglyFlagged) {
    const name = plain(input.contributions.find((c) => c.sensor === s)?.name ?? s);
    feedback.push(
      `${name} was telling the truth: its change is part of the fault, not an instrument problem. A sensor you distrust wrongly hides real evidence.`,
    );
  }

  // Actions
  const necessary = new Set(def.answer.necessaryActions);
  const chosenActions = new Set(submission.actions);
  const missedActions = [...necessary].filter((a) => !chosenActions.has(a));
  const unnecessary = [...chosenActions].filter((a) => !necessary.has(a));
  const perMissed = necessary.size > 0 ? MAX.actions / necessary.size : 0;
  const actionPoints = round1(
    Math.max(0, MAX.actions - perMissed * missedActions.length - UNNECESSARY_ACTION_PENALTY * unnecessary.length),
  );
  for (const id of missedActions) {
    const act = actions.get(id);
    feedback.push(`Missed: “${act?.text ?? id}” — the job is not done without it.`);
  }
  for (const id of unnecessary) {
    const act = actions.get(id);
    if (!act) continue;
    feedback.push(
      `Not needed: “${act.text}” would have cost ${describeCost(act.cost, input.downtimeCostPerHour)} without fixing anything.`,
    );
  }

  // Time
  const minutes = round1(input.minutes);
  const time = timePoints(minutes, def.targetMinutes);
  if (time < MAX.time)
    feedback.push(
      `You took ${minutes} min against a target of ${def.targetMinutes} min: start from the top contributors of the alert.`,
    );

  const total = round1(diagnosisPoints + sensorPoints + actionPoints + time);
  const lessons: LessonRef[] = def.lessons.map((id) => ({ id, title: LESSON_TITLES[id] ?? id }));
  return {
    total,
    diagnosis: {
      points: diagnosisPoints,
      max: MAX.diagnosis,
      correct: right,
      correctFailureModeId: correct.id,
      correctName: correct.name,
    },
    sensors: { points: sensorPoints, max: MAX.sensors, missed, wronglyFlagged },
    actions: { points: actionPoints, max: MAX.actions, missed: missedActions, unnecessary },
    time: { points: time, max: MAX.time, minutes, targetMinutes: def.targetMinutes },
    feedback,
    lessons,
  };
}
