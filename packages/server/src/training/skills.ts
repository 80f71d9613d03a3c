/**
 * The skills matrix: for each trainee and each skill of the library, how their submitted attempts at scenarios
 * exercising that skill went. The level rule: take the best total among the trainee's last LEVEL_WINDOW (3) attempts
 * of the skill — proficient at 85 or more, competent at 60 to 84, novice below 60; no attempt is not_started. Using
 * the recent attempts (not all-time) lets a level fall again when someone stops getting it right, and taking the best
 * of them keeps one bad day from undoing it.
 */
import type { SkillCell, SkillLevel, SkillsMatrix, TrainingAttempt } from '@prognos/core';

export const LEVEL_WINDOW = 3;
export const PROFICIENT_AT = 85;
export const COMPETENT_AT = 60;

export function levelOf(recentBest: number | undefined): SkillLevel {
  if (recentBest === undefined) return 'not_started';
  if (recentBest >= PROFICIENT_AT) return 'proficient';
  if (recentBest >= COMPETENT_AT) return 'competent';
  return 'novice';
}

/**
 * The matrix from the attempts (any order; only scored ones count) and the skills of each scenario. Trainees are
 * every one with an attempt or in `trainees` (e.g. assigned but not started), sorted; skills keep the given order.
 */
export function skillsMatrix(
  attempts: readonly TrainingAttempt[],
  skillsOf: (scenarioId: string) => readonly string[],
  skills: readonly string[],
  trainees: readonly string[] = [],
): SkillsMatrix {
  const people = [...new Set([...trainees, ...attempts.map((a) => a.trainee)])].sort();
  const scored = attempts
    .filter((a) => a.score !== undefined)
    .sort((a, b) => (a.submittedAt ?? a.startedAt) - (b.submittedAt ?? b.startedAt));
  const cells: SkillCell[] = [];
  for (const trainee of people) {
    for (const skill of skills) {
      const mine = scored.filter((a) => a.trainee === trainee && skillsOf(a.scenarioId).includes(skill));
      const totals = mine.map((a) => a.score!.total);
      const recent = totals.slice(-LEVEL_WINDOW);
      cells.push({
        trainee,
        skill,
        attempts: totals.length,
        best: totals.length ? Math.max(...totals) : 0,
        last: totals.length ? totals[totals.length - 1]! : 0,
        level: levelOf(recent.length ? Math.max(...recent) : undefined),
      });
    }
  }
  return { skills: [...skills], trainees: people, cells };
}
