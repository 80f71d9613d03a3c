import type { WorkOrderPriority, WorkOrderStatus } from '@prognos/core';
import { PRIORITY_LABEL, WO_STATUS_LABEL } from './maintenance-format';

export function PriorityBadge({ priority }: { priority: WorkOrderPriority }) {
  return (
    <span className={`prio prio-${priority}`} data-testid="wo-priority" data-priority={priority}>
      {PRIORITY_LABEL[priority]}
    </span>
  );
}

export function WorkOrderStatusBadge({ status }: { status: WorkOrderStatus }) {
  return (
    <span className={`wostate wostate-${status}`} data-testid="wo-status" data-status={status}>
      {WO_STATUS_LABEL[status]}
    </span>
  );
}
