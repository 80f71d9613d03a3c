import { join, resolve } from 'node:path';

export interface PrognosConfig {
  /** HTTP port of the API and UI (0 = any free port). */
  port: number;
  host: string;
  /** Folder of the embedded store (prognos.db). */
  dataDir: string;
  /**
   * PostgreSQL connection URL (config key pgUrl, env PROGNOS_PG_URL, --pg-url): when set, readings and metadata
   * live in PostgreSQL (schema pgSchema). Unset: everything is in the embedded store in dataDir.
   */
  pgUrl?: string;
  /** Schema of the PostgreSQL reading store (config key pgSchema, env PROGNOS_PG_SCHEMA), created when missing. */
  pgSchema: string;
  /**
   * MQTT broker of a cluster of `prognos worker` processes (config key clusterMqttUrl, env
   * PROGNOS_CLUSTER_MQTT_URL, --cluster-mqtt-url; needs pgUrl): this instance then serves the API only — ingested
   * readings go to the workers through the broker, health and alerts come from PostgreSQL — and keeps no state.
   */
  clusterMqttUrl?: string;
  /** Port of the embedded MQTT broker; null disables it. */
  mqttPort: number | null;
  /** When the MQTT port is only the default and it is taken, listen on a free port instead of failing. */
  mqttPortFallback: boolean;
  /** Run the built-in plant simulator (the demo). */
  simulator: boolean;
  /** Process-time acceleration of the simulator (degradation, load cycles). */
  speed: number;
  seed: number;
  /** Hours of healthy history to back-fill on first start (simulator only). */
  backfillHours: number;
  /** Inject the demo fault(s). */
  demoFaults: boolean;
  /** Window of the analytics, ms. */
  windowMs: number;
  /**
   * Scheduled retraining (config key retrainDays, env PROGNOS_RETRAIN_DAYS): every N days each monitored asset
   * without an active alert gets a new model version trained on its last N days; 0 = off (the default).
   */
  retrainDays: number;
  /**
   * Readings retention (config key retentionDays, env PROGNOS_RETENTION_DAYS, --retention-days): readings older
   * than this many days are deleted every six hours; 0 (the default) keeps everything.
   */
  retentionDays: number;
  /** Connectors configuration file (YAML or JSON), optional. */
  connectorsConfig?: string;
  /**
   * Notifications file (YAML or JSON, path or inline text; config key notificationsConfig, env
   * PROGNOS_NOTIFICATIONS_CONFIG): channels (webhook, e-mail, MQTT, CMMS), baseUrl, integrations.cmms.token. Optional:
   * without it no message is sent until channels are added through the API.
   */
  notificationsConfig?: string;
  /** Base URL of the web UI for links in messages (env PROGNOS_PUBLIC_URL); the file's baseUrl wins. */
  publicUrl?: string;
  /** Folder of the built web UI; found automatically when not set. */
  webRoot?: string;
  /**
   * Level of the JSON log lines on stdout (config key logLevel, env PROGNOS_LOG_LEVEL): fatal, error, warn, info,
   * debug, trace or silent.
   */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Bearer token GET /metrics requires (env PROGNOS_METRICS_TOKEN); unset = the endpoint is open. */
  metricsToken?: string;
  /** Sensor trust: streaming checks on every reading, sensor states, sensor alerts. */
  quality: QualityConfig;
}

export interface QualityConfig {
  /** Days between calibrations (config key quality.calibrationIntervalDays); a sensor past it is overdue. */
  calibrationIntervalDays: number;
  /**
   * Wall-clock ms a sensor must stay suspect/bad before it raises a sensor alert, and good before that alert
   * closes. Wall time, not process time: the simulator's acceleration (DEMO_SPEED) speeds up the machines, but
   * its sensor faults, like real ones, last in wall time, and one minute of a lying sensor is what a technician
   * can act on without being paged for every passing glitch.
   */
  alertHoldMs: number;
  /** How often quiet sensors are checked for gaps and alert hold times are evaluated (ms). */
  tickMs: number;
  /** How often the sensor states are saved (ms); they are also saved on close. */
  snapshotMs: number;
}

/** What callers may pass: any field of the config, and any field of its quality section. */
export type PrognosConfigInput = Partial<Omit<PrognosConfig, 'quality'>> & { quality?: Partial<QualityConfig> };

export function defaultDataDir(): string {
  return process.env.PROGNOS_DATA_DIR ?? join(process.cwd(), '.prognos');
}

