import type { EngineHistory } from './cmapss';
import { remainingCycles } from './cmapss';
import { type ConformalState, calibrateConformal, conformalCdf, conformalInterval } from './conformal';
import {
  type BoostingOptions,
  DEFAULT_BOOSTING,
  GradientBoosting,
  type GradientBoostingState,
} from './gradient-boosting';
import { applyLinear, fitRidge, type LinearHealthState } from './linear-health';
import { seededRandom, shuffledIndices } from './random';
import { RegimeNormaliser, type RegimeNormaliserState } from './regimes';
import {
  DEFAULT_BASELINE,
  DEFAULT_SPANS,
  DEFAULT_WINDOW,
  featureCount,
  type WindowFeatureOptions,
  windowFeatures,
} from './window-features';

/**
 * Remaining-useful-life model learned from run-to-failure histories: regime normalisation → a linear health index
 * → trailing-window features → gradient-boosted trees on a capped RUL target, with split-conformal intervals from
 * engine-wise cross-fitting (each training engine's residuals come from a model that never saw it).
 */

/**
 * Cap of the piecewise-linear RUL target: an engine is taken as healthy (RUL = cap) until degradation starts, then
 * RUL falls linearly to 0. Heimes 2008 (PHM08) used 130, Babu, Zhao & Li 2016 and most later C-MAPSS work 125.
 */
export const RUL_CAP = 125;

export interface RulModelOptions extends WindowFeatureOptions {
  cap: number;
  boosting: Partial<BoostingOptions>;
  /** Engine folds for the cross-fitted calibration residuals (0: no intervals). */
  folds: number;
  /** Groups of the Mondrian conformal calibration. */
  intervalGroups: number;
  /** Ridge penalty of the linear health index. */
  ridge: number;
  seed: number;
}

export const DEFAULT_RUL_OPTIONS: RulModelOptions = {
  window: DEFAULT_WINDOW,
  spans: DEFAULT_SPANS,
  baseline: DEFAULT_BASELINE,
  cap: RUL_CAP,
  boosting: {},
  folds: 5,
  intervalGroups: 6,
  ridge: 1,
  seed: 11,
};

/** Progress of a fit: the share done (0..1) and what it is doing. */
export type RulProgress = (fraction: number, message: string) => void;

export interface RulPrediction {
  /** Point estimate of the remaining cycles (≤ cap). */
  rul: number;
  /** Central prediction interval (see `level`). */
  lower: number;
  upper: number;
  level: number;
}

export interface RulValidation {
  /** Cross-fitted RMSE against the capped target over every cycle of the training engines. */
  rmse: number;
  /**
   * Cross-fitted RMSE at one random truncation point per training engine, against the capped target (a test-like
   * last-cycle evaluation; the uncapped truth would be dominated by early cycles no model can tell apart).
   */
  truncatedRmse: number;
  /** PHM08 score per engine at those truncation points. */
  truncatedScorePerEngine: number;
  /** Share of true (uncapped) RUL inside the cross-fitted 90 % interval over all cycles. */
  coverage90: number;
  cycles: number;
}

export interface RulModelState {
  options: Omit<RulModelOptions, 'boosting'>;
  normaliser: RegimeNormaliserState;
  health: LinearHealthState;
  booster: GradientBoostingState;
  conformal?: ConformalState;
  validation?: RulValidation;
}

interface PointModel {
  normaliser: RegimeNormaliser;
  health: LinearHealthState;
  booster: GradientBoosting;
}

function channels(p: Pick<PointModel, 'normaliser' | 'health'>, e: EngineHistory): number[][] {
  return e.sensors.map((s, t) => {
    const z = p.normaliser.normalise(e.settings[t] as number[], s);
    z.push(applyLinear(p.health, z));
    return z;
  });
}

function engineFeatures(p: Pick<PointModel, 'normaliser' | 'health'>, e: EngineHistory, o: WindowFeatureOptions) {
  return windowFeatures(channels(p, e), e.cycles, o);
}

/**
 * Fits one point model, yielding after the feature preparation and after each boosting tree; `tick` is called at
 * each of those steps (progress).
 */
