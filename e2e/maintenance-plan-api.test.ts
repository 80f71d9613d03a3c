/**
 * The maintenance plan's inputs and the plan through the HTTP API of a real server with the demo plant: asset
 * registry edits and CSV import (good rows kept, the bad one reported by row and column), the seeded spare parts,
 * crew and windows, preventive plans creating their orders, stock following completed work, and a plan that puts
 * every job in a window that allows it with technicians of the right skill and no violation.
 */
import type {
  Asset,
  CsvImportResult,
  MaintenancePlanView,
  MaintenanceWindow,
  SparePart,
  Technician,
  WorkOrderDetail,
} from '@prognos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, startTestServer, type TestServer } from './harness';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ backfillHours: 1 });
}, 120_000);
afterAll(async () => {
  await s?.stop();
});

async function put<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${s.base}${path}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

describe('maintenance plan API', () => {
  it('edits an asset field by field and names the field of a bad value', async () => {
    const before = (await getJson<{ asset: Asset }>(`${s.base}/api/assets/P-102`)).body.asset;
    expect(before.criticality).toBe('B');
    const r = await put<Asset>('/api/assets/P-102', { criticality: 'A', downtimeCostPerHour: 2500 });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ...before, criticality: 'A', downtimeCostPerHour: 2500 });
    expect((await getJson<{ asset: Asset }>(`${s.base}/api/assets/P-102`)).body.asset.criticality).toBe('A');

    const bad = await put<{ code: string; message: string; details: { field: string } }>('/api/assets/P-102', {
      criticality: 'Z',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('FIELD_INVALID');
    expect(bad.body.details.field).toBe('criticality');
    expect(bad.body.message).toContain('criticality');
    const missing = await put<{ code: string; details: { field: string } }>('/api/assets/NEW-1', { name: 'New' });
    expect(missing.status).toBe(422);
    expect(missing.body.details.field).toBe('lineId');
  });

  it('imports assets from CSV: good rows kept, the bad one reported with row and column', async () => {
    const csv = [
      'id,name,type,line,criticality,downtime_cost_per_hour,manufacturer,model',
      'P-801,Booster pump,centrifugal_pump,L-UTIL,B,900,KSB,Etanorm 50',
      'F-802,Roof fan,fan,L-UTIL,X,100,,',
      'M-803,Mixer motor,induction_motor,L-EXTR,A,5000,Voltra,IE3 160',
    ].join('\n');
    const r = await postJson<CsvImportResult>(`${s.base}/api/assets/import`, { csv });
    expect(r.status).toBe(207);
    expect(r.body.imported).toBe(2);
    expect(r.body.rejected).toBe(1);
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors[0]).toMatchObject({ row: 2, line: 3, column: 'criticality', code: 'CSV_BAD_ROW' });
    const ids = (await getJson<Asset[]>(`${s.base}/api/assets`)).body.map((a) => a.id);
    expect(ids).toContain('P-801');
    expect(ids).toContain('M-803');
    expect(ids).not.toContain('F-802');
    const m = (await getJson<{ asset: Asset }>(`${s.base}/api/assets/M-803`)).body.asset;
    expect(m).toMatchObject({ lineId: 'L-EXTR', criticality: 'A', downtimeCostPerHour: 5000, model: 'IE3 160' });
  });

  it('lists the seeded spare parts, crew and two weeks of windows, and imports parts as text/csv', async () => {
    const parts = (await getJson<SparePart[]>(`${s.base}/api/spare-parts`)).body;
    expect(parts.length).toBeGreaterThan(5);
    for (const p of parts) expect(p.stock).toBeGreaterThanOrEqual(0);
    const techs = (await getJson<Technician[]>(`${s.base}/api/technicians`)).body;
    expect(techs).toHaveLength(6);
    expect(new Set(techs.flatMap((t) => t.skills))).toEqual(
      new Set(['mechanical', 'electrical', 'instrumentation', 'process']),
    );
    const windows = (await getJson<MaintenanceWindow[]>(`${s.base}/api/maintenance-windows`)).body;
    expect(windows.filter((w) => w.kind === 'shift').length).toBeGreaterThanOrEqual(9);
    const stopped = new Set(windows.filter((w) => w.kind === 'planned_stop').flatMap((w) => w.assets));
    expect(stopped).toEqual(new Set(['L-EXTR', 'L-PACK', 'L-MACH', 'L-UTIL']));
    // two weeks of days from today: the last window (a Saturday stop at the latest) is more than 10 days ahead
    expect(Math.max(...windows.map((w) => w.end)) - Date.now()).toBeGreaterThan(10 * 86_400_000);

    const res = await fetch(`${s.base}/api/spare-parts/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'id;name;stock;lead_time_days;unit_cost\nE2E-BRG;Bearing 6309;4;5;85,5\n',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ imported: 1, rejected: 0, errors: [] });
  });

  it('adds, checks and removes technicians, windows and preventive plans', async () => {
    const del = (path: string) => fetch(`${s.base}${path}`, { method: 'DELETE' });
    const t = await put<Technician>('/api/technicians/T-99', { name: 'Eva', skills: ['Electrical'], hoursPerShift: 8 });
    expect(t).toEqual({ status: 200, body: { id: 'T-99', name: 'Eva', skills: ['electrical'], hoursPerShift: 8 } });
    const badT = await put<{ code: string; details: { field: string } }>('/api/technicians/T-98', {
      name: 'X',
      skills: [],
    });
    expect([badT.status, badT.body.code, badT.body.details.field]).toEqual([422, 'FIELD_INVALID', 'skills']);
    expect((await del('/api/technicians/T-99')).status).toBe(204);
    expect((await del('/api/technicians/T-99')).status).toBe(404);

    const start = Date.now() + 86_400_000;
    const w = await put<MaintenanceWindow>('/api/maintenance-windows/W-E2E', {
      start: new Date(start).toISOString(),
      end: start + 4 * 3_600_000,
      assets: ['M-803'],
      kind: 'planned_stop',
    });
    expect(w.status).toBe(200);
    expect(w.body.start).toBe(start);
    const backwards = await put<{ details: { field: string } }>('/api/maintenance-windows/W-BAD', {
      start,
      end: start - 1,
      assets: [],
      kind: 'shift',
    });
    expect([backwards.status, backwards.body.details.field]).toEqual([422, 'end']);
    expect((await del('/api/maintenance-windows/W-E2E')).status).toBe(204);

    const plan = {
      assetId: 'M-803',
      title: 'Check motor insulation resistance',
      trigger: { kind: 'calendar', everyDays: 365 },
      procedure: ['Lock out', 'Megger test at 500 V DC'],
      skill: 'electrical',
      estimatedHours: 1,
    };
    const created = await put<{ id: string; status: { due: boolean; reason: string; progress?: number } }>(
      '/api/preventive-plans/PM-E2E',
      plan,
    );
    expect(created.status).toBe(200);
    expect(created.body.status).toEqual({ due: true, reason: 'never done' });
    const badTrigger = await put<{ details: { field: string } }>('/api/preventive-plans/PM-E2E', {
      ...plan,
      trigger: { kind: 'calendar', everyDays: 0 },
    });
    expect([badTrigger.status, badTrigger.body.details.field]).toEqual([422, 'trigger.everyDays']);
    const unknownSensor = await put<{ code: string }>('/api/preventive-plans/PM-E2E', {
      ...plan,
      trigger: { kind: 'meter', sensor: 'NOPE.COUNTER', every: 100 },
    });
    expect([unknownSensor.status, unknownSensor.body.code]).toEqual([404, 'SENSOR_NOT_FOUND']);
    const listed = (await getJson<{ id: string }[]>(`${s.base}/api/preventive-plans?assetId=M-803`)).body;
    expect(listed.map((p) => p.id)).toEqual(['PM-E2E']);
    expect((await del('/api/preventive-plans/PM-E2E')).status).toBe(204);
    expect((await getJson(`${s.base}/api/preventive-plans/PM-E2E`)).status).toBe(404);
  });

  it('plans open work into windows that allow it, with technicians of the right skill and no violation', async () => {
    // a preventive plan that is due creates its order on the check (the demo's belt check is overdue)
    // (the minute timer may have run it first: then the order is already there)
    const check = await postJson<{ created: WorkOrderDetail[] }>(`${s.base}/api/preventive-plans/check`, {});
    expect(check.status).toBe(200);
    const fanOrders = (await getJson<{ id: string }[]>(`${s.base}/api/work-orders?assetId=F-501`)).body;
    expect(fanOrders).toHaveLength(1);
    const belt = (await getJson<WorkOrderDetail>(`${s.base}/api/work-orders/${fanOrders[0]?.id}`)).body;
    expect(belt).toMatchObject({ type: 'preventive', skill: 'mechanical', status: 'open' });
    // one open order per plan: checking again creates none
    expect((await postJson<{ created: unknown[] }>(`${s.base}/api/preventive-plans/check`, {})).body.created).toEqual(
      [],
    );
    const plans = (await getJson<{ id: string; workOrderId?: string }[]>(`${s.base}/api/preventive-plans`)).body;
    expect(plans.find((p) => p.id === 'PM-F501-BELT')?.workOrderId).toBe(belt.id);

    const orders: WorkOrderDetail[] = [];
    for (const [assetId, title, skill, hours] of [
      ['P-101', 'Replace drive-end bearing', 'mechanical', 3],
      ['M-201', 'Re-terminate motor cables', 'electrical', 2],
      ['C-301', 'Calibrate discharge pressure transmitter', 'instrumentation', 1.5],
      ['G-401', 'Change gearbox oil', 'mechanical', 2],
    ] as const) {
      const r = await postJson<WorkOrderDetail>(`${s.base}/api/work-orders`, {
        assetId,
        type: 'corrective',
        title,
        skill,
        estimatedHours: hours,
        by: 'e2e',
      });
      expect(r.status).toBe(200);
      orders.push(r.body);
    }

    const r = await postJson<MaintenancePlanView>(`${s.base}/api/plan`, {});
    expect(r.status).toBe(200);
    const plan = r.body;
    expect(plan.violations).toBe(0);
    const windows = new Map(
      (await getJson<MaintenanceWindow[]>(`${s.base}/api/maintenance-windows`)).body.map((w) => [w.id, w]),
    );
    const techs = new Map((await getJson<Technician[]>(`${s.base}/api/technicians`)).body.map((t) => [t.id, t]));
    const assets = new Map((await getJson<Asset[]>(`${s.base}/api/assets`)).body.map((a) => [a.id, a]));
    for (const wo of [...orders, belt]) {
      const job = plan.jobs.find((j) => j.workOrderId === wo.id);
      expect(job, `${wo.title} is planned`).toBeDefined();
      if (!job) continue;
      const w = windows.get(job.windowId) as MaintenanceWindow;
      expect(job.start).toBeGreaterThanOrEqual(w.start);
      expect(job.end).toBeLessThanOrEqual(w.end);
      expect(job.end - job.start).toBe(Math.round(wo.estimatedHours * 3_600_000));
      if (wo.type === 'corrective') {
        // opening the machine needs it stopped: a planned stop of its line
        expect(w.kind).toBe('planned_stop');
        expect(w.assets).toContain(assets.get(wo.assetId)?.lineId);
      }
      expect(job.technicians.length).toBeGreaterThan(0);
      for (const t of job.technicians) expect(techs.get(t)?.skills).toContain(wo.skill);
      expect(job).toMatchObject({ title: wo.title, assetId: wo.assetId, priority: wo.priority });
      expect(job.technicianNames).toEqual(job.technicians.map((t) => techs.get(t)?.name));
    }
    expect(Number.isFinite(plan.cost) && Number.isFinite(plan.eddCost)).toBe(true);
    const latest = await getJson<MaintenancePlanView>(`${s.base}/api/plan`);
    expect(latest.body.createdAt).toBeGreaterThanOrEqual(plan.createdAt);
    expect(latest.body.jobs.length).toBeGreaterThanOrEqual(orders.length);
  });

  it('takes the parts of a completed work order from stock', async () => {
    const wo = (
      await postJson<WorkOrderDetail>(`${s.base}/api/work-orders`, {
        assetId: 'P-101',
        type: 'corrective',
        title: 'Replace bearing',
        skill: 'mechanical',
        estimatedHours: 1,
        by: 'e2e',
      })
    ).body;
    expect(
      (await postJson(`${s.base}/api/work-orders/${wo.id}/parts`, { partId: 'E2E-BRG', quantity: 3 })).status,
    ).toBe(200);
    const done = await postJson(`${s.base}/api/work-orders/${wo.id}/complete`, {
      by: 'e2e',
      findings: { failureConfirmed: true, rootCause: 'wear', actionTaken: 'replaced', downtimeHours: 1 },
    });
    expect(done.status).toBe(200);
    const t0 = Date.now();
    let stock = 4;
    while (stock === 4 && Date.now() - t0 < 5000) {
      await new Promise((r) => setTimeout(r, 50));
      stock =
        (await getJson<SparePart[]>(`${s.base}/api/spare-parts`)).body.find((p) => p.id === 'E2E-BRG')?.stock ?? -1;
    }
    expect(stock).toBe(1);
  });
});
