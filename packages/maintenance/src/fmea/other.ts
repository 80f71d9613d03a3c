import type { FailureMode } from '@prognos/core';
import {
  type BearingEnd,
  defineMode,
  END_WORDS,
  lockout,
  RUNNING_CHECK_SAFETY,
  returnToService,
  vibrationBelowBC,
} from './define';
import { mechanism } from './iso14224';

/**
 * Generic modes of any motor-driven rotating machine, for assets of type 'other'. Parts depend on the machine, so
 * none are listed.
 */
const T = ['other'];

/** Wear of the drive-end or non-drive-end bearing: it shows at that bearing (misalignment shows at both). */
function bearingWear(end: BearingEnd): FailureMode {
  return defineMode({
    id: end === 'DE' ? 'other-bearing-wear' : 'other-nde-bearing-wear',
    assetTypes: T,
    component: 'rolling bearing',
    name: `${END_WORDS[end]} bearing wear`,
    iso14224: 'VIB',
    mechanism: mechanism('2.4'),
    causes: ['lubricant degraded or contaminated', 'fatigue at end of life'],
    symptoms: [
      { kind: 'vibration', direction: 'up', weight: 1, location: end, text: 'vibration rises at the worn bearing' },
      {
        kind: 'bearing_temperature',
        direction: 'up',
        weight: end === 'DE' ? 0.6 : 0.3,
        location: end,
        text: 'bearing temperature rises from friction',
      },
      { kind: 'current', direction: 'up', weight: 0.15, text: 'current rises slightly' },
    ],
    detection: 'vibration trend and envelope spectrum, bearing temperature',
    severity: 7,
    occurrence: 5,
    detectability: 3,
    recommendedActions: ['Confirm with an envelope spectrum', 'Plan bearing replacement'],
    procedure: [
      RUNNING_CHECK_SAFETY,
      { text: 'Measure vibration at each bearing and take an envelope spectrum.' },
      lockout('the machine'),
      { text: 'Replace the worn bearing(s) and lubricate to the maker’s specification.' },
      returnToService('the machine'),
      vibrationBelowBC(`${end} bearing`),
    ],
    repairHours: 6,
    skill: 'mechanical',
    parts: [],
  });
}

export const OTHER_MODES: FailureMode[] = [
  bearingWear('DE'),
  bearingWear('NDE'),
  defineMode({
    id: 'other-misalignment',
    assetTypes: T,
    component: 'coupling',
    name: 'Shaft misalignment',
    iso14224: 'VIB',
    mechanism: mechanism('1.3'),
    causes: ['poor alignment after maintenance', 'soft foot', 'thermal growth'],
    symptoms: [
      {
        kind: 'vibration',
        direction: 'up',
        weight: 0.7,
        location: 'DE',
        text: 'drive-end vibration rises at 1× and 2× running speed',
      },
      {
        kind: 'vibration',
        direction: 'up',
        weight: 0.7,
        location: 'NDE',
        text: 'non-drive-end vibration rises about as much',
      },
      {
        kind: 'bearing_temperature',
        direction: 'up',
        weight: 0.3,
        text: 'bearing temperature rises with the extra load',
      },
      { kind: 'current', direction: 'up', weight: 0.1, text: 'current rises slightly' },
    ],
    detection: 'vibration at both bearings with 1×/2× and axial components; laser alignment',
    severity: 5,
    occurrence: 5,
    detectability: 3,
    recommendedActions: ['Laser-align the shafts', 'Check soft foot and the coupling'],
    procedure: [
      RUNNING_CHECK_SAFETY,
      { text: 'Measure radial and axial vibration at both bearings.' },
      lockout('the machine'),
      { text: 'Laser-align to the coupling maker’s tolerance for the running speed.' },
      returnToService('the machine'),
      vibrationBelowBC('DE bearing'),
    ],
    repairHours: 3,
    skill: 'mechanical',
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
      {
        kind: 'bearing_temperature',
        direction: 'up',
        weight: 0.3,
        text: 'bearing temperature follows the hotter frame',
      },
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
      lockout('the machine'),
      { text: 'Clean the cooling fins and fan cowl.' },
      returnToService('the machine'),
      {
        text: 'After 1 h at load, check the winding temperature.',
        expected: { quantity: 'winding temperature', unit: 'degC', max: 120 },
      },
    ],
    repairHours: 2,
    skill: 'electrical',
    parts: [],
  }),
];
