/** Display rules of the training pages: grouping the library, labels, the score's parts and the skills matrix. */
import type {
  SkillCell,
  SkillLevel,
  SkillsMatrix,
  TrainingAssignment,
  TrainingAttempt,
  TrainingScenario,
  TrainingScore,
  TrainingSeverity,
} from '@prognos/core';
import { assetTypeLabel } from './format';

export const DIFFICULTY_LABEL: Record<1 | 2 | 3, string> = { 1: 'Basic', 2: 'Intermediate', 3: 'Hard' };

export const SEVERITY_LABEL: Record<TrainingSeverity, string> = {
  early: 'Early stage',
  moderate: 'Moderate',
  advanced: 'Advanced',
};

export const SKILL_LEVEL_LABEL: Record<SkillLevel, string> = {
  not_started: 'Not started',
  novice: 'Novice',
  competent: 'Competent',
  proficient: 'Proficient',
};

export const ASSIGNMENT_STATUS_LABEL: Record<TrainingAssignment['status'], string> = {
  assigned: 'Assigned',
  started: 'Started',
  done: 'Done',
};

export interface ScenarioGroup {
  assetType: string;
  label: string;
  scenarios: TrainingScenario[];
}

/** The library by asset type (types alphabetical by label), easiest first within a type, then by title. */
export function groupByAssetType(scenarios: readonly TrainingScenario[]): ScenarioGroup[] {
  const groups = new Map<string, TrainingScenario[]>();
  for (const s of scenarios) {
    const g = groups.get(s.assetType);
    if (g) g.push(s);
    else groups.set(s.assetType, [s]);
  }
  return [...groups.entries()]
    .map(([assetType, list]) => ({
      assetType,
      label: assetTypeLabel(assetType),
      scenarios: [...list].sort((a, b) => a.difficulty - b.difficulty || a.title.localeCompare(b.title)),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** A running timer: "0:07", "12:34", "1:02:03". */
export function fmtTimer(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export interface ScorePart {
  id: 'diagnosis' | 'sensors' | 'actions' | 'time';
  label: string;
  points: number;
  max: number;
}

/** The four parts of a score, in the order the trainee worked them. */
export function scoreParts(score: TrainingScore): ScorePart[] {
  return [
    { id: 'diagnosis', label: 'Diagnosis', points: score.diagnosis.points, max: score.diagnosis.max },
    { id: 'sensors', label: 'Faulty sensors', points: score.sensors.points, max: score.sensors.max },
    { id: 'actions', label: 'Actions', points: score.actions.points, max: score.actions.max },
    { id: 'time', label: 'Time', points: score.time.points, max: score.time.max },
  ];
}

/** Points with at most one decimal ("12", "7.5"), so parts and total read the same everywhere. */
export function fmtPoints(p: number): string {
  return Number.isInteger(p) ? String(p) : (Math.round(p * 10) / 10).toString();
}

/** The colour of a total: good from 80, fair from 50, poor below. */
export function scoreGrade(total: number): 'good' | 'fair' | 'poor' {
  if (total >= 80) return 'good';
  if (total >= 50) return 'fair';
  return 'poor';
}

/** Newest first: submitted attempts by submission time, unsubmitted ones by their start. */
export function byNewest(a: TrainingAttempt, b: TrainingAttempt): number {
  return (b.submittedAt ?? b.startedAt) - (a.submittedAt ?? a.startedAt);
}

/** Open work first (assigned, then started), then done; within a status the earliest due, undated last. */
export function byAssignmentUrgency(a: TrainingAssignment, b: TrainingAssignment): number {
  const rank = { started: 0, assigned: 1, done: 2 } as const;
  return (
    rank[a.status] - rank[b.status] ||
    (a.dueAt ?? Number.POSITIVE_INFINITY) - (b.dueAt ?? Number.POSITIVE_INFINITY) ||
    b.assignedAt - a.assignedAt
  );
}

/** The matrix as rows: one per trainee, one cell per skill in the matrix's order (a missing cell: not started). */
export function matrixRows(m: SkillsMatrix): { trainee: string; cells: SkillCell[] }[] {
  const byKey = new Map(m.cells.map((c) => [`${c.trainee}\u0000${c.skill}`, c]));
  return m.trainees.map((trainee) => ({
    trainee,
    cells: m.skills.map(
      (skill) =>
        byKey.get(`${trainee}\u0000${skill}`) ?? {
          trainee,
          skill,
          attempts: 0,
          best: 0,
          last: 0,
          level: 'not_started' as const,
        },
    ),
  }));
}

/** The scenario's difficulty as filled dots: ●●○. */
export function difficultyDots(d: number): string {
  const n = Math.max(1, Math.min(3, Math.round(d)));
  return '●'.repeat(n) + '○'.repeat(3 - n);
}

/**
 * The right answer of a multiple choice, rebuilt from what the trainee chose and what the score says about it:
 * their choices less the wrong ones, plus the ones they missed (the score does not list the answer outright).
 */
export function correctChoices(
  chosen: readonly string[],
  missed: readonly string[],
  wrong: readonly string[],
): string[] {
  const bad = new Set(wrong);
  return [...new Set([...chosen.filter((c) => !bad.has(c)), ...missed])];
}

/** "1 scored attempt", "3 scored attempts". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
