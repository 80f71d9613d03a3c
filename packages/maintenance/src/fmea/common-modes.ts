import type { FailureMode, Symptom } from '@prognos/core';
import {
  BEARINGS_LOADED,
  type ShaftLineBearing,
  type VibrationRepair,
  vibrationAtBoth,
  vibrationRepair,
} from './common-steps';
import { type BearingEnd, defineMode, END_WORDS } from './define';
import { mechanism } from './iso14224';

/** What the FMEA rates: severity, occurrence and detectability, 1..10 each. */
export type Ratings = Pick<FailureMode, 'severity' | 'occurrence' | 'detectability'>;

/** How one kind of horizontal machine (pump, motor, fan, …) wears its drive-end and non-drive-end bearings. */
export interface EndBearingWearSpec {
  /** Id prefix: 'pump' gives 'pump-bearing-wear' and 'pump-nde-bearing-wear'. */
  prefix: string;
  assetTypes: string[];
  causes: string[];
  /** How the vibration rise at the worn bearing reads. */
  vibrationText: string;
  /** Symptoms after the bearing's own vibration and temperature: what the friction does to the drive. */
  loadSymptoms: Symptom[];
  detection: string;
  ratings: Ratings;
  recommendedActions: string[];
  /** The repair: the running checks find which bearing is worn; acceptance is at that bearing. */
  procedure: Omit<VibrationRepair, 'acceptanceAt'>;
  repairHours: number;
  parts: Record<BearingEnd, string[]> | string[];
}

/**
 * Wear of the drive-end or non-drive-end bearing: it shows at that bearing (misalignment shows at both), and the
 * drive end, carrying the coupling load, heats up more.
 */
export function endBearingWear(spec: EndBearingWearSpec, end: BearingEnd): FailureMode {
  return defineMode({
    id: end === 'DE' ? `${spec.prefix}-bearing-wear` : `${spec.prefix}-nde-bearing-wear`,
    assetTypes: spec.assetTypes,
    component: 'rolling bearing',
    name: `${END_WORDS[end]} bearing wear`,
    iso14224: 'VIB',
    mechanism: mechanism('2.4'),
    causes: spec.causes,
    symptoms: [
      { kind: 'vibration', direction: 'up', weight: 1, location: end, text: spec.vibrationText },
      {
        kind: 'bearing_temperature',
        direction: 'up',
        weight: end === 'DE' ? 0.6 : 0.3,
        location: end,
        text: 'bearing temperature rises from friction',
      },
      ...spec.loadSymptoms,
    ],
    detection: spec.detection,
    ...spec.ratings,
    recommendedActions: spec.recommendedActions,
    procedure: vibrationRepair({ ...spec.procedure, acceptanceAt: `${end} bearing` }),
    repairHours: spec.repairHours,
    skill: 'mechanical',
    parts: Array.isArray(spec.parts) ? spec.parts : spec.parts[end],
  });
}

/** The drive-end and non-drive-end bearing wear modes of one kind of machine, in that order. */
export function endBearingWearModes(spec: EndBearingWearSpec): FailureMode[] {
  return [endBearingWear(spec, 'DE'), endBearingWear(spec, 'NDE')];
}

/** Shaft misalignment across a coupling, for one kind of machine. */
export interface MisalignmentSpec {
  id: string;
  assetTypes: string[];
  name: string;
  causes: string[];
  /** The two bearings either side of the coupling: misalignment loads both about as much (weight 0.7 each). */
  bearings: [ShaftLineBearing, ShaftLineBearing];
  /** Symptoms after the bearing temperature: what the coupling losses do to the drive. */
  loadSymptoms: Symptom[];
  detection: string;
  ratings: Ratings;
  recommendedActions: string[];
  /** The running checks show the 1×/2× and axial components; the repair inspects the coupling and realigns. */
  procedure: VibrationRepair;
  parts: string[];
}

/** Shaft misalignment: 1× and 2× (axial too) at both bearings next to the coupling, realigned in 3 h. */
export function misalignment(spec: MisalignmentSpec): FailureMode {
  return defineMode({
    id: spec.id,
    assetTypes: spec.assetTypes,
    component: 'coupling',
    name: spec.name,
    iso14224: 'VIB',
    mechanism: mechanism('1.3'),
    causes: spec.causes,
    symptoms: [...vibrationAtBoth(0.7, spec.bearings), BEARINGS_LOADED, ...spec.loadSymptoms],
    detection: spec.detection,
    ...spec.ratings,
    recommendedActions: spec.recommendedActions,
    procedure: vibrationRepair(spec.procedure),
    repairHours: 3,
    skill: 'mechanical',
    parts: spec.parts,
  });
}
