import type { ModelVersionSummary, TrainJob } from '@prognos/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { trainCommand } from '../packages/cli/src/train-command';
import { getJson, postJson, startTestServer, type TestServer, waitFor } from './harness';

type Version = ModelVersionSummary;
type Job = TrainJob;
interface AssetModels {
  assetId: string;
  active?: Version;
  versions: Version[];
}
interface ErrorBody {
  code: string;
  message: string;
}

describe('model lifecycle API', () => {
  let s: TestServer;
  let asset: string;
  let v1: Version;
  const models = async () => (await getJson<AssetModels>(`${s.base}/api/assets/${asset}/models`)).body;
  /** Polls a job until it ends; the progress values seen on the way. */
  const follow = async (id: string) => {
    const seen: number[] = [];
    const job = await waitFor(
      async () => {
        const r = await getJson<Job>(`${s.base}/api/jobs/${id}`);
        expect(r.status).toBe(200);
        seen.push(r.body.progress);
        return r.body.state === 'running' ? undefined : r.body;
      },
      20_000,
      `job ${id}`,
    );
    return { job, seen };
  };

  beforeAll(async () => {
    s = await startTestServer({ backfillHours: 1 });
    const monitored = s.p.ctx.pipeline.monitored().sort();
    asset = monitored.includes('P-101') ? 'P-101' : monitored[0]!;
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('GET /api/models lists every asset with the baseline trained at start as version 1, active', async () => {
    const r = await getJson<{ assets: (AssetModels & { assetName: string })[] }>(`${s.base}/api/models`);
    expect(r.status).toBe(200);
    const mine = r.body.assets.find((a) => a.assetId === asset)!;
    expect(mine.assetName.length).toBeGreaterThan(0);
    expect(mine.versions).toHaveLength(1);
    v1 = mine.active!;
    expect(v1).toMatchObject({ assetId: asset, version: 1, detector: 'pca', active: true, createdBy: 'startup' });
    expect(v1.rows).toBeGreaterThanOrEqual(50);
    expect(v1.sensors.length).toBeGreaterThan(1);
    expect(v1.metrics.alertLevel).toBeGreaterThanOrEqual(1);
    expect(v1.metrics.heldOutWindows).toBeGreaterThan(0);
    expect(v1.metrics.threshold).toBeGreaterThan(0);
    // The evaluation report: held-out healthy windows raise no alert, a normal band per sensor.
    const e = v1.evaluation!;
    // Every held-out window (the alert level counts running minima over the persistence windows: a few fewer).
    expect(e.heldOutWindows).toBeGreaterThanOrEqual(v1.metrics.heldOutWindows);
    expect(e.heldOutAlerts).toBe(0);
    expect(e.heldOutScore.p50).toBeLessThan(1);
    expect(e.heldOutScore.p50).toBeLessThanOrEqual(e.heldOutScore.p99);
    expect(e.bands.map((b) => b.sensor)).toEqual(v1.sensors);
    for (const b of e.bands) expect(b.halfWidth).toBeGreaterThan(0);
    expect(e.regimes).toBeGreaterThanOrEqual(1);
    expect(typeof e.driftAllowance).toBe('boolean');
    expect(s.p.ctx.pipeline.modelVersion(asset)).toBe(1);
  });

  it('trains a new version in the background with progress, activates it and monitors with it', async () => {
    const body = {
      from: new Date(v1.trainedFrom - 60_000).toISOString(),
      to: new Date(v1.trainedTo + 60_000).toISOString(),
      detector: 'mset',
      note: 'nonlinear pump curve',
    };
    const events: Job[] = [];
    const onJob = (j: Job) => events.push(j);
    s.p.ctx.bus.on('job', onJob);
    // two at once: one job per asset at a time
    const [a, b] = await Promise.all([
      postJson<{ job: Job } | ErrorBody>(`${s.base}/api/assets/${asset}/models/train`, body),
      postJson<{ job: Job } | ErrorBody>(`${s.base}/api/assets/${asset}/models/train`, body),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const started = (a.status === 202 ? a : b).body as { job: Job };
    expect((a.status === 409 ? a : b).body).toMatchObject({ code: 'TRAINING_IN_PROGRESS' });
    expect(started.job).toMatchObject({ kind: 'train', assetId: asset, state: 'running' });
    const { job, seen } = await follow(started.job.id);
    expect(job).toMatchObject({ state: 'done', progress: 1, version: 2 });
    expect(job.finishedAt).toBeGreaterThanOrEqual(job.startedAt);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
    // the job's events (the SSE bus): reading data, fitting, calibrating, done; progress never goes back
    s.p.ctx.bus.off('job', onJob);
    const mine = events.filter((e) => e.id === job.id);
    for (const stage of [/^reading data/, /^fitting the mset detector/, /^calibrating the alert level/, /^version 2/])
      expect(mine.some((e) => stage.test(e.message))).toBe(true);
    for (let i = 1; i < mine.length; i++) expect(mine[i]!.progress).toBeGreaterThanOrEqual(mine[i - 1]!.progress);
    expect(mine.at(-1)).toMatchObject({ state: 'done', progress: 1, version: 2 });

    const list = await models();
    expect(list.versions.map((v) => [v.version, v.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(list.active).toMatchObject({ version: 2, detector: 'mset', createdBy: 'api', note: 'nonlinear pump curve' });
    expect(list.active!.metrics.trainingSeconds).toBeGreaterThan(0);
    expect(s.p.ctx.pipeline.model(asset)?.detectorKind).toBe('mset');
    expect(s.p.ctx.pipeline.modelVersion(asset)).toBe(2);
  });

  it('activates the older version (rollback): the asset reports it active and monitors with it at once', async () => {
    const r = await postJson<Version>(`${s.base}/api/assets/${asset}/models/1/activate`, {});
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ assetId: asset, version: 1, detector: 'pca', active: true });
    const list = await models();
    expect(list.active?.version).toBe(1);
    expect(list.versions.map((v) => [v.version, v.active])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(s.p.ctx.pipeline.model(asset)?.detectorKind).toBe('pca');
    expect(s.p.ctx.pipeline.modelVersion(asset)).toBe(1);
  });

  it('prognos train trains through the API with a progress bar and prints the version and its metrics', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const v = await trainCommand({
        asset,
        from: new Date(v1.trainedFrom).toISOString(),
        to: String(v1.trainedTo + 60_000),
        detector: 'ensemble',
        url: s.base,
        pollMs: 100,
      });
      expect(v).toMatchObject({ version: 3, detector: 'ensemble', active: true });
      const out = log.mock.calls.map((c) => String(c[0])).join('\n');
      expect(out).toMatch(new RegExp(`Trained ${asset} model version 3 \\(ensemble\\), active`));
      expect(out).toMatch(
        /alert level\s+\d+\.\d{3} × threshold for \d+(\.\d+)? false alerts? a year, from \d+ held-out windows/,
      );
    } finally {
      log.mockRestore();
    }
    expect((await models()).active).toMatchObject({ version: 3, createdBy: 'cli' });
    await expect(trainCommand({ asset, from: 'yesterday', to: 'today', url: s.base })).rejects.toThrow(
      /--from "yesterday" is not an ISO 8601 time/,
    );
    await expect(trainCommand({ asset: 'NOPE', from: '0', to: '1000', url: s.base })).rejects.toThrow(
      /ASSET_NOT_FOUND: Asset "NOPE" does not exist/,
    );
  });

  it('a period without data fails the job with a coded error and leaves the active model alone', async () => {
    const r = await postJson<{ job: Job }>(`${s.base}/api/assets/${asset}/models/train`, {
      from: Date.UTC(2020, 0, 1),
      to: Date.UTC(2020, 0, 2),
    });
    expect(r.status).toBe(202);
    const { job } = await follow(r.body.job.id);
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(job.error!.message).toMatch(/no sensor has good readings in the training period/);
    expect(job.version).toBeUndefined();
    expect((await models()).active?.version).toBe(3);
  });

  it('bad requests get coded 400, 404 and 409 errors', async () => {
    const train = (id: string, body: unknown) =>
      postJson<ErrorBody>(`${s.base}/api/assets/${encodeURIComponent(id)}/models/train`, body);
    const now = Date.now();
    const cases: [Promise<{ status: number; body: ErrorBody }>, number, string][] = [
      [train(asset, { from: now, to: now - 1000 }), 400, 'QUERY_INVALID_RANGE'],
      [train(asset, { from: now, to: now }), 400, 'QUERY_INVALID_RANGE'],
      [train(asset, { from: 'last tuesday', to: now }), 400, 'QUERY_INVALID_RANGE'],
      [train(asset, { from: now - 3600_000, to: now, detector: 'svm' }), 400, 'BAD_REQUEST'],
      [train(asset, { from: now - 3600_000 }), 400, 'BAD_REQUEST'],
      [train('NOPE', { from: now - 3600_000, to: now }), 404, 'ASSET_NOT_FOUND'],
      [getJson<ErrorBody>(`${s.base}/api/assets/NOPE/models`), 404, 'ASSET_NOT_FOUND'],
      [getJson<ErrorBody>(`${s.base}/api/jobs/no-such-job`), 404, 'JOB_NOT_FOUND'],
      [postJson<ErrorBody>(`${s.base}/api/assets/${asset}/models/99/activate`, {}), 404, 'MODEL_VERSION_NOT_FOUND'],
      [postJson<ErrorBody>(`${s.base}/api/assets/${asset}/models/abc/activate`, {}), 400, 'BAD_REQUEST'],
      [postJson<ErrorBody>(`${s.base}/api/assets/NOPE/models/1/activate`, {}), 404, 'ASSET_NOT_FOUND'],
    ];
    for (const [req, status, code] of cases) {
      const r = await req;
      expect(r.status, code).toBe(status);
      expect(r.body.code).toBe(code);
      expect(r.body.message.length).toBeGreaterThan(10);
    }
  });
});
