import type { AssetType } from '@prognos/core';
import type { FaultKind } from '../types';
import { compressorModel } from './compressor';
import { fanModel } from './fan';
import { gearboxModel } from './gearbox';
import type { ModelDef } from './model';
import { motorModel } from './motor';
import { pumpModel } from './pump';
import { spindleModel } from './spindle';

export type { ModelDef, SignalSpec } from './model';

const MODELS: readonly ModelDef[] = [pumpModel, motorModel, compressorModel, gearboxModel, fanModel, spindleModel];

/** The physics model of an asset type ('other' is simulated as an induction motor). */
export function modelFor(type: AssetType): ModelDef {
  return MODELS.find((m) => m.types.includes(type)) ?? motorModel;
}

/** The fault kinds the simulator can inject into an asset of this type. */
export function faultKindsFor(type: AssetType): FaultKind[] {
  return [...modelFor(type).faults];
}
