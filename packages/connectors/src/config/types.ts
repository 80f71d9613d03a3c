import type { ConnectorConfigBase, ConnectorFactory } from '../contract';

/** The version this code writes and understands; older files are migrated (see migrations.ts). */
export const CONNECTORS_CONFIG_VERSION = 1;

/** The connectors configuration file: `{ version: 1, connectors: [...] }`, in YAML or JSON. */
export interface ConnectorsConfig {
  version: number;
  connectors: ConnectorConfigBase[];
}

/** One problem in a configuration, with the field path (`connectors[2].registers[0].type`) and what is wrong. */
export interface ConfigIssue {
  path: string;
  message: string;
}

export interface ConnectorsConfigResult {
  ok: boolean;
  /** The migrated, validated configuration (present when ok). */
  config?: ConnectorsConfig;
  errors: ConfigIssue[];
  /** True when the input was an older version and was migrated to the current one. */
  migrated: boolean;
  /** Version of the input before migration (0 for the unversioned first format). */
  fromVersion: number;
  /** What each applied migration did, in order. */
  migrations: string[];
}

export interface LoadedConnectorsConfig extends Omit<ConnectorsConfigResult, 'config' | 'ok'> {
  config: ConnectorsConfig;
  /** The file path, or "(text)" when the configuration was given inline. */
  source: string;
}

/**
 * A factory may add checks a JSON schema cannot express (e.g. a sensor template that uses a placeholder its topic
 * template lacks). Paths are relative to the entry (`mappings[0].sensor`).
 */
export interface CheckedConnectorFactory<C extends ConnectorConfigBase = ConnectorConfigBase>
  extends ConnectorFactory<C> {
  check?(entry: C): ConfigIssue[];
}

export function formatConfigIssue(i: ConfigIssue): string {
  return i.path ? `${i.path}: ${i.message}` : i.message;
}

/** Thrown by loadConnectorsConfig (and the manager) with every problem found, not just the first. */
export class ConnectorsConfigError extends Error {
  constructor(
    readonly errors: ConfigIssue[],
    readonly source = '',
  ) {
    super(
      `invalid connectors configuration${source ? ` in ${source}` : ''}:\n${errors.map((e) => `  ${formatConfigIssue(e)}`).join('\n')}`,
    );
    this.name = 'ConnectorsConfigError';
  }
}
