import type { Asset, WorkOrderDetail } from '@prognos/core';

/**
 * The work order as an external CMMS (SAP PM, IBM Maximo, Atlas CMMS, …) receives it. A stable, versioned schema:
 * fields are only ever added under the same `schema` value; a breaking change gets a new one. Times are ISO 8601
 * UTC strings, the form SAP PM's OData services and Maximo's REST API both accept. Documented in README.md here.
 */
export const CMMS_SCHEMA = 'prognos.cmms.work-order/v1';

export interface CmmsWorkOrderPayload {
  schema: typeof CMMS_SCHEMA;
  /** work_order.created | work_order.updated | work_order.completed | test */
  event: string;
  /** Message id: the same on every retry (drop duplicates on it). */
  messageId: string;
  sentAt: string;
  workOrder: {
    id: string;
    externalId: string | null;
    status: WorkOrderDetail['status'];
    type: WorkOrderDetail['type'];
    asset: { id: string; name: string | null; criticality: string | null };
    title: string;
    description: string;
    priority: WorkOrderDetail['priority'];
    createdAt: string;
    dueAt: string | null;
    completedAt: string | null;
    skill: string;
    estimatedHours: number;
    assignee: string | null;
    alertId: string | null;
    failureMode: { id: string; name: string | null } | null;
    procedure: { step: number; text: string; safety: boolean }[];
    parts: { partId: string; quantity: number }[];
    findings: WorkOrderDetail['findings'] | null;
    link: string | null;
  };
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function cmmsPayload(x: {
  event: string;
  messageId: string;
  at: number;
  workOrder: WorkOrderDetail;
  asset?: Pick<Asset, 'id' | 'name' | 'criticality'>;
  failureModeName?: string;
  link?: string;
}): CmmsWorkOrderPayload {
  const wo = x.workOrder;
  return {
    schema: CMMS_SCHEMA,
    event: x.event,
    messageId: x.messageId,
    sentAt: new Date(x.at).toISOString(),
    workOrder: {
      id: wo.id,
      externalId: wo.externalId ?? null,
      status: wo.status,
      type: wo.type,
      asset: { id: wo.assetId, name: x.asset?.name ?? null, criticality: x.asset?.criticality ?? null },
      title: wo.title,
      description: wo.description,
      priority: wo.priority,
      createdAt: new Date(wo.createdAt).toISOString(),
      dueAt: iso(wo.dueAt),
      completedAt: iso(wo.completedAt),
      skill: wo.skill,
      estimatedHours: wo.estimatedHours,
      assignee: wo.assignee ?? null,
      alertId: wo.alertId ?? null,
      failureMode: wo.failureModeId ? { id: wo.failureModeId, name: x.failureModeName ?? null } : null,
      procedure: wo.procedure.map((s, i) => ({ step: i + 1, text: s.text, safety: s.safety === true })),
      parts: wo.parts.map((p) => ({ partId: p.partId, quantity: p.quantity })),
      findings: wo.findings ?? null,
      link: x.link ?? null,
    },
  };
}
