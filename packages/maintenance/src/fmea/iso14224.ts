import type { SensorKind } from '@prognos/core';

/**
 * ISO 14224:2016 Annex B failure-mode codes (Table B.15 shows which apply to which equipment class). Only the codes
 * a rotating machine can show are listed; a mode whose manifestation none of them fits carries ''.
 */
export const ISO_14224_FAILURE_MODES = {
  AIR: 'Abnormal instrument reading',
  BRD: 'Breakdown',
  ELP: 'External leakage – process medium',
  ELU: 'External leakage – utility medium',
  ERO: 'Erratic output',
  FTS: 'Fail to start on demand',
  HIO: 'High output',
  INL: 'Internal leakage',
  LOO: 'Low output',
  NOI: 'Noise',
  OHE: 'Overheating',
  PDE: 'Parameter deviation',
  PLU: 'Plugged/choked',
  SER: 'Minor in-service problems',
  STD: 'Structural deficiency',
  STP: 'Fail to stop on demand',
  UST: 'Spurious stop',
  VIB: 'Vibration',
  OTH: 'Other',
  UNK: 'Unknown',
} as const satisfies Record<string, string>;

export type Iso14224Code = keyof typeof ISO_14224_FAILURE_MODES;

/**
 * ISO 14224:2016 Table B.2 failure mechanisms, by notation number. Note that wear is a material failure (2.4), not a
 * mechanical one: 1.4 is deformation.
 */
export const ISO_14224_MECHANISMS = {
  '1.0': 'Mechanical failure – general',
  '1.1': 'Leakage',
  '1.2': 'Vibration',
  '1.3': 'Clearance/alignment failure',
  '1.4': 'Deformation',
  '1.5': 'Looseness',
  '1.6': 'Sticking',
  '2.0': 'Material failure – general',
  '2.1': 'Cavitation',
  '2.2': 'Corrosion',
  '2.3': 'Erosion',
  '2.4': 'Wear',
  '2.5': 'Breakage',
  '2.6': 'Fatigue',
  '2.7': 'Overheating',
  '2.8': 'Burst',
  '3.0': 'Instrument failure – general',
  '3.1': 'Control failure',
  '3.2': 'No signal/indication/alarm',
  '3.3': 'Faulty signal/indication/alarm',
  '3.4': 'Out of adjustment',
  '3.5': 'Software failure',
  '3.6': 'Common cause/mode failure',
  '4.0': 'Electrical failure – general',
  '4.1': 'Short circuiting',
  '4.2': 'Open circuit',
  '4.3': 'No power/voltage',
  '4.4': 'Faulty power/voltage',
  '4.5': 'Earth/isolation fault',
  '5.0': 'External influence – general',
  '5.1': 'Blockage/plugged',
  '5.2': 'Contamination',
  '5.3': 'Miscellaneous external influences',
  '6.0': 'Miscellaneous – general',
  '6.1': 'No cause found',
  '6.2': 'Combined causes',
  '6.3': 'Other',
  '6.4': 'Unknown',
} as const satisfies Record<string, string>;

/** "2.4 Wear": the notation number and name of a Table B.2 mechanism. */
export function mechanism(code: keyof typeof ISO_14224_MECHANISMS): string {
  return `${code} ${ISO_14224_MECHANISMS[code]}`;
}

/** Every SensorKind, for validating data that arrives from outside. */
export const SENSOR_KINDS: readonly SensorKind[] = [
  'vibration',
  'bearing_temperature',
  'winding_temperature',
  'temperature',
  'current',
  'voltage',
  'power',
  'pressure',
  'discharge_pressure',
  'suction_pressure',
  'differential_pressure',
  'flow',
  'speed',
  'torque',
  'other',
];
