/** Calls of the maintenance loop: failure modes, the alert workflow, work orders, precision and the plan. */
import type {
  AlertComment,
  AlertLabel,
  FailureMode,
  MaintenancePlan,
  MaintenanceWindow,
  PrecisionReport,
  SparePart,
  Technician,
  WorkOrder,
  WorkOrderDetail,
  WorkOrderFindings,
} from '@prognos/core';
import { qs, request } from './api';
import type { AlertDetail } from './api-types';
import { currentUser } from './user';

const enc = encodeURIComponent;

function post<T>(path: string, body: Record<string, unknown>, withBy = true): Promise<T> {
  return request<T>(path, { method: 'POST', body: JSON.stringify(withBy ? { ...body, by: currentUser() } : body) });
}

export type LabelOutcome = AlertLabel['outcome'];

export const mapi = {
  failureModes: (assetType?: string) => request<FailureMode[]>(`/api/failure-modes${qs({ assetType })}`),
  failureMode: (id: string) => request<FailureMode>(`/api/failure-modes/${enc(id)}`),
  saveFailureMode: (fm: FailureMode) =>
    request<FailureMode>(`/api/failure-modes/${enc(fm.id)}`, { method: 'PUT', body: JSON.stringify(fm) }),

  alert: (id: string) => request<AlertDetail>(`/api/alerts/${enc(id)}`),
  acknowledge: (id: string) => post<unknown>(`/api/alerts/${enc(id)}/acknowledge`, {}),
  assign: (id: string, assignee: string) => post<unknown>(`/api/alerts/${enc(id)}/assign`, { assignee }),
  comments: (id: string) => request<AlertComment[]>(`/api/alerts/${enc(id)}/comments`),
  comment: (id: string, text: string) => post<AlertComment>(`/api/alerts/${enc(id)}/comments`, { text }),
  snooze: (id: string, until: number, reason: string) =>
    post<unknown>(`/api/alerts/${enc(id)}/snooze`, { until, reason }),
  closeAlert: (id: string, label?: { outcome: LabelOutcome; failureModeId?: string }) =>
    post<unknown>(`/api/alerts/${enc(id)}/close`, label ? { label } : {}),
  createWorkOrderFromAlert: (id: string) => post<WorkOrderDetail>(`/api/alerts/${enc(id)}/work-order`, {}),

  workOrders: (q: { assetId?: string; status?: string } = {}) => request<WorkOrder[]>(`/api/work-orders${qs(q)}`),
  workOrder: (id: string) => request<WorkOrderDetail>(`/api/work-orders/${enc(id)}`),
  startWorkOrder: (id: string) => post<WorkOrderDetail>(`/api/work-orders/${enc(id)}/start`, {}),
  saveStep: (id: string, step: number, r: { done: boolean; value?: number; note?: string }) =>
    post<WorkOrderDetail>(`/api/work-orders/${enc(id)}/steps/${step}`, r),
  addPart: (id: string, partId: string, quantity: number) =>
    post<WorkOrderDetail>(`/api/work-orders/${enc(id)}/parts`, { partId, quantity }, false),
  addLabour: (id: string, technician: string, hours: number) =>
    post<WorkOrderDetail>(`/api/work-orders/${enc(id)}/labour`, { technician, hours }, false),
  complete: (id: string, findings: WorkOrderFindings) =>
    post<WorkOrderDetail>(`/api/work-orders/${enc(id)}/complete`, { findings }),

  precision: () => request<PrecisionReport>('/api/precision'),
  spareParts: () => request<SparePart[]>('/api/spare-parts'),
  technicians: () => request<Technician[]>('/api/technicians'),
  windows: () => request<MaintenanceWindow[]>('/api/maintenance-windows'),
  plan: () => request<MaintenancePlan>('/api/plan'),
  replan: () => post<MaintenancePlan>('/api/plan', {}),
};
