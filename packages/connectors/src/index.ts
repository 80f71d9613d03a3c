export * from './backoff';
export * from './contract';
