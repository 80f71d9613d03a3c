import type { Reading, WaveformSnapshot } from '@prognos/core';

/**
 * The connector contract (see shared DESIGN.md): one folder per protocol behind this small interface.
 * A connector turns device data into Readings and hands them to `emit`; `emit` resolves only when the readings are
 * durable downstream (stored, or written to the store-and-forward disk buffer), so a connector may acknowledge its
 * source (MQTT PUBACK, advance a file offset) only after that. A connector that also receives vibration waveform
 * snapshots hands them to the optional second sink, `sinks.emitWaveform`, with the same durability promise.
 */
export type ConnectorKind = 'modbus' | 'opcua' | 'mqtt' | 'sparkplug' | 'csv';

export type ConnectorState = 'stopped' | 'connecting' | 'connected' | 'reconnecting' | 'error';

/** Maps one device tag to a Prognos sensor, with a linear conversion to the sensor's engineering unit. */
export interface TagMapping {
  /** Prognos sensor id (tag), e.g. "P-101.VIB-DE". */
  sensor: string;
  /** value = raw * scale + offset */
  scale?: number;
  offset?: number;
  /** Unit the converted value is in; must equal the sensor's unit (checked when the connector is registered). */
  unit?: string;
  /** Report only changes larger than this (in the converted unit); 0 or absent = every value. */
  deadband?: number;
  /** Expected update interval in ms; no update for 3× this makes the tag stale. */
  expectedIntervalMs?: number;
}

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
  /** Device-to-emit latency of recent readings (source timestamp to hand-over), ms. */
  latencyMs?: { p50: number; p99: number };
  /** Readings waiting in the store-and-forward buffer, and readings evicted because its bound was hit. */
  buffered: number;
  evicted: number;
  /** Waveform snapshots emitted, waiting in the waveform spool and evicted from it (connectors that take them). */
  waveforms?: { emitted: number; buffered: number; evicted: number };
  tags: TagHealth[];
}

/** Hands readings downstream; resolves when they are durable (stored or buffered to disk). */
export type Emit = (readings: Reading[]) => Promise<void>;

/**
 * Hands one waveform snapshot downstream (already checked with core checkWaveformBody); resolves when it is durable
 * (stored, or spooled to disk). Like `Emit`, it rejects only when neither worked.
 */
export type EmitWaveform = (snapshot: WaveformSnapshot) => Promise<void>;

/**
 * Sinks besides the readings, offered by hosts that take that data (the connector manager does). Optional, so
 * connectors with nothing but readings keep their `start(emit)` and a host without them still runs every connector.
 */
export interface ConnectorSinks {
  emitWaveform?: EmitWaveform;
}

/** A data-quality event raised by a connector (e.g. a tag that stopped updating). */
export interface ConnectorEvent {
  type: 'tag_stale' | 'tag_recovered' | 'state_changed' | 'buffer_evicted' | 'rebirth_requested' | 'sequence_gap';
  connectorId: string;
  ts: number;
  sensor?: string;
  tag?: string;
  message: string;
}

export interface ConnectorLog {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
  debug?(obj: unknown, msg?: string): void;
}

export interface ConnectorContext {
  /** Folder for the connector's own files (certificates, buffers, file offsets). */
  dataDir: string;
  log: ConnectorLog;
  onEvent?: (e: ConnectorEvent) => void;
  now?: () => number;
}

/** A discovered tag (OPC UA node, Modbus register, MQTT topic, Sparkplug metric) with a live value when known. */
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

export interface Connector {
  readonly id: string;
  readonly kind: ConnectorKind;
  start(emit: Emit, sinks?: ConnectorSinks): Promise<void>;
  stop(): Promise<void>;
  health(): ConnectorHealth;
  /** Discovery with live values, where the protocol allows it. `path` is protocol-specific (a node id, a register range). */
  browse?(path?: string): Promise<BrowseItem[]>;
}

/** Common fields of every connector's configuration entry. */
export interface ConnectorConfigBase {
  id: string;
  kind: ConnectorKind;
  /** Default true. */
  enabled?: boolean;
  name?: string;
}

/**
 * One per protocol folder (`modbus/index.ts` exports `modbusFactory`, ...). `schema` is the JSON schema of the whole
 * entry (including the base fields) used to validate configuration files and API input.
 */
export interface ConnectorFactory<C extends ConnectorConfigBase = ConnectorConfigBase> {
  kind: ConnectorKind;
  schema: Record<string, unknown>;
  create(config: C, ctx: ConnectorContext): Connector;
}
