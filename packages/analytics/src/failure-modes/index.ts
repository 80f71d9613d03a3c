export * from './cart';
export * from './cross-validation';
export * from './csv';
export * from './features';
export * from './model';
export * from './nice-number';
export * from './rules';
export * from './wording';
