import {
  type AssetModel,
  DEFAULT_ALERT_BUDGET_PER_YEAR,
  serializeAssetModel,
  trainAssetModel,
} from '@prognos/analytics';
import { type Alert, PrognosError, type Reading } from '@prognos/core';
import { createDemoPlant, onlyAsset, type PlantDefinition, PlantSimulator } from '@prognos/simulator';
import { openSqliteStore, type SqliteStore } from '@prognos/store';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../event-bus';
import { AnalyticsPipeline } from './analytics-pipeline';
import { type Job, MAX_MODEL_VERSIONS, ModelRegistry } from './model-registry';
import { registerPlant } from './simulator-control';

const ASSET = 'P-101';
/** A weekday morning, so that the pump runs through the hour (the plant follows a shift pattern). */
const T0 = Date.UTC(2026, 2, 3, 8, 0, 0);
const H = 3_600_000;
const log = { info() {}, warn() {}, error() {} };

const onePump = (): PlantDefinition => onlyAsset(createDemoPlant(), ASSET);

/** An hour of healthy pump history ending at T0, stored; the store and the plant. */
async function pumpStore(): Promise<{ store: SqliteStore; plant: PlantDefinition; history: Reading[] }> {
  const store = openSqliteStore({ path: ':memory:' });
  const plant = onePump();
  await registerPlant(store.metadata, plant);
  const history: Reading[] = [];
  new PlantSimulator(plant, { seed: 7, speed: 1, origin: T0 }).backfill(T0 - H, T0, 1000, (b) => history.push(...b));
  await store.readings.append(history);
  return { store, plant, history };
}

function codeOf(fn: () => Promise<unknown>): Promise<string> {
  return fn().then(
    () => 'no error',
    (e: unknown) => (e instanceof PrognosError ? e.code : String(e)),
  );
}

let pca: AssetModel;
let mset: AssetModel;
beforeAll(async () => {
  const { store, plant, history } = await pumpStore();
  const series = new Map<string, { ts: number[]; values: number[]; quality: number[] }>();
  for (const r of history) {
    let s = series.get(r.sensor);
    if (!s) {
      s = { ts: [], values: [], quality: [] };
      series.set(r.sensor, s);
    }
    s.ts.push(r.ts);
    s.values.push(r.value);
    s.quality.push(r.quality ?? 0);
  }
  const opts = { windowMs: 10_000, startupMs: 60_000, now: T0 };
  pca = trainAssetModel(plant.assets[0]!, plant.sensors, series, opts);
  mset = trainAssetModel(plant.assets[0]!, plant.sensors, series, { ...opts, detector: 'mset' });
  await store.close();
});

let open: SqliteStore[] = [];
afterEach(async () => {
  for (const s of open) await s.close();
  open = [];
});
function memoryStore(): SqliteStore {
  const s = openSqliteStore({ path: ':memory:' });
  open.push(s);
  return s;
}

