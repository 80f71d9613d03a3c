import type { FailureMode, ProcedureStep, Symptom } from '@prognos/core';
import { misalignment } from './common-modes';
import { laserAlign, vibrationAtBoth, vibrationRepair } from './common-steps';
import { defineMode, lockout, RUNNING_CHECK_SAFETY, returnToService, vibrationBelowBC } from './define';
import { mechanism } from './iso14224';

/**
 * Two-stage helical gearbox (the demo's conveyor drive), splash-lubricated, ISO VG 220 mineral oil: the oil should
 * stay below about 80 °C (mineral oil life roughly halves for every 10 K above it: the Arrhenius rule of thumb for oxidation). The same drive train is
 * what the simulator models for conveyors, so these modes apply to both.
 */
const T = ['gearbox', 'conveyor'];
const OIL_MAX_C = 80;

const isolate = lockout('the conveyor drive, and block the belt against run-back');

/** Oil temperature once the drive has run 2 h at load and the sump has settled. */
function oilTemperatureCheck(text: string): ProcedureStep {
  return { text, expected: { quantity: 'oil temperature', unit: 'degC', max: OIL_MAX_C } };
}

/** What differs between the input and output shaft bearing wear (only the input lists a bearing temperature symptom). */
const SHAFT_BEARINGS = {
  input: {
    id: 'gearbox-bearing-wear',
    name: 'Input shaft bearing wear',
    symptoms: [
      {
        kind: 'vibration',
        direction: 'up',
        weight: 1,
        location: 'input',
        text: 'vibration rises at the input shaft bearing, first at its defect frequencies',
      },
      {
        kind: 'bearing_temperature',
        direction: 'up',
        weight: 0.7,
        location: 'input',
        text: 'bearing temperature rises well above the oil',
      },
      { kind: 'temperature', direction: 'up', weight: 0.3, text: 'oil temperature rises with the friction heat' },
    ],
    occurrence: 5,
    bearing: 'bearing-22216-e',
  },
  output: {
    id: 'gearbox-output-bearing-wear',
    name: 'Output shaft bearing wear',
    symptoms: [
      {
        kind: 'vibration',
        direction: 'up',
        weight: 1,
        location: 'output',
        text: 'output shaft vibration rises, first at the bearing defect frequencies',
      },
      { kind: 'temperature', direction: 'up', weight: 0.4, text: 'oil temperature rises with the friction heat' },
    ],
    occurrence: 4,
    bearing: 'bearing-32220',
  },
} satisfies Record<string, { id: string; name: string; symptoms: Symptom[]; occurrence: number; bearing: string }>;

/** Wear of the input or output shaft bearing; the repair opens the housing either way. */
function shaftBearingWear(shaft: keyof typeof SHAFT_BEARINGS): FailureMode {
  const own = SHAFT_BEARINGS[shaft];
  return defineMode({
    id: own.id,
    assetTypes: T,
    component: `${shaft} shaft bearing`,
    name: own.name,
    iso14224: 'VIB',
    mechanism: mechanism('2.4'),
    causes: ['oil degraded or contaminated with wear debris', 'water in the oil', 'overload', 'end of bearing life'],
    symptoms: [
      ...own.symptoms,
      { kind: 'current', direction: 'up', weight: 0.1, text: 'current rises slightly with the losses' },
    ],
    detection:
      'vibration trend and envelope spectrum, bearing temperature above oil temperature, oil analysis (iron, PQ index)',
    severity: 7,
    occurrence: own.occurrence,
    detectability: 3,
    recommendedActions: ['Take an oil sample and an envelope spectrum', 'Plan bearing replacement'],
    procedure: vibrationRepair({
      checks: [{ text: 'Take envelope spectra at the input and output bearings and an oil sample for wear metals.' }],
      isolate: lockout('the conveyor drive (motor and gearbox), and block the belt against run-back'),
      repair: [
        {
          text: 'Drain the oil, open the housing, replace the worn bearing(s) and shaft seals, and check gear contact for damage.',
        },
        { text: 'Refill with fresh oil to the sight-glass mark.' },
      ],
      machine: 'the drive',
      acceptanceAt: `${shaft} bearing`,
      afterwards: [oilTemperatureCheck('After 2 h at load, check the oil temperature.')],
    }),
    repairHours: 10,
    skill: 'mechanical',
    parts: [own.bearing, 'shaft-seal-kit-gearbox', 'gear-oil-vg220-20l'],
  });
}

