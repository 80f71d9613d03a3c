import type { SensorKind } from '@prognos/core';
import type { Detector } from '../anomaly/detector';
import { DriftAllowance, type DriftAllowanceState } from '../anomaly/drift-allowance';
import { restoreDetector } from '../anomaly/registry';
import type { AlertCalibration } from '../anomaly/thresholds';
import type { RunningRule } from '../features/operating-state';
import type { ModelEvaluation } from './evaluate-model';
import type { DetectorKind } from './train-asset-model';

/** A sensor as the model saw it at training time (names and units are kept for explanations). */
export interface ModelSensor {
  id: string;
  name: string;
  unit: string;
  kind: SensorKind;
}

/** A sensor's learned range [low, high] in its unit (training range plus a small margin). */
export interface OperatingEnvelope {
  sensor: string;
  low: number;
  high: number;
}

/** The learned baseline of one asset: which sensors, how windows are built, when it runs, and the detector. */
export interface AssetModel {
  version: 1;
  assetId: string;
  /** The detector's columns, in order. */
  sensors: ModelSensor[];
  /** Sensors of the asset left out of the model, and why. */
  excluded: { sensor: string; reason: string }[];
  windowMs: number;
  /** Forward-fill limit in windows (see features/windowing). */
  fillLimit: number;
  /** Windows skipped after each start. */
  startupWindows: number;
  /** Running rule; absent when the asset has no speed or current sensor (then it always counts as running). */
  running?: RunningRule;
  detector: Detector;
  /**
   * The detector kind it was trained with (`detector` may wrap it: one per operating regime). Absent in models
   * trained before it existed: `detector.kind`.
   */
  detectorKind?: DetectorKind;
  /**
   * The asset's alert level, calibrated to its false-alarm budget on held-out healthy scores (absent in models
   * trained before it existed: level 1, the detector's own threshold).
   */
  alert?: AlertCalibration;
  /**
   * Room for the slow drift some sensors were already in while the model learned (see DriftAllowance); absent
   * when no sensor drifted, and in models trained before it existed.
   */
  drift?: DriftAllowance;
  /**
   * The operating range the model learned, on a speed the process sets (a variable-speed machine): windows outside
   * it are scored, but cannot open an alert (see AssetMonitor). Absent for fixed-speed machines and machines
   * without a speed sensor.
   */
  envelope?: OperatingEnvelope;
  /** The evaluation report on held-out healthy data (absent in models trained before it existed). */
  evaluation?: ModelEvaluation;
  /** Training period actually used (first and last window start) and the number of healthy rows. */
  trainedFrom: number;
  trainedTo: number;
  rows: number;
  trainedAt: number;
  /** The JSON form (so JSON.stringify(model) works too). */
  toJSON(): AssetModelState;
}

/** The JSON form of an AssetModel: the same fields with the detector as its toJSON() state. */
export type AssetModelState = Omit<AssetModel, 'detector' | 'drift' | 'toJSON'> & {
  detector: { kind: string };
  drift?: DriftAllowanceState;
};

/** Adds toJSON to a plain model object. */
export function withToJSON(model: Omit<AssetModel, 'toJSON'>): AssetModel {
  const m = model as AssetModel;
  Object.defineProperty(m, 'toJSON', {
    enumerable: false,
    value: (): AssetModelState => {
      const { detector, drift, ...rest } = m;
      return { ...rest, detector: detector.toJSON(), ...(drift ? { drift: drift.toJSON() } : {}) };
    },
  });
  return m;
}

/** Serializes a model to a JSON string (e.g. for MetadataStore.setSetting). */
export function serializeAssetModel(model: AssetModel): string {
  return JSON.stringify(model.toJSON());
}

/** Restores a model from serializeAssetModel() output or a toJSON() object. Throws a clear error on anything else. */
export function deserializeAssetModel(input: string | AssetModelState): AssetModel {
  let raw: Record<string, unknown>;
  try {
    raw = (typeof input === 'string' ? JSON.parse(input) : input) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`asset model is not valid JSON: ${(err as Error).message}`);
  }
  if (raw?.version !== 1 || typeof raw.assetId !== 'string' || !Array.isArray(raw.sensors) || !raw.detector) {
    throw new Error('not a serialized asset model (version 1)');
  }
  const detector = restoreDetector(raw.detector as { kind: string });
  const { toJSON: _ignored, drift: driftState, ...fields } = raw;
  const drift = driftState ? DriftAllowance.fromJSON(driftState as DriftAllowanceState) : undefined;
  const model = withToJSON({
    ...(fields as unknown as Omit<AssetModelState, 'drift'>),
    detector,
    ...(drift ? { drift } : {}),
  });
  if (detector.dimension !== model.sensors.length) {
    throw new Error(`asset model is inconsistent: ${model.sensors.length} sensors, detector has ${detector.dimension}`);
  }
  if (drift && drift.dimension !== model.sensors.length) {
    throw new Error(
      `asset model is inconsistent: ${model.sensors.length} sensors, drift allowance has ${drift.dimension}`,
    );
  }
  return model;
}
