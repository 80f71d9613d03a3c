/**
 * Spare-parts stock follows the work: when a work order is completed, the parts logged on it are taken from stock.
 * Wired to the bus ('work-order', change 'completed') rather than called by the work-order service, so that the
 * work-order code needs no knowledge of stock and a completion from any path (API, CMMS sync) counts.
 */
import type { MetadataStore } from '@prognos/store';
import type { BusEvents, EventBus } from '../event-bus';

export interface PartsStockDeps {
  metadata: MetadataStore;
  bus: EventBus;
  log: { warn: (o: unknown, m?: string) => void; error: (o: unknown, m?: string) => void };
}

/** Subscribes; returns a function that waits for pending updates and unsubscribes. */
export function trackPartsUse(deps: PartsStockDeps): () => Promise<void> {
  let pending: Promise<unknown> = Promise.resolve();
  const onWorkOrder = ({ change, workOrder: wo }: BusEvents['work-order'][0]): void => {
    if (change !== 'completed' || wo.parts.length === 0) return;
    pending = pending
      .then(async () => {
        for (const { partId, quantity } of wo.parts) {
          const after = await deps.metadata.adjustSparePartStock(partId, -quantity);
          if (!after)
            deps.log.warn({ workOrder: wo.id, partId }, 'work order used a part that is not in the spare-parts list');
        }
      })
      .catch((err) => deps.log.error({ err, workOrder: wo.id }, 'spare-parts stock update failed'));
  };
  deps.bus.on('work-order', onWorkOrder);
  return async () => {
    deps.bus.off('work-order', onWorkOrder);
    await pending;
  };
}
