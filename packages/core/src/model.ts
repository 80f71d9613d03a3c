/** The domain model: site → area → line → asset → component, with sensors on assets (and optionally components). */

export interface Site {
  id: string;
  name: string;
  timezone?: string;
}
export interface Area {
  id: string;
  siteId: string;
  name: string;
}
export interface Line {
  id: string;
  areaId: string;
  name: string;
}

export type AssetType =
  | 'centrifugal_pump'
  | 'induction_motor'
  | 'air_compressor'
  | 'gearbox'
  | 'conveyor'
  | 'fan'
  | 'cnc_spindle'
  | 'other';

export type Criticality = 'A' | 'B' | 'C';

export interface Asset {
  id: string;
  lineId: string;
  name: string;
  type: AssetType;
  criticality: Criticality;
  /** Cost of unplanned downtime per hour, in the plant's currency. */
  downtimeCostPerHour?: number;
  manufacturer?: string;
  model?: string;
}

export interface Component {
  id: string;
  assetId: string;
  name: string;
  type: string;
}

/** What a sensor measures, independent of its unit. */
export type SensorKind =
  | 'vibration'
  | 'bearing_temperature'
  | 'winding_temperature'
  | 'temperature'
  | 'current'
  | 'voltage'
  | 'power'
  | 'pressure'
  | 'discharge_pressure'
  | 'suction_pressure'
  | 'differential_pressure'
  | 'flow'
  | 'speed'
  | 'torque'
  | 'other';

export interface Sensor {
  /** The tag, unique in the plant, e.g. "P-101.VIB-DE". Used as the id everywhere. */
  id: string;
  assetId: string;
  componentId?: string;
  name: string;
  kind: SensorKind;
  /** A symbol from the unit table (core/units). */
  unit: string;
  /** The physically expected range in the sensor's unit (used for range checks and charts). */
  min: number;
  max: number;
  /** Nominal sample rate in Hz (1 = one reading per second). */
  sampleRateHz: number;
  /** ISO date of the last calibration, if known. */
  lastCalibration?: string;
}

