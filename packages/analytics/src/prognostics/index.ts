export {
  CMAPSS_COLUMNS,
  CmapssFormatError,
  type EngineHistory,
  parseCmapss,
  parseRulFile,
  remainingCycles,
} from './cmapss';
export {
  type ConformalState,
  calibrateConformal,
  conformalCdf,
  conformalInterval,
  residualQuantile,
} from './conformal';
export {
  type BoostingLoss,
  type BoostingOptions,
  DEFAULT_BOOSTING,
  GradientBoosting,
  type GradientBoostingState,
  pinballLoss,
} from './gradient-boosting';
export { type ExtrapolatedRul, type ExtrapolationOptions, extrapolateHealth } from './health-extrapolation';
export { intervalCoverage, phm08Score, rmse } from './metrics';
export { findRegimes, kMeans, RegimeNormaliser, type RegimeNormaliserState } from './regimes';
export {
  DEFAULT_RUL_OPTIONS,
  RUL_CAP,
  RulModel,
  type RulModelOptions,
  type RulModelState,
  type RulPrediction,
  type RulProgress,
  type RulValidation,
} from './rul-model';
export {
  DEFAULT_SPANS,
  DEFAULT_WINDOW,
  featureNames,
  type WindowFeatureOptions,
  windowFeatures,
} from './window-features';