export const GEARBOX_MODES: FailureMode[] = [
  shaftBearingWear('input'),
  shaftBearingWear('output'),
  misalignment({
    id: 'gearbox-misalignment',
    assetTypes: T,
    name: 'Input or output shaft misalignment',
    causes: ['poor alignment after maintenance', 'base frame or torque arm distortion', 'worn coupling'],
    bearings: [
      { location: 'input', text: 'input shaft vibration rises at 1× and 2× shaft speed' },
      {
        location: 'output',
        text: 'output shaft vibration rises too: the misalignment loads the whole shaft line',
      },
    ],
    loadSymptoms: [
      { kind: 'temperature', direction: 'up', weight: 0.3, text: 'oil temperature rises a little' },
      { kind: 'current', direction: 'up', weight: 0.1, text: 'current rises slightly' },
    ],
    detection: 'vibration at both shafts with 1×/2× and axial components; laser alignment',
    ratings: { severity: 5, occurrence: 5, detectability: 3 },
    recommendedActions: ['Laser-align motor to gearbox', 'Check the coupling and the base bolts'],
    procedure: {
      checks: [{ text: 'Measure radial and axial vibration at the input and output bearings.' }],
      isolate,
      repair: [
        { text: 'Replace the coupling insert if worn; check the base and torque-arm bolts.' },
        laserAlign('Laser-align motor to gearbox at the 1500 rpm tolerance.', 0.07),
      ],
      machine: 'the drive',
      acceptanceAt: 'input bearing',
    },
    parts: ['coupling-insert-gearbox'],
  }),
  defineMode({
    id: 'gearbox-gear-wear',
    assetTypes: T,
    component: 'gear set',
    name: 'Gear tooth wear and pitting',
    iso14224: 'VIB',
    mechanism: mechanism('2.4'),
    causes: ['oil viscosity too low or oil degraded', 'overload', 'contaminated oil', 'misalignment of the gear mesh'],
    symptoms: [
      ...vibrationAtBoth(0.6, [
        { location: 'input', text: 'vibration at gear-mesh frequency and its sidebands rises on the input shaft' },
        { location: 'output', text: 'and on the output shaft' },
      ]),
      { kind: 'temperature', direction: 'up', weight: 0.5, text: 'oil temperature rises with the mesh losses' },
      { kind: 'current', direction: 'up', weight: 0.2, text: 'current rises with the losses' },
    ],
    detection:
      'gear-mesh frequency and sidebands in the spectrum, oil analysis (ferrography), inspection through the cover',
    severity: 7,
    occurrence: 3,
    detectability: 4,
    recommendedActions: [
      'Inspect the teeth through the inspection cover',
      'Check oil grade and condition',
      'Plan a gear-set exchange if pitting spreads',
    ],
    procedure: vibrationRepair({
      checks: [{ text: 'Take a spectrum at both shafts; note gear-mesh amplitude and sidebands.' }],
      isolate,
      repair: [
        {
          text: 'Open the inspection cover and inspect the tooth flanks (pitting, scuffing, contact pattern); take an oil sample.',
        },
        { text: 'Change the oil; exchange the gear set if pitting covers more than a few percent of a flank.' },
      ],
      machine: 'the drive',
      acceptanceAt: 'input bearing',
    }),
    repairHours: 16,
    skill: 'mechanical',
    parts: ['gear-oil-vg220-20l', 'gear-set-helical-25'],
  }),
  defineMode({
    id: 'gearbox-oil-leak',
    assetTypes: T,
    component: 'shaft seals',
    name: 'Oil leakage at shaft seals (low oil level)',
    iso14224: 'ELU',
    mechanism: mechanism('1.1'),
    causes: [
      'worn or hardened radial shaft seals',
      'breather blocked (pressure in the housing)',
      'shaft worn under the seal lip',
    ],
    symptoms: [
      { kind: 'temperature', direction: 'up', weight: 0.8, text: 'oil temperature rises as the level falls' },
      { kind: 'bearing_temperature', direction: 'up', weight: 0.5, text: 'bearings run hotter with less oil' },
      { kind: 'vibration', direction: 'up', weight: 0.2, text: 'vibration rises as lubrication fails' },
    ],
    detection: 'oil level sight glass on rounds, oil on the base, temperature trend',
    severity: 6,
    occurrence: 5,
    detectability: 3,
    recommendedActions: ['Top up to the mark', 'Replace the leaking seals', 'Clean the breather'],
    procedure: [
      isolate,
      { text: 'Check the oil level at standstill; clean the breather; replace the leaking shaft seals.' },
      { text: 'Fill to the sight-glass mark with the specified oil.' },
      returnToService('the drive'),
      oilTemperatureCheck('After 2 h at load, check the oil temperature and that no oil weeps from the seals.'),
    ],
    repairHours: 3,
    skill: 'mechanical',
    parts: ['shaft-seal-kit-gearbox', 'gear-oil-vg220-20l'],
  }),
  defineMode({
    id: 'gearbox-tooth-breakage',
    assetTypes: T,
    component: 'gear set',
    name: 'Broken or cracked gear tooth',
    iso14224: 'BRD',
    mechanism: mechanism('2.5'),
    causes: ['shock load (jam, hard start)', 'tooth-root fatigue', 'foreign object in the mesh'],
    symptoms: [
      ...vibrationAtBoth(0.8, [
        { location: 'input', text: 'impacts once per revolution of the broken gear; vibration jumps' },
        { location: 'output', text: 'the mesh carries the impacts to the other shaft' },
      ]),
      { kind: 'current', direction: 'up', weight: 0.3, text: 'current pulses once per revolution' },
    ],
    detection: 'time waveform (impacts once per revolution), kurtosis, inspection',
    severity: 9,
    occurrence: 2,
    detectability: 4,
    recommendedActions: [
      'Stop at the next opportunity and inspect the gears',
      'Do not run a gearbox with a broken tooth: fragments destroy the bearings',
    ],
    procedure: [
      isolate,
      {
        text: 'Open the inspection cover and inspect every tooth; drain the oil through a magnet and look for fragments.',
      },
      { text: 'Exchange the gear set and the bearings it contaminated.' },
      returnToService('the drive'),
      vibrationBelowBC('input bearing'),
    ],
    repairHours: 20,
    skill: 'mechanical',
    parts: ['gear-set-helical-25', 'bearing-22216-e', 'bearing-32220', 'gear-oil-vg220-20l'],
  }),
  defineMode({
    id: 'conveyor-idler-seizure',
    assetTypes: ['conveyor'],
    component: 'belt and idlers',
    name: 'Belt drag from seized idlers or material build-up',
    iso14224: 'PDE',
    mechanism: mechanism('1.6'),
    causes: ['idler bearings seized', 'spillage building up under the belt', 'belt mistracking against the structure'],
    symptoms: [
      { kind: 'current', direction: 'up', weight: 1, text: 'drive current rises for the same load on the belt' },
      {
        kind: 'temperature',
        direction: 'up',
        weight: 0.4,
        text: 'gearbox oil temperature rises with the extra torque',
      },
      { kind: 'speed', direction: 'down', weight: 0.2, text: 'belt speed sags slightly' },
    ],
    detection: 'drive current per tonne conveyed, walk-down with a thermal camera (hot idlers)',
    severity: 5,
    occurrence: 5,
    detectability: 3,
    recommendedActions: ['Walk the conveyor with a thermal camera', 'Replace seized idlers and clean spillage'],
    procedure: [
      RUNNING_CHECK_SAFETY,
      {
        text: 'Walk the conveyor from the walkway (never reach in) and mark hot or stopped idlers with a thermal camera.',
      },
      lockout('the conveyor (pull-cord and main isolator), and block the belt against run-back'),
      { text: 'Replace the marked idlers; clean spillage from the return run.' },
      returnToService('the conveyor'),
      { text: 'Check the drive current at normal load is back at its baseline.' },
    ],
    repairHours: 3,
    skill: 'mechanical',
    parts: ['idler-roller'],
  }),
];
