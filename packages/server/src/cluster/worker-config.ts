/**
 * Configuration of `prognos worker`: command-line flags win over environment variables, which win over the JSON
 * file given with --config (same keys, camelCase). Every value is checked here, so a mistyped setting stops the
 * start with its name, before anything connects.
 */
import { readFileSync } from 'node:fs';
import { checkPartitionCount, PrognosError } from '@prognos/core';
import { type PrognosConfig, resolveConfig } from '../config';
import { checkClusterId } from './bootstrap';

export interface WorkerConfig {
  /** PostgreSQL holding readings, metadata, leases and the cluster layout (all workers use the same). */
  pgUrl: string;
  pgSchema: string;
  /** The MQTT broker publishers send readings to (mqtt://, mqtts://, ws:// or wss://). */
  mqttUrl: string;
  /** Partition count; unset = the recorded one (or the default, 16, when the cluster is new). */
  partitions?: number;
  /** Prefix of the partition sessions' MQTT client ids; unset = the recorded one (or 'prognos'). */
  clusterId?: string;
  /** HTTP port of GET /metrics and GET /api/health; 0 = not served. */
  port: number;
  host: string;
  /** Window of the analytics, ms (as the server's). */
  windowMs: number;
  logLevel: PrognosConfig['logLevel'];
  /** This worker's id in the lease tables (default: host, process id and a random suffix). */
  workerId?: string;
  /** How long a lease lives without renewal (default 10 s); hand-over after a crash takes about this long. */
  leaseTtlMs: number;
  /** Lease tick: heartbeat, renewal, acquisition (default 2 s; must stay well below leaseTtlMs). */
  tickMs: number;
}

export type WorkerConfigInput = Partial<WorkerConfig>;

/** Keys a --config file may hold (the documented settings; tuning and test knobs come from code). */
const FILE_KEYS = ['pgUrl', 'pgSchema', 'mqttUrl', 'partitions', 'clusterId', 'port', 'host', 'logLevel'] as const;
type FileKey = (typeof FILE_KEYS)[number];

const bad = (what: string) => new PrognosError('CONFIG_INVALID', [what]);

/** The --config file: a JSON object with the keys above; anything else is an error naming it. */
export function readWorkerConfigFile(path: string): WorkerConfigInput {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw bad(`cannot read the worker config file ${path}: ${(e as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw bad(`${path} must hold a JSON object`);
  const unknown = Object.keys(doc).filter((k) => !FILE_KEYS.includes(k as FileKey));
  if (unknown.length > 0) throw bad(`${path}: unknown key(s) ${unknown.join(', ')}; known: ${FILE_KEYS.join(', ')}`);
  return doc as WorkerConfigInput;
}

/** The environment's settings: PROGNOS_PG_URL, PROGNOS_PG_SCHEMA, PROGNOS_MQTT_URL, PROGNOS_PARTITIONS, ... */
function fromEnv(env: NodeJS.ProcessEnv): WorkerConfigInput {
  const v = (name: string) => env[name] || undefined;
  const partitions = v('PROGNOS_PARTITIONS');
  return {
    pgUrl: v('PROGNOS_PG_URL'),
    pgSchema: v('PROGNOS_PG_SCHEMA'),
    mqttUrl: v('PROGNOS_MQTT_URL'),
    partitions: partitions === undefined ? undefined : Number(partitions),
    clusterId: v('PROGNOS_CLUSTER_ID'),
    logLevel: v('PROGNOS_LOG_LEVEL') as WorkerConfig['logLevel'] | undefined,
  };
}

/** Merges flags over environment over file (undefined values do not override) and checks the result. */
export function resolveWorkerConfig(
  flags: WorkerConfigInput,
  opts: { env?: NodeJS.ProcessEnv; file?: string } = {},
): WorkerConfig {
  const file = opts.file ? readWorkerConfigFile(opts.file) : {};
  const env = fromEnv(opts.env ?? process.env);
  const pick = <K extends keyof WorkerConfig>(key: K): WorkerConfigInput[K] => flags[key] ?? env[key] ?? file[key];
  const pgUrl = pick('pgUrl');
  if (!pgUrl) throw bad('pgUrl is required (--pg-url, PROGNOS_PG_URL or pgUrl in the --config file)');
  const mqttUrl = pick('mqttUrl');
  if (!mqttUrl) throw bad('mqttUrl is required (--mqtt-url, PROGNOS_MQTT_URL or mqttUrl in the --config file)');
  checkMqttUrl(mqttUrl);
  // the server's own checks of the PostgreSQL URL, schema and log level (and their messages)
  let server: PrognosConfig;
  try {
    server = resolveConfig({ pgUrl, pgSchema: pick('pgSchema') ?? 'prognos', logLevel: pick('logLevel') ?? 'info' });
  } catch (e) {
    throw bad((e as Error).message);
  }
  const partitions = pick('partitions');
  if (partitions !== undefined) checkPartitionCount(partitions);
  const clusterId = pick('clusterId');
  if (clusterId !== undefined) checkClusterId(clusterId);
  const port = pick('port') ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw bad(`port must be an integer 0..65535, got ${port}`);
  const leaseTtlMs = flags.leaseTtlMs ?? 10_000;
  const tickMs = flags.tickMs ?? 2_000;
  if (!(tickMs > 0 && tickMs * 3 <= leaseTtlMs))
    throw bad(
      `the lease tick (${tickMs} ms) must be positive and at most a third of the lease lifetime (${leaseTtlMs} ms)`,
    );
  return {
    pgUrl: server.pgUrl!,
    pgSchema: server.pgSchema,
    mqttUrl,
    partitions,
    clusterId,
    port,
    host: pick('host') ?? '0.0.0.0',
    windowMs: flags.windowMs ?? 10_000,
    logLevel: server.logLevel,
    workerId: flags.workerId,
    leaseTtlMs,
    tickMs,
  };
}

function checkMqttUrl(url: string): void {
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    u = undefined;
  }
  if (!u || !['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'].includes(u.protocol) || !u.hostname)
    throw bad(`mqttUrl (PROGNOS_MQTT_URL, --mqtt-url) must be a URL like mqtt://host:1883, got "${url}"`);
}
