/**
 * Runs the preventive plans: a periodic check counts run hours from the assets' running state, reads meters and
 * hour counters, and creates a preventive work order when a plan falls due (one open order per plan at a time).
 * When that order is completed the plan restarts its interval from then.
 */
import type { PreventivePlan, WorkOrderDetail } from '@prognos/core';
import type { MetadataStore, ReadingStore } from '@prognos/store';
import type { BusEvents, EventBus } from '../event-bus';
import type { ManualWorkOrder } from '../maintenance/work-order-service';
import {
  accrueRunHours,
  describeTrigger,
  preventiveDueAt,
  preventivePriority,
  preventiveStatus,
} from './preventive-due';

/** How often the plans are checked: a minute resolves run hours well enough for intervals of tens of hours. */
export const DEFAULT_PREVENTIVE_CHECK_MS = 60_000;

export interface PreventiveServiceDeps {
  metadata: MetadataStore;
  readings: ReadingStore;
  bus: EventBus;
  log: { error: (o: unknown, m?: string) => void };
  /** Whether the asset runs now (undefined: not known). */
  running: (assetId: string) => boolean | undefined;
  /** Creates (stores and announces) a work order: the work-order service's create. */
  createWorkOrder: (m: ManualWorkOrder) => Promise<WorkOrderDetail>;
  intervalMs?: number;
  now?: () => number;
}

const counterOf = (p: PreventivePlan) => (p.trigger.kind === 'calendar' ? undefined : p.trigger.sensor);

export class PreventiveService {
  private timer: NodeJS.Timeout | undefined;
  private lastTick: number | undefined;
  /** Checks and completions one at a time: both rewrite plans. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly deps: PreventiveServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.lastTick = this.now();
    this.deps.bus.on('work-order', this.onWorkOrder);
    this.timer = setInterval(() => {
      this.check().catch((err) => this.deps.log.error({ err }, 'preventive plan check failed'));
    }, this.deps.intervalMs ?? DEFAULT_PREVENTIVE_CHECK_MS);
    this.timer.unref();
  }

  /** Checks every plan now; returns the work orders created. */
  check(): Promise<WorkOrderDetail[]> {
    return this.serial(() => this.checkNow());
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async meter(p: PreventivePlan): Promise<number | undefined> {
    const sensor = counterOf(p);
    if (!sensor) return undefined;
    return (await this.deps.readings.latest([sensor])).get(sensor)?.value;
  }

  private async checkNow(): Promise<WorkOrderDetail[]> {
    const { metadata } = this.deps;
    const now = this.now();
    const elapsed = now - (this.lastTick ?? now);
    this.lastTick = now;
    const created: WorkOrderDetail[] = [];
    const assets = new Map((await metadata.listAssets()).map((a) => [a.id, a]));
    for (const plan of await metadata.listPreventivePlans()) {
      let p = plan;
      if (p.trigger.kind === 'run_hours' && !p.trigger.sensor) {
        p = { ...p, runHours: accrueRunHours(p.runHours, this.deps.running(p.assetId), elapsed) };
      }
      const meter = await this.meter(p);
      if (meter !== undefined && p.meterAtLastDone === undefined && p.lastDoneAt !== undefined) {
        // the interval counts from the reading when the work was last done; without one, from the first seen
        const sensor = counterOf(p) as string;
        const before = await this.deps.readings.read(sensor, p.lastDoneAt - 365 * 86_400_000, p.lastDoneAt + 1, 1);
        p = { ...p, meterAtLastDone: before.values.length > 0 ? (before.values[0] as number) : meter };
      }
      const open = p.workOrderId ? await metadata.getWorkOrderDetail(p.workOrderId) : undefined;
      if (open?.status === 'done') p = this.restart(p, open.completedAt ?? now, meter);
      else if (p.workOrderId && (!open || open.status === 'cancelled')) p = this.withoutOrder(p);
      if (!p.workOrderId) {
        const status = preventiveStatus(p, { now, meter });
        if (status.due) {
          const order = this.order(p, status.reason, preventiveDueAt(p, status, now), assets.get(p.assetId));
          const wo = await this.deps.createWorkOrder(order);
          created.push(wo);
          p = { ...p, workOrderId: wo.id };
        }
      }
      if (JSON.stringify(p) !== JSON.stringify(plan)) await metadata.upsertPreventivePlan(p);
    }
    return created;
  }

  private order(
    p: PreventivePlan,
    reason: string,
    dueAt: number,
    asset: { criticality: 'A' | 'B' | 'C' } | undefined,
  ): ManualWorkOrder {
    return {
      assetId: p.assetId,
      type: 'preventive',
      title: p.title,
      description: `Preventive plan ${p.id} (${describeTrigger(p)}): ${reason}.`,
      priority: preventivePriority(asset?.criticality),
      dueAt,
      skill: p.skill,
      estimatedHours: p.estimatedHours,
      procedure: p.procedure,
      by: `preventive plan ${p.id}`,
    };
  }

  private withoutOrder(p: PreventivePlan): PreventivePlan {
    const { workOrderId: _done, ...rest } = p;
    return rest;
  }

  /** The work was done at `at`: the interval starts again from there. */
  private restart(p: PreventivePlan, at: number, meter: number | undefined): PreventivePlan {
    const { meterAtLastDone: _m, ...rest } = this.withoutOrder(p);
    const counted = p.trigger.kind === 'run_hours' && !p.trigger.sensor;
    return {
      ...rest,
      lastDoneAt: at,
      ...(counted ? { runHours: 0 } : {}),
      ...(meter !== undefined ? { meterAtLastDone: meter } : {}),
    };
  }

  private readonly onWorkOrder = ({ workOrder: wo }: BusEvents['work-order'][0]): void => {
    if (wo.type !== 'preventive' || (wo.status !== 'done' && wo.status !== 'cancelled')) return;
    this.serial(async () => {
      const plan = (await this.deps.metadata.listPreventivePlans(wo.assetId)).find((p) => p.workOrderId === wo.id);
      if (!plan) return;
      const next =
        wo.status === 'done'
          ? this.restart(plan, wo.completedAt ?? this.now(), await this.meter(plan))
          : this.withoutOrder(plan);
      await this.deps.metadata.upsertPreventivePlan(next);
    }).catch((err) => this.deps.log.error({ err }, 'preventive plan update after a work order failed'));
  };

  /** Stops the checks and waits for one in progress (before the store closes). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.deps.bus.off('work-order', this.onWorkOrder);
    await this.queue;
  }
}
