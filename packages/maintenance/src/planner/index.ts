export { checkPlan } from './check-plan';
export { LATE_FACTOR, planCost } from './cost';
export { generatePlanningCase, type PlanningCaseOptions } from './generate';
export { planEarliestDueDate, planMaintenance } from './plan';
export { needsStop } from './rules';
export type { PlanInput, PlanOptions } from './types';
