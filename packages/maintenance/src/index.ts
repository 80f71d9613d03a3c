/**
 * Maintenance domain logic, free of I/O: the failure-mode library (FMEA) and symptom matching, work-order risk,
 * priority and due dates, and the maintenance planner. The server wires it to the stores and the API.
 */

export {
  INSTRUMENT_COMPONENT,
  INSTRUMENT_MODES,
  instrumentModeFor,
  isInstrumentMode,
  rankInstrumentModes,
} from './fmea/instrumentation';
export { ISO_14224_FAILURE_MODES, ISO_14224_MECHANISMS } from './fmea/iso14224';
export { DEFAULT_FAILURE_MODES } from './fmea/library';
export { DEFAULT_RANK_LIMIT, rankFailureModes } from './fmea/rank';
export { DEFAULT_SPARE_PARTS } from './fmea/spare-parts';
export { type ValidationResult, validateFailureMode } from './fmea/validate';
export { getLesson, LESSONS, lessonRefs } from './lessons';
export {
  checkPlan,
  generatePlanningCase,
  LATE_FACTOR,
  needsStop,
  type PlanInput,
  type PlanningCaseOptions,
  type PlanOptions,
  planCost,
  planEarliestDueDate,
  planMaintenance,
} from './planner';
export {
  assessRisk,
  CRITICALITY_WEIGHT,
  DEFAULT_DOWNTIME_COST_PER_HOUR,
  DUE_HOURS_BY_PRIORITY,
  RISK_THRESHOLDS,
  type RiskAssessment,
  type RiskInput,
  RUL_PRIORITY_HOURS,
  SAFETY_MARGIN_HOURS,
  UNPLANNED_FAILURE_FACTOR,
} from './risk/assess-risk';
export {
  computeBusinessCase,
  type DetectionBasis,
  defaultBusinessCaseInputs,
  discountedPaybackYears,
  irr,
  npv,
  paybackYears,
} from './roi/index';
