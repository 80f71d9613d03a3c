import type { FailureMode } from '@prognos/core';
import { endBearingWearModes, misalignment } from './common-modes';
import { angularityCheck, laserAlign, softFootCheck, vibrationRepair } from './common-steps';
import { defineMode, lockout, lockoutProcess, returnToService } from './define';
import { mechanism } from './iso14224';

/** End-suction centrifugal pump with a separate motor, rolling bearings, mechanical seal and suction strainer. */
const T = ['centrifugal_pump'];
const isolate = lockoutProcess('the pump', 'suction and discharge');

export const PUMP_MODES: FailureMode[] = [
  ...endBearingWearModes({
    prefix: 'pump',
    assetTypes: T,
    causes: [
      'lubricant degraded or contaminated',
      'over- or under-greasing',
      'fatigue at end of life',
      'water ingress past the seal',
    ],
    vibrationText: 'vibration rises at the worn bearing, first at its defect frequencies',
    loadSymptoms: [
      { kind: 'current', direction: 'up', weight: 0.15, text: 'motor current rises slightly with the friction losses' },
    ],
    detection: 'vibration trend and envelope spectrum (bearing defect frequencies), bearing temperature trend',
    ratings: { severity: 7, occurrence: 6, detectability: 3 },
    recommendedActions: [
      'Confirm with an envelope spectrum',
      'Plan bearing replacement before the vibration reaches zone D',
      'Check lubrication and seal condition',
    ],
    procedure: {
      checks: [
        {
          text: 'Measure DE and NDE vibration with a portable analyser and take an envelope spectrum; note which bearing shows the defect frequencies.',
          expected: { quantity: 'DE bearing vibration velocity', unit: 'mm/s' },
        },
      ],
      isolate,
      repair: [
        {
          text: 'Remove the coupling guard and spacer, pull the bearing frame, and replace both bearings (heat-mount, never hammer).',
        },
        {
          text: 'Regrease to the maker’s quantity; check the shaft runout at the coupling.',
          expected: { quantity: 'shaft runout', unit: 'mm', max: 0.05 },
        },
        { text: 'Realign pump and motor (see the alignment limits of the misalignment procedure).' },
      ],
      machine: 'the pump',
      afterwards: [
        {
          text: 'After 2 h, check the bearing temperature has settled.',
          expected: { quantity: 'DE bearing temperature', unit: 'degC', max: 80 },
        },
      ],
    },
    repairHours: 6,
    parts: { DE: ['bearing-6309-c3'], NDE: ['bearing-6307-c3'] },
  }),
  misalignment({
    id: 'pump-misalignment',
    assetTypes: T,
    name: 'Shaft misalignment between pump and motor',
    causes: [
      'poor alignment after maintenance',
      'soft foot',
      'pipe strain',
      'thermal growth not allowed for',
      'baseplate settling',
    ],
    bearings: [
      { location: 'DE', text: 'drive-end vibration rises at 1× and 2× running speed, axial as well as radial' },
      { location: 'NDE', text: 'non-drive-end vibration rises about as much: the coupling loads both bearings' },
    ],
    loadSymptoms: [
      { kind: 'current', direction: 'up', weight: 0.1, text: 'current rises slightly with coupling losses' },
    ],
    detection: 'vibration at both bearings with 1×/2× and axial components; laser alignment check',
    ratings: { severity: 5, occurrence: 5, detectability: 3 },
    recommendedActions: [
      'Check alignment with a laser system',
      'Check for soft foot and pipe strain',
      'Inspect the coupling insert',
    ],
    procedure: {
      checks: [
        { text: 'Measure radial and axial vibration at both bearings; high axial 1×/2× confirms misalignment.' },
      ],
      isolate: lockout('the pump and motor'),
      repair: [
        { text: 'Remove the coupling guard; inspect the coupling insert and replace it if cracked or worn.' },
        softFootCheck('Check soft foot at each motor foot.'),
        laserAlign('Laser-align at 2960 rpm tolerances: parallel offset and angularity.', 0.05),
        angularityCheck(0.05),
      ],
      machine: 'the pump',
      acceptanceAt: 'DE bearing',
    },
    parts: ['coupling-insert-pump'],
  }),
  defineMode({
    id: 'pump-cavitation',
    assetTypes: T,
    component: 'impeller',
    name: 'Cavitation (NPSH available too low)',
    iso14224: 'LOO',
    mechanism: mechanism('2.1'),
    causes: [
      'low suction tank level',
      'suction valve partly closed',
      'liquid temperature too high',
      'operation far right of the best-efficiency point',
    ],
    symptoms: [
      {
        kind: 'discharge_pressure',
        direction: 'down',
        weight: 0.9,
        text: 'discharge pressure drops as the head breaks down',
      },
      {
        kind: 'vibration',
        direction: 'up',
        weight: 0.8,
        text: 'broadband vibration and crackling noise from collapsing vapour bubbles',
      },
      { kind: 'current', direction: 'down', weight: 0.6, text: 'current falls with the lost hydraulic power' },
      { kind: 'flow', direction: 'down', weight: 0.6, text: 'flow falls and pulsates' },
      { kind: 'suction_pressure', direction: 'down', weight: 0.4, text: 'suction pressure is low' },
    ],
    detection:
      'head drop against the pump curve, broadband vibration, NPSH check from suction pressure and liquid temperature',
    severity: 6,
    occurrence: 4,
    detectability: 4,
    recommendedActions: [
      'Raise suction level or open the suction valve fully',
      'Check the suction strainer',
      'Reduce liquid temperature or flow to restore NPSH margin',
      'Inspect the impeller for pitting at the next stop',
    ],
    procedure: vibrationRepair({
      checks: [
        { text: 'Check the suction tank level and that the suction valve is fully open.' },
        {
          text: 'Compute NPSH available from suction pressure, liquid temperature and velocity head; it must exceed NPSH required by the margin (ANSI/HI 9.6.1: an NPSHa/NPSH3 ratio of at least 1.1, more for high-energy pumps).',
          expected: { quantity: 'NPSHa / NPSHr', unit: 'ratio', min: 1.1 },
        },
        { text: 'Restore the operating point and confirm the discharge pressure recovers to the pump curve.' },
      ],
      isolate,
      repair: [
        {
          text: 'At the next stop, inspect the impeller eye for cavitation pitting; replace the impeller if vanes are eroded.',
        },
      ],
      machine: 'the pump',
      acceptanceAt: 'DE bearing',
    }),
    repairHours: 4,
    skill: 'process',
    parts: [],
  }),
  defineMode({
    id: 'pump-strainer-clogged',
    assetTypes: T,
    component: 'suction strainer',
    name: 'Suction strainer clogged',
    iso14224: 'PLU',
    mechanism: mechanism('5.1'),
    causes: ['debris or scale in the loop', 'strainer not cleaned on schedule', 'biological fouling'],
    symptoms: [
      { kind: 'suction_pressure', direction: 'down', weight: 1, text: 'suction pressure falls behind the restriction' },
      { kind: 'differential_pressure', direction: 'up', weight: 0.8, text: 'pressure drop across the strainer rises' },
      { kind: 'flow', direction: 'down', weight: 0.7, text: 'flow falls' },
      {
        kind: 'discharge_pressure',
        direction: 'down',
        weight: 0.3,
        text: 'discharge pressure falls a little with the flow (system curve)',
      },
      { kind: 'current', direction: 'down', weight: 0.3, text: 'current falls a little with the flow' },
    ],
    detection: 'suction pressure or strainer differential pressure trend',
    severity: 5,
    occurrence: 6,
    detectability: 2,
    recommendedActions: ['Clean the suction strainer', 'Find the debris source if it clogs again within weeks'],
    procedure: [
      isolate,
      {
        text: 'Open the strainer cover, remove and clean the basket, inspect the mesh for holes, and fit a new cover gasket.',
      },
      returnToService('the pump'),
      {
        text: 'At normal flow, check the suction pressure is back at its baseline and the strainer pressure drop is low.',
        expected: { quantity: 'strainer pressure drop', unit: 'bar', max: 0.1 },
      },
    ],
    repairHours: 1.5,
    skill: 'mechanical',
    parts: ['strainer-gasket-dn150'],
  }),
  defineMode({
    id: 'pump-wear-rings',
    assetTypes: T,
    component: 'impeller and wear rings',
    name: 'Worn wear rings (internal recirculation)',
    iso14224: 'INL',
    mechanism: mechanism('2.4'),
    causes: ['abrasive solids', 'running dry or at shut-off', 'shaft deflection'],
    symptoms: [
      { kind: 'flow', direction: 'down', weight: 0.8, text: 'flow falls as liquid recirculates to the suction' },
      {
        kind: 'discharge_pressure',
        direction: 'down',
        weight: 0.8,
        text: 'discharge pressure falls below the pump curve',
      },
      {
        kind: 'suction_pressure',
        direction: 'up',
        weight: 0.3,
        text: 'suction pressure rises slightly with the lower suction-line loss',
      },
    ],
    detection: 'performance test against the pump curve (head and flow at the same speed)',
    severity: 4,
    occurrence: 4,
    detectability: 5,
    recommendedActions: [
      'Run a performance test',
      'Plan wear-ring replacement when efficiency has dropped more than about 5 %',
    ],
    procedure: vibrationRepair({
      checks: [
        { text: 'Record flow, suction and discharge pressure at a steady speed and compare with the pump curve.' },
      ],
      isolate,
      repair: [
        {
          text: 'Remove the back pull-out unit, measure the wear-ring clearance and replace the rings if beyond the maker’s limit (typically twice the new clearance).',
          expected: { quantity: 'wear-ring diametral clearance', unit: 'mm', max: 0.6 },
        },
      ],
      machine: 'the pump',
      acceptanceAt: 'DE bearing',
    }),
    repairHours: 8,
    skill: 'mechanical',
    parts: ['wear-rings-pump'],
  }),
  defineMode({
    id: 'pump-seal-leak',
    assetTypes: T,
    component: 'mechanical seal',
    name: 'Mechanical seal leakage',
    iso14224: 'ELP',
    mechanism: mechanism('1.1'),
    causes: [
      'dry running',
      'worn or heat-checked seal faces',
      'elastomer attacked by the liquid',
      'excessive shaft vibration',
    ],
    symptoms: [
      {
        kind: 'temperature',
        direction: 'up',
        weight: 0.6,
        text: 'seal chamber or flush temperature rises as the faces run hot',
      },
      { kind: 'vibration', direction: 'up', weight: 0.2, text: 'face chatter adds a little vibration' },
    ],
    detection: 'visual leak inspection, seal-pot level or leak detector, seal chamber temperature',
    severity: 6,
    occurrence: 5,
    detectability: 5,
    recommendedActions: [
      'Inspect for visible leakage on each round',
      'Replace the cartridge seal',
      'Check the flush plan and that the pump never runs dry',
    ],
    procedure: [
      isolate,
      {
        text: 'Set the cartridge seal’s setting clips, remove the seal, and inspect the faces and elastomers to find the cause.',
      },
      { text: 'Fit the new cartridge seal, remove the setting clips, and vent the seal chamber.' },
      returnToService('the pump'),
      {
        text: 'Check the seal for leakage after 1 h: no visible drips.',
        expected: { quantity: 'visible leakage', unit: 'drops/min', max: 0 },
      },
    ],
    repairHours: 5,
    skill: 'mechanical',
    parts: ['mech-seal-45'],
  }),
];
