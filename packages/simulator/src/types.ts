import type { Area, Asset, Component, Line, Sensor, Site } from '@prognos/core';

/** Everything a simulator needs to know about a plant: the same shapes the metadata store keeps. */
export interface PlantDefinition {
  site: Site;
  areas: Area[];
  lines: Line[];
  assets: Asset[];
  components: Component[];
  sensors: Sensor[];
}

export type FaultKind = 'bearing_wear' | 'misalignment' | 'cavitation' | 'clogged_filter' | 'overheating';

export const FAULT_KINDS: readonly FaultKind[] = [
  'bearing_wear',
  'misalignment',
  'cavitation',
  'clogged_filter',
  'overheating',
];

/** Severity (0..1) of each fault kind acting on one asset at one instant. */
export type FaultLevels = Record<FaultKind, number>;

export interface FaultState {
  id: string;
  assetId: string;
  kind: FaultKind;
  /** Wall-clock ms at which degradation starts (may lie in the future: the fault is then pending). */
  startedAt: number;
  /** Process-time ms from onset to failure (wall time to failure = this / speed). */
  timeToFailureMs: number;
  /** 0 (onset) .. 1 (functional failure), following the P-F curve. */
  severity: number;
  /** Wall-clock ms at which the asset fails, at the simulator's current speed. */
  expectedFailureAt: number;
  /** True once the wall clock has passed startedAt. */
  active: boolean;
  /** True once severity reached 1 and the asset tripped. */
  failed: boolean;
  failedAt?: number;
}

export type SimEventType =
  | 'fault_started'
  | 'fault_cleared'
  | 'asset_failed'
  | 'asset_repaired'
  | 'asset_started'
  | 'asset_stopped';

export interface SimEvent {
  type: SimEventType;
  /** Wall-clock ms of the step at which the simulator noticed the event. */
  ts: number;
  assetId: string;
  faultId?: string;
  kind?: FaultKind;
  /** Why an asset stopped: a planned stop of the schedule, a trip on failure, or an operator command. */
  reason?: 'schedule' | 'failure' | 'operator' | 'repair' | 'auto_repair';
  message: string;
}

export interface AssetState {
  assetId: string;
  running: boolean;
  failed: boolean;
  /** Load demand 0..1 the asset is running at (0 while stopped). */
  load: number;
  /** Shaft speed as a fraction of rated speed (coasts down after a stop). */
  speedFraction: number;
}

export interface SimulatorOptions {
  /** Seed of every random stream (default 1). */
  seed?: number | string;
  /** Process-time acceleration: process ms per wall ms (default 1). */
  speed?: number;
  /**
   * Wall-clock ms at which process time equals wall time. Default: the first wall time the simulator is told
   * about (the `ts` of the first step, the `to` of a first backfill, or the start of a fault injected first).
   */
  origin?: number;
  /** Default process-time ms from fault onset to failure (default 3 days). */
  defaultTimeToFailureMs?: number;
  /** When set, a failed asset is repaired automatically after this much process-time downtime. */
  autoRepairAfterMs?: number;
  /** Random planned stops and restarts (default true). Tests that need steady running turn them off. */
  randomStops?: boolean;
}

export interface InjectFaultOptions {
  /** Process-time ms from onset to failure (default: the simulator's defaultTimeToFailureMs, 3 days). */
  timeToFailureMs?: number;
  /** Wall-clock ms at which degradation starts (default: the simulator's current time). */
  startAt?: number;
}
