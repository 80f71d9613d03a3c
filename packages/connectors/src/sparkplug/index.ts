import type { ConnectorFactory } from '../contract';
import { type SparkplugConfig, sparkplugConfigSchema } from './config';
import { SparkplugConnector } from './connector';
import { validateSparkplugConfig } from './validate';

export { REBIRTH_METRIC, sourceQuality } from './codec';
export {
  type SparkplugConfig,
  type SparkplugMapping,
  type SparkplugTlsConfig,
  sparkplugConfigSchema,
} from './config';
export { type SparkplugBrowseItem, SparkplugConnector } from './connector';
export { DEFAULT_TEMPLATE } from './mapping';
export { parseTopic, type SparkplugMessageType, type SparkplugTopic } from './topic';
export { validateSparkplugConfig } from './validate';

/** Sparkplug B host application connector (kind 'sparkplug'); `create` throws when the config is invalid, naming each field. */
export const sparkplugFactory: ConnectorFactory<SparkplugConfig> = {
  kind: 'sparkplug',
  schema: sparkplugConfigSchema as unknown as Record<string, unknown>,
  create(config, ctx) {
    const errors = validateSparkplugConfig(config);
    if (errors.length > 0) throw new Error(`invalid sparkplug connector "${config.id}": ${errors.join('; ')}`);
    return new SparkplugConnector(config, ctx);
  },
};
