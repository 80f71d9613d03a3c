import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrognosError } from '@prognos/core';
import { openSqliteStore, type SqliteStore } from '@prognos/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scenarioDef } from './scenarios';
import { TrainingService } from './training-service';

const log = { info: () => {}, warn: () => {} };
const MIN = 60_000;

/** The coded error a call throws (code and message). */
async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as PrognosError;
    return { code: err.code, message: err.message };
  }
  throw new Error('expected the call to fail');
}

describe('TrainingService', () => {
  let dir: string;
  let store: SqliteStore;
  let now: number;
  let svc: TrainingService;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'prognos-training-'));
    store = openSqliteStore({ path: join(dir, 'store.db') });
    now = Date.UTC(2026, 5, 1, 8);
    svc = new TrainingService({ metadata: store.metadata, log, now: () => now });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists and filters the library and answers 404 for an unknown scenario', async () => {
    expect(svc.scenarios().length).toBeGreaterThanOrEqual(14);
    expect(svc.scenarios('gearbox').every((s) => s.assetType === 'gearbox')).toBe(true);
    expect(svc.scenarios('gearbox').length).toBeGreaterThan(0);
    expect(() => svc.scenario('nope')).toThrow(/does not exist/);
  });

  it('plays an attempt in a sandbox, scores the time from the clock, and refuses a second submission', async () => {
    const c = await svc.start({ scenarioId: 'pump-losing-flow', trainee: ' ann ' });
    // nothing of the case reaches the plant's registry
    expect(await store.metadata.listAssets()).toEqual([]);
    expect(await store.metadata.listSensors()).toEqual([]);
    const stored = await store.metadata.getTrainingAttempt(c.attemptId);
    expect(stored).toMatchObject({ trainee: 'ann', scenarioId: 'pump-losing-flow', status: 'in_progress' });

    // a service without the cache rebuilds the identical case from the stored seed
    const fresh = new TrainingService({ metadata: store.metadata, log, now: () => now });
    const again = await fresh.attempt(c.attemptId);
    expect(again.case.series).toEqual(c.series);
    expect(again.case.actions).toEqual(c.actions);

    now += 16 * MIN; // target 8 min: 16 min is half way to 3× → 5 of 10 time points
    const def = scenarioDef('pump-losing-flow')!;
    const done = await svc.submit(c.attemptId, {
      failureModeId: def.answer.failureModeId,
      actions: def.answer.necessaryActions,
    });
    expect(done.score!.time).toEqual({ points: 5, max: 10, minutes: 16, targetMinutes: 8 });
    expect(done.score!.total).toBe(95);
    expect(done.submittedAt).toBe(now);
    const twice = await failure(svc.submit(c.attemptId, { failureModeId: def.answer.failureModeId, actions: [] }));
    expect(twice.code).toBe('TRAINING_ALREADY_SUBMITTED');
    expect((await failure(svc.attempt('nope'))).code).toBe('TRAINING_ATTEMPT_NOT_FOUND');
  });

  it('checks submissions field by field, naming the index of a bad item', async () => {
    const c = await svc.start({ scenarioId: 'fan-weak-extraction', trainee: 'bob' });
    const bad = (body: unknown) => failure(svc.submit(c.attemptId, body));
    expect(await bad({ actions: [] })).toMatchObject({
      code: 'TRAINING_INVALID',
      message: expect.stringContaining('"failureModeId"'),
    });
    expect((await bad({ failureModeId: 'pump-cavitation', actions: [] })).message).toContain('unknown failure mode');
    expect((await bad({ failureModeId: 'fan-filter-clogged' })).message).toContain('"actions"');
    expect((await bad({ failureModeId: 'fan-filter-clogged', actions: [c.actions[0]!.id, 7] })).message).toContain(
      '"actions[1]"',
    );
    expect(
      (await bad({ failureModeId: 'fan-filter-clogged', faultySensors: ['TEMP-BRG', 'P-101.FLOW'], actions: [] }))
        .message,
    ).toContain('"faultySensors[1]"');
    expect((await bad([])).code).toBe('MALFORMED_BODY');
    // a tag alone names the case's sensor
    const ok = await svc.submit(c.attemptId, {
      failureModeId: 'fan-filter-clogged',
      faultySensors: ['TEMP-BRG'],
      actions: ['fan-replace-filters', 'sensor-TEMP-BRG'],
    });
    expect(ok.score!.total).toBe(100);
    expect(ok.submission!.faultySensors).toEqual(['TRAIN-F-501.TEMP-BRG']);
    // once submitted the distractor is named
    expect((await svc.attempt(c.attemptId)).case.scenario.distractors[0]).toEqual({
      kind: 'sensor_fault',
      sensor: 'TEMP-BRG',
      fault: 'drift',
    });
  });

  it('refuses bad starts and assignments, and follows an assignment to done', async () => {
    expect((await failure(svc.start({ scenarioId: 'nope', trainee: 'ann' }))).message).toContain('"scenarioId"');
    expect((await failure(svc.start({ scenarioId: 'fan-after-remount', trainee: '' }))).message).toContain('"trainee"');
    expect((await failure(svc.assign({ trainee: 'ann', scenarioId: 'fan-after-remount' }))).message).toContain(
      '"assignedBy"',
    );
    expect(
      (await failure(svc.assign({ trainee: 'ann', scenarioId: 'fan-after-remount', assignedBy: 'x', dueAt: 'soon' })))
        .message,
    ).toContain('"dueAt"');
    const a = await svc.assign({
      trainee: 'ann',
      scenarioId: 'fan-after-remount',
      assignedBy: 'ivan',
      dueAt: '2026-06-05T12:00:00Z',
    });
    expect(a).toMatchObject({ status: 'assigned', dueAt: Date.UTC(2026, 5, 5, 12), assignedAt: now });
    expect(
      (await failure(svc.start({ scenarioId: 'fan-after-remount', trainee: 'bob', assignmentId: a.id }))).message,
    ).toContain('is for ann');
    expect(
      (await failure(svc.start({ scenarioId: 'fan-planner-question', trainee: 'ann', assignmentId: a.id }))).message,
    ).toContain('is for scenario fan-after-remount');
    const c = await svc.start({ scenarioId: 'fan-after-remount', trainee: 'ann', assignmentId: a.id });
    expect(await svc.assignments({ status: 'started' })).toMatchObject([{ id: a.id, attemptId: c.attemptId }]);
    const def = scenarioDef('fan-after-remount')!;
    await svc.submit(c.attemptId, { failureModeId: def.answer.failureModeId, actions: def.answer.necessaryActions });
    expect((await svc.assignments({ trainee: 'ann' }))[0]!.status).toBe('done');
    expect(
      (await failure(svc.start({ scenarioId: 'fan-after-remount', trainee: 'ann', assignmentId: a.id }))).code,
    ).toBe('CONFLICT');
    expect((await failure(svc.assignments({ status: 'late' }))).message).toContain('"status"');

    const m = await svc.skills();
    expect(m.trainees).toEqual(['ann']);
    expect(m.cells.find((x) => x.skill === 'alignment')).toMatchObject({ attempts: 1, best: 100, level: 'proficient' });
    expect(m.cells.find((x) => x.skill === 'overheating')!.level).toBe('not_started');
  });
});
