import type { FailureMode } from '@prognos/core';
import { endBearingWearModes, misalignment } from './common-modes';
import {
  angularityCheck,
  BEARINGS_FOLLOW_FRAME,
  laserAlign,
  MEASURE_BOTH_BEARINGS,
  softFootCheck,
  vibrationRepair,
  windingTemperatureCheck,
} from './common-steps';
import { defineMode, lockout, RUNNING_CHECK_SAFETY, returnToService } from './define';
import { mechanism } from './iso14224';

/**
 * Low-voltage induction motor (the demo's 75 kW, 4-pole, direct on line). Winding limits: insulation class F used
 * at class B rise, 40 °C ambient + 80 K (IEC 60034-1), so about 120 °C at full load.
 */
const T = ['induction_motor'];
const WINDING_MAX_C = 120;
const isolateWithLoad = lockout('the motor and the driven machine');

export const MOTOR_MODES: FailureMode[] = [
  ...endBearingWearModes({
    prefix: 'motor',
    assetTypes: T,
    causes: [
      'grease aged or wrong quantity',
      'contamination',
      'shaft currents (fluting) from the drive',
      'fatigue at end of life',
    ],
    vibrationText: 'vibration rises at the worn bearing',
    loadSymptoms: [
      { kind: 'current', direction: 'up', weight: 0.15, text: 'current rises slightly with friction losses' },
      { kind: 'power', direction: 'up', weight: 0.1, text: 'active power rises slightly' },
    ],
    detection: 'vibration trend and envelope spectrum, bearing temperature, shock-pulse or ultrasound',
    ratings: { severity: 7, occurrence: 5, detectability: 3 },
    recommendedActions: [
      'Confirm with an envelope spectrum',
      'Regrease per the nameplate interval if dry',
      'Plan bearing replacement',
    ],
    procedure: {
      checks: [
        {
          text: 'Measure DE and NDE vibration and take an envelope spectrum; listen with an ultrasound probe while regreasing.',
        },
      ],
      isolate: isolateWithLoad,
      repair: [
        {
          text: 'Uncouple, remove the end shields, and replace both bearings by induction heating; fill with the specified grease.',
        },
        {
          text: 'Measure insulation resistance at 500 V DC before reconnecting (IEEE 43: at least 5 MΩ at 40 °C for a random-wound stator below 1 kV; a healthy one reads far higher).',
          expected: { quantity: 'insulation resistance', unit: 'MOhm', min: 5 },
        },
      ],
      machine: 'the motor',
    },
    repairHours: 8,
    parts: ['bearing-6316-c3', 'grease-polyurea-400g'],
  }),
  misalignment({
    id: 'motor-misalignment',
    assetTypes: T,
    name: 'Shaft misalignment with the driven machine',
    causes: ['poor alignment after maintenance', 'soft foot', 'foundation settling', 'thermal growth'],
    bearings: [
      { location: 'DE', text: 'drive-end vibration rises at 1× and 2× running speed, axial too' },
      { location: 'NDE', text: 'non-drive-end vibration rises about as much' },
    ],
    loadSymptoms: [
      { kind: 'current', direction: 'up', weight: 0.1, text: 'current rises slightly with coupling losses' },
    ],
    detection: 'vibration at both bearings with 1×/2× and axial components; laser alignment',
    ratings: { severity: 5, occurrence: 5, detectability: 3 },
    recommendedActions: ['Check alignment with a laser system', 'Check for soft foot', 'Inspect the coupling'],
    procedure: {
      checks: [MEASURE_BOTH_BEARINGS],
      isolate: isolateWithLoad,
      repair: [
        softFootCheck('Inspect the coupling insert; check soft foot.'),
        laserAlign('Laser-align to the 1500 rpm tolerance.', 0.07),
        angularityCheck(0.07),
      ],
      machine: 'the motor',
      acceptanceAt: 'DE bearing',
    },
    parts: ['coupling-insert-motor'],
  }),
  defineMode({
    id: 'motor-cooling-failure',
    assetTypes: T,
    component: 'cooling system',
    name: 'Winding overheating from lost cooling',
    iso14224: 'OHE',
    mechanism: mechanism('2.7'),
    causes: [
      'cooling fins blocked with dust or product',
      'external fan broken or cowl blocked',
      'high ambient in the motor room',
    ],
    symptoms: [
      {
        kind: 'winding_temperature',
        direction: 'up',
        weight: 1,
        text: 'winding temperature rises at unchanged current',
      },
      BEARINGS_FOLLOW_FRAME,
      {
        kind: 'speed',
        direction: 'down',
        weight: 0.15,
        text: 'speed drops slightly as rotor resistance and slip grow with temperature',
      },
    ],
    detection: 'winding temperature (embedded Pt100) against current; thermography of the frame',
    severity: 7,
    occurrence: 4,
    detectability: 2,
    recommendedActions: [
      'Clean the fins and the fan cowl',
      'Check the external fan',
      'Check the motor room ventilation',
    ],
    procedure: [
      RUNNING_CHECK_SAFETY,
      { text: 'Take a thermal image of the frame and check the airflow at the fan cowl.' },
      lockout('the motor'),
      { text: 'Clean the cooling fins and the cowl inlet; replace the external fan if blades are broken.' },
      returnToService('the motor'),
      windingTemperatureCheck('normal load', WINDING_MAX_C),
    ],
    repairHours: 2,
    skill: 'mechanical',
    parts: ['motor-cooling-fan-75'],
  }),
  defineMode({
    id: 'motor-overload',
    assetTypes: T,
    component: 'stator winding',
    name: 'Winding overheating from overload or supply unbalance',
    iso14224: 'OHE',
    mechanism: mechanism('2.7'),
    causes: ['driven machine overloaded or jammed', 'voltage unbalance or low voltage', 'single phasing'],
    symptoms: [
      { kind: 'current', direction: 'up', weight: 1, text: 'current rises above its usual level for the load' },
      {
        kind: 'winding_temperature',
        direction: 'up',
        weight: 0.7,
        text: 'winding temperature rises with the copper losses (∝ I²)',
      },
      { kind: 'power', direction: 'up', weight: 0.6, text: 'active power rises with the load' },
      { kind: 'speed', direction: 'down', weight: 0.3, text: 'speed drops with the higher slip' },
    ],
    detection: 'current and power trend, phase currents and voltages (unbalance), winding temperature',
    severity: 7,
    occurrence: 4,
    detectability: 2,
    recommendedActions: [
      'Measure the three phase currents and voltages',
      'Check the driven machine for the source of the load',
      'Check the overload relay setting',
    ],
    procedure: [
      RUNNING_CHECK_SAFETY,
      {
        text: 'Measure the three phase voltages and currents with a clamp meter (qualified electrician, arc-flash PPE); NEMA MG 1 derates a motor above 1 % voltage unbalance.',
        expected: { quantity: 'voltage unbalance', unit: '%', max: 1 },
      },
      {
        text: 'Compare the current with the nameplate at this load.',
        expected: { quantity: 'line current', unit: 'A', max: 134 },
      },
      isolateWithLoad,
      {
        text: 'Turn the driven machine by hand to find binding; check terminal connections for heat marks and torque them.',
      },
      returnToService('the motor'),
    ],
    repairHours: 2,
    skill: 'electrical',
    parts: [],
  }),
  defineMode({
    id: 'motor-insulation-degradation',
    assetTypes: T,
    component: 'stator winding',
    name: 'Stator insulation degradation (turn-to-turn or to earth)',
    iso14224: 'PDE',
    mechanism: mechanism('4.5'),
    causes: [
      'thermal ageing',
      'moisture or contamination in the winding',
      'voltage spikes from the drive',
      'repeated starts',
    ],
    symptoms: [
      {
        kind: 'winding_temperature',
        direction: 'up',
        weight: 0.6,
        text: 'a hot spot from shorted turns raises the winding temperature',
      },
      { kind: 'current', direction: 'up', weight: 0.5, text: 'current rises and becomes unbalanced' },
      { kind: 'vibration', direction: 'up', weight: 0.2, text: 'vibration at twice line frequency rises' },
    ],
    detection: 'insulation resistance and polarisation index (IEEE 43), surge test, current signature',
    severity: 9,
    occurrence: 2,
    detectability: 5,
    recommendedActions: [
      'Measure insulation resistance and polarisation index',
      'Plan a rewind or motor exchange if PI < 2',
    ],
    procedure: [
      lockout('the motor'),
      {
        text: 'Disconnect the supply cables and measure insulation resistance to earth at 500 V DC for 1 min (IEEE 43 for windings below 1 kV; minimum 5 MΩ at 40 °C).',
        expected: { quantity: 'insulation resistance', unit: 'MOhm', min: 5 },
      },
      {
        text: 'Measure the polarisation index (10 min / 1 min).',
        expected: { quantity: 'polarisation index', unit: 'ratio', min: 2 },
      },
      { text: 'If below the limits: dry the winding and retest, or exchange the motor.' },
      returnToService('the motor'),
    ],
    repairHours: 10,
    skill: 'electrical',
    parts: ['motor-75kw-4p'],
  }),
  defineMode({
    id: 'motor-broken-rotor-bar',
    assetTypes: T,
    component: 'rotor cage',
    name: 'Broken rotor bars',
    iso14224: 'VIB',
    mechanism: mechanism('2.6'),
    causes: ['frequent direct-on-line starts', 'thermal cycling', 'casting porosity'],
    symptoms: [
      { kind: 'vibration', direction: 'up', weight: 0.6, text: 'vibration beats at twice slip frequency' },
      {
        kind: 'current',
        direction: 'up',
        weight: 0.5,
        text: 'current oscillates, with sidebands at ±2·slip around line frequency',
      },
      { kind: 'speed', direction: 'down', weight: 0.4, text: 'speed drops as torque per ampere falls' },
    ],
    detection: 'motor current signature analysis (pole-pass sidebands), vibration beat',
    severity: 7,
    occurrence: 2,
    detectability: 4,
    recommendedActions: [
      'Run a current signature analysis',
      'Plan a motor exchange if sidebands are within 45 dB of line frequency',
    ],
    procedure: vibrationRepair({
      checks: [
        {
          text: 'Record a current spectrum at > 50 % load; compare the pole-pass sidebands with the line component.',
          expected: { quantity: 'sideband below line', unit: 'dB', min: 45 },
        },
      ],
      isolate: isolateWithLoad,
      repair: [{ text: 'Exchange the motor and send the rotor for repair.' }],
      machine: 'the motor',
      acceptanceAt: 'DE bearing',
    }),
    repairHours: 8,
    skill: 'electrical',
    parts: ['motor-75kw-4p'],
  }),
];