/** One measurement. ts is epoch milliseconds (UTC); quality is the byte from core/quality. */
export interface Reading {
  sensor: string;
  ts: number;
  value: number;
  quality: number;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertState = 'open' | 'acknowledged' | 'closed';

/** How one sensor contributes to an anomaly, in engineering units. */
export interface SensorContribution {
  sensor: string;
  name: string;
  unit: string;
  /** Share of the anomaly score, 0..1 (all contributions of one score add up to 1). */
  share: number;
  value: number;
  expected: number;
  /** Normal band (expected ± k·σ) in the sensor's unit. */
  low: number;
  high: number;
}

export interface Alert {
  id: string;
  assetId: string;
  kind: 'anomaly' | 'sensor' | 'threshold';
  severity: AlertSeverity;
  state: AlertState;
  title: string;
  /** Plain-language explanation: what deviates, by how much, since when. */
  explanation: string;
  contributions: SensorContribution[];
  /** Score at the last update and the highest score of the episode (1 = threshold). */
  score: number;
  peakScore: number;
  startedAt: number;
  updatedAt: number;
  closedAt?: number;
  /** Past episodes on this machine or machines of its type that deviated the same way, and how they ended. */
  similar?: SimilarEpisode[];
}

/** A past alert whose deviation looked like the current one, with what came of it. */
export interface SimilarEpisode {
  alertId: string;
  assetId: string;
  assetName: string;
  startedAt: number;
  closedAt?: number;
  peakScore: number;
  /** Cosine similarity of the two deviation signatures (sensor kind and direction), 0..1. */
  similarity: number;
  /** How it ended, in plain words (a work order and its result, or how long it lasted). */
  outcome: string;
  workOrderId?: string;
  /** What the technician found and did, when the episode's work order was completed with findings. */
  finding?: {
    rootCause: string;
    actionTaken: string;
    failureModeId?: string;
    failureModeName?: string;
    /** Hands-on time of the repair (labour hours summed, in minutes), when recorded. */
    repairMinutes?: number;
    technician?: string;
  };
}

export type WorkOrderStatus = 'open' | 'in_progress' | 'done' | 'cancelled';
export type WorkOrderPriority = 'low' | 'medium' | 'high' | 'urgent';

export interface WorkOrder {
  id: string;
  assetId: string;
  alertId?: string;
  title: string;
  description: string;
  status: WorkOrderStatus;
  priority: WorkOrderPriority;
  createdAt: number;
  dueAt?: number;
  completedAt?: number;
}

/** Health of an asset at a point in time. */
export interface AssetHealth {
  assetId: string;
  ts: number;
  /** 0 (failed) .. 100 (as good as its healthy baseline). */
  health: number;
  /** Anomaly score relative to the alert threshold (1 = threshold). */
  score: number;
  status: 'ok' | 'watch' | 'alarm' | 'unknown';
  contributions: SensorContribution[];
}

/**
 * Remaining useful life of an asset from its falling health trend, with a 90 % interval and the probability of
 * failure within a horizon (analytics rulFromHealth). Stored as a history so the asset page can show how the
 * prediction moved.
 */
export interface HealthRul {
  method: 'health-trend';
  /** Time of the last health point it is counted from (epoch ms). */
  ts: number;
  hours: number;
  lowerHours: number;
  upperHours: number;
  /** Probability that health reaches `threshold` within `horizonHours`. */
  failureProbability: number;
  horizonHours: number;
  /** Health at which the asset counts as failed. */
  threshold: number;
}

/** One stored remaining-useful-life prediction of an asset (GET /api/assets/:id/rul). */
export interface RulHistoryPoint extends HealthRul {
  assetId: string;
}

/** Health below which an asset is on watch (and gets a remaining-life estimate from its health trend). */
export const WATCH_HEALTH = 70;

export function healthStatus(health: number | undefined, alarm: boolean): AssetHealth['status'] {
  if (health === undefined || Number.isNaN(health)) return 'unknown';
  if (alarm) return 'alarm';
  if (health < WATCH_HEALTH) return 'watch';
  return 'ok';
}

/** Bearing-fault finding of a waveform snapshot's envelope analysis. */
export type BearingFinding = 'outer_race' | 'inner_race' | 'ball' | 'none';

/** Summary of a vibration waveform snapshot (POST/GET /api/sensors/:id/waveforms); accelerations in g. */
export interface WaveformSummary {
  rms: number;
  peak: number;
  crestFactor: number;
  kurtosis: number;
  velocityRmsMmS: number;
  isoZone: 'A' | 'B' | 'C' | 'D';
  machineClass: NonNullable<WaveformMeta['machineClass']>;
  envelopeBand: [number, number];
  envelopePeak: { freq: number; amplitude: number };
  defectFrequencies?: { shaftHz: number; bpfo: number; bpfi: number; bsf: number; ftf: number };
  lines?: { name: string; expected: number; found: number; ratio: number }[];
  diagnosis?: { finding: BearingFinding; text: string };
}

/** Analysis settings stored with a waveform snapshot (what the API needs to recompute its summary). */
export interface WaveformMeta {
  /** Shaft speed in Hz, when known: needed for the bearing defect frequencies. */
  shaftHz?: number;
  /** Rolling-element bearing geometry (diameters in any one unit). */
  bearing?: { balls: number; ballDiameter: number; pitchDiameter: number; contactAngleDeg: number };
  /** ISO 10816-3 machine class for the severity zone. */
  machineClass?: 'group1-rigid' | 'group1-flexible' | 'group2-rigid' | 'group2-flexible';
  /** The analysis summary computed when the snapshot was stored, so listings need not read the samples. */
  summary?: Record<string, unknown>;
}

/** A burst of raw high-rate vibration samples (a snapshot), as opposed to the 1 Hz scalar readings. */
export interface Waveform {
  id: string;
  sensorId: string;
  /** Epoch ms of the first sample. */
  ts: number;
  sampleRateHz: number;
  /** 'g' or 'm/s2' (acceleration). */
  unit: string;
  meta: WaveformMeta;
  /** The samples; absent in listings. */
  values?: Float32Array;
  /** Number of samples (always present, also in listings). */
  samples: number;
}
