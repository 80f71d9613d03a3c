import type { MaintenancePlan, MaintenanceWindow, Technician, WorkOrder } from '@prognos/core';
import { fmtFullTime, fmtTime } from './format';
import { PRIORITY_LABEL } from './maintenance-format';
import { barOf, dayTicks, rowsByTechnician, type Span } from './plan-geometry';
import { routes } from './router';

const pct = (x: number) => `${(100 * x).toFixed(3)}%`;

/** Rows = technicians, bars = jobs coloured by priority, maintenance windows shaded behind them. */
export function PlanGantt({
  plan,
  span,
  windows,
  technicians,
  orders,
  now,
}: {
  plan: MaintenancePlan;
  span: Span;
  windows: MaintenanceWindow[];
  technicians: Technician[];
  orders: Map<string, WorkOrder>;
  now: number;
}) {
  const rows = rowsByTechnician(
    plan.jobs,
    technicians.map((t) => t.id),
  );
  const names = new Map(technicians.map((t) => [t.id, t.name]));
  const shading = windows.filter((w) => w.end > span.from && w.start < span.to);
  const ticks = dayTicks(span);
  const nowBar = now >= span.from && now <= span.to ? barOf(now, now, span, 0) : undefined;
  return (
    <div className="gantt-scroll">
      <div className="gantt" data-testid="plan-gantt">
        <div className="gantt-row gantt-axis">
          <div className="gantt-name">Technician</div>
          <div className="gantt-track">
            {/* The start time only where no day boundary sits close enough for the labels to collide. */}
            {(ticks.length === 0 || barOf(ticks[0] ?? 0, ticks[0] ?? 0, span, 0).left > 0.08) && (
              <span className="gantt-tick" style={{ left: 0 }}>
                {fmtTime(span.from, now)}
              </span>
            )}
            {ticks.map((t) => (
              <span key={t} className="gantt-tick" style={{ left: pct(barOf(t, t, span, 0).left) }}>
                {new Date(t).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric' })}
              </span>
            ))}
          </div>
        </div>
        {[...rows.entries()].map(([tech, jobs]) => (
          <div key={tech} className="gantt-row" data-testid="gantt-row" data-technician={tech}>
            <div className="gantt-name" title={tech}>
              {names.get(tech) ?? tech}
            </div>
            <div className="gantt-track">
              {shading.map((w) => {
                const b = barOf(w.start, w.end, span);
                return (
                  <span
                    key={w.id}
                    className={`gantt-window gw-${w.kind}`}
                    style={{ left: pct(b.left), width: pct(b.width) }}
                    title={`${w.kind === 'planned_stop' ? 'Planned stop' : 'Shift'} ${fmtFullTime(w.start)} – ${fmtFullTime(w.end)}`}
                  />
                );
              })}
              {nowBar && <span className="gantt-now" style={{ left: pct(nowBar.left) }} />}
              {jobs.map((j) => {
                const b = barOf(j.start, j.end, span);
                const wo = orders.get(j.workOrderId);
                const p = wo?.priority ?? 'medium';
                return (
                  <a
                    key={j.workOrderId}
                    href={routes.workOrder(j.workOrderId)}
                    className={`gantt-bar prio-bg-${p}`}
                    style={{ left: pct(b.left), width: pct(b.width) }}
                    data-testid="gantt-job"
                    title={`${wo?.title ?? j.workOrderId} · ${PRIORITY_LABEL[p]} · ${fmtFullTime(j.start)} – ${fmtFullTime(j.end)}`}
                  >
                    <span className="gantt-bar-label">{wo?.assetId ?? j.workOrderId}</span>
                  </a>
                );
              })}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
