export * from './codec';
export * from './disk-queue';
export * from './store-and-forward';
export * from './waveform-spool';
