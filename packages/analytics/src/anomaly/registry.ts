import { AutoencoderDetector, type AutoencoderDetectorState } from './autoencoder-detector';
import type { Detector } from './detector';
import { EnsembleDetector, type EnsembleDetectorState } from './ensemble-detector';
import { MsetDetector, type MsetDetectorState } from './mset-detector';
import { PcaDetector, type PcaDetectorState } from './pca-detector';
import { RegimeDetector, type RegimeDetectorState } from './regime-detector';

/** Any serialized detector state (toJSON output); `kind` says which detector restores it. */
export type DetectorState =
  | PcaDetectorState
  | MsetDetectorState
  | AutoencoderDetectorState
  | EnsembleDetectorState
  | RegimeDetectorState;

/** Restores a detector from its toJSON() state, dispatching on `kind` (new detectors register here). */
export function restoreDetector(state: { kind: string }): Detector {
  switch (state.kind) {
    case 'pca':
      return PcaDetector.fromJSON(state as PcaDetectorState);
    case 'mset':
      return MsetDetector.fromJSON(state as MsetDetectorState);
    case 'autoencoder':
      return AutoencoderDetector.fromJSON(state as AutoencoderDetectorState);
    case 'regime':
      return RegimeDetector.fromJSON(state as RegimeDetectorState, restoreDetector);
    case 'ensemble':
      return EnsembleDetector.fromJSON(state as EnsembleDetectorState, restoreDetector);
    default:
      throw new Error(`unknown detector kind "${state.kind}"`);
  }
}
