import type { ConnectorConfigBase, TagMapping } from '../contract';

/** TLS material for `mqtts://` brokers, as file paths (read when the connector starts). */
export interface SparkplugTlsConfig {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Default true; false only for test brokers with self-signed certificates. */
  rejectUnauthorized?: boolean;
}

/**
 * How Sparkplug metrics become Prognos sensors. A metric is named by its key `{group}/{edgeNode}/{device}/{metric}`
 * (device empty for node-level metrics: `G1/E1//Temp`). An entry of `tags` wins; otherwise `template` (when set)
 * builds the sensor id from the placeholders {group} {edgeNode} {device} {metric}, with `defaults` for the
 * conversion. In `tags` keys, `+` stands for any group, edge node or device.
 */
export interface SparkplugMapping {
  /** Default '{device}.{metric}' when `tags` is absent, none when it is present. {device} falls back to the edge node id for node-level metrics. */
  template?: string;
  /** Conversion applied to template-mapped metrics. */
  defaults?: Omit<TagMapping, 'sensor'>;
  tags?: Record<string, TagMapping>;
}

export interface SparkplugConfig extends ConnectorConfigBase {
  kind: 'sparkplug';
  /** Config format version (for migrations); 1 is the only one so far. */
  version?: 1;
  /** Broker URL: mqtt://host:1883, mqtts://host:8883, ws://, wss://. */
  url: string;
  /** Default `prognos-spb-<id>`; must be stable for the broker to keep the persistent session. */
  clientId?: string;
  username?: string;
  password?: string;
  tls?: SparkplugTlsConfig;
  /** One Sparkplug group, or use `groupIds` for several. */
  groupId?: string;
  groupIds?: string[];
  /** Only these edge nodes (all when absent). */
  edgeNodes?: string[];
  /** Only these devices (all when absent); node-level metrics always pass. */
  devices?: string[];
  mapping?: SparkplugMapping;
  /**
   * When set, the connector is a Sparkplug 3.0 primary host: it publishes `spBv1.0/STATE/<hostId>` JSON
   * {online, timestamp} retained at QoS 1, with the offline message as its MQTT will.
   */
  hostId?: string;
  /** Keep the MQTT session (clean session false) so QoS 1 data is queued by the broker while we are away. Default true. */
  persistentSession?: boolean;
  /** MQTT keepalive, s; default 30. */
  keepaliveS?: number;
  /** CONNACK timeout, ms; default 5000. */
  connectTimeoutMs?: number;
  /** Reconnect backoff cap, ms; default 4000 so a broker back up is found again well within 10 s. */
  reconnectMaxMs?: number;
  /** Least time between two rebirth requests to the same edge node, ms; default 2000. */
  rebirthThrottleMs?: number;
  /** Default `expectedIntervalMs` of every mapped tag (no update for 3× this makes it stale); absent = only deaths make tags stale. */
  expectedIntervalMs?: number;
}

const tagFields = {
  scale: { type: 'number' },
  offset: { type: 'number' },
  unit: { type: 'string' },
  deadband: { type: 'number', minimum: 0 },
  expectedIntervalMs: { type: 'number', exclusiveMinimum: 0 },
} as const;

const sparkplugId = { type: 'string', minLength: 1, pattern: '^[^/+#]+$' } as const;

/** JSON schema (draft-07, ajv) of a whole Sparkplug B connector entry, base fields included. */
export const sparkplugConfigSchema = {
  $id: 'prognos/connector/sparkplug',
  type: 'object',
  required: ['id', 'kind', 'url'],
  additionalProperties: false,
  anyOf: [{ required: ['groupId'] }, { required: ['groupIds'] }],
  properties: {
    id: { type: 'string', minLength: 1 },
    kind: { const: 'sparkplug' },
    enabled: { type: 'boolean' },
    name: { type: 'string' },
    version: { const: 1 },
    url: { type: 'string', pattern: '^(mqtts?|wss?|tcp|ssl)://.+' },
    clientId: { type: 'string', minLength: 1, maxLength: 65535 },
    username: { type: 'string' },
    password: { type: 'string' },
    tls: {
      type: 'object',
      additionalProperties: false,
      properties: {
        caFile: { type: 'string', minLength: 1 },
        certFile: { type: 'string', minLength: 1 },
        keyFile: { type: 'string', minLength: 1 },
        rejectUnauthorized: { type: 'boolean' },
      },
    },
    groupId: sparkplugId,
    groupIds: { type: 'array', minItems: 1, items: sparkplugId },
    edgeNodes: { type: 'array', items: sparkplugId },
    devices: { type: 'array', items: sparkplugId },
    mapping: {
      type: 'object',
      additionalProperties: false,
      properties: {
        template: { type: 'string', minLength: 1 },
        defaults: { type: 'object', additionalProperties: false, properties: tagFields },
        tags: {
          type: 'object',
          propertyNames: { pattern: '^[^/]+/[^/]+/[^/]*/.+$' },
          additionalProperties: {
            type: 'object',
            required: ['sensor'],
            additionalProperties: false,
            properties: { sensor: { type: 'string', minLength: 1 }, ...tagFields },
          },
        },
      },
    },
    hostId: sparkplugId,
    persistentSession: { type: 'boolean' },
    keepaliveS: { type: 'integer', minimum: 1, maximum: 65535 },
    connectTimeoutMs: { type: 'integer', minimum: 100, maximum: 120000 },
    reconnectMaxMs: { type: 'integer', minimum: 100, maximum: 600000 },
    rebirthThrottleMs: { type: 'integer', minimum: 0, maximum: 600000 },
    expectedIntervalMs: { type: 'number', exclusiveMinimum: 0 },
  },
} as const;

/** The groups a config subscribes to. */
export function groupsOf(config: SparkplugConfig): string[] {
  return [...new Set([...(config.groupId ? [config.groupId] : []), ...(config.groupIds ?? [])])];
}
