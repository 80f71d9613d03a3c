import type { TrainingAttempt, TrainingScore } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { levelOf, skillsMatrix } from './skills';

const attempt = (id: string, trainee: string, scenarioId: string, at: number, total?: number): TrainingAttempt => ({
  id,
  trainee,
  scenarioId,
  seed: 1,
  startedAt: at - 1,
  ...(total !== undefined
    ? { status: 'submitted' as const, submittedAt: at, score: { total } as TrainingScore }
    : { status: 'in_progress' as const }),
});
const SKILLS: Record<string, string[]> = { a: ['alignment'], b: ['bearing faults', 'sensor faults'] };

describe('skills matrix', () => {
  it('levels: not started, novice < 60, competent 60–84, proficient ≥ 85', () => {
    expect(levelOf(undefined)).toBe('not_started');
    expect(levelOf(0)).toBe('novice');
    expect(levelOf(59.9)).toBe('novice');
    expect(levelOf(60)).toBe('competent');
    expect(levelOf(84.9)).toBe('competent');
    expect(levelOf(85)).toBe('proficient');
  });

  it('counts scored attempts per skill, best and last, and levels on the best of the last three', () => {
    const m = skillsMatrix(
      [
        // ann: 90 long ago, then three weak attempts → novice now, though her best stays 90
        attempt('1', 'ann', 'a', 1, 90),
        attempt('2', 'ann', 'a', 2, 40),
        attempt('3', 'ann', 'a', 3, 50),
        attempt('4', 'ann', 'a', 4, 55),
        // bob: two attempts at a two-skill scenario, in any order; an unscored one does not count
        attempt('6', 'bob', 'b', 6, 70),
        attempt('5', 'bob', 'b', 5, 50),
        attempt('7', 'bob', 'b', 7),
      ],
      (id) => SKILLS[id] ?? [],
      ['alignment', 'bearing faults', 'sensor faults'],
      ['cid'],
    );
    expect(m.trainees).toEqual(['ann', 'bob', 'cid']);
    expect(m.cells).toHaveLength(9);
    const cell = (t: string, s: string) => m.cells.find((c) => c.trainee === t && c.skill === s)!;
    expect(cell('ann', 'alignment')).toEqual({
      trainee: 'ann',
      skill: 'alignment',
      attempts: 4,
      best: 90,
      last: 55,
      level: 'novice',
    });
    expect(cell('ann', 'bearing faults')).toMatchObject({ attempts: 0, level: 'not_started' });
    expect(cell('bob', 'bearing faults')).toMatchObject({ attempts: 2, best: 70, last: 70, level: 'competent' });
    expect(cell('bob', 'sensor faults')).toMatchObject({ attempts: 2, level: 'competent' });
    expect(cell('cid', 'alignment')).toMatchObject({ attempts: 0, best: 0, last: 0, level: 'not_started' });
  });
});
