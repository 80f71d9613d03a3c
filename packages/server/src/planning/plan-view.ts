/** The plan as the API shows it: each planned job with its order's title, asset, priority and crew names. */
import type {
  Asset,
  MaintenancePlan,
  MaintenancePlanView,
  MaintenanceWindow,
  Technician,
  WorkOrderDetail,
} from '@prognos/core';

export function planView(
  plan: MaintenancePlan,
  refs: {
    workOrders: readonly WorkOrderDetail[];
    assets: readonly Asset[];
    technicians: readonly Technician[];
    windows: readonly MaintenanceWindow[];
  },
): MaintenancePlanView {
  const wo = new Map(refs.workOrders.map((w) => [w.id, w]));
  const asset = new Map(refs.assets.map((a) => [a.id, a]));
  const tech = new Map(refs.technicians.map((t) => [t.id, t]));
  const win = new Map(refs.windows.map((w) => [w.id, w]));
  return {
    ...plan,
    jobs: plan.jobs.map((j) => {
      const w = wo.get(j.workOrderId);
      const assetId = w?.assetId ?? '';
      const kind = win.get(j.windowId)?.kind;
      return {
        ...j,
        title: w?.title ?? j.workOrderId,
        assetId,
        assetName: asset.get(assetId)?.name ?? assetId,
        priority: w?.priority ?? 'medium',
        skill: w?.skill ?? '',
        ...(w?.dueAt !== undefined ? { dueAt: w.dueAt } : {}),
        ...(kind ? { windowKind: kind } : {}),
        technicianNames: j.technicians.map((id) => tech.get(id)?.name ?? id),
      };
    }),
  };
}

/**
 * Whether a new remaining-useful-life estimate moved enough to re-plan: the first one, or a change of at least
 * `relative` (default 20 %) of the previous estimate — the health-trend RUL wobbles a few percent window to window,
 * and a re-plan on every wobble would reshuffle technicians' days for nothing.
 */
export function rulChangedMarkedly(prevHours: number | undefined, nextHours: number, relative = 0.2): boolean {
  if (prevHours === undefined) return true;
  if (!Number.isFinite(prevHours) || !Number.isFinite(nextHours)) return prevHours !== nextHours;
  return Math.abs(nextHours - prevHours) >= relative * Math.max(Math.abs(prevHours), 1);
}
