/**
 * Remaining-useful-life models learned from run-to-failure histories: training (in the background with progress,
 * or awaited by the CLI), versions per model name in the metadata store, evaluation on test histories with known
 * RUL, and prediction with a 90 % interval and the probability of failure within a horizon.
 */
import { randomUUID } from 'node:crypto';
import { type EngineHistory, intervalCoverage, phm08Score, RulModel, type RulProgress, rmse } from '@prognos/analytics';
import {
  PrognosError,
  type RulEvaluationResult,
  type RulModelCreator,
  type RulModelEntry,
  type RulModelVersion,
  type RulPredictionResult,
  type RulTrainOptions,
  type TrainJob,
} from '@prognos/core';
import type { MetadataStore } from '@prognos/store';
import type { EventBus } from '../event-bus';
import { modelOptions, parseHistories, parseTrueRul } from './rul-data';

export interface RulTrainRequest {
  /** Run-to-failure histories, C-MAPSS text. */
  train: string;
  /** Where they came from (a file name), for the version's record and error messages. */
  file?: string;
  options?: RulTrainOptions;
  note?: string;
  createdBy?: RulModelCreator;
}

/** Default horizon of P(failure within horizon), in cycles. */
export const DEFAULT_RUL_HORIZON = 30;
/** Level of the reported interval. */
const LEVEL = 0.9;
/** Finished jobs kept for GET /api/jobs/:id. */
const MAX_JOBS_KEPT = 100;
/** Parsed models kept in memory (a model is 1–5 MB of trees; parsing it again costs tens of ms). */
const MAX_CACHED = 4;

interface Log {
  warn(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
}

/** Gives the event loop a turn (between engines of a long evaluation). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class RulService {
  private readonly jobs = new Map<string, TrainJob>();
  private readonly running = new Map<string, { job: TrainJob; done: Promise<void> }>();
  private readonly cache = new Map<string, RulModel>();

  constructor(private readonly deps: { metadata: MetadataStore; bus?: EventBus; log?: Log }) {}

  /** Trains a new version (active once stored) and waits for it: the CLI's path. */
  async train(name: string, req: RulTrainRequest, onProgress?: RulProgress): Promise<RulModelVersion> {
    const file = req.file ?? 'train';
    const options = modelOptions(req.options);
    return this.fitAndSave(name, parseHistories(req.train, file), file, options, req, onProgress);
  }

  /**
   * Starts training in the background (one job per model name at a time) and returns the job at once; input errors
   * are thrown before it starts. Progress goes to 'job' events and job(id).
   */
  startTraining(name: string, req: RulTrainRequest): TrainJob {
    const file = req.file ?? 'train';
    const options = modelOptions(req.options);
    const engines = parseHistories(req.train, file);
    const busy = this.running.get(name);
    if (busy) throw new PrognosError('RUL_TRAINING_IN_PROGRESS', [name, busy.job.id]);
    const job: TrainJob = {
      id: randomUUID(),
      kind: 'train-rul',
      modelName: name,
      state: 'running',
      progress: 0,
      message: `${engines.length} engines read`,
      startedAt: Date.now(),
    };
    this.keep(job);
    const emit = () => this.deps.bus?.emit('job', { ...job });
    emit();
    let emitted = 0;
    const progress: RulProgress = (fraction, message) => {
      // Storing the version is the last step: the fit ends at 95 %.
      job.progress = Math.max(job.progress, Math.min(0.95, fraction * 0.95));
      job.message = message;
      // One event per percent, not one per tree.
      if (job.progress - emitted >= 0.01) {
        emitted = job.progress;
        emit();
      }
    };
    const done = (async () => {
      try {
        // The fit's first step runs at once when called: let the 202 go out first.
        await turn();
        const v = await this.fitAndSave(name, engines, file, options, req, progress);
        const val = v.metrics.validation;
        Object.assign(job, {
          state: 'done',
          progress: 1,
          version: v.version,
          message:
            `version ${v.version} trained on ${v.source.engines} engines and active` +
            (val ? ` (cross-fitted RMSE ${val.rmse.toFixed(1)})` : ''),
        });
      } catch (err) {
        const e =
          err instanceof PrognosError ? err : new PrognosError('INTERNAL', [(err as Error)?.message ?? String(err)]);
        Object.assign(job, { state: 'failed', message: e.message, error: { code: e.code, message: e.message } });
        this.deps.log?.warn({ rulModel: name, job: job.id, err: e.message }, 'RUL model training failed');
      } finally {
        job.finishedAt = Date.now();
        this.running.delete(name);
        emit();
      }
    })();
    this.running.set(name, { job, done });
    return { ...job };
  }

  /** A RUL training job (a copy); undefined when unknown. */
  job(id: string): TrainJob | undefined {
    const j = this.jobs.get(id);
    return j ? { ...j, ...(j.error ? { error: { ...j.error } } : {}) } : undefined;
  }

  private keep(job: TrainJob): void {
    this.jobs.set(job.id, job);
    for (const [id, j] of this.jobs) {
      if (this.jobs.size <= MAX_JOBS_KEPT) return;
      if (j.state !== 'running') this.jobs.delete(id);
    }
  }

