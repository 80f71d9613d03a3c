import type { FailureMode } from '@prognos/core';
import { defineMode, lockout, RUNNING_CHECK_SAFETY, returnToService } from './define';
import { mechanism } from './iso14224';

/**
 * Motor spindle of a machining centre with preloaded angular-contact bearings, chiller-cooled. ISO 10816-3 does not
 * cover machine-tool spindles; the 1.0 mm/s acceptance level is the usual spindle-maker figure at mid speed.
 */
const T = ['cnc_spindle'];
const SPINDLE_VIB_MAX = 1.0;
const isolate = lockout(
  'the machine (main switch and the spindle drive), remove the tool, and close the guard interlock',
);
const acceptance = {
  text: `Run the warm-up programme, then measure spindle vibration at 6,000 rpm: below ${SPINDLE_VIB_MAX} mm/s.`,
  expected: { quantity: 'spindle vibration velocity', unit: 'mm/s', max: SPINDLE_VIB_MAX },
};
/** Runout with a test bar: both a lost preload and a crash show here first. */
const runoutCheck = {
  text: 'Measure runout with a test bar in the taper, at the nose and at 300 mm (test of ISO 10791-1; the limit is the maker’s acceptance value).',
  expected: { quantity: 'runout at 300 mm', unit: 'mm', max: 0.01 },
};

