import type { SensorKind } from '@prognos/core';
import type { Detector } from '../anomaly/detector';
import { restoreDetector } from '../anomaly/registry';
import type { RunningRule } from '../features/operating-state';

/** A sensor as the model saw it at training time (names and units are kept for explanations). */
export interface ModelSensor {
  id: string;
  name: string;
  unit: string;
  kind: SensorKind;
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
  /** Training period actually used (first and last window start) and the number of healthy rows. */
  trainedFrom: number;
  trainedTo: number;
  rows: number;
  trainedAt: number;
}

/** Serializes a model to a JSON string (e.g. for MetadataStore.setSetting). */
export function serializeAssetModel(model: AssetModel): string {
  return JSON.stringify({ ...model, detector: model.detector.toJSON() });
}

/** Restores a model serialized by serializeAssetModel. Throws a clear error on anything else. */
export function deserializeAssetModel(text: string): AssetModel {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`asset model is not valid JSON: ${(err as Error).message}`);
  }
  if (raw?.version !== 1 || typeof raw.assetId !== 'string' || !Array.isArray(raw.sensors)) {
    throw new Error('not a serialized asset model (version 1)');
  }
  const detector = restoreDetector(raw.detector as { kind: string });
  const model = { ...raw, detector } as unknown as AssetModel;
  if (detector.dimension !== model.sensors.length) {
    throw new Error(`asset model is inconsistent: ${model.sensors.length} sensors, detector has ${detector.dimension}`);
  }
  return model;
}
