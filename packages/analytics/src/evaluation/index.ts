/**
 * Evaluation tooling: point-wise metrics (SKAB) and the NAB scoring method. nab-loader reads a folder with
 * node:fs (analytics runs in Node: server, CLI, benches; the browser UI does not import it).
 */
export * from './nab';
export * from './nab-format';
export * from './nab-loader';
export * from './pointwise';
