import type { CheckedConnectorFactory } from '../config/types';
import { checkMqttConfig, type MqttConnectorConfig, mqttConfigSchema } from './config';
import { MqttConnector } from './mqtt-connector';

export { TopicCache } from './browse-cache';
export * from './config';
export * from './mqtt-connector';
export { type CompiledTopicTemplate, compileTopicTemplate, mqttTopicMatches } from './topic-template';

export const mqttFactory: CheckedConnectorFactory<MqttConnectorConfig> = {
  kind: 'mqtt',
  schema: mqttConfigSchema as unknown as Record<string, unknown>,
  check: checkMqttConfig,
  create: (config, ctx) => new MqttConnector(config, ctx),
};
