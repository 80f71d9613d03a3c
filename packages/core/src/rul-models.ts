/**
 * Remaining-useful-life models as the API shows them (GET /api/rul/models, /api/rul/models/{name}, evaluate,
 * predict): the one definition the server, the CLI and the web UI share. A RUL model is learned from
 * run-to-failure histories of one kind of asset (e.g. "turbofan-FD001") and kept in versions 1, 2, 3… per name,
 * one of them active.
 */

/** Who trained a RUL model version. */
export type RulModelCreator = 'api' | 'cli';

/** Training settings a client may choose (the rest are the analytics defaults). */
export interface RulTrainOptions {
  /** Boosting rounds (trees) of each fitted model. */
  rounds?: number;
  learningRate?: number;
  maxDepth?: number;
  /** Engine folds of the cross-fitted validation and intervals (0: none). */
  folds?: number;
  /** Trailing window of the features, in cycles. */
  window?: number;
  /** Cap of the piecewise-linear RUL target, in cycles. */
  cap?: number;
  seed?: number;
}

/** What a version learned from. */
export interface RulTrainingSource {
  /** File name (or a description) of the run-to-failure histories. */
  file: string;
  engines: number;
  cycles: number;
}

/** Cross-fitted figures on the training engines (each engine predicted by a model that never saw it). */
export interface RulValidationMetrics {
  /** RMSE against the capped target over every cycle. */
  rmse: number;
  /** RMSE at one random truncation point per engine (a test-like last-cycle evaluation). */
  truncatedRmse: number;
  truncatedScorePerEngine: number;
  /** Share of true RUL inside the 90 % interval over every cycle. */
  coverage90: number;
  cycles: number;
}

/** An evaluation on test histories with known true RUL (PHM08 protocol: the last cycle of each engine). */
export interface RulEvaluation {
  at: number;
  file: string;
  engines: number;
  rmse: number;
  /** PHM08 score (Saxena et al. 2008), a sum over the engines: lower is better. */
  phm08Score: number;
  /** Share of true RUL inside the 90 % interval. */
  coverage90: number;
}

export interface RulModelMetrics {
  validation?: RulValidationMetrics;
  trainingSeconds: number;
  /** Operating regimes the model normalises by. */
  regimes: number;
  /** The latest evaluation (POST /api/rul/models/{name}/evaluate), if any. */
  lastEvaluation?: RulEvaluation;
}

/** One RUL model version, without its serialised model. */
export interface RulModelVersion {
  name: string;
  /** 1, 2, 3… per name. */
  version: number;
  createdAt: number;
  createdBy: RulModelCreator;
  source: RulTrainingSource;
  options: RulTrainOptions;
  metrics: RulModelMetrics;
  active: boolean;
  note?: string;
}

/** A model name with its version count and active version. */
export interface RulModelEntry {
  name: string;
  versions: number;
  active?: RulModelVersion;
}

/** The RUL at the last cycle seen of one unit. */
export interface RulUnitPrediction {
  unit: number;
  lastCycle: number;
  /** Cycles seen. */
  cycles: number;
  rul: number;
  /** Central interval of `level` (90 %). */
  lower: number;
  upper: number;
  level: number;
  /** P(failure within the horizon), i.e. P(RUL ≤ horizon). */
  failureProbability: number;
}

export interface RulPredictionResult {
  name: string;
  version: number;
  horizon: number;
  units: RulUnitPrediction[];
}

export interface RulEvaluationResult {
  name: string;
  version: number;
  evaluation: RulEvaluation;
}