export function resolveConfig(partial: PrognosConfigInput = {}): PrognosConfig {
  const env = process.env;
  const num = (v: string | undefined): number | undefined => (v === undefined || v === '' ? undefined : Number(v));
  const config: PrognosConfig = {
    port: partial.port ?? num(env.PROGNOS_PORT) ?? 8080,
    host: partial.host ?? env.PROGNOS_HOST ?? '0.0.0.0',
    dataDir: resolve(partial.dataDir ?? defaultDataDir()),
    pgUrl: pgUrl(partial.pgUrl ?? (env.PROGNOS_PG_URL || undefined)),
    pgSchema: pgSchema(partial.pgSchema ?? (env.PROGNOS_PG_SCHEMA || undefined) ?? 'prognos'),
    clusterMqttUrl: partial.clusterMqttUrl ?? (env.PROGNOS_CLUSTER_MQTT_URL || undefined),
    mqttPort: partial.mqttPort === undefined ? (num(env.PROGNOS_MQTT_PORT) ?? 1883) : partial.mqttPort,
    mqttPortFallback: partial.mqttPortFallback ?? false,
    simulator: partial.simulator ?? true,
    speed: partial.speed ?? num(env.PROGNOS_SPEED) ?? 0,
    seed: partial.seed ?? num(env.PROGNOS_SEED) ?? 42,
    backfillHours: partial.backfillHours ?? 24,
    demoFaults: partial.demoFaults ?? true,
    windowMs: partial.windowMs ?? 10_000,
    retrainDays: retrainDays(partial.retrainDays ?? num(env.PROGNOS_RETRAIN_DAYS) ?? 0),
    retentionDays: retentionDays(partial.retentionDays ?? num(env.PROGNOS_RETENTION_DAYS) ?? 0),
    connectorsConfig: partial.connectorsConfig ?? (env.PROGNOS_CONFIG || undefined),
    notificationsConfig: partial.notificationsConfig ?? (env.PROGNOS_NOTIFICATIONS_CONFIG || undefined),
    publicUrl: partial.publicUrl ?? (env.PROGNOS_PUBLIC_URL || undefined),
    webRoot: partial.webRoot ?? env.PROGNOS_WEB_ROOT,
    logLevel: logLevel(partial.logLevel ?? (env.PROGNOS_LOG_LEVEL || undefined) ?? 'info'),
    metricsToken: partial.metricsToken ?? (env.PROGNOS_METRICS_TOKEN || undefined),
    quality: {
      calibrationIntervalDays:
        partial.quality?.calibrationIntervalDays ?? num(env.PROGNOS_CALIBRATION_INTERVAL_DAYS) ?? 365,
      alertHoldMs: partial.quality?.alertHoldMs ?? (num(env.PROGNOS_QUALITY_HOLD_S) ?? 60) * 1000,
      tickMs: partial.quality?.tickMs ?? 1000,
      snapshotMs: partial.quality?.snapshotMs ?? 60_000,
    },
  };
  if (config.clusterMqttUrl !== undefined) {
    if (!config.pgUrl)
      throw new Error(
        'clusterMqttUrl (PROGNOS_CLUSTER_MQTT_URL, --cluster-mqtt-url) needs pgUrl: the cluster shares PostgreSQL',
      );
    if (config.simulator)
      throw new Error(
        'the demo simulator runs on one instance on its own; an API instance of a cluster (clusterMqttUrl) has none',
      );
    if (!/^(mqtts?|wss?):\/\/[^/]/.test(config.clusterMqttUrl))
      throw new Error(
        `clusterMqttUrl (PROGNOS_CLUSTER_MQTT_URL, --cluster-mqtt-url) must be a URL like mqtt://host:1883, got "${redactUrl(config.clusterMqttUrl)}"`,
      );
  }
  return config;
}

const LOG_LEVELS: readonly PrognosConfig['logLevel'][] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(v: string): PrognosConfig['logLevel'] {
  const level = v.toLowerCase() as PrognosConfig['logLevel'];
  if (!LOG_LEVELS.includes(level))
    throw new Error(`logLevel (PROGNOS_LOG_LEVEL, --log-level) must be one of ${LOG_LEVELS.join(', ')}, got "${v}"`);
  return level;
}

function retentionDays(v: number): number {
  if (!(Number.isFinite(v) && v >= 0))
    throw new Error(
      `retentionDays (PROGNOS_RETENTION_DAYS, --retention-days) must be a number of days ≥ 0 (0 = keep all), got ${v}`,
    );
  return v;
}

function retrainDays(v: number): number {
  if (!(Number.isFinite(v) && v >= 0))
    throw new Error(`retrainDays (PROGNOS_RETRAIN_DAYS) must be a number of days ≥ 0 (0 = off), got ${v}`);
  return v;
}

/** The URL with its password replaced by ***, for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    // not a URL: whatever follows a colon before an @ may be a password
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

// Checked here, not on first connection: a mistyped URL should stop the start with the setting named.
function pgUrl(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  let u: URL | undefined;
  try {
    u = new URL(v);
  } catch {
    u = undefined;
  }
  if (
    !u ||
    (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') ||
    (!u.hostname && !u.searchParams.has('host'))
  )
    throw new Error(
      `pgUrl (PROGNOS_PG_URL, --pg-url) must be a URL like postgres://user:password@host:5432/database, got "${redactUrl(v)}"`,
    );
  return v;
}

// The schema name also goes into the connections' search_path: plain lower-case identifiers only.
function pgSchema(v: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(v))
    throw new Error(
      `pgSchema (PROGNOS_PG_SCHEMA, --pg-schema) must be a lower-case identifier matching [a-z_][a-z0-9_]*, got "${v}"`,
    );
  return v;
}
