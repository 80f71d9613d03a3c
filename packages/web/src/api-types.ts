/** Shapes of the Prognos HTTP API responses (times are epoch ms). Domain types come from core. */
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
// Copied (type-only) from packages/connectors/src/contract.ts: that package is Node-only, so the UI cannot import it.

export type ConnectorKind = 'modbus' | 'opcua' | 'mqtt' | 'sparkplug' | 'csv';

export type ConnectorState = 'stopped' | 'connecting' | 'connected' | 'reconnecting' | 'error';

export interface TagHealth {
  /** Device-side address/name of the tag (register, node id, topic/path, metric name, column). */
  tag: string;
  sensor: string;
  lastValueAt?: number;
  lastValue?: number;
  lastQuality?: number;
  errors: number;
  stale: boolean;
}

export interface ConnectorHealth {
  id: string;
  kind: ConnectorKind;
  state: ConnectorState;
  /** When the state last changed (epoch ms). */
  since: number;
  /** Where it connects to, for people (endpoint URL, host:port, broker, folder). */
  target: string;
  lastError?: { at: number; message: string };
  lastDataAt?: number;
  readings: number;
  errors: number;
  reconnects: number;
  /** Device-to-emit latency of recent readings, ms. */
  latencyMs?: { p50: number; p99: number };
  /** Readings waiting in the store-and-forward buffer, and readings evicted because its bound was hit. */
  buffered: number;
  evicted: number;
  tags: TagHealth[];
}

/** A discovered tag (OPC UA node, Modbus register, ...) with a live value when known. */
export interface BrowseItem {
  tag: string;
  name: string;
  dataType?: string;
  value?: number | string | boolean | null;
  ts?: number;
  quality?: number;
  /** True when the item has children to browse (OPC UA folders/objects). */
  hasChildren?: boolean;
}

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
