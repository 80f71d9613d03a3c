import { PrognosError, type WorkOrderDetail, type WorkOrderFindings } from '@prognos/core';
import type { MetadataStore } from '@prognos/store';
import type { EventBus } from '../event-bus';
import type { CmmsWorkOrderPort } from './cmms-inbound';

/** The work-order service's operations the CMMS uses (start and complete keep its state checks and alert labels). */
export interface WorkOrderOps {
  get(id: string): Promise<WorkOrderDetail>;
  start(id: string, by: string): Promise<WorkOrderDetail>;
  complete(id: string, by: string, findings: WorkOrderFindings): Promise<WorkOrderDetail>;
}

/**
 * The CMMS's port: start and complete go through the work-order service; the external id, assignee and
 * cancellation, which that service has no operation for yet, are saved through the store port and announced on the
 * bus like every other work-order change.
 */
export function cmmsWorkOrderPort(deps: {
  workOrders: WorkOrderOps;
  metadata: Pick<MetadataStore, 'getWorkOrderDetail' | 'saveWorkOrderDetail'>;
  bus: EventBus;
}): CmmsWorkOrderPort {
  return {
    get: (id) => deps.workOrders.get(id),
    start: (id, by) => deps.workOrders.start(id, by),
    complete: (id, by, findings) => deps.workOrders.complete(id, by, findings),
    async annotate(id, patch) {
      const wo = await deps.metadata.getWorkOrderDetail(id);
      if (!wo) throw new PrognosError('WORK_ORDER_NOT_FOUND', [id]);
      const next: WorkOrderDetail = { ...wo, ...patch };
      await deps.metadata.saveWorkOrderDetail(next);
      deps.bus.emit('work-order', { change: 'updated', workOrder: next });
      return next;
    },
  };
}
