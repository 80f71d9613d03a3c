import type { Criticality, WorkOrderPriority } from '@prognos/core';

export interface RiskInput {
  now: number;
  /** Probability that the asset fails within the prediction horizon, 0..1. */
  failureProbability: number;
  /** Cost of unplanned downtime per hour; unset: DEFAULT_DOWNTIME_COST_PER_HOUR. */
  downtimeCostPerHour?: number;
  criticality: Criticality;
  /** Planned repair time of the failure mode (h). */
  repairHours: number;
  /** Remaining useful life (h) and the lower bound of its interval. */
  rulHours?: number;
  rulLowerHours?: number;
  /** Time to get the parts that are out of stock (h); 0 when all are on the shelf. */
  partsLeadTimeHours?: number;
}

export interface RiskAssessment {
  /** P(failure) × consequence × criticality weight, in currency. */
  value: number;
  /** Cost of letting it fail (currency): the downtime of an unplanned repair. */
  consequence: number;
  priority: WorkOrderPriority;
  dueAt?: number;
  reason: string;
}

const HOUR = 3_600_000;

/**
 * An unplanned failure costs about 3× the planned repair of the same fault: the machine stops at a bad time, the
 * crew is called out, damage spreads (a seized bearing takes the shaft with it). Maintenance practice quotes 3–5× for
 * the cost of reactive against planned work; we take the low end so the risk is not overstated.
 */
export const UNPLANNED_FAILURE_FACTOR = 3;

/** Used when an asset has no downtime cost set, so that risk still ranks (said so in the reason). */
export const DEFAULT_DOWNTIME_COST_PER_HOUR = 1000;

/** Criticality A (safety, environment or bottleneck) doubles the risk, C (redundant, non-critical) halves it. */
export const CRITICALITY_WEIGHT: Readonly<Record<Criticality, number>> = { A: 2, B: 1, C: 0.5 };

/** Risk value thresholds (currency) of each priority; below `medium` the priority is low. */
export const RISK_THRESHOLDS = { urgent: 50_000, high: 10_000, medium: 1_000 } as const;

/** Slack kept between the planned repair's end and the RUL lower bound: one day, to absorb a shift or a late part. */
export const SAFETY_MARGIN_HOURS = 24;

/** RUL lower bounds that raise the priority at least to urgent / high / medium. */
export const RUL_PRIORITY_HOURS = { urgent: 24, high: 72, medium: 14 * 24 } as const;

/** How long a work order may wait, by priority, when no RUL is known. */
export const DUE_HOURS_BY_PRIORITY: Readonly<Record<WorkOrderPriority, number>> = {
  urgent: 24,
  high: 3 * 24,
  medium: 14 * 24,
  low: 30 * 24,
};

const RANK: Record<WorkOrderPriority, number> = { low: 0, medium: 1, high: 2, urgent: 3 };
const higher = (a: WorkOrderPriority, b: WorkOrderPriority) => (RANK[a] >= RANK[b] ? a : b);
const nonNeg = (x: number | undefined) => (x !== undefined && Number.isFinite(x) && x > 0 ? x : 0);
const money = (x: number) => Math.round(x).toLocaleString('en-US');
const hours = (x: number) => `${Number.isInteger(x) ? x : x.toFixed(1)} h`;

function priorityOfValue(value: number): WorkOrderPriority {
  if (value >= RISK_THRESHOLDS.urgent) return 'urgent';
  if (value >= RISK_THRESHOLDS.high) return 'high';
  if (value >= RISK_THRESHOLDS.medium) return 'medium';
  return 'low';
}

function priorityOfRul(lower: number): WorkOrderPriority {
  if (lower < RUL_PRIORITY_HOURS.urgent) return 'urgent';
  if (lower < RUL_PRIORITY_HOURS.high) return 'high';
  if (lower < RUL_PRIORITY_HOURS.medium) return 'medium';
  return 'low';
}

/**
 * Risk, priority and due date of the work that prevents a predicted failure.
 * consequence = downtime cost/h × (repair h × UNPLANNED_FAILURE_FACTOR + parts lead time h, since a failed machine
 * waits for parts that are not on the shelf); value = P(failure) × consequence × criticality weight. The priority is
 * the higher of the value's and the RUL's; the work is due before the RUL lower bound leaves too little time for parts,
 * repair and a safety margin (urgent and due now when it already does).
 */
export function assessRisk(input: RiskInput): RiskAssessment {
  const p = Math.min(1, nonNeg(input.failureProbability));
  const repair = nonNeg(input.repairHours);
  const lead = nonNeg(input.partsLeadTimeHours);
  const costSet = input.downtimeCostPerHour !== undefined && Number.isFinite(input.downtimeCostPerHour);
  const cost = costSet ? nonNeg(input.downtimeCostPerHour) : DEFAULT_DOWNTIME_COST_PER_HOUR;
  const weight = CRITICALITY_WEIGHT[input.criticality] ?? CRITICALITY_WEIGHT.B;
  const downtime = repair * UNPLANNED_FAILURE_FACTOR + lead;
  const consequence = cost * downtime;
  const value = p * consequence * weight;
  const parts: string[] = [
    `P(failure) ${p.toFixed(2)} × consequence ${money(consequence)} ` +
      `(${money(cost)}/h downtime${costSet ? '' : ' (assumed: the asset has no downtime cost set)'} × ` +
      `(${hours(repair)} repair × ${UNPLANNED_FAILURE_FACTOR} when unplanned${lead > 0 ? ` + ${hours(lead)} waiting for parts` : ''})) ` +
      `× criticality ${input.criticality} weight ${weight} = risk ${money(value)}`,
  ];
  let priority = priorityOfValue(value);
  parts[0] += ` → ${priority}`;
  const rulRaw = input.rulLowerHours ?? input.rulHours;
  const rul = rulRaw !== undefined && Number.isFinite(rulRaw) ? Math.max(0, rulRaw) : undefined;
  let dueAt: number;
  if (rul !== undefined) {
    const bound = input.rulLowerHours !== undefined ? 'RUL lower bound' : 'RUL (no lower bound)';
    const slack = rul - repair - lead - SAFETY_MARGIN_HOURS;
    const byRul = slack <= 0 ? 'urgent' : priorityOfRul(rul);
    if (RANK[byRul] > RANK[priority]) parts.push(`${bound} ${hours(rul)} raises it to ${byRul}`);
    priority = higher(priority, byRul);
    dueAt = input.now + Math.max(0, slack) * HOUR;
    parts.push(
      slack <= 0
        ? `Due now: ${bound} ${hours(rul)} leaves no time for ${hours(repair)} repair + ${hours(lead)} parts + ${hours(SAFETY_MARGIN_HOURS)} margin`
        : `Due in ${hours(Math.round(slack * 10) / 10)}: ${bound} ${hours(rul)} − ${hours(repair)} repair − ${hours(lead)} parts − ${hours(SAFETY_MARGIN_HOURS)} margin`,
    );
  } else {
    const due = DUE_HOURS_BY_PRIORITY[priority];
    dueAt = input.now + due * HOUR;
    parts.push(`No RUL: due within ${due >= 48 ? `${due / 24} days` : hours(due)} for ${priority} priority`);
  }
  return { value, consequence, priority, dueAt, reason: `${parts.join('. ')}.` };
}
