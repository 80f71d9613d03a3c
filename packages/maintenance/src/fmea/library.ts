import type { FailureMode } from '@prognos/core';
import { COMPRESSOR_MODES } from './air-compressor';
import { PUMP_MODES } from './centrifugal-pump';
import { SPINDLE_MODES } from './cnc-spindle';
import { FAN_MODES } from './fan';
import { GEARBOX_MODES } from './gearbox';
import { MOTOR_MODES } from './induction-motor';
import { INSTRUMENT_MODES } from './instrumentation';
import { OTHER_MODES } from './other';

/**
 * The default failure-mode library: one file per asset type (conveyors share the gearbox drive train's modes), and the
 * instrument modes every asset type shares (what a sensor alert's check finds).
 */
export const DEFAULT_FAILURE_MODES: readonly FailureMode[] = [
  ...PUMP_MODES,
  ...MOTOR_MODES,
  ...COMPRESSOR_MODES,
  ...GEARBOX_MODES,
  ...FAN_MODES,
  ...SPINDLE_MODES,
  ...OTHER_MODES,
  ...INSTRUMENT_MODES,
];
