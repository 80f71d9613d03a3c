import type { Detector } from './detector';
import { PcaDetector, type PcaDetectorState } from './pca-detector';

/** Any serialized detector state (toJSON output); `kind` says which detector restores it. */
export type DetectorState = PcaDetectorState;

/** Restores a detector from its toJSON() state, dispatching on `kind` (new detectors register here). */
export function restoreDetector(state: { kind: string }): Detector {
  switch (state.kind) {
    case 'pca':
      return PcaDetector.fromJSON(state as PcaDetectorState);
    default:
      throw new Error(`unknown detector kind "${state.kind}"`);
  }
}
