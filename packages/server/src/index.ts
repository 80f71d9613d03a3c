export {
  bootstrapCluster,
  type ClusterLayout,
  checkClusterId,
  DEFAULT_CLUSTER_ID,
  LeaseManager,
  type LeaseTick,
  partitionClientId,
  resolveWorkerConfig,
  startWorker,
  type WorkerConfig,
  type WorkerConfigInput,
  type WorkerHandle,
  type WorkerSettings,
} from './cluster/index';
export * from './config';
export * from './event-bus';
export { buildApp, findWebRoot } from './http/app';
export type { AppContext } from './http/context';
export * from './ingest-service';
export { type Exposition, find as findSamples, parseExposition, type Sample, sampleSum } from './metrics/exposition';
export { type IngestPath, Metrics, type MetricsSources } from './metrics/metrics';
export {
  decodePayload,
  ERRORS_TOPIC_PREFIX,
  READINGS_TOPIC_PREFIX,
  startEmbeddedBroker,
  WAVEFORMS_TOPIC_PREFIX,
} from './mqtt/embedded-broker';
export { loadNotificationsConfig, validateNotificationsConfig } from './notifications/notifications-config';
export { registerPlant } from './pipeline/simulator-control';
export * from './prognos';
export { DEFAULT_RUL_HORIZON, RulService, type RulTrainRequest } from './rul/index';
export type { WaveformEvent } from './vibration/waveform-store';
