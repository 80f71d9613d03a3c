export * from './errors';
export * from './ingest';
export * from './model';
export * from './quality';
export * from './random';
export * from './units';
