import type { RulEvaluationResult, RulModelEntry, RulModelVersion, RulPredictionResult, TrainJob } from '@prognos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, startTestServer, type TestServer, waitFor } from './harness';
import { cmapssFleet } from './rul-fixture';

interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Small, fast settings through the API's own options field. */
const options = { rounds: 40, folds: 3, window: 15, maxDepth: 3, learningRate: 0.15 };

describe('RUL model API', () => {
  let s: TestServer;
  const train = cmapssFleet(30, 1);
  const test = cmapssFleet(12, 2, true);
  const url = (p: string) => `${s.base}/api/rul/models${p}`;
  /** Polls a job until it ends; the progress values seen on the way. */
  const follow = async (id: string) => {
    const seen: number[] = [];
    const job = await waitFor(
      async () => {
        const r = await getJson<TrainJob>(`${s.base}/api/jobs/${id}`);
        expect(r.status).toBe(200);
        seen.push(r.body.progress);
        return r.body.state === 'running' ? undefined : r.body;
      },
      30_000,
      `job ${id}`,
    );
    return { job, seen };
  };

  beforeAll(async () => {
    s = await startTestServer({ simulator: false });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('trains a first version in the background with progress, stores it active', async () => {
    const r = await postJson<{ job: TrainJob }>(url('/turbofan-T1/train'), {
      train: train.text,
      file: 'train_T1.txt',
      options,
    });
    expect(r.status).toBe(202);
    expect(r.body.job).toMatchObject({ kind: 'train-rul', modelName: 'turbofan-T1', state: 'running' });
    const { job, seen } = await follow(r.body.job.id);
    expect(job.error).toBeUndefined();
    expect(job).toMatchObject({ state: 'done', progress: 1, version: 1 });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    const list = await getJson<{ models: RulModelEntry[] }>(url(''));
    expect(list.status).toBe(200);
    const entry = list.body.models.find((m) => m.name === 'turbofan-T1')!;
    expect(entry).toMatchObject({ versions: 1, active: { version: 1, active: true, createdBy: 'api' } });
    const v = entry.active!;
    expect(v.source).toEqual({ file: 'train_T1.txt', engines: 30, cycles: train.text.trim().split('\n').length });
    expect(v.options).toEqual(options);
    expect(v.metrics.regimes).toBe(2);
    expect(v.metrics.validation!.rmse).toBeLessThan(25);
    expect(v.metrics.trainingSeconds).toBeGreaterThan(0);
    expect(v).not.toHaveProperty('state');
  });

  it('evaluates the active version on test histories and keeps it as the last evaluation', async () => {
    const rul = `${test.rul.join('\n')}\n`;
    const r = await postJson<RulEvaluationResult>(url('/turbofan-T1/evaluate'), { test: test.text, rul });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'turbofan-T1', version: 1, evaluation: { engines: 12, file: 'test' } });
    const e = r.body.evaluation;
    expect(e.rmse).toBeGreaterThan(0);
    expect(e.rmse).toBeLessThan(40);
    expect(e.phm08Score).toBeGreaterThan(0);
    expect(e.coverage90).toBeGreaterThanOrEqual(0);
    const versions = await getJson<{ versions: RulModelVersion[] }>(url('/turbofan-T1'));
    expect(versions.body.versions[0]!.metrics.lastEvaluation).toEqual(e);

    const short = await postJson<ErrorBody>(url('/turbofan-T1/evaluate'), { test: test.text, rul: '5\n' });
    expect(short.status).toBe(400);
    expect(short.body.code).toBe('BAD_REQUEST');
  });

  it('predicts RUL, the 90 % interval and P(failure within the horizon) per unit', async () => {
    const r = await postJson<RulPredictionResult>(url('/turbofan-T1/predict'), { history: test.text, horizon: 40 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'turbofan-T1', version: 1, horizon: 40 });
    expect(r.body.units).toHaveLength(12);
    for (const u of r.body.units) {
      expect(u.lower).toBeLessThanOrEqual(u.rul);
      expect(u.upper).toBeGreaterThanOrEqual(u.rul);
      expect(u.level).toBe(0.9);
      expect(u.failureProbability).toBeGreaterThanOrEqual(0);
      expect(u.failureProbability).toBeLessThanOrEqual(1);
    }
    // the unit closest to failure is the likeliest to fail within the horizon
    const nearest = test.rul.indexOf(Math.min(...test.rul));
    const farthest = test.rul.indexOf(Math.max(...test.rul));
    expect(r.body.units[nearest]!.failureProbability).toBeGreaterThan(r.body.units[farthest]!.failureProbability);
    const dflt = await postJson<RulPredictionResult>(url('/turbofan-T1/predict'), { history: test.text });
    expect(dflt.body.horizon).toBe(30);
  });

  it('trains a second version that becomes active, and rolls back to the first', async () => {
    const r = await postJson<{ job: TrainJob }>(url('/turbofan-T1/train'), {
      train: train.text,
      options: { ...options, rounds: 20 },
      note: 'fewer rounds',
    });
    expect(r.status).toBe(202);
    // one job per name at a time
    const again = await postJson<ErrorBody>(url('/turbofan-T1/train'), { train: train.text, options });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('RUL_TRAINING_IN_PROGRESS');
    const { job } = await follow(r.body.job.id);
    expect(job).toMatchObject({ state: 'done', version: 2 });
    let detail = await getJson<{ active: RulModelVersion; versions: RulModelVersion[] }>(url('/turbofan-T1'));
    expect(detail.body.versions.map((v) => [v.version, v.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(detail.body.active.note).toBe('fewer rounds');

    const back = await postJson<RulModelVersion>(url('/turbofan-T1/versions/1/activate'), {});
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ version: 1, active: true });
    detail = await getJson(url('/turbofan-T1'));
    expect(detail.body.active.version).toBe(1);
    const p = await postJson<RulPredictionResult>(url('/turbofan-T1/predict'), { history: test.text });
    expect(p.body.version).toBe(1);

    const missing = await postJson<ErrorBody>(url('/turbofan-T1/versions/9/activate'), {});
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('RUL_MODEL_VERSION_NOT_FOUND');
  });

  it('answers bad input with coded errors naming the line and column', async () => {
    const lines = train.text.split('\n');
    lines[4] = lines[4]!.replace(/^(\S+ \S+ \S+ \S+ \S+ \S+) \S+/, '$1 n/a');
    const bad = await postJson<ErrorBody>(url('/turbofan-T1/train'), { train: lines.join('\n') });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('RUL_DATA_INVALID');
    expect(bad.body.message).toMatch(/^train, line 5: column 7: "n\/a" is not a number/);
    expect(bad.body.details).toEqual({ file: 'train', line: 5, column: 7 });

    const cols = await postJson<ErrorBody>(url('/x/predict'), { history: '1 1 0 0 100 5 6\n', file: 'h.txt' });
    expect(cols.status).toBe(400);
    expect(cols.body).toMatchObject({ code: 'RUL_DATA_INVALID', details: { file: 'h.txt', line: 1 } });
    expect(cols.body.message).toMatch(/expected 26 columns, got 7/);

    const opt = await postJson<ErrorBody>(url('/x/train'), { train: train.text, options: { rounds: 0 } });
    expect(opt.status).toBe(400);
    expect(opt.body.code).toBe('BAD_REQUEST');
    const name = await postJson<ErrorBody>(url('/bad%20name/train'), { train: train.text });
    expect(name.status).toBe(400);

    const unknown = await postJson<ErrorBody>(url('/nope/predict'), { history: test.text });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('RUL_MODEL_NOT_FOUND');
    expect((await getJson<ErrorBody>(url('/nope'))).body.code).toBe('RUL_MODEL_NOT_FOUND');
  });

  it('documents every RUL route in /openapi.json', async () => {
    const doc = await getJson<{ paths: Record<string, Record<string, unknown>> }>(`${s.base}/openapi.json`);
    const paths = Object.keys(doc.body.paths);
    for (const p of [
      '/api/rul/models',
      '/api/rul/models/{name}',
      '/api/rul/models/{name}/train',
      '/api/rul/models/{name}/evaluate',
      '/api/rul/models/{name}/predict',
      '/api/rul/models/{name}/versions/{version}/activate',
    ])
      expect(paths, p).toContain(p);
  });
});
