import type { FailureMode } from '@prognos/core';
import { endBearingWearModes, misalignment } from './common-modes';
import { BEARINGS_FOLLOW_FRAME, MEASURE_BOTH_BEARINGS, windingTemperatureCheck } from './common-steps';
import { defineMode, lockout, RUNNING_CHECK_SAFETY, returnToService } from './define';
import { mechanism } from './iso14224';

/**
 * Generic modes of any motor-driven rotating machine, for assets of type 'other'. Parts depend on the machine, so
 * none are listed.
 */
const T = ['other'];
const isolate = lockout('the machine');

export const OTHER_MODES: FailureMode[] = [
  ...endBearingWearModes({
    prefix: 'other',
    assetTypes: T,
    causes: ['lubricant degraded or contaminated', 'fatigue at end of life'],
    vibrationText: 'vibration rises at the worn bearing',
    loadSymptoms: [{ kind: 'current', direction: 'up', weight: 0.15, text: 'current rises slightly' }],
    detection: 'vibration trend and envelope spectrum, bearing temperature',
    ratings: { severity: 7, occurrence: 5, detectability: 3 },
    recommendedActions: ['Confirm with an envelope spectrum', 'Plan bearing replacement'],
    procedure: {
      checks: [{ text: 'Measure vibration at each bearing and take an envelope spectrum.' }],
      isolate,
      repair: [{ text: 'Replace the worn bearing(s) and lubricate to the maker’s specification.' }],
      machine: 'the machine',
    },
    repairHours: 6,
    parts: [],
  }),
  misalignment({
    id: 'other-misalignment',
    assetTypes: T,
    name: 'Shaft misalignment',
    causes: ['poor alignment after maintenance', 'soft foot', 'thermal growth'],
    bearings: [
      { location: 'DE', text: 'drive-end vibration rises at 1× and 2× running speed' },
      { location: 'NDE', text: 'non-drive-end vibration rises about as much' },
    ],
    loadSymptoms: [{ kind: 'current', direction: 'up', weight: 0.1, text: 'current rises slightly' }],
    detection: 'vibration at both bearings with 1×/2× and axial components; laser alignment',
    ratings: { severity: 5, occurrence: 5, detectability: 3 },
    recommendedActions: ['Laser-align the shafts', 'Check soft foot and the coupling'],
    procedure: {
      checks: [MEASURE_BOTH_BEARINGS],
      isolate,
      repair: [{ text: 'Laser-align to the coupling maker’s tolerance for the running speed.' }],
      machine: 'the machine',
      acceptanceAt: 'DE bearing',
    },
    parts: [],
  }),
  defineMode({
    id: 'other-motor-overheating',
    assetTypes: T,
    component: 'drive motor',
    name: 'Drive motor overheating',
    iso14224: 'OHE',
    mechanism: mechanism('2.7'),
    causes: ['cooling blocked', 'overload', 'supply unbalance'],
    symptoms: [
      { kind: 'winding_temperature', direction: 'up', weight: 1, text: 'winding temperature rises' },
      BEARINGS_FOLLOW_FRAME,
      { kind: 'current', direction: 'up', weight: 0.3, text: 'current rises if the cause is overload' },
    ],
    detection: 'winding temperature against current',
    severity: 7,
    occurrence: 4,
    detectability: 2,
    recommendedActions: ['Clean the cooling path', 'Measure phase currents and voltages'],
    procedure: [
      RUNNING_CHECK_SAFETY,
      { text: 'Measure the phase currents and take a thermal image of the motor frame.' },
      isolate,
      { text: 'Clean the cooling fins and fan cowl.' },
      returnToService('the machine'),
      windingTemperatureCheck('load', 120),
    ],
    repairHours: 2,
    skill: 'electrical',
    parts: [],
  }),
];
