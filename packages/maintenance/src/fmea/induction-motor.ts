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
 * Low-voltage induction motor (the demo's 75 kW, 4-pole, direct on line). Winding limits: insulation class F used
 * at class B rise, 40 °C ambient + 80 K (IEC 60034-1), so about 120 °C at full load.
 */
const T = ['induction_motor'];
const WINDING_MAX_C = 120;

/** Wear of the drive-end or non-drive-end bearing: it shows at that bearing (misalignment shows at both). */
function bearingWear(end: BearingEnd): FailureMode {
  return defineMode({
    id: end === 'DE' ? 'motor-bearing-wear' : 'motor-nde-bearing-wear',
    assetTypes: T,
    component: 'rolling bearing',
    name: `${END_WORDS[end]} bearing wear`,
    iso14224: 'VIB',
    mechanism: mechanism('2.4'),
    causes: [
      'grease aged or wrong quantity',
      'contamination',
      'shaft currents (fluting) from the drive',
      'fatigue at end of life',
    ],
    symptoms: [
      { kind: 'vibration', direction: 'up', weight: 1, location: end, text: 'vibration rises at the worn bearing' },
      {
        kind: 'bearing_temperature',
        direction: 'up',
        weight: end === 'DE' ? 0.6 : 0.3,
        location: end,
        text: 'bearing temperature rises from friction',
      },
      { kind: 'current', direction: 'up', weight: 0.15, text: 'current rises slightly with friction losses' },
      { kind: 'power', direction: 'up', weight: 0.1, text: 'active power rises slightly' },
    ],
    detection: 'vibration trend and envelope spectrum, bearing temperature, shock-pulse or ultrasound',
    severity: 7,
    occurrence: 5,
    detectability: 3,
    recommendedActions: [
      'Confirm with an envelope spectrum',
      'Regrease per the nameplate interval if dry',
      'Plan bearing replacement',
    ],
    procedure: [
      RUNNING_CHECK_SAFETY,
      {
        text: 'Measure DE and NDE vibration and take an envelope spectrum; listen with an ultrasound probe while regreasing.',
      },
      lockout('the motor and the driven machine'),
      {
        text: 'Uncouple, remove the end shields, and replace both bearings by induction heating; fill with the specified grease.',
      },
      {
        text: 'Measure insulation resistance at 500 V DC before reconnecting (IEEE 43: at least 5 MΩ at 40 °C for a random-wound stator below 1 kV; a healthy one reads far higher).',
        expected: { quantity: 'insulation resistance', unit: 'MOhm', min: 5 },
      },
      returnToService('the motor'),
      vibrationBelowBC(`${end} bearing`),
    ],
    repairHours: 8,
    skill: 'mechanical',
    parts: ['bearing-6316-c3', 'grease-polyurea-400g'],
  });
}

export const MOTOR_MODES: FailureMode[] = [
  bearingWear('DE'),
  bearingWear('NDE'),
  defineMode({
    id: 'motor-misalignment',
    assetTypes: T,
    component: 'coupling',
    name: 'Shaft misalignment with the driven machine',
    iso14224: 'VIB',
    mechanism: mechanism('1.3'),
    causes: ['poor alignment after maintenance', 'soft foot', 'foundation settling', 'thermal growth'],
    symptoms: [
      {
        kind: 'vibration',
        direction: 'up',
        weight: 0.7,
        location: 'DE',
        text: 'drive-end vibration rises at 1× and 2× running speed, axial too',
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
      { kind: 'current', direction: 'up', weight: 0.1, text: 'current rises slightly with coupling losses' },
    ],
    detection: 'vibration at both bearings with 1×/2× and axial components; laser alignment',
    severity: 5,
    occurrence: 5,
    detectability: 3,
    recommendedActions: ['Check alignment with a laser system', 'Check for soft foot', 'Inspect the coupling'],
    procedure: [
      RUNNING_CHECK_SAFETY,
      { text: 'Measure radial and axial vibration at both bearings.' },
      lockout('the motor and the driven machine'),
      {
        text: 'Inspect the coupling insert; check soft foot.',
        expected: { quantity: 'soft foot', unit: 'mm', max: 0.05 },
      },
      {
        text: 'Laser-align to the 1500 rpm tolerance.',
        expected: { quantity: 'parallel offset', unit: 'mm', max: 0.07 },
      },
      { text: 'Record the angularity.', expected: { quantity: 'angularity', unit: 'mm/100 mm', max: 0.07 } },
      returnToService('the motor'),
      vibrationBelowBC('DE bearing'),
    ],
    repairHours: 3,
    skill: 'mechanical',
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
      {
        kind: 'bearing_temperature',
        direction: 'up',
        weight: 0.3,
        text: 'bearing temperature follows the hotter frame',
      },
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
      {
        text: 'After 1 h at normal load, check the winding temperature.',
        expected: { quantity: 'winding temperature', unit: 'degC', max: WINDING_MAX_C },
      },
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
      lockout('the motor and the driven machine'),
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
    procedure: [
      RUNNING_CHECK_SAFETY,
      {
        text: 'Record a current spectrum at > 50 % load; compare the pole-pass sidebands with the line component.',
        expected: { quantity: 'sideband below line', unit: 'dB', min: 45 },
      },
      lockout('the motor and the driven machine'),
      { text: 'Exchange the motor and send the rotor for repair.' },
      returnToService('the motor'),
      vibrationBelowBC('DE bearing'),
    ],
    repairHours: 8,
    skill: 'electrical',
    parts: ['motor-75kw-4p'],
  }),
];
