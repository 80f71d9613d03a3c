/** Shapes of the Prognos HTTP API responses (times are epoch ms). Domain types come from core and connectors. */
import type { ConnectorHealth, ConnectorKind } from '@prognos/connectors';
import type {
  Alert,
  Area,
  Asset,
  AssetHealth,
  Component,
  HealthRul,
  Line,
  Reading,
  Sensor,
  SensorContribution,
  Site,
  WaveformSummary,
} from '@prognos/core';

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
  dataQuality?: DataQuality;
  /** Remaining useful life and failure probability, while health is falling. */
  rul?: HealthRul;
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
  dataQuality?: DataQuality;
  /** Trend, drivers and health per component of the last scored window (missing until one is scored). */
  healthDetail?: HealthDetail;
}

/** Health of one component (or of the '_process' group of sensors on no component): same 0..100 scale. */
export interface ComponentHealth {
  id: string;
  name: string;
  health: number;
  /** Health points per hour over the trend horizon (negative = degrading). */
  trendPerHour: number;
  /** The component's own top contributors (shares are of the whole asset's score). */
  drivers: SensorContribution[];
}

/** The live health beyond AssetHealth: its trend, what drives it, each component, and the operating envelope. */
export interface HealthDetail {
  /** Window time. */
  ts: number;
  /** Health points per hour over the last two hours (negative = degrading). */
  trendPerHour: number;
  drivers: SensorContribution[];
  /** Worst first; empty when the asset has no components. */
  components: ComponentHealth[];
  /** Set while the machine runs outside the operating range its model was trained on (no alert can open then). */
  outside?: { sensor: string; value: number; low: number; high: number };
  /** Remaining useful life from the falling health trend (absent while health is not falling). */
  rul?: HealthRul;
}

/** The live 'health' event: the stored health plus the monitor's detail when it has one. */
export type HealthEvent = AssetHealth & { detail?: HealthDetail };

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

// ---- Sensor trust (data quality) ------------------------------------------------------------------------------

export type SensorQualityState = 'good' | 'suspect' | 'bad';

/** An asset's data-quality summary: score 0..100 (null before any sensor is judged) and its worst sensors' ids. */
export interface DataQuality {
  score: number | null;
  state: SensorQualityState;
  worstSensors: string[];
}

/** Why a sensor is not trusted: the quality reason code (core/quality.ts), its name, a sentence, since when. */
export interface QualityReasonInfo {
  code: number;
  name: string;
  detail: string;
  since: number;
}

export interface AssetQuality {
  assetId: string;
  name: string;
  score: number | null;
  state: SensorQualityState;
}

export interface SensorQuality {
  sensorId: string;
  assetId: string;
  name: string;
  unit: string;
  state: SensorQualityState;
  score: number | null;
  reasons: QualityReasonInfo[];
  lastFlagAt: number | null;
  calibrationDue: string | null;
  calibrationOverdue: boolean;
}

/** GET /api/quality: sensors come worst first. */
export interface QualityOverview {
  generatedAt: number;
  assets: AssetQuality[];
  sensors: SensorQuality[];
}

export interface QualityTransition {
  ts: number;
  from: SensorQualityState;
  to: SensorQualityState;
  reasons: string[];
}

/** A stretch of time a sensor was flagged; `to` may be missing or null while it still lasts. */
export interface FlaggedInterval {
  from: number;
  to?: number | null;
  state: 'suspect' | 'bad';
  reason: string;
}

/** GET /api/quality/sensors/:id?from&to */
export interface SensorQualityDetail {
  sensorId: string;
  state: SensorQualityState;
  score: number | null;
  reasons: QualityReasonInfo[];
  calibrationDue: string | null;
  transitions: QualityTransition[];
  intervals: FlaggedInterval[];
}

/** The live 'quality' event, sent when a sensor's state changes. */
export interface QualityEvent {
  sensorId: string;
  assetId: string;
  state: SensorQualityState;
  score: number | null;
  reasons: QualityReasonInfo[];
}

export type SensorFaultKind = 'bias' | 'drift' | 'stuck' | 'dropout' | 'spike' | 'noise' | 'unit_change' | 'clock_skew';

export interface SensorFaultRequest {
  sensorId: string;
  kind: SensorFaultKind;
  durationMinutes?: number;
}

// ---- Models and anomaly views (issue 5) -----------------------------------------------------------------------

import type { ModelDetectorKind, ModelVersionSummary, TrainJob } from '@prognos/core';

export type { HealthRul, ModelVersionSummary, RulHistoryPoint, WaveformSummary } from '@prognos/core';
export type DetectorKind = ModelDetectorKind;
/** A background job (model training); `progress` runs 0..1. */
export type Job = TrainJob;
export type JobError = NonNullable<TrainJob['error']>;

/** GET /api/assets/:id/models: versions newest first. */
export interface AssetModels {
  assetId: string;
  active?: ModelVersionSummary;
  versions: ModelVersionSummary[];
}

/** GET /api/models */
export interface ModelsOverview {
  assets: (AssetModels & { assetName: string })[];
}

/** POST /api/assets/:id/models/train */
export interface TrainRequest {
  from: number | string;
  to: number | string;
  detector?: DetectorKind;
  note?: string;
}

/** The live 'model' event. */
export interface ModelEvent {
  change: 'trained' | 'activated';
  model: ModelVersionSummary;
}

/** A sensor's window mean against the model's expectation and normal band, in the sensor's unit. */
export interface AnomalyBand {
  sensor: string;
  value: number;
  expected: number;
  low: number;
  high: number;
}

export interface AnomalyPoint {
  /** Window start. */
  t: number;
  /** Relative to the alert level: 1 = alert threshold. */
  score: number;
  running: boolean;
  bands: AnomalyBand[];
}

/** GET /api/assets/:id/anomaly?from&to&maxPoints */
export interface AnomalyView {
  assetId: string;
  threshold: number;
  windowMs: number;
  modelVersion?: number;
  sensors: { id: string; name: string; unit: string }[];
  points: AnomalyPoint[];
}

export interface WaveformEntry {
  id: string;
  sensorId: string;
  ts: number;
  sampleRateHz: number;
  samples: number;
  unit: string;
  meta: { shaftHz?: number; machineClass?: string };
  summary: WaveformSummary;
}

export interface FrequencySeries {
  freq: number[];
  amplitude: number[];
}

/** GET /api/waveforms/:id */
export interface WaveformDetail extends WaveformEntry {
  spectrum: FrequencySeries;
  envelope: FrequencySeries;
  markers: { label: string; freq: number }[];
}

// ---- The maintenance loop (issue 7) ---------------------------------------------------------------------------

import type { AlertWorkflow, KnowledgeHit } from '@prognos/core';

/**
 * GET /api/alerts/:id: the alert with what people did with it and its ranked failure modes, and past findings for
 * those failure modes on machines of its type.
 */
export type AlertDetail = Alert & { workflow?: AlertWorkflow; knowledge?: KnowledgeHit[] };
