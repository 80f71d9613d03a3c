import type { ProcedureStep, Symptom } from '@prognos/core';
import { RUNNING_CHECK_SAFETY, returnToService, vibrationBelowBC } from './define';

/** The running check that opens a coupled machine's vibration diagnosis: axial readings tell misalignment apart. */
export const MEASURE_BOTH_BEARINGS: ProcedureStep = {
  text: 'Measure radial and axial vibration at both bearings.',
  tools: ['portable vibration analyser'],
  minutes: 10,
};

/** Soft foot: a foot that lifts more than 0.05 mm distorts the frame and spoils any alignment done on top of it. */
export function softFootCheck(text: string): ProcedureStep {
  return {
    text,
    expected: { quantity: 'soft foot', unit: 'mm', max: 0.05 },
    tools: ['feeler gauges', 'dial indicator'],
    minutes: 20,
  };
}

/** Laser alignment, judged by the parallel offset; the tolerance tightens with speed, so each machine gives its own. */
export function laserAlign(text: string, maxOffsetMm: number): ProcedureStep {
  return {
    text,
    expected: { quantity: 'parallel offset', unit: 'mm', max: maxOffsetMm },
    tools: ['laser alignment kit', 'shim set'],
    minutes: 60,
  };
}

/** The angular half of a laser alignment, at the same speed-dependent tolerance as the offset. */
export function angularityCheck(maxMmPer100: number): ProcedureStep {
  return {
    text: 'Record the angularity.',
    expected: { quantity: 'angularity', unit: 'mm/100 mm', max: maxMmPer100 },
    tools: ['laser alignment kit'],
    minutes: 5,
  };
}

/** Winding temperature after an hour at load, when the frame has settled (limit from the motor's insulation class). */
export function windingTemperatureCheck(load: string, maxC: number): ProcedureStep {
  return {
    text: `After 1 h at ${load}, check the winding temperature.`,
    expected: { quantity: 'winding temperature', unit: 'degC', max: maxC },
    tools: ['winding temperature readout (RTD) or infrared thermometer'],
    minutes: 5,
  };
}

/** The bearings of a coupled machine heat up when misalignment loads them. */
export const BEARINGS_LOADED: Symptom = {
  kind: 'bearing_temperature',
  direction: 'up',
  weight: 0.3,
  text: 'bearing temperature rises with the extra load',
};

/** The bearings of an overheating motor follow its frame. */
export const BEARINGS_FOLLOW_FRAME: Symptom = {
  kind: 'bearing_temperature',
  direction: 'up',
  weight: 0.3,
  text: 'bearing temperature follows the hotter frame',
};

/** One bearing of the shaft line as a vibration symptom: where it shows and how it reads there. */
export interface ShaftLineBearing {
  location: string;
  text: string;
}

/** A fault that loads the whole shaft line shows as vibration at both bearings, about equally (one weight for both). */
export function vibrationAtBoth(weight: number, bearings: readonly [ShaftLineBearing, ShaftLineBearing]): Symptom[] {
  return bearings.map(
    ({ location, text }): Symptom => ({ kind: 'vibration', direction: 'up', weight, location, text }),
  );
}

/** The phases of a vibration repair: checks while it runs, isolation, the work, restart, and vibration acceptance. */
export interface VibrationRepair {
  /** Checks on the running machine (after the running-check safety step). */
  checks: ProcedureStep[];
  isolate: ProcedureStep;
  repair: ProcedureStep[];
  /** The machine as the return-to-service step names it ('the pump'). */
  machine: string;
  /** Where the vibration is accepted after the repair ('DE bearing'). */
  acceptanceAt: string;
  /** Checks after the vibration acceptance step. */
  afterwards?: ProcedureStep[];
}

/** A procedure for a fault found by vibration: it starts safe near the running machine and ends below zone B/C. */
export function vibrationRepair(phases: VibrationRepair): ProcedureStep[] {
  return [
    RUNNING_CHECK_SAFETY,
    ...phases.checks,
    phases.isolate,
    ...phases.repair,
    returnToService(phases.machine),
    vibrationBelowBC(phases.acceptanceAt),
    ...(phases.afterwards ?? []),
  ];
}
