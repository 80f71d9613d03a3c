/** Streaming (learn-as-you-go) detectors, river style: learnOne / scoreOne / update. */
export * from './anomaly-likelihood';
export * from './robust-ewma';
export * from './univariate';
