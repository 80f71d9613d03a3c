export * from './load';
export * from './migrations';
export * from './types';
export * from './validate';
