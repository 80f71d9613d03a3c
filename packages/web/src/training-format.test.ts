import type { SkillsMatrix, TrainingAssignment, TrainingAttempt, TrainingScenario, TrainingScore } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import {
  byAssignmentUrgency,
  byNewest,
  correctChoices,
  difficultyDots,
  fmtPoints,
  fmtTimer,
  groupByAssetType,
  matrixRows,
  plural,
  scoreGrade,
  scoreParts,
} from './training-format';

const scenario = (id: string, assetType: string, difficulty: 1 | 2 | 3, title = id): TrainingScenario => ({
  id,
  title,
  assetType,
  briefing: '',
  severity: 'moderate',
  distractors: [],
  skills: [],
  difficulty,
  targetMinutes: 10,
});

const assignment = (id: string, status: TrainingAssignment['status'], dueAt?: number, assignedAt = 0) =>
  ({ id, trainee: 't', scenarioId: 's', assignedBy: 'i', assignedAt, dueAt, status }) as TrainingAssignment;

describe('training display rules', () => {
  it('groups the library by machine type (by label), easiest first, then by title', () => {
    const groups = groupByAssetType([
      scenario('m2', 'induction_motor', 2),
      scenario('p3', 'centrifugal_pump', 3),
      scenario('p1b', 'centrifugal_pump', 1, 'B'),
      scenario('p1a', 'centrifugal_pump', 1, 'A'),
      scenario('f1', 'fan', 1),
    ]);
    expect(groups.map((g) => g.label)).toEqual(['Centrifugal pump', 'Fan', 'Induction motor']);
    expect(groups[0]?.scenarios.map((s) => s.id)).toEqual(['p1a', 'p1b', 'p3']);
    expect(groups[0]?.assetType).toBe('centrifugal_pump');
    expect(groupByAssetType([])).toEqual([]);
  });

  it('shows the running timer as m:ss, or h:mm:ss past an hour', () => {
    expect(fmtTimer(0)).toBe('0:00');
    expect(fmtTimer(7_900)).toBe('0:07');
    expect(fmtTimer(754_000)).toBe('12:34');
    expect(fmtTimer(3_723_000)).toBe('1:02:03');
    expect(fmtTimer(-5_000)).toBe('0:00');
  });

  it('splits a score into its four parts, whose points add up to the total the server gave', () => {
    const score: TrainingScore = {
      total: 67.5,
      diagnosis: { points: 40, max: 50, correct: true, correctFailureModeId: 'x', correctName: 'X' },
      sensors: { points: 7.5, max: 15, missed: ['a'], wronglyFlagged: [] },
      actions: { points: 12, max: 25, missed: [], unnecessary: ['b'] },
      time: { points: 8, max: 10, minutes: 12, targetMinutes: 10 },
      feedback: ['f'],
      lessons: [],
    };
    const parts = scoreParts(score);
    expect(parts.map((p) => p.id)).toEqual(['diagnosis', 'sensors', 'actions', 'time']);
    expect(parts.reduce((s, p) => s + p.points, 0)).toBe(score.total);
    expect(parts.reduce((s, p) => s + p.max, 0)).toBe(100);
    expect(fmtPoints(67.5)).toBe('67.5');
    expect(fmtPoints(40)).toBe('40');
    expect(fmtPoints(1 / 3)).toBe('0.3');
  });

  it('grades a total: good from 80, fair from 50, poor below', () => {
    expect(scoreGrade(100)).toBe('good');
    expect(scoreGrade(80)).toBe('good');
    expect(scoreGrade(79.9)).toBe('fair');
    expect(scoreGrade(50)).toBe('fair');
    expect(scoreGrade(49)).toBe('poor');
  });

  it('rebuilds the right answer from the choices and what the score says was missed or wrong', () => {
    expect(correctChoices(['a', 'b', 'c'], ['d'], ['b'])).toEqual(['a', 'c', 'd']);
    expect(correctChoices([], ['x', 'y'], [])).toEqual(['x', 'y']);
    expect(correctChoices(['w'], [], ['w'])).toEqual([]);
    expect(correctChoices(['a'], ['a'], [])).toEqual(['a']);
  });

  it('lists attempts newest first (by submission, else start) and open assignments before done ones', () => {
    const at = (id: string, startedAt: number, submittedAt?: number) =>
      ({ id, startedAt, submittedAt }) as TrainingAttempt;
    expect([at('a', 1, 10), at('b', 20), at('c', 2, 30)].sort(byNewest).map((a) => a.id)).toEqual(['c', 'b', 'a']);
    const list = [
      assignment('done', 'done', 1),
      assignment('undated', 'assigned'),
      assignment('late', 'assigned', 500),
      assignment('soon', 'assigned', 100),
      assignment('started', 'started', 900),
    ];
    expect(list.sort(byAssignmentUrgency).map((a) => a.id)).toEqual(['started', 'soon', 'late', 'undated', 'done']);
  });

  it('lays the skills matrix out as one row per trainee and one cell per skill, missing cells not started', () => {
    const m: SkillsMatrix = {
      skills: ['bearing faults', 'sensor faults'],
      trainees: ['ann', 'tom'],
      cells: [
        { trainee: 'tom', skill: 'sensor faults', attempts: 2, best: 90, last: 70, level: 'proficient' },
        { trainee: 'ann', skill: 'bearing faults', attempts: 1, best: 40, last: 40, level: 'novice' },
      ],
    };
    const rows = matrixRows(m);
    expect(rows.map((r) => r.trainee)).toEqual(['ann', 'tom']);
    expect(rows[0]?.cells.map((c) => c.level)).toEqual(['novice', 'not_started']);
    expect(rows[1]?.cells.map((c) => [c.skill, c.level])).toEqual([
      ['bearing faults', 'not_started'],
      ['sensor faults', 'proficient'],
    ]);
  });

  it('counts in words', () => {
    expect(plural(1, 'scenario')).toBe('1 scenario');
    expect(plural(0, 'scored attempt')).toBe('0 scored attempts');
    expect(plural(2, 'match', 'matches')).toBe('2 matches');
  });

  it('draws difficulty as three dots', () => {
    expect(difficultyDots(1)).toBe('●○○');
    expect(difficultyDots(3)).toBe('●●●');
    expect(difficultyDots(7)).toBe('●●●');
  });
});
