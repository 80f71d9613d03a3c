/**
 * The business case, pure: net present value, internal rate of return, payback, annual benefits by line and asset
 * class, scenarios and the sensitivity (tornado) — every figure traced to its formula and inputs.
 */
import type { BusinessCaseInputs, BusinessCaseResult, Traced } from '@prognos/core';

/** Detection figures the case uses, with where they came from. */
export interface DetectionBasis {
  rate: Traced;
  leadTimeHours: Traced;
  source: 'input' | 'ledger' | 'benchmark';
}

export function computeBusinessCase(
  _inputs: BusinessCaseInputs,
  _detection: DetectionBasis,
  _now: number,
): BusinessCaseResult {
  throw new Error('not implemented yet');
}