export const SPINDLE_MODES: FailureMode[] = [
  defineMode({
    id: 'spindle-bearing-wear',
    assetTypes: T,
    component: 'front bearing set',
    name: 'Spindle bearing wear or damage',
    iso14224: 'VIB',
    mechanism: mechanism('2.4'),
    causes: [
      'coolant or chips past the labyrinth seal',
      'grease life exhausted',
      'crash or overload',
      'speed above the bearing rating',
    ],
    symptoms: [
      {
        kind: 'vibration',
        direction: 'up',
        weight: 1,
        text: 'spindle vibration rises, first at bearing defect frequencies',
      },
      {
        kind: 'bearing_temperature',
        direction: 'up',
        weight: 0.6,
        text: 'front bearing temperature rises from friction',
      },
      { kind: 'power', direction: 'up', weight: 0.2, text: 'idle power rises with friction' },
      { kind: 'current', direction: 'up', weight: 0.15, text: 'current rises slightly' },
    ],
    detection: 'vibration at fixed speeds (run-up test), bearing temperature, surface finish of parts',
    severity: 8,
    occurrence: 4,
    detectability: 3,
    recommendedActions: ['Run the spindle test cycle at fixed speeds', 'Plan a spindle rebuild or exchange'],
    procedure: [
      RUNNING_CHECK_SAFETY,
      {
        text: 'With doors closed, run the spindle test cycle (idle at 2,000 / 6,000 / 10,000 rpm) and record vibration and bearing temperature.',
      },
      isolate,
      {
        text: 'Exchange the spindle cartridge (maker’s service), or rebuild with a matched bearing set and set the preload.',
      },
      returnToService('the machine'),
      acceptance,
    ],
    repairHours: 12,
    skill: 'mechanical',
    parts: ['spindle-bearing-set-7014'],
  }),
  defineMode({
    id: 'spindle-preload-loss',
    assetTypes: T,
    component: 'front bearing set',
    name: 'Bearing preload loss',
    iso14224: 'VIB',
    mechanism: mechanism('1.3'),
    causes: ['preload springs fatigued', 'bearing lock nut loosened', 'wear of the raceways after a crash'],
    symptoms: [
      {
        kind: 'vibration',
        direction: 'up',
        weight: 0.9,
        text: 'vibration and chatter rise as the spindle loses stiffness',
      },
      {
        kind: 'bearing_temperature',
        direction: 'down',
        weight: 0.4,
        text: 'front bearing runs cooler: less preload, less friction',
      },
    ],
    detection: 'vibration and chatter marks, static stiffness test, bearing temperature below its usual level',
    severity: 6,
    occurrence: 3,
    detectability: 4,
    recommendedActions: ['Measure static stiffness and runout', 'Reset preload or exchange the spindle'],
    procedure: [
      isolate,
      runoutCheck,
      {
        text: 'Measure radial stiffness with a force gauge and dial indicator and compare with the spindle data sheet.',
      },
      { text: 'Reset the preload or exchange the spindle.' },
      returnToService('the machine'),
      acceptance,
    ],
    repairHours: 8,
    skill: 'mechanical',
    parts: ['spindle-exchange-unit'],
  }),
  defineMode({
    id: 'spindle-cooling-failure',
    assetTypes: T,
    component: 'spindle chiller',
    name: 'Spindle overheating (chiller failure)',
    iso14224: 'OHE',
    mechanism: mechanism('2.7'),
    causes: [
      'chiller refrigerant loss or compressor failure',
      'coolant filter blocked',
      'low coolant level',
      'condenser fins dirty',
    ],
    symptoms: [
      {
        kind: 'winding_temperature',
        direction: 'up',
        weight: 1,
        text: 'motor winding temperature rises at unchanged load',
      },
      { kind: 'bearing_temperature', direction: 'up', weight: 0.8, text: 'bearing temperature rises with the coolant' },
    ],
    detection: 'spindle temperatures against coolant set-point, chiller alarms, thermal drift of part dimensions',
    severity: 7,
    occurrence: 4,
    detectability: 2,
    recommendedActions: ['Check chiller alarms, coolant level and filter', 'Clean the condenser'],
    procedure: [
      RUNNING_CHECK_SAFETY,
      { text: 'Check the chiller display: supply temperature, alarms, coolant level and flow.' },
      lockout('the chiller and the machine'),
      { text: 'Replace the coolant filter, top up coolant, and clean the condenser fins.' },
      returnToService('the chiller and the machine'),
      {
        text: 'After 30 min of warm-up, check the coolant supply temperature.',
        expected: { quantity: 'coolant supply temperature', unit: 'degC', max: 26 },
      },
    ],
    repairHours: 2,
    skill: 'mechanical',
    parts: ['chiller-filter', 'chiller-coolant-20l'],
  }),
  defineMode({
    id: 'spindle-drawbar-clamp-loss',
    assetTypes: T,
    component: 'drawbar',
    name: 'Tool clamping force loss (drawbar springs)',
    iso14224: 'PDE',
    mechanism: mechanism('2.6'),
    causes: ['disc springs fatigued', 'chips on the taper', 'worn gripper'],
    symptoms: [
      {
        kind: 'vibration',
        direction: 'up',
        weight: 0.8,
        text: 'vibration and chatter with the tool loose in the taper',
      },
      { kind: 'power', direction: 'up', weight: 0.2, text: 'cutting power rises with chatter' },
    ],
    detection: 'clamping force gauge, fretting marks on tool tapers',
    severity: 7,
    occurrence: 3,
    detectability: 4,
    recommendedActions: [
      'Measure the clamping force',
      'Clean the taper',
      'Replace the disc-spring stack if below the minimum force',
    ],
    procedure: [
      isolate,
      {
        text: 'Measure drawbar clamping force with a force gauge in the taper (HSK-A63: typically 18–25 kN; use the maker’s minimum).',
        expected: { quantity: 'clamping force', unit: 'kN', min: 18 },
      },
      { text: 'Clean and inspect the taper; replace the disc-spring stack if the force is low.' },
      returnToService('the machine'),
      acceptance,
    ],
    repairHours: 4,
    skill: 'mechanical',
    parts: ['drawbar-spring-set'],
  }),
  defineMode({
    id: 'spindle-crash-damage',
    assetTypes: T,
    component: 'spindle shaft',
    name: 'Crash damage (bent shaft or brinelled bearings)',
    iso14224: 'BRD',
    mechanism: mechanism('1.4'),
    causes: ['collision with the workpiece or fixture', 'wrong tool length offset'],
    symptoms: [
      { kind: 'vibration', direction: 'up', weight: 1, text: 'vibration jumps after the event' },
      { kind: 'current', direction: 'up', weight: 0.4, text: 'current rises with the rubbing' },
      { kind: 'power', direction: 'up', weight: 0.4, text: 'power rises' },
    ],
    detection: 'step change in vibration after a collision alarm, runout check',
    severity: 9,
    occurrence: 2,
    detectability: 2,
    recommendedActions: ['Check runout at the taper', 'Exchange the spindle if runout or vibration is out of limit'],
    procedure: [
      isolate,
      runoutCheck,
      { text: 'Exchange the spindle if out of limit.' },
      returnToService('the machine'),
      acceptance,
    ],
    repairHours: 10,
    skill: 'mechanical',
    parts: ['spindle-exchange-unit'],
  }),
];
