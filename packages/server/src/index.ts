export * from './config';
export * from './event-bus';
export { buildApp, findWebRoot } from './http/app';
export type { AppContext } from './http/context';
export * from './ingest-service';
export { decodePayload, ERRORS_TOPIC_PREFIX, READINGS_TOPIC_PREFIX, startEmbeddedBroker } from './mqtt/embedded-broker';
export { registerPlant } from './pipeline/simulator-control';
export * from './prognos';
