/** Small hand-made planning cases for the planner's unit tests. */
import type { MaintenanceWindow, SparePart, Technician, WorkOrderDetail } from '@prognos/core';
import { HOUR_MS } from './rules';
import type { PlanInput } from './types';

/** Monday 2027-01-04 00:00 UTC. */
export const T0 = Date.UTC(2027, 0, 4);
export const at = (hours: number) => T0 + hours * HOUR_MS;

export function order(id: string, over: Partial<WorkOrderDetail> = {}): WorkOrderDetail {
  return {
    id,
    assetId: 'pump-1',
    title: id,
    description: '',
    status: 'open',
    priority: 'medium',
    risk: { failureProbability: 0.1, consequence: 1000, criticality: 'B', value: 100, reason: 'test' },
    createdAt: T0,
    type: 'preventive',
    skill: 'mechanical',
    estimatedHours: 2,
    procedure: [],
    stepResults: [],
    parts: [],
    labour: [],
    ...over,
  };
}

export const tech = (id: string, skills = ['mechanical'], hoursPerShift = 8): Technician => ({
  id,
  name: id,
  skills,
  hoursPerShift,
});

export const shift = (id: string, fromHour: number, toHour: number, assets: string[] = []): MaintenanceWindow => ({
  id,
  start: at(fromHour),
  end: at(toHour),
  assets,
  kind: assets.length > 0 ? 'planned_stop' : 'shift',
});

export const part = (id: string, stock: number, leadTimeDays: number): SparePart => ({
  id,
  name: id,
  stock,
  leadTimeDays,
  unitCost: 10,
});

export function caseOf(over: Partial<PlanInput>): PlanInput {
  return { now: T0, workOrders: [], technicians: [tech('ana')], windows: [shift('mon', 6, 14)], parts: [], ...over };
}
