export * from './config';
export * from './event-bus';
export * from './ingest-service';
export * from './prognos';
export { buildApp, findWebRoot } from './http/app';
export type { AppContext } from './http/context';
export { decodePayload, startEmbeddedBroker, READINGS_TOPIC_PREFIX, ERRORS_TOPIC_PREFIX } from './mqtt/embedded-broker';
export { registerPlant } from './pipeline/simulator-control';
