import type { AssetType, SensorKind } from '@prognos/core';
import type { FaultKind, FaultLevels } from '../types';

/** One signal an asset model produces, and the sensor that measures it. */
export interface SignalSpec {
  /** Tag suffix: the sensor id is `${assetId}.${name}`. */
  name: string;
  /** Human-readable sensor name (prefixed with the asset name in the demo plant). */
  label: string;
  kind: SensorKind;
  unit: string;
  /** Expected range of the transmitter (healthy values stay well inside it). */
  min: number;
  max: number;
  /** Resolution of the transmitter: readings are quantised to it. */
  resolution: number;
  /** Gaussian measurement noise: sigma = noiseAbs + noiseRel·|value|. */
  noiseAbs: number;
  noiseRel: number;
  /** Intrinsically non-negative quantities (RMS, flow, current, speed) never read below 0. */
  nonNegative?: boolean;
  /** Suffix of the component the sensor sits on (component id `${assetId}.${component}`). */
  component?: string;
}

export interface ComponentSpec {
  suffix: string;
  name: string;
  type: string;
}

/** What the simulator hands a model at each step. Everything is in process time. */
export interface ModelEnv {
  /** Process seconds since the previous step (0 on a repeated timestamp). */
  dtS: number;
  /** Process time, epoch ms. */
  procMs: number;
  /** Ambient temperature, °C. */
  ambient: number;
  /** Load demand 0..1 of this asset. */
  load: number;
  /** Whether the drive is energised. A stopped drive coasts down and cools. */
  running: boolean;
  /** Severity of each fault kind acting on the asset. */
  f: FaultLevels;
  /** Fresh standard normals (EXTRA_NORMALS of them) for fault-induced randomness; zeros while warming up. */
  z: Float64Array;
  /** A deterministic uniform number in [0, 1) for an integer key, from the asset's own stream (e.g. job recipes). */
  u: (key: number) => number;
}

/** Number of extra normals each step draws for a model, whether or not it uses them (keeps streams aligned). */
export const EXTRA_NORMALS = 3;

/** The mutable physical state of one asset. */
export interface AssetPhysics {
  /** Advances the state by env.dtS and writes the true value of every signal (in `signals` order) into out. */
  step(env: ModelEnv, out: Float64Array): void;
  /** Shaft speed as a fraction of rated (for status displays). */
  speedFraction(): number;
}

export interface ModelDef {
  types: readonly AssetType[];
  signals: readonly SignalSpec[];
  components: readonly ComponentSpec[];
  faults: readonly FaultKind[];
  /** Planned stops: mean process hours between stops and the range of stop durations in process minutes. */
  duty: { meanRunHours: number; stopMinutes: [number, number] };
  /** Maps the plant's production demand (0..1) and ambient (°C) to this asset's load; default: the demand. */
  loadFrom?: (demand: number, ambient: number) => number;
  create(): AssetPhysics;
}

/** Index of each signal by name, so that model code writes `out[I.FLOW]` instead of a bare number. */
export function indexOf<const T extends readonly { name: string }[]>(signals: T): Record<T[number]['name'], number> {
  const idx = {} as Record<string, number>;
  signals.forEach((s, i) => {
    idx[s.name] = i;
  });
  return idx as Record<T[number]['name'], number>;
}
