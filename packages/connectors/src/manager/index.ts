export * from './connector-manager';
export * from './health-tracker';
export * from './stale-watchdog';
