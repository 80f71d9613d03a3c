import type { CheckedConnectorFactory } from '../config/types';
import { type CsvConnectorConfig, checkCsvConfig, csvConfigSchema } from './config';
import { CsvConnector } from './csv-connector';

export * from './config';
export * from './csv-connector';
export * from './delimiter';
export * from './reader';
export * from './timestamp';

export const csvFactory: CheckedConnectorFactory<CsvConnectorConfig> = {
  kind: 'csv',
  schema: csvConfigSchema as unknown as Record<string, unknown>,
  check: checkCsvConfig,
  create: (config, ctx) => new CsvConnector(config, ctx),
};