describe('ModelRegistry', () => {
  it('numbers versions per asset, activates the newest and lists newest first with their metrics', async () => {
    const { metadata } = memoryStore();
    const reg = new ModelRegistry(metadata);
    expect(await reg.list(ASSET)).toEqual([]);
    expect(await reg.active(ASSET)).toBeUndefined();
    const v1 = await reg.add(pca, { createdBy: 'startup', trainingSeconds: 0.2 });
    const v2 = await reg.add(mset, { createdBy: 'api', note: 'try MSET', trainingSeconds: 1.5 });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v2).toEqual({
      assetId: ASSET,
      version: 2,
      detector: 'mset',
      trainedAt: T0,
      trainedFrom: mset.trainedFrom,
      trainedTo: mset.trainedTo,
      rows: mset.rows,
      sensors: mset.sensors.map((s) => s.id),
      excluded: mset.excluded,
      metrics: {
        threshold: mset.detector.calibration.threshold,
        falseAlarmRate: mset.detector.calibration.falseAlarmRate,
        alertLevel: mset.alert!.level,
        alertBudgetPerYear: DEFAULT_ALERT_BUDGET_PER_YEAR,
        heldOutWindows: mset.alert!.samples,
        trainingSeconds: 1.5,
      },
      evaluation: {
        ...mset.evaluation,
        ...(mset.envelope ? { envelope: mset.envelope } : {}),
        driftAllowance: mset.drift !== undefined,
      },
      active: true,
      note: 'try MSET',
      createdBy: 'api',
    });
    expect(v2.metrics.heldOutWindows).toBeGreaterThan(100);
    const list = await reg.list(ASSET);
    expect(list.map((v) => [v.version, v.detector, v.active, v.createdBy])).toEqual([
      [2, 'mset', true, 'api'],
      [1, 'pca', false, 'startup'],
    ]);
    const active = await reg.active(ASSET);
    expect(active?.summary.version).toBe(2);
    expect(serializeAssetModel(active!.model)).toBe(serializeAssetModel(mset));
    expect(serializeAssetModel(await reg.load(ASSET, 1))).toBe(serializeAssetModel(pca));
    // the pre-versioning key keeps holding the active model
    expect(await metadata.getSetting(`model:${ASSET}`)).toBe(serializeAssetModel(mset));
    expect(await reg.list('P-999')).toEqual([]);
  });

  it('activates an older version (rollback) and a newer one again, and codes an unknown version', async () => {
    const { metadata } = memoryStore();
    const reg = new ModelRegistry(metadata);
    await reg.add(pca, { createdBy: 'startup', trainingSeconds: 0 });
    await reg.add(mset, { createdBy: 'api', trainingSeconds: 0 });
    const back = await reg.activate(ASSET, 1);
    expect(back.summary).toMatchObject({ version: 1, active: true, detector: 'pca' });
    expect(serializeAssetModel(back.model)).toBe(serializeAssetModel(pca));
    expect((await reg.list(ASSET)).map((v) => v.active)).toEqual([false, true]);
    expect(await metadata.getSetting(`model:${ASSET}`)).toBe(serializeAssetModel(pca));
    // a new registry on the same store sees the same state
    expect((await new ModelRegistry(metadata).activeSummary(ASSET))?.version).toBe(1);
    expect((await reg.activate(ASSET, 2)).summary.version).toBe(2);
    expect(await codeOf(() => reg.activate(ASSET, 3))).toBe('MODEL_VERSION_NOT_FOUND');
    expect(await codeOf(() => reg.load(ASSET, 0))).toBe('MODEL_VERSION_NOT_FOUND');
    expect(await codeOf(() => reg.activate('P-999', 1))).toBe('MODEL_VERSION_NOT_FOUND');
    expect((await reg.activeSummary(ASSET))?.version).toBe(2);
  });

  it('migrates a model stored before versions existed to version 1, active', async () => {
    const { metadata } = memoryStore();
    await metadata.setSetting(`model:${ASSET}`, serializeAssetModel(pca));
    const reg = new ModelRegistry(metadata);
    const active = await reg.active(ASSET);
    expect(active?.summary).toMatchObject({ version: 1, active: true, createdBy: 'startup', detector: 'pca' });
    expect(active?.summary.note).toMatch(/before model versions/);
    expect(serializeAssetModel(active!.model)).toBe(serializeAssetModel(pca));
    expect(await metadata.getSetting(`model:${ASSET}:v1`)).toBe(serializeAssetModel(pca));
    expect((await reg.add(mset, { createdBy: 'api', trainingSeconds: 0 })).version).toBe(2);
    // an unreadable legacy model is not migrated (the pipeline retrains instead)
    await metadata.setSetting('model:C-201', '{"version":1}');
    expect(await reg.active('C-201')).toBeUndefined();
  });

  it(`keeps at most ${MAX_MODEL_VERSIONS} versions by default, dropping the oldest inactive ones`, async () => {
    const { metadata } = memoryStore();
    const reg = new ModelRegistry(metadata, 3);
    await reg.add(pca, { createdBy: 'startup', trainingSeconds: 0 });
    await reg.add(pca, { createdBy: 'api', trainingSeconds: 0 });
    await reg.activate(ASSET, 1);
    // not activated: version 1 stays the active one while newer versions come and go
    for (let i = 0; i < 3; i++) await reg.add(mset, { createdBy: 'api', trainingSeconds: 0 }, { activate: false });
    const list = await reg.list(ASSET);
    expect(list.map((v) => v.version)).toEqual([5, 4, 1]);
    expect(list.find((v) => v.active)?.version).toBe(1);
    expect(await metadata.getSetting(`model:${ASSET}:v2`)).toBe('');
    expect(await codeOf(() => reg.load(ASSET, 3))).toBe('MODEL_VERSION_NOT_FOUND');
    // numbers are never reused; once 6 is active, 1 is the oldest inactive version and goes
    expect((await reg.add(pca, { createdBy: 'api', trainingSeconds: 0 })).version).toBe(6);
    expect((await reg.list(ASSET)).map((v) => v.version)).toEqual([6, 5, 4]);
    expect(() => new ModelRegistry(metadata, 0)).toThrow(RangeError);
  });

  it('serialises concurrent changes of one asset: no version number is given twice', async () => {
    const { metadata } = memoryStore();
    const reg = new ModelRegistry(metadata);
    const added = await Promise.all([0, 1, 2, 3].map(() => reg.add(pca, { createdBy: 'api', trainingSeconds: 0 })));
    expect(added.map((v) => v.version).sort()).toEqual([1, 2, 3, 4]);
    expect((await reg.list(ASSET)).map((v) => v.version)).toEqual([4, 3, 2, 1]);
  });
});