  private async fitAndSave(
    name: string,
    engines: EngineHistory[],
    file: string,
    options: ReturnType<typeof modelOptions>,
    req: RulTrainRequest,
    onProgress?: RulProgress,
  ): Promise<RulModelVersion> {
    const t0 = performance.now();
    const model = await RulModel.fitAsync(engines, options, onProgress);
    const trainingSeconds = (performance.now() - t0) / 1000;
    const v = await this.deps.metadata.saveRulModel({
      name,
      createdAt: Date.now(),
      createdBy: req.createdBy ?? 'api',
      source: { file, engines: engines.length, cycles: engines.reduce((s, e) => s + e.cycles.length, 0) },
      options: { ...req.options },
      metrics: {
        trainingSeconds,
        regimes: model.regimeCount,
        ...(model.validation ? { validation: { ...model.validation } } : {}),
      },
      ...(req.note ? { note: req.note } : {}),
      activate: true,
      state: JSON.stringify(model.toJSON()),
    });
    this.remember(name, v.version, model);
    this.deps.log?.info({ rulModel: name, version: v.version, trainingSeconds }, 'RUL model trained');
    return v;
  }

  private remember(name: string, version: number, model: RulModel): void {
    this.cache.set(`${name}@${version}`, model);
    while (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
  }

  /** The model of a version (the active one without `version`), from the cache or the store. */
  private async load(name: string, version?: number): Promise<{ summary: RulModelVersion; model: RulModel }> {
    const versions = await this.versions(name);
    const summary =
      version === undefined ? versions.find((v) => v.active) : versions.find((v) => v.version === version);
    if (!summary)
      throw version === undefined
        ? new PrognosError('RUL_MODEL_NOT_FOUND', [name])
        : new PrognosError('RUL_MODEL_VERSION_NOT_FOUND', [name, version]);
    const key = `${name}@${summary.version}`;
    let model = this.cache.get(key);
    if (!model) {
      const stored = await this.deps.metadata.getRulModel(name, summary.version);
      if (!stored) throw new PrognosError('RUL_MODEL_VERSION_NOT_FOUND', [name, summary.version]);
      model = RulModel.fromJSON(stored.state);
      this.remember(name, summary.version, model);
    }
    return { summary, model };
  }

  list(): Promise<RulModelEntry[]> {
    return this.deps.metadata.listRulModels();
  }

  /** A model's versions, newest first; RUL_MODEL_NOT_FOUND when it has none. */
  async versions(name: string): Promise<RulModelVersion[]> {
    const versions = await this.deps.metadata.listRulModelVersions(name);
    if (versions.length === 0) throw new PrognosError('RUL_MODEL_NOT_FOUND', [name]);
    return versions;
  }

  /** Makes a kept version the active one (rollback / roll forward). */
  async activate(name: string, version: number): Promise<RulModelVersion> {
    await this.versions(name);
    const v = await this.deps.metadata.activateRulModel(name, version);
    if (!v) throw new PrognosError('RUL_MODEL_VERSION_NOT_FOUND', [name, version]);
    this.deps.log?.info({ rulModel: name, version }, 'RUL model version activated');
    return v;
  }

  /**
   * PHM08 protocol: the RUL at the last cycle of each test history against the true RUL; RMSE, PHM08 score and the
   * share of true RUL inside the 90 % interval, kept as the version's last evaluation.
   */
  async evaluate(
    name: string,
    req: { test: string; rul: string; file?: string; rulFile?: string; version?: number },
  ): Promise<RulEvaluationResult> {
    const file = req.file ?? 'test';
    const engines = parseHistories(req.test, file);
    const truth = parseTrueRul(req.rul, req.rulFile ?? 'rul');
    if (truth.length !== engines.length)
      throw new PrognosError('BAD_REQUEST', [
        `${file} holds ${engines.length} engines but the RUL text has ${truth.length} values (one per engine)`,
      ]);
    const { summary, model } = await this.load(name, req.version);
    const preds = [];
    for (let i = 0; i < engines.length; i++) {
      preds.push(model.predict(engines[i] as EngineHistory, LEVEL));
      if (i % 10 === 9) await turn();
    }
    const rul = preds.map((p) => p.rul);
    const evaluation = {
      at: Date.now(),
      file,
      engines: engines.length,
      rmse: rmse(rul, truth),
      phm08Score: phm08Score(rul, truth),
      coverage90: intervalCoverage(
        preds.map((p) => p.lower),
        preds.map((p) => p.upper),
        truth,
      ),
    };
    await this.deps.metadata.saveRulEvaluation(name, summary.version, evaluation);
    return { name, version: summary.version, evaluation };
  }

  /** RUL at the last cycle of each unit's history, with the 90 % interval and P(failure within `horizon` cycles). */
  async predict(
    name: string,
    req: { history: string; horizon?: number; file?: string; version?: number },
  ): Promise<RulPredictionResult> {
    const horizon = req.horizon ?? DEFAULT_RUL_HORIZON;
    if (!(horizon > 0)) throw new PrognosError('BAD_REQUEST', ['horizon must be a positive number of cycles']);
    const engines = parseHistories(req.history, req.file ?? 'history');
    const { summary, model } = await this.load(name, req.version);
    const units = [];
    for (let i = 0; i < engines.length; i++) {
      const e = engines[i] as EngineHistory;
      const p = model.predict(e, LEVEL);
      units.push({
        unit: e.unit,
        lastCycle: e.cycles[e.cycles.length - 1] as number,
        cycles: e.cycles.length,
        ...p,
        failureProbability: model.failureProbability(p, horizon),
      });
      if (i % 10 === 9) await turn();
    }
    return { name, version: summary.version, horizon, units };
  }

  /** Waits for running trainings (before the store closes). */
  async close(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.done));
  }
}