function* fitPointSteps(
  engines: readonly EngineHistory[],
  o: RulModelOptions,
  seed: number,
  tick: (message: string) => void,
): Generator<void, PointModel> {
  const settings = engines.flatMap((e) => e.settings);
  const sensors = engines.flatMap((e) => e.sensors);
  // Yields between the preparation stages too: on FD004-sized data (61k cycles) each takes up to a second.
  const normaliser = RegimeNormaliser.fit(settings, sensors, seed);
  yield;
  const z = engines.flatMap((e) => e.sensors.map((s, t) => normaliser.normalise(e.settings[t] as number[], s)));
  const target = engines.flatMap((e) => remainingCycles(e).map((r) => Math.min(r, o.cap)));
  const health = fitRidge(z, target, o.ridge);
  yield;
  const nf = featureCount(normaliser.sensorIndices.length + 1, o);
  const x = new Float64Array(target.length * nf);
  let at = 0;
  for (let i = 0; i < engines.length; i++) {
    const f = engineFeatures({ normaliser, health }, engines[i] as EngineHistory, o);
    x.set(f, at);
    at += f.length;
    if (i % 20 === 19) yield;
  }
  tick('features ready');
  yield;
  const trees = GradientBoosting.fitSteps(x, target, nf, { ...o.boosting, seed: seed + (o.boosting.seed ?? 0) });
  for (;;) {
    const r = trees.next();
    if (r.done) return { normaliser, health, booster: r.value };
    if (r.value > 0) tick(`tree ${r.value}`);
    yield;
  }
}

function predictCycles(p: PointModel, e: EngineHistory, o: RulModelOptions): number[] {
  const nf = featureCount(p.normaliser.sensorIndices.length + 1, o);
  const x = engineFeatures(p, e, o);
  return Array.from(p.booster.predictMatrix(x, x.length / nf), (v) => Math.min(o.cap, Math.max(0, v)));
}

export class RulModel {
  private readonly normaliser: RegimeNormaliser;
  private readonly booster: GradientBoosting;
  private constructor(private readonly s: RulModelState) {
    this.normaliser = RegimeNormaliser.fromJSON(s.normaliser);
    this.booster = GradientBoosting.fromJSON(s.booster);
  }

  get options(): Omit<RulModelOptions, 'boosting'> {
    return this.s.options;
  }
  get validation(): RulValidation | undefined {
    return this.s.validation;
  }
  get regimeCount(): number {
    return this.normaliser.regimeCount;
  }

