import type { MaintenanceWindow, SparePart, Technician, WorkOrderDetail } from '@prognos/core';

/** What the planner schedules: the open work, the crews, the windows and the spare parts, as of `now`. */
export interface PlanInput {
  /** Planning time (epoch ms): no job starts before it. */
  now: number;
  /** Work orders; only those with status open or in_progress are planned. */
  workOrders: readonly WorkOrderDetail[];
  technicians: readonly Technician[];
  windows: readonly MaintenanceWindow[];
  parts: readonly SparePart[];
  /**
   * Risk cost per hour a job waits (and, times LATE_FACTOR, per hour it is late beyond dueAt), by work order id.
   * Default derived from wo.risk: risk.value per day of waiting (see riskPerHour in rules.ts).
   */
  riskPerHour?: Readonly<Record<string, number>>;
  /** Line id of each asset, so a window that lists a line stops every asset on it. */
  assetLines?: Readonly<Record<string, string>>;
  /** Plant local time minus UTC, in minutes: where a day starts for the daily hour limit (default 0 = UTC). */
  utcOffsetMinutes?: number;
}

export interface PlanOptions {
  /** Wall-clock budget of the local improvement (default 1000 ms). */
  timeLimitMs?: number;
  /**
   * Improvement steps at most (default 400). The plan is the same for the same input whenever this budget, not
   * the clock, ends the search; the default fits well inside the time limit on one core for a few hundred orders.
   */
  maxIterations?: number;
  /** Seed of the move choices in the local improvement (default 1). */
  seed?: number;
}
