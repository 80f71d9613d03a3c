/**
 * Keeps the maintenance plan current: plans the open work orders into the maintenance windows with the crew and
 * the parts on hand (planMaintenance), stores the latest plan, and re-plans — debounced — when a work order is
 * created or changed, or when a new remaining-useful-life estimate of an asset with open work moves markedly.
 */
import type { MaintenancePlanView, WorkOrderDetail } from '@prognos/core';
import { planMaintenance } from '@prognos/maintenance';
import type { MetadataStore } from '@prognos/store';
import type { BusEvents, EventBus } from '../event-bus';
import { planView, rulChangedMarkedly } from './plan-view';

/** Settings key of the latest plan (a JSON MaintenancePlanView). */
export const PLAN_SETTING = 'maintenance.plan';
/** Events arriving within this time of the first one are planned together. */
export const DEFAULT_REPLAN_DEBOUNCE_MS = 5000;

export interface PlanServiceDeps {
  metadata: MetadataStore;
  bus: EventBus;
  log: { error: (o: unknown, m?: string) => void };
  debounceMs?: number;
  /** Wall-clock budget of the planner's local improvement (default 1000 ms). */
  planTimeMs?: number;
  now?: () => number;
}

const isOpen = (w: WorkOrderDetail) => w.status === 'open' || w.status === 'in_progress';

export class PlanService {
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private latestView: MaintenancePlanView | undefined;
  /** Assets with open work at the last plan, and the RUL each had then. */
  private openAssets = new Set<string>();
  private plannedRul = new Map<string, number>();
  private latestRul = new Map<string, number>();
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly deps: PlanServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.deps.bus.on('work-order', this.onWorkOrder);
    this.deps.bus.on('health', this.onHealth);
  }

  private readonly onWorkOrder = (): void => this.schedule();

  private readonly onHealth = (h: BusEvents['health'][0]): void => {
    const rul = h.detail?.rul;
    if (!rul) return;
    this.latestRul.set(h.assetId, rul.hours);
    if (this.openAssets.has(h.assetId) && rulChangedMarkedly(this.plannedRul.get(h.assetId), rul.hours)) {
      this.schedule();
    }
  };

  /** Re-plans after the debounce time; events meanwhile join the pending re-plan. */
  schedule(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.replan().catch((err) => this.deps.log.error({ err }, 'maintenance re-planning failed'));
    }, this.deps.debounceMs ?? DEFAULT_REPLAN_DEBOUNCE_MS);
    this.timer.unref();
  }

  /** Plans now (one planning at a time) and stores the plan. */
  replan(): Promise<MaintenancePlanView> {
    const run = this.queue.then(() => this.compute());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The latest plan: the stored one, or a new one when none was made yet. */
  async latest(): Promise<MaintenancePlanView> {
    if (this.latestView) return this.latestView;
    const stored = await this.deps.metadata.getSetting(PLAN_SETTING);
    if (stored) {
      this.latestView = JSON.parse(stored) as MaintenancePlanView;
      return this.latestView;
    }
    return this.replan();
  }

  private async compute(): Promise<MaintenancePlanView> {
    const { metadata } = this.deps;
    const now = this.now();
    const [orders, technicians, windows, parts, assets] = await Promise.all([
      metadata.listWorkOrderDetails(),
      metadata.listTechnicians(),
      metadata.listMaintenanceWindows({ from: now }),
      metadata.listSpareParts(),
      metadata.listAssets(),
    ]);
    const workOrders = orders.filter(isOpen);
    const assetLines = Object.fromEntries(assets.map((a) => [a.id, a.lineId]));
    const plan = planMaintenance(
      { now, workOrders, technicians, windows, parts, assetLines },
      { timeLimitMs: this.deps.planTimeMs ?? 1000 },
    );
    const view = planView(plan, { workOrders, assets, technicians, windows });
    await metadata.setSetting(PLAN_SETTING, JSON.stringify(view));
    this.latestView = view;
    this.openAssets = new Set(workOrders.map((w) => w.assetId));
    this.plannedRul = new Map([...this.latestRul].filter(([a]) => this.openAssets.has(a)));
    return view;
  }

  /** Stops re-planning and waits for a planning in progress (before the store closes). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.deps.bus.off('work-order', this.onWorkOrder);
    this.deps.bus.off('health', this.onHealth);
    await this.queue;
  }
}