  /**
   * Learns from run-to-failure histories (each ends at failure). `onProgress(fraction, message)` follows the
   * boosting trees of the cross-fitting folds and of the final model.
   */
  static fit(
    engines: readonly EngineHistory[],
    options: Partial<RulModelOptions> = {},
    onProgress?: RulProgress,
  ): RulModel {
    const steps = RulModel.fitSteps(engines, options, onProgress);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * RulModel.fit for a server: the same fit, but it gives the event loop a turn after every boosting tree, so that
   * requests and progress polls are served while a model trains in-process.
   */
  static async fitAsync(
    engines: readonly EngineHistory[],
    options: Partial<RulModelOptions> = {},
    onProgress?: RulProgress,
  ): Promise<RulModel> {
    const steps = RulModel.fitSteps(engines, options, onProgress);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** The fit as a generator that yields between its steps (see fitAsync). */
  static *fitSteps(
    engines: readonly EngineHistory[],
    options: Partial<RulModelOptions> = {},
    onProgress?: RulProgress,
  ): Generator<void, RulModel> {
    const o: RulModelOptions = { ...DEFAULT_RUL_OPTIONS, ...options };
    if (engines.length === 0) throw new Error('RulModel.fit: no engines');
    const crossFit = o.folds >= 2 && engines.length >= o.folds;
    // Progress in steps: per fitted model, one for its features and one per tree.
    const fits = (crossFit ? o.folds : 0) + 1;
    const perFit = 1 + (o.boosting.trees ?? DEFAULT_BOOSTING.trees);
    let done = 0;
    const stage = (fit: number) => (fit < fits - 1 ? `cross-fitting fold ${fit + 1}/${fits - 1}` : 'final model');
    const ticker = (fit: number) => (message: string) => {
      done++;
      onProgress?.(Math.min(1, done / (fits * perFit)), `${stage(fit)}: ${message}`);
    };
    onProgress?.(0, crossFit ? `cross-fitting fold 1/${fits - 1}` : 'final model');
    let conformal: ConformalState | undefined;
    let validation: RulValidation | undefined;
    if (crossFit) {
      const rand = seededRandom(o.seed);
      const order = shuffledIndices(engines.length, rand);
      const pred: number[] = [];
      const truth: number[] = [];
      const lastPred: number[] = [];
      const lastTruth: number[] = [];
      let sq = 0;
      for (let k = 0; k < o.folds; k++) {
        const held = new Set(order.filter((_, i) => i % o.folds === k));
        const model: PointModel = yield* fitPointSteps(
          engines.filter((_, i) => !held.has(i)),
          o,
          o.seed + k + 1,
          ticker(k),
        );
        for (const i of held) {
          const e = engines[i] as EngineHistory;
          const p = predictCycles(model, e, o);
          const r = remainingCycles(e);
          p.forEach((v, t) => {
            pred.push(v);
            truth.push(r[t] as number);
            sq += (v - Math.min(o.cap, r[t] as number)) ** 2;
          });
          // A test-like truncation point: uniform over the history, leaving at least one cycle.
          const cut = Math.floor(rand() * (p.length - 1));
          lastPred.push(p[cut] as number);
          lastTruth.push(Math.min(o.cap, r[cut] as number));
          if (lastPred.length % 10 === 0) yield;
        }
      }
      conformal = calibrateConformal(pred, truth, o.intervalGroups);
      let inside = 0;
      pred.forEach((v, i) => {
        const [lo, hi] = conformalInterval(conformal as ConformalState, v, 0.9);
        if ((truth[i] as number) >= lo && (truth[i] as number) <= hi) inside++;
      });
      let tsq = 0;
      let score = 0;
      lastPred.forEach((v, i) => {
        const d = v - (lastTruth[i] as number);
        tsq += d * d;
        score += d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1;
      });
      validation = {
        rmse: Math.sqrt(sq / pred.length),
        truncatedRmse: Math.sqrt(tsq / lastPred.length),
        truncatedScorePerEngine: score / lastPred.length,
        coverage90: inside / pred.length,
        cycles: pred.length,
      };
    }
    const final: PointModel = yield* fitPointSteps(engines, o, o.seed, ticker(fits - 1));
    const { boosting: _b, ...rest } = o;
    return new RulModel({
      options: rest,
      normaliser: final.normaliser.toJSON(),
      health: final.health,
      booster: final.booster.toJSON(),
      ...(conformal ? { conformal } : {}),
      ...(validation ? { validation } : {}),
    });
  }

  private point(): PointModel {
    return { normaliser: this.normaliser, health: this.s.health, booster: this.booster };
  }

  /** Point RUL at every cycle of a history (capped at the model's cap). */
  predictCycles(e: EngineHistory): number[] {
    return predictCycles(this.point(), e, { ...this.s.options, boosting: {} });
  }

  /** RUL at the last cycle of a history, with its central interval of the given level (default 90 %). */
  predict(e: EngineHistory, level = 0.9): RulPrediction {
    const ps = this.predictCycles(e);
    const rul = ps[ps.length - 1] ?? this.s.options.cap;
    const [lower, upper] = this.s.conformal ? conformalInterval(this.s.conformal, rul, level) : [rul, rul];
    return { rul, lower, upper, level };
  }

  /**
   * Probability that the asset fails within `horizon` cycles after the last one seen, P(RUL ≤ h), from the
   * calibrated predictive distribution (point prediction + the residuals of its group).
   */
  failureProbability(e: EngineHistory | RulPrediction, horizon: number): number {
    const rul = 'rul' in e ? e.rul : this.predict(e).rul;
    if (!this.s.conformal) return rul <= horizon ? 1 : 0;
    return conformalCdf(this.s.conformal, rul, horizon);
  }

  toJSON(): RulModelState {
    return this.s;
  }
  static fromJSON(input: RulModelState | string): RulModel {
    const s = (typeof input === 'string' ? JSON.parse(input) : input) as RulModelState;
    if (!s?.options || !s.normaliser || !s.booster || !s.health)
      throw new Error('RulModel.fromJSON: not a RUL model state');
    return new RulModel(s);
  }
}
