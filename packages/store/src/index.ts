export * from './ports';
export * from './sqlite';
