import type {
  Asset,
  SkillsMatrix,
  TrainingAssignment,
  TrainingAttempt,
  TrainingCase,
  TrainingScenario,
} from '@prognos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioDef } from '../packages/server/src/training/scenarios';
import { getJson, postJson, startTestServer, type TestServer } from './harness';

interface ErrorBody {
  code: string;
  message: string;
}

describe('training API', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ backfillHours: 0.2 });
  });
  afterAll(async () => s?.stop());

  const start = (scenarioId: string, trainee: string, assignmentId?: string) =>
    postJson<TrainingCase>(`${s.base}/api/training/attempts`, { scenarioId, trainee, assignmentId });

  /** The right answer of a case, read from the server's own library. */
  function rightAnswer(c: TrainingCase) {
    const def = scenarioDef(c.scenario.id)!;
    return {
      failureModeId: def.answer.failureModeId,
      faultySensors: def.answer.faultySensors.map((t) => `${c.asset.id}.${t}`),
      actions: def.answer.necessaryActions,
    };
  }

  it('lists at least 12 scenarios over at least 4 asset types, without answers', async () => {
    const r = await getJson<{ scenarios: TrainingScenario[] }>(`${s.base}/api/training/scenarios`);
    expect(r.status).toBe(200);
    expect(r.body.scenarios.length).toBeGreaterThanOrEqual(12);
    expect(new Set(r.body.scenarios.map((x) => x.assetType)).size).toBeGreaterThanOrEqual(4);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain('failureModeId');
    for (const x of r.body.scenarios) for (const d of x.distractors) expect(d.sensor).toBe('hidden');
    const pumps = await getJson<{ scenarios: TrainingScenario[] }>(
      `${s.base}/api/training/scenarios?assetType=centrifugal_pump`,
    );
    expect(pumps.body.scenarios.length).toBeGreaterThan(0);
    expect(pumps.body.scenarios.every((x) => x.assetType === 'centrifugal_pump')).toBe(true);
    const one = await getJson<TrainingScenario>(`${s.base}/api/training/scenarios/pump-after-motor-change`);
    expect(one.body.title).toContain('pump');
    const none = await getJson<ErrorBody>(`${s.base}/api/training/scenarios/nope`);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('TRAINING_SCENARIO_NOT_FOUND');
  });

  it('refuses bad starts with coded 400s naming the field', async () => {
    const unknown = await start('nope', 'ann');
    expect(unknown.status).toBe(400);
    expect((unknown.body as unknown as ErrorBody).code).toBe('TRAINING_INVALID');
    expect((unknown.body as unknown as ErrorBody).message).toContain('scenarioId');
    const empty = await start('pump-after-motor-change', '  ');
    expect(empty.status).toBe(400);
    expect((empty.body as unknown as ErrorBody).message).toContain('trainee');
  });

  it('plays a scenario in a sandbox and scores the right answer high', async () => {
    const r = await start('pump-crackling-noise', 'ann');
    expect(r.status).toBe(201);
    const c = r.body;
    expect(c.attemptId).toMatch(/^TA-/);
    expect(c.asset.id.startsWith('TRAIN-')).toBe(true);
    expect(c.series.length).toBe(c.sensors.length);
    for (const x of c.series) {
      expect(x.ts.length).toBeGreaterThan(500);
      expect(x.values.length).toBe(x.ts.length);
    }
    expect(c.alert.contributions.length).toBeGreaterThan(0);
    expect(c.alert.explanation.length).toBeGreaterThan(20);
    expect(c.candidateModes.map((m) => m.id)).toContain('pump-cavitation');
    expect(c.actions.length).toBeGreaterThan(5);

    // sandbox: nothing of the case is in the plant's registry
    const assets = await getJson<Asset[]>(`${s.base}/api/assets`);
    expect(assets.body.length).toBeGreaterThan(0);
    expect(assets.body.some((a) => a.id.startsWith('TRAIN-'))).toBe(false);
    const sensors = await getJson<{ id: string }[]>(`${s.base}/api/sensors`);
    expect(sensors.body.some((x) => x.id.startsWith('TRAIN-'))).toBe(false);

    // the same case comes back (rebuilt from its seed or cached)
    const again = await getJson<{ attempt: TrainingAttempt; case: TrainingCase }>(
      `${s.base}/api/training/attempts/${c.attemptId}`,
    );
    expect(again.body.attempt.status).toBe('in_progress');
    expect(again.body.case.series[0]!.values.slice(0, 50)).toEqual(c.series[0]!.values.slice(0, 50));

    const bad = await postJson<ErrorBody>(`${s.base}/api/training/attempts/${c.attemptId}/submit`, {
      failureModeId: 'pump-cavitation',
      actions: [c.actions[0]!.id, 'not-an-action'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('actions[1]');
    const badMode = await postJson<ErrorBody>(`${s.base}/api/training/attempts/${c.attemptId}/submit`, {
      failureModeId: 'motor-bearing-wear',
      actions: [],
    });
    expect(badMode.status).toBe(400);
    expect(badMode.body.message).toContain('failureModeId');

    const done = await postJson<TrainingAttempt>(
      `${s.base}/api/training/attempts/${c.attemptId}/submit`,
      rightAnswer(c),
    );
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('submitted');
    expect(done.body.score!.total).toBeGreaterThanOrEqual(90);
    expect(done.body.score!.diagnosis.correct).toBe(true);
    expect(done.body.score!.feedback.length).toBeGreaterThan(0);
    expect(done.body.score!.lessons.map((l) => l.id)).toContain('cavitation');

    const twice = await postJson<ErrorBody>(`${s.base}/api/training/attempts/${c.attemptId}/submit`, rightAnswer(c));
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('TRAINING_ALREADY_SUBMITTED');

    // once submitted, the distractor is named
    const after = await getJson<{ case: TrainingCase }>(`${s.base}/api/training/attempts/${c.attemptId}`);
    expect(after.body.case.scenario.distractors[0]!.sensor).toBe('TEMP-BRG');
  });

  it('scores a wrong answer low with feedback that teaches', async () => {
    const c = (await start('pump-after-motor-change', 'bob')).body;
    const wrongAction = c.actions.find((a) => a.id === 'pump-replace-motor')!;
    const r = await postJson<TrainingAttempt>(`${s.base}/api/training/attempts/${c.attemptId}/submit`, {
      failureModeId: 'pump-cavitation',
      faultySensors: [`${c.asset.id}.VIB-NDE`],
      actions: [wrongAction.id],
    });
    expect(r.status).toBe(200);
    const score = r.body.score!;
    expect(score.total).toBeLessThan(40);
    expect(score.diagnosis.correct).toBe(false);
    expect(score.diagnosis.correctFailureModeId).toBe('pump-misalignment');
    expect(score.actions.unnecessary).toEqual(['pump-replace-motor']);
    expect(score.actions.missed).toEqual(['pump-laser-align']);
    expect(score.sensors.wronglyFlagged).toEqual([`${c.asset.id}.VIB-NDE`]);
    const text = score.feedback.join(' ');
    expect(text).toContain('Shaft misalignment');
    expect(text).toMatch(/downtime/);
  });

  it('assigns, completes the assignment and fills the skills matrix', async () => {
    const a = await postJson<TrainingAssignment>(`${s.base}/api/training/assignments`, {
      trainee: 'carl',
      scenarioId: 'fan-after-remount',
      assignedBy: 'instructor',
      note: 'before the summer stop',
    });
    expect(a.status).toBe(201);
    expect(a.body.status).toBe('assigned');
    const bad = await postJson<ErrorBody>(`${s.base}/api/training/assignments`, {
      trainee: 'carl',
      scenarioId: 'nope',
      assignedBy: 'instructor',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('scenarioId');

    const c = (await start('fan-after-remount', 'carl', a.body.id)).body;
    const started = await getJson<{ assignments: TrainingAssignment[] }>(
      `${s.base}/api/training/assignments?trainee=carl`,
    );
    expect(started.body.assignments[0]!.status).toBe('started');
    await postJson(`${s.base}/api/training/attempts/${c.attemptId}/submit`, rightAnswer(c));
    const done = await getJson<{ assignments: TrainingAssignment[] }>(
      `${s.base}/api/training/assignments?trainee=carl&status=done`,
    );
    expect(done.body.assignments.map((x) => x.id)).toEqual([a.body.id]);
    expect(done.body.assignments[0]!.attemptId).toBe(c.attemptId);

    const list = await getJson<{ attempts: TrainingAttempt[] }>(`${s.base}/api/training/attempts?trainee=carl`);
    expect(list.body.attempts.map((x) => x.id)).toEqual([c.attemptId]);

    const m = await getJson<SkillsMatrix>(`${s.base}/api/training/skills`);
    expect(m.body.skills).toContain('alignment');
    expect(m.body.trainees).toEqual(expect.arrayContaining(['ann', 'bob', 'carl']));
    const cell = (trainee: string, skill: string) =>
      m.body.cells.find((x) => x.trainee === trainee && x.skill === skill)!;
    expect(cell('carl', 'alignment').level).toBe('proficient');
    expect(cell('bob', 'alignment').level).toBe('novice');
    expect(cell('ann', 'cavitation').level).toBe('proficient');
    expect(cell('ann', 'sensor faults').attempts).toBe(1);
    expect(cell('carl', 'overheating').level).toBe('not_started');
  });
});
