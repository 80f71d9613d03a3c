import type { FailureMode } from '@prognos/core';
import { endBearingWearModes, misalignment } from './common-modes';
import { laserAlign, MEASURE_BOTH_BEARINGS, softFootCheck, vibrationAtBoth, vibrationRepair } from './common-steps';
import { defineMode, lockout, returnToService } from './define';
import { mechanism } from './iso14224';

/**
 * Backward-curved centrifugal exhaust fan with a filter bank on its suction. Its power curve is non-overloading, so a
 * restricted filter lowers flow and current together. Impeller balance to ISO 21940-11 grade G6.3 for fans (ISO
 * 14694 category BV-3).
 */
const T = ['fan'];
const isolate = lockout('the fan, and block the impeller against windmilling from the duct draught');

export const FAN_MODES: FailureMode[] = [
  ...endBearingWearModes({
    prefix: 'fan',
    assetTypes: T,
    causes: ['grease aged or dust in the housing', 'imbalance loading the bearing', 'end of bearing life'],
    vibrationText: 'vibration rises at the worn bearing, first at its defect frequencies',
    loadSymptoms: [{ kind: 'current', direction: 'up', weight: 0.1, text: 'current rises slightly' }],
    detection: 'vibration trend and envelope spectrum, bearing temperature',
    ratings: { severity: 6, occurrence: 5, detectability: 3 },
    recommendedActions: ['Confirm with an envelope spectrum', 'Regrease if dry', 'Plan bearing replacement'],
    procedure: {
      checks: [{ text: 'Measure vibration at both bearings and take an envelope spectrum.' }],
      isolate,
      repair: [{ text: 'Replace the plummer-block bearing(s) and grease to the maker’s fill.' }],
      machine: 'the fan',
    },
    repairHours: 6,
    parts: ['bearing-22212-e', 'grease-polyurea-400g'],
  }),
  misalignment({
    id: 'fan-misalignment',
    assetTypes: T,
    name: 'Motor–fan misalignment',
    causes: ['poor alignment after maintenance', 'soft foot', 'base frame distortion from duct forces'],
    bearings: [
      { location: 'DE', text: 'drive-end vibration rises at 1× and 2× running speed, axial too' },
      { location: 'NDE', text: 'non-drive-end vibration rises about as much' },
    ],
    loadSymptoms: [{ kind: 'current', direction: 'up', weight: 0.1, text: 'current rises slightly' }],
    detection: 'vibration at both bearings with 1×/2× and axial components; laser alignment',
    ratings: { severity: 5, occurrence: 4, detectability: 3 },
    recommendedActions: ['Laser-align motor and fan', 'Check soft foot and the coupling'],
    procedure: {
      checks: [MEASURE_BOTH_BEARINGS],
      isolate,
      repair: [
        softFootCheck('Inspect the coupling insert; check soft foot.'),
        laserAlign('Laser-align at the 1500 rpm tolerance.', 0.07),
      ],
      machine: 'the fan',
      acceptanceAt: 'DE bearing',
    },
    parts: ['coupling-insert-fan'],
  }),
  defineMode({
    id: 'fan-impeller-imbalance',
    assetTypes: T,
    component: 'impeller',
    name: 'Impeller imbalance from fouling or erosion',
    iso14224: 'VIB',
    mechanism: mechanism('5.2'),
    causes: ['dust or sticky product building up on the blades', 'uneven shedding of the build-up', 'blade erosion'],
    symptoms: [
      ...vibrationAtBoth(0.6, [
        { location: 'DE', text: 'radial vibration at 1× running speed rises' },
        { location: 'NDE', text: 'at both bearings, in phase' },
      ]),
      { kind: 'flow', direction: 'down', weight: 0.3, text: 'air flow falls as the build-up spoils the blade profile' },
      { kind: 'current', direction: 'down', weight: 0.2, text: 'current falls with the flow' },
    ],
    detection: '1× radial vibration with stable phase; impeller inspection',
    severity: 5,
    occurrence: 5,
    detectability: 3,
    recommendedActions: ['Clean the impeller', 'Balance in place to grade G6.3'],
    procedure: vibrationRepair({
      checks: [{ text: 'Measure 1× amplitude and phase at both bearings.' }],
      isolate,
      repair: [
        { text: 'Open the inspection door, clean the impeller blades, and check them for erosion and cracks.' },
        { text: 'Balance in place with trial weights (single or two planes).' },
      ],
      machine: 'the fan',
      acceptanceAt: 'DE bearing',
    }),
    repairHours: 4,
    skill: 'mechanical',
    parts: ['balance-weight-kit'],
  }),
  defineMode({
    id: 'fan-filter-clogged',
    assetTypes: T,
    component: 'filter bank',
    name: 'Filter bank clogged',
    iso14224: 'PLU',
    mechanism: mechanism('5.1'),
    causes: ['dust load higher than designed', 'filter change overdue', 'moisture caking the media'],
    symptoms: [
      { kind: 'differential_pressure', direction: 'up', weight: 1, text: 'filter pressure drop rises' },
      { kind: 'flow', direction: 'down', weight: 0.9, text: 'air flow falls' },
      {
        kind: 'current',
        direction: 'down',
        weight: 0.5,
        text: 'current falls with the flow (non-overloading fan curve)',
      },
    ],
    detection: 'filter differential pressure against the maker’s final pressure drop (often 2–3× the clean value)',
    severity: 4,
    occurrence: 6,
    detectability: 2,
    recommendedActions: ['Replace the filter panels', 'Shorten the change interval if the dust load stays high'],
    procedure: [
      isolate,
      { text: 'Replace the filter panels; check the frame seals so no air bypasses the media.' },
      returnToService('the fan'),
      {
        text: 'At normal speed, check the filter pressure drop.',
        expected: { quantity: 'filter pressure drop', unit: 'Pa', max: 200 },
      },
    ],
    repairHours: 1.5,
    skill: 'mechanical',
    parts: ['filter-panel-f7'],
  }),
  defineMode({
    id: 'fan-looseness',
    assetTypes: T,
    component: 'base and bearing housings',
    name: 'Mechanical looseness (base or bearing housing)',
    iso14224: 'VIB',
    mechanism: mechanism('1.5'),
    causes: ['anchor bolts loose', 'cracked base or grout', 'bearing housing bolts loose'],
    symptoms: vibrationAtBoth(0.6, [
      { location: 'DE', text: 'vibration rises with many harmonics of running speed, strongly direction-dependent' },
      { location: 'NDE', text: 'at both bearings when the base is loose' },
    ]),
    detection: 'spectrum with many 1× harmonics, phase across the joint',
    severity: 5,
    occurrence: 3,
    detectability: 4,
    recommendedActions: ['Check and torque anchor and housing bolts', 'Inspect the base for cracks'],
    procedure: vibrationRepair({
      checks: [
        {
          text: 'Measure vibration on the foot, the base and the floor; a large step across a joint shows where it is loose.',
        },
      ],
      isolate,
      repair: [{ text: 'Torque anchor and housing bolts to specification; repair cracked grout.' }],
      machine: 'the fan',
      acceptanceAt: 'DE bearing',
    }),
    repairHours: 3,
    skill: 'mechanical',
    parts: [],
  }),
];