describe('AnalyticsPipeline model versions and scheduled retraining', () => {
  async function pipelineOnPump() {
    const { store } = await pumpStore();
    open.push(store);
    const bus = new EventBus();
    const events: { kind: string; data: unknown }[] = [];
    bus.on('model', (e) => events.push({ kind: 'model', data: e }));
    bus.on('job', (j) => events.push({ kind: 'job', data: j }));
    const pipeline = new AnalyticsPipeline({
      metadata: store.metadata,
      readings: store.readings,
      bus,
      windowMs: 10_000,
      startupMs: 60_000,
      log,
    });
    await pipeline.init({ trainFrom: T0 - H, trainTo: T0 });
    return { store, pipeline, events };
  }
  /** The jobs once they have ended (polled, as a client would). */
  const finished = async (pipeline: AnalyticsPipeline, jobs: Job[]) => {
    for (let i = 0; i < 500 && jobs.some((j) => pipeline.job(j.id)?.state === 'running'); i++)
      await new Promise((r) => setTimeout(r, 10));
    return jobs.map((j) => pipeline.job(j.id)!);
  };

  it('trains version 1 at start; activation switches the monitored model at once', async () => {
    const { pipeline, events } = await pipelineOnPump();
    expect(pipeline.modelVersion(ASSET)).toBe(1);
    const job = await pipeline.startTraining(ASSET, { from: T0 - H, to: T0, detector: 'mset', createdBy: 'cli' });
    expect(job).toMatchObject({ kind: 'train', assetId: ASSET, state: 'running', progress: 0 });
    expect(await codeOf(() => pipeline.startTraining(ASSET, { from: T0 - H, to: T0 }))).toBe('TRAINING_IN_PROGRESS');
    const [done] = await finished(pipeline, [job]);
    expect(done).toMatchObject({ state: 'done', progress: 1, version: 2 });
    expect(pipeline.model(ASSET)?.detectorKind).toBe('mset');
    expect(pipeline.modelVersion(ASSET)).toBe(2);
    const progress = events.filter((e) => e.kind === 'job').map((e) => (e.data as Job).progress);
    expect(progress.length).toBeGreaterThan(4);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
    expect(events.filter((e) => e.kind === 'model').map((e) => e.data)).toMatchObject([
      { change: 'trained', model: { version: 1, active: true, createdBy: 'startup' } },
      { change: 'trained', model: { version: 2, active: true, createdBy: 'cli', detector: 'mset' } },
    ]);
    const rolled = await pipeline.activateVersion(ASSET, 1);
    expect(rolled).toMatchObject({ version: 1, active: true, detector: 'pca' });
    expect(pipeline.model(ASSET)?.detectorKind).toBe('pca');
    expect(events.at(-1)).toMatchObject({ kind: 'model', data: { change: 'activated', model: { version: 1 } } });
    // a period without data fails the job with the trainer's coded error
    const empty = await pipeline.startTraining(ASSET, { from: T0 + H, to: T0 + 2 * H });
    const [failed] = await finished(pipeline, [empty]);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'BAD_REQUEST' } });
    expect(failed!.error!.message).toMatch(/no sensor has good readings/);
    expect(pipeline.modelVersion(ASSET)).toBe(1);
  });

  it('retrains monitored assets on their last N days, keeping the detector, unless an alert is active', async () => {
    const { store, pipeline } = await pipelineOnPump();
    await pipeline.activateVersion(ASSET, 1);
    // not due yet: the period counts from when the schedule was set up
    await pipeline.scheduleRetraining(1 / 24, T0 - 30 * 60_000);
    expect(await pipeline.retrainIfDue(T0)).toEqual([]);
    const jobs = await pipeline.retrainIfDue(T0 + 30 * 60_000);
    expect(jobs).toHaveLength(1);
    const [done] = await finished(pipeline, jobs);
    expect(done).toMatchObject({ state: 'done', version: 2 });
    const v2 = (await pipeline.models.list(ASSET))[0]!;
    expect(v2).toMatchObject({ version: 2, createdBy: 'schedule', detector: 'pca', active: true });
    expect(v2.note).toMatch(/last 0\.04\d* day/);
    // trained on the last hour before the run: the stored history from T0 - 30 min on
    expect(v2.trainedFrom).toBeGreaterThanOrEqual(T0 - 30 * 60_000);
    // the next run is a period later (and the period survives a restart: it is kept in the store)
    expect(await pipeline.retrainIfDue(T0 + 80 * 60_000)).toEqual([]);
    await pipeline.scheduleRetraining(1 / 24, T0 + 85 * 60_000);
    expect(await pipeline.retrainIfDue(T0 + 85 * 60_000)).toEqual([]);
    const again = await pipeline.retrainIfDue(T0 + 91 * 60_000);
    expect(again).toHaveLength(1);
    await finished(pipeline, again);
    // an open anomaly alert on the asset: no retraining
    const alert: Alert = {
      id: 'a-1',
      assetId: ASSET,
      kind: 'anomaly',
      severity: 'warning',
      state: 'open',
      title: 'Anomaly',
      explanation: '',
      contributions: [],
      score: 2,
      peakScore: 2,
      startedAt: T0,
      updatedAt: T0,
    };
    await store.metadata.saveAlert(alert);
    expect(await pipeline.retrainScheduled(T0 + 2 * H, 1 / 24)).toEqual([]);
    await store.metadata.saveAlert({ ...alert, state: 'closed', closedAt: T0 + H });
    expect(await pipeline.retrainScheduled(T0 + 2 * H, 0)).toEqual([]);
    await pipeline.close();
    expect(await pipeline.retrainIfDue(T0 + 10 * H)).toEqual([]);
  });
});
