export * from './errors';
export * from './ingest';
export * from './model';
export * from './model-versions';
export * from './quality';
export * from './random';
export * from './units';
