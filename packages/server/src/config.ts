import { join, resolve } from 'node:path';

export interface PrognosConfig {
  /** HTTP port of the API and UI (0 = any free port). */
  port: number;
  host: string;
  /** Folder of the embedded store (prognos.db). */
  dataDir: string;
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
  /** Connectors configuration file (YAML or JSON), optional. */
  connectorsConfig?: string;
  /** Folder of the built web UI; found automatically when not set. */
  webRoot?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
}

export function defaultDataDir(): string {
  return process.env.PROGNOS_DATA_DIR ?? join(process.cwd(), '.prognos');
}

export function resolveConfig(partial: Partial<PrognosConfig> = {}): PrognosConfig {
  const env = process.env;
  const num = (v: string | undefined): number | undefined => (v === undefined || v === '' ? undefined : Number(v));
  return {
    port: partial.port ?? num(env.PROGNOS_PORT) ?? 8080,
    host: partial.host ?? env.PROGNOS_HOST ?? '0.0.0.0',
    dataDir: resolve(partial.dataDir ?? defaultDataDir()),
    mqttPort: partial.mqttPort === undefined ? (num(env.PROGNOS_MQTT_PORT) ?? 1883) : partial.mqttPort,
    mqttPortFallback: partial.mqttPortFallback ?? false,
    simulator: partial.simulator ?? true,
    speed: partial.speed ?? num(env.PROGNOS_SPEED) ?? 0,
    seed: partial.seed ?? num(env.PROGNOS_SEED) ?? 42,
    backfillHours: partial.backfillHours ?? 6,
    demoFaults: partial.demoFaults ?? true,
    windowMs: partial.windowMs ?? 10_000,
    connectorsConfig: partial.connectorsConfig ?? (env.PROGNOS_CONFIG || undefined),
    webRoot: partial.webRoot ?? env.PROGNOS_WEB_ROOT,
    logLevel: partial.logLevel ?? (env.PROGNOS_LOG_LEVEL as PrognosConfig['logLevel']) ?? 'info',
  };
}
