/** Shapes of the Prognos HTTP API responses (times are epoch ms). Domain types come from core and connectors. */
import type { ConnectorHealth, ConnectorKind } from '@prognos/connectors';
import type { Alert, Area, Asset, AssetHealth, Component, Line, Reading, Sensor, Site } from '@prognos/core';

export interface ServerHealth {
  status: 'ok';
  version: string;
  uptimeS: number;
  simulator: boolean;
}

export interface Plant {
  site: Pick<Site, 'id' | 'name'>;
  areas: Area[];
  lines: Line[];
}

export interface AssetSummary {
  id: string;
  lineId: string;
  name: string;
  type: Asset['type'];
  criticality: Asset['criticality'];
  health?: AssetHealth;
  activeAlert?: Alert;
  sensorCount: number;
  running?: boolean;
}

export interface LatestValue {
  ts: number;
  value: number;
  quality: number;
}

export interface AssetDetail {
  asset: Asset;
  components: Component[];
  sensors: Sensor[];
  health?: AssetHealth;
  activeAlert?: Alert;
  latest: Record<string, LatestValue>;
}

export interface Downsample {
  sensor: string;
  from: number;
  to: number;
  bucketMs: number;
  source: string;
  ts: number[];
  min: number[];
  max: number[];
  avg: number[];
  count: number[];
}

export type AlertQueryState = 'active' | 'open' | 'acknowledged' | 'closed';

export interface AlertEvent {
  change: 'opened' | 'updated' | 'closed';
  alert: Alert;
}

export interface ReadingsEvent {
  readings: Reading[];
}

// ---- Connectors ---------------------------------------------------------------------------------------------
// The connector contract types come from the connectors package as type-only imports: they are erased at build
// time, so none of that package's Node-only code reaches the UI bundle.

export type {
  BrowseItem,
  ConnectorHealth,
  ConnectorKind,
  ConnectorState,
  TagHealth,
} from '@prognos/connectors';

/** A connector's configuration entry; the kind-specific fields are validated by the server, not typed here. */
export interface ConnectorConfig {
  id: string;
  kind: ConnectorKind;
  name?: string;
  enabled?: boolean;
  [field: string]: unknown;
}

export interface ConnectorEntry {
  config: ConnectorConfig;
  health: ConnectorHealth;
}

/** One problem in a rejected configuration (422 CONFIG_INVALID); `path` names the field, e.g. "/tags/0/sensor". */
export interface ConfigError {
  path: string;
  message: string;
}
