/**
 * The maintenance plan's services wired together: seeding of parts (and the demo crew), the plan kept current, the
 * preventive-plan check, and spare-parts stock following completed work orders (through the bus).
 */
import type { WorkOrderDetail } from '@prognos/core';
import { DEFAULT_SPARE_PARTS } from '@prognos/maintenance';
import type { MetadataStore, ReadingStore } from '@prognos/store';
import type { EventBus } from '../event-bus';
import type { ManualWorkOrder } from '../maintenance/work-order-service';
import { trackPartsUse } from './parts-stock';
import { PlanService } from './plan-service';
import { PreventiveService } from './preventive-service';
import { type DemoCrew, seedPlanInputs } from './seed';

type Log = {
  info: (o: unknown, m?: string) => void;
  warn: (o: unknown, m?: string) => void;
  error: (o: unknown, m?: string) => void;
};

export interface Planning {
  plan: PlanService;
  preventive: PreventiveService;
  /** Seeds on first start and follows work-order and health events. */
  init(now: number, demo?: DemoCrew): Promise<void>;
  /** Starts the periodic preventive check and makes a first plan in the background. */
  start(): void;
  /** Stops the timers and waits for work in progress (before the store closes). */
  close(): Promise<void>;
}

export function createPlanning(deps: {
  metadata: MetadataStore;
  readings: ReadingStore;
  bus: EventBus;
  log: Log;
  running: (assetId: string) => boolean | undefined;
  createWorkOrder: (m: ManualWorkOrder) => Promise<WorkOrderDetail>;
}): Planning {
  const plan = new PlanService(deps);
  const preventive = new PreventiveService(deps);
  let stopParts: (() => Promise<void>) | undefined;
  return {
    plan,
    preventive,
    async init(now, demo) {
      const added = await seedPlanInputs(deps.metadata, { parts: DEFAULT_SPARE_PARTS, demo, now });
      if (added.parts + added.technicians + added.windows + added.plans > 0)
        deps.log.info(added, 'maintenance plan inputs seeded (spare parts; demo crew, windows, preventive plans)');
      stopParts = trackPartsUse(deps);
      plan.start();
    },
    start() {
      preventive.start();
      plan.schedule();
    },
    async close() {
      await preventive.close();
      await plan.close();
      await stopParts?.();
    },
  };
}
