import type { ConnectorConfigBase, TagMapping } from '../contract';

export type OpcuaSecurityMode = 'None' | 'Sign' | 'SignAndEncrypt';
/**
 * The policies of the OPC UA 1.04+ profiles that are still considered secure (Part 7, "Security Policy" profiles;
 * Basic128Rsa15 and Basic256 are deprecated for SHA-1 and are left out on purpose).
 */
export type OpcuaSecurityPolicy = 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep' | 'Aes256_Sha256_RsaPss';
export const OPCUA_SECURITY_POLICIES: readonly OpcuaSecurityPolicy[] = [
  'Basic256Sha256',
  'Aes128_Sha256_RsaOaep',
  'Aes256_Sha256_RsaPss',
];

/** One monitored item: an OPC UA variable mapped to a Prognos sensor. */
export interface OpcuaTag extends TagMapping {
  /** Node id in OPC UA string form: "ns=1;s=P-101.VIB-DE", "ns=2;i=1042", "nsu=urn:x;s=Temp". */
  nodeId: string;
  /** How often the server samples the source (ms); default: the connector's samplingIntervalMs. 0 = on every change. */
  samplingIntervalMs?: number;
  /** Values the server keeps between two publishes (oldest discarded first); default: the connector's queueSize. */
  queueSize?: number;
  /**
   * How `deadband` (from TagMapping, in the converted unit) is applied, via the server's DataChangeFilter
   * (OPC UA Part 4 §7.22.2): 'absolute' (default) converts it back to raw units (÷ |scale|); 'percent' reads it as a
   * percentage of the variable's EURange.
   */
  deadbandType?: 'absolute' | 'percent';
}

export interface OpcuaConfig extends ConnectorConfigBase {
  kind: 'opcua';
  /** Config format version (for migrations); 1 is the only one so far. */
  version?: 1;
  /** e.g. "opc.tcp://plc-7:4840". */
  endpointUrl: string;
  /** Default 'None'. */
  securityMode?: OpcuaSecurityMode;
  /** Used with Sign and SignAndEncrypt; default 'Basic256Sha256'. */
  securityPolicy?: OpcuaSecurityPolicy;
  /**
   * true: an unknown server certificate is trusted on first contact and added to the trust list (convenient, but
   * open to a man in the middle on that first contact). false (default): it is refused and saved under
   * `<dataDir>/pki/rejected`; move it to `<dataDir>/pki/trusted/certs` to trust it.
   */
  trustServerCertificate?: boolean;
  /** Username/password login; both absent = anonymous. */
  username?: string;
  password?: string;
  /** Default sampling interval of the tags, ms (default 500). */
  samplingIntervalMs?: number;
  /** How often the server sends the changes of the subscription, ms (default 500). */
  publishingIntervalMs?: number;
  /** Default queue size of the tags (default 10). */
  queueSize?: number;
  /** Session timeout the client asks for, ms (default 60 000): how long the server keeps the session during an outage. */
  sessionTimeoutMs?: number;
  /** Reconnect backoff bounds, ms (defaults 500 and 8000). */
  reconnect?: { baseMs?: number; maxMs?: number };
  tags: OpcuaTag[];
}

const tagSchema = {
  type: 'object',
  required: ['nodeId', 'sensor'],
  additionalProperties: false,
  properties: {
    nodeId: { type: 'string', minLength: 1 },
    sensor: { type: 'string', minLength: 1 },
    scale: { type: 'number' },
    offset: { type: 'number' },
    unit: { type: 'string' },
    deadband: { type: 'number', minimum: 0 },
    deadbandType: { enum: ['absolute', 'percent'] },
    expectedIntervalMs: { type: 'number', exclusiveMinimum: 0 },
    samplingIntervalMs: { type: 'number', minimum: 0 },
    queueSize: { type: 'integer', minimum: 1, maximum: 10000 },
  },
} as const;

/** JSON schema (draft-07, ajv) of a whole OPC UA connector entry, base fields included. */
export const opcuaConfigSchema = {
  $id: 'prognos/connector/opcua',
  type: 'object',
  required: ['id', 'kind', 'endpointUrl', 'tags'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1 },
    kind: { const: 'opcua' },
    enabled: { type: 'boolean' },
    name: { type: 'string' },
    version: { const: 1 },
    endpointUrl: { type: 'string', pattern: '^opc\\.tcp://[^/:]+(:\\d+)?(/.*)?$' },
    securityMode: { enum: ['None', 'Sign', 'SignAndEncrypt'] },
    securityPolicy: { enum: [...OPCUA_SECURITY_POLICIES] },
    trustServerCertificate: { type: 'boolean' },
    username: { type: 'string', minLength: 1 },
    password: { type: 'string' },
    samplingIntervalMs: { type: 'number', minimum: 0 },
    publishingIntervalMs: { type: 'number', minimum: 10 },
    queueSize: { type: 'integer', minimum: 1, maximum: 10000 },
    sessionTimeoutMs: { type: 'integer', minimum: 1000 },
    reconnect: {
      type: 'object',
      additionalProperties: false,
      properties: {
        baseMs: { type: 'number', minimum: 10 },
        maxMs: { type: 'number', minimum: 10 },
      },
    },
    tags: { type: 'array', items: tagSchema },
  },
  dependencies: { username: ['password'], password: ['username'] },
} as const;
