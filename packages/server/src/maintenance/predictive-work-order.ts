/**
 * The predictive work order an alert calls for: the top-ranked failure mode's job (procedure, skill, hours, parts),
 * its priority, risk and due date from the RUL (or the alert's severity when there is none yet) and the asset.
 */
import type { Alert, Asset, FailureMode, WorkOrderDetail } from '@prognos/core';
import { assessRisk } from '@prognos/maintenance';

/**
 * P(failure) assumed from an alert's severity when the asset has no RUL estimate yet (its health is not yet
 * trending down): a critical alert is as likely as not to end in failure, a warning one in five.
 */
export const SEVERITY_PROBABILITY: Record<Alert['severity'], number> = { critical: 0.5, warning: 0.2, info: 0.05 };
/** Without a failure mode: a first inspection by a mechanical technician. */
export const INSPECTION_HOURS = 2;

export interface PredictiveInput {
  id: string;
  alert: Alert;
  asset: Asset;
  failureMode?: FailureMode;
  /** The asset's remaining useful life now (h), the lower end of its interval, and P(failure) in its horizon. */
  rul?: { hours: number; lowerHours: number; failureProbability: number };
  /** Longest lead time of a planned part that is out of stock (h). */
  partsLeadTimeHours: number;
  by: string;
  now: number;
}

export function predictiveWorkOrder(i: PredictiveInput): WorkOrderDetail {
  const { alert, asset, failureMode: fm, rul, now } = i;
  const repairHours = fm?.repairHours ?? INSPECTION_HOURS;
  const failureProbability = rul?.failureProbability ?? SEVERITY_PROBABILITY[alert.severity];
  const risk = assessRisk({
    now,
    failureProbability,
    ...(asset.downtimeCostPerHour !== undefined ? { downtimeCostPerHour: asset.downtimeCostPerHour } : {}),
    criticality: asset.criticality,
    repairHours,
    ...(rul ? { rulHours: rul.hours, rulLowerHours: rul.lowerHours } : {}),
    partsLeadTimeHours: i.partsLeadTimeHours,
  });
  return {
    id: i.id,
    assetId: asset.id,
    alertId: alert.id,
    title: fm ? `${fm.name} — ${asset.name}` : `Inspect ${asset.name}: ${alert.title}`,
    description: description(alert, asset, fm?.recommendedActions ?? [], risk.reason, i.by),
    status: 'open',
    priority: risk.priority,
    risk: {
      failureProbability,
      consequence: risk.consequence,
      criticality: asset.criticality,
      value: risk.value,
      reason: risk.reason,
    },
    createdAt: now,
    ...(risk.dueAt !== undefined ? { dueAt: risk.dueAt } : {}),
    type: 'predictive',
    ...(fm ? { failureModeId: fm.id } : {}),
    skill: fm?.skill ?? 'mechanical',
    estimatedHours: repairHours,
    procedure: fm?.procedure ?? [],
    stepResults: [],
    // planned from the failure mode; the technician logs any others (stock follows on completion)
    parts: (fm?.parts ?? []).map((partId) => ({ partId, quantity: 1 })),
    labour: [],
  };
}

function description(alert: Alert, asset: Asset, actions: string[], reason: string, by: string): string {
  const lines = [`${alert.title} (${asset.name}). ${alert.explanation}`, `Priority: ${reason}`];
  if (actions.length > 0) lines.push(`Recommended: ${actions.join('; ')}`);
  lines.push(by === 'rule' ? 'Created by the automatic work-order rule.' : `Created by ${by}.`);
  return lines.join('\n');
}
