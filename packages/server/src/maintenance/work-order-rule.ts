/** The rule that creates work orders from alerts without a person asking (setting `maintenance:work-order-rule`). */
import type { Alert, Criticality } from '@prognos/core';

export const RULE_KEY = 'maintenance:work-order-rule';

export interface WorkOrderRule {
  enabled: boolean;
  /** Alert severities that create a work order. */
  severities: Alert['severity'][];
  /** Asset criticalities (A most critical) whose alerts create one. */
  criticalities: Criticality[];
}

/**
 * By default only critical alerts on criticality-A assets: those whose failure costs most, where waiting for a
 * person to read the alert costs more than an occasional work order that turns out unneeded.
 */
export const DEFAULT_RULE: WorkOrderRule = { enabled: true, severities: ['critical'], criticalities: ['A'] };

/** The stored rule, or the default when none is stored or it is unreadable. */
export function parseRule(text: string | undefined): WorkOrderRule {
  if (!text) return { ...DEFAULT_RULE };
  try {
    const r = JSON.parse(text) as Partial<WorkOrderRule>;
    return {
      enabled: typeof r.enabled === 'boolean' ? r.enabled : DEFAULT_RULE.enabled,
      severities: Array.isArray(r.severities) ? r.severities : DEFAULT_RULE.severities,
      criticalities: Array.isArray(r.criticalities) ? r.criticalities : DEFAULT_RULE.criticalities,
    };
  } catch {
    return { ...DEFAULT_RULE };
  }
}
