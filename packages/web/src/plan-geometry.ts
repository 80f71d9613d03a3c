/** Where a plan's jobs and windows sit on a Gantt chart: positions as fractions 0..1 of the shown time span. */
import type { MaintenancePlan, MaintenanceWindow, PlannedJob } from '@prognos/core';

export interface Span {
  from: number;
  to: number;
}

export interface Bar {
  left: number;
  width: number;
}

/** The span covering every job and window, or undefined when there is nothing to show. */
export function planSpan(plan: MaintenancePlan, windows: MaintenanceWindow[]): Span | undefined {
  const times = [...plan.jobs.flatMap((j) => [j.start, j.end]), ...windows.flatMap((w) => [w.start, w.end])].filter(
    Number.isFinite,
  );
  if (times.length === 0) return undefined;
  const from = Math.min(...times);
  const to = Math.max(...times);
  return { from, to: to > from ? to : from + 3_600_000 };
}

/** A bar for [start, end) clipped to the span; a minimum width keeps very short jobs visible and clickable. */
export function barOf(start: number, end: number, span: Span, minWidth = 0.004): Bar {
  const len = span.to - span.from;
  const a = Math.max(0, Math.min(1, (start - span.from) / len));
  const b = Math.max(0, Math.min(1, (end - span.from) / len));
  return { left: a, width: Math.max(minWidth, b - a) };
}

/** Jobs per technician row (a job with two technicians shows on both rows); rows of unknown ids are appended. */
export function rowsByTechnician(jobs: PlannedJob[], technicianIds: string[]): Map<string, PlannedJob[]> {
  const rows = new Map<string, PlannedJob[]>(technicianIds.map((id) => [id, []]));
  for (const j of jobs) {
    for (const t of j.technicians.length ? j.technicians : ['(unassigned)']) {
      const row = rows.get(t) ?? [];
      row.push(j);
      rows.set(t, row);
    }
  }
  for (const row of rows.values()) row.sort((a, b) => a.start - b.start);
  return rows;
}

/** Day boundaries inside the span (local midnight), for the time axis. */
export function dayTicks(span: Span): number[] {
  const d = new Date(span.from);
  d.setHours(0, 0, 0, 0);
  const ticks: number[] = [];
  for (let t = d.getTime() + 86_400_000; t < span.to && ticks.length < 400; ) {
    ticks.push(t);
    const n = new Date(t);
    n.setDate(n.getDate() + 1);
    t = n.getTime();
  }
  return ticks;
}
