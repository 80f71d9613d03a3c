import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkOrderDetail } from '@prognos/core';
import { DEMO_TECHNICIANS, demoPreventivePlans, demoWindows } from '@prognos/simulator';
import { openSqliteStore, type SqliteStore } from '@prognos/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../event-bus';
import type { ManualWorkOrder } from '../maintenance/work-order-service';
import { trackPartsUse } from './parts-stock';
import { PLAN_SETTING, PlanService } from './plan-service';
import { rulChangedMarkedly } from './plan-view';
import { PreventiveService } from './preventive-service';
import { seedPlanInputs } from './seed';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 11, 7, 6); // a Monday, 06:00 UTC
const log = { info() {}, warn() {}, error() {} };

let dir: string;
let store: SqliteStore;
let bus: EventBus;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prognos-planning-'));
  store = openSqliteStore({ path: join(dir, 'p.db') });
  bus = new EventBus();
  await store.metadata.upsertAsset({
    id: 'P-1',
    lineId: 'L1',
    name: 'Pump 1',
    type: 'centrifugal_pump',
    criticality: 'A',
  });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The work-order service's create, as far as these services need it: stored and announced. */
function creator(now: () => number) {
  let n = 0;
  return async (m: ManualWorkOrder): Promise<WorkOrderDetail> => {
    const { by: _by, ...rest } = m;
    const wo: WorkOrderDetail = {
      ...rest,
      id: `WO-${++n}`,
      description: m.description ?? '',
      status: 'open',
      priority: m.priority ?? 'medium',
      createdAt: now(),
      skill: m.skill ?? 'mechanical',
      estimatedHours: m.estimatedHours ?? 1,
      procedure: m.procedure ?? [],
      stepResults: [],
      parts: [],
      labour: [],
    };
    await store.metadata.saveWorkOrderDetail(wo);
    bus.emit('work-order', { change: 'created', workOrder: wo });
    return wo;
  };
}

describe('PreventiveService', () => {
  it('creates one order when a plan falls due, counts run hours while running, and restarts on completion', async () => {
    let now = T0;
    let running = true;
    const svc = new PreventiveService({
      metadata: store.metadata,
      readings: store.readings,
      bus,
      log,
      running: () => running,
      createWorkOrder: creator(() => now),
      now: () => now,
    });
    svc.start();
    await store.metadata.upsertPreventivePlan({
      id: 'PM-CAL',
      assetId: 'P-1',
      title: 'Inspect coupling',
      trigger: { kind: 'calendar', everyDays: 30 },
      procedure: [{ text: 'Inspect' }],
      skill: 'mechanical',
      estimatedHours: 1,
      lastDoneAt: T0 - 29 * DAY,
    });
    await store.metadata.upsertPreventivePlan({
      id: 'PM-RUN',
      assetId: 'P-1',
      title: 'Grease bearings',
      trigger: { kind: 'run_hours', everyHours: 10 },
      procedure: [],
      skill: 'mechanical',
      estimatedHours: 0.5,
      lastDoneAt: T0 - DAY,
      runHours: 7,
    });
    expect(await svc.check()).toEqual([]);
    now += 2 * HOUR; // running: 9 h
    expect(await svc.check()).toEqual([]);
    running = false;
    now += 5 * HOUR; // stopped: still 9 h
    expect(await svc.check()).toEqual([]);
    expect((await store.metadata.getPreventivePlan('PM-RUN'))?.runHours).toBeCloseTo(9);
    running = true;
    now += DAY; // calendar due (30 days) and run hours past 10
    const created = await svc.check();
    expect(created.map((w) => [w.title, w.type, w.priority])).toEqual([
      ['Inspect coupling', 'preventive', 'high'],
      ['Grease bearings', 'preventive', 'high'],
    ]);
    // the plan fell due at T0 + 1 day; checked later, its order is due 10 % of the interval (3 days) after the check
    expect(created[0]?.dueAt).toBe(now + 3 * DAY);
    // one open order per plan: no second one while it is open
    now += HOUR;
    expect(await svc.check()).toEqual([]);

    const done = { ...created[1]!, status: 'done' as const, completedAt: now };
    await store.metadata.saveWorkOrderDetail(done);
    bus.emit('work-order', { change: 'completed', workOrder: done });
    await svc.close();
    const plan = await store.metadata.getPreventivePlan('PM-RUN');
    expect(plan).toMatchObject({ lastDoneAt: now, runHours: 0 });
    expect(plan?.workOrderId).toBeUndefined();
    expect((await store.metadata.getPreventivePlan('PM-CAL'))?.workOrderId).toBe(created[0]?.id);
  });
});

describe('parts stock', () => {
  it('takes the parts of a completed work order from stock, once, and ignores other changes', async () => {
    await store.metadata.upsertSparePart({ id: 'BRG', name: 'Bearing', stock: 5, leadTimeDays: 3, unitCost: 80 });
    const stop = trackPartsUse({ metadata: store.metadata, bus, log });
    const wo = {
      ...(await creator(() => T0)({ assetId: 'P-1', type: 'corrective', title: 'Replace bearing', by: 'x' })),
      parts: [
        { partId: 'BRG', quantity: 2 },
        { partId: 'UNKNOWN', quantity: 1 },
      ],
    };
    bus.emit('work-order', { change: 'updated', workOrder: wo });
    bus.emit('work-order', { change: 'completed', workOrder: { ...wo, status: 'done' } });
    await stop();
    expect((await store.metadata.getSparePart('BRG'))?.stock).toBe(3);
  });
});

describe('PlanService', () => {
  it('plans open orders into windows with a qualified technician, stores the plan and re-plans after changes', async () => {
    const now = T0;
    await store.metadata.upsertTechnician({ id: 'T1', name: 'Anna', skills: ['mechanical'], hoursPerShift: 8 });
    await store.metadata.upsertTechnician({ id: 'T2', name: 'Mira', skills: ['electrical'], hoursPerShift: 8 });
    await store.metadata.upsertMaintenanceWindow({
      id: 'STOP',
      start: T0 + 2 * HOUR,
      end: T0 + 8 * HOUR,
      assets: ['L1'],
      kind: 'planned_stop',
    });
    const svc = new PlanService({
      metadata: store.metadata,
      bus,
      log,
      debounceMs: 50,
      planTimeMs: 100,
      now: () => now,
    });
    svc.start();
    const create = creator(() => now);
    await create({
      assetId: 'P-1',
      type: 'corrective',
      title: 'Replace seal',
      skill: 'electrical',
      estimatedHours: 2,
      by: 'x',
    });
    const plan = await svc.replan();
    expect(plan.violations).toBe(0);
    expect(plan.jobs).toMatchObject([
      { workOrderId: 'WO-1', windowId: 'STOP', technicians: ['T2'], technicianNames: ['Mira'], title: 'Replace seal' },
    ]);
    expect(plan.jobs[0]).toMatchObject({ assetName: 'Pump 1', priority: 'medium', windowKind: 'planned_stop' });
    expect(JSON.parse((await store.metadata.getSetting(PLAN_SETTING)) ?? '{}').jobs).toHaveLength(1);

    // a new order: re-planned by itself after the debounce
    await create({
      assetId: 'P-1',
      type: 'corrective',
      title: 'Align coupling',
      skill: 'mechanical',
      estimatedHours: 1,
      by: 'x',
    });
    const t0 = Date.now();
    let latest = await svc.latest();
    while (latest.jobs.length < 2 && Date.now() - t0 < 3000) {
      await new Promise((r) => setTimeout(r, 20));
      latest = await svc.latest();
    }
    expect(latest.jobs.map((j) => j.technicianNames[0]).sort()).toEqual(['Anna', 'Mira']);
    await svc.close();
  });

  it('re-plans when the RUL of an asset with open work moves markedly, not on every wobble', async () => {
    let now = T0;
    const svc = new PlanService({ metadata: store.metadata, bus, log, debounceMs: 20, planTimeMs: 50, now: () => now });
    await creator(() => now)({ assetId: 'P-1', type: 'corrective', title: 'Fix', by: 'x' });
    await svc.replan();
    svc.start();
    const health = (hours: number) => {
      now += 1000;
      const rul = {
        method: 'health-trend' as const,
        ts: now,
        hours,
        lowerHours: hours / 2,
        upperHours: hours * 2,
        failureProbability: 0.1,
        horizonHours: 24,
        threshold: 10,
      };
      bus.emit('health', {
        assetId: 'P-1',
        ts: now,
        health: 60,
        score: 1,
        status: 'watch',
        contributions: [],
        detail: { ts: now, trendPerHour: -1, drivers: [], components: [], rul },
      });
    };
    const settle = () => new Promise((r) => setTimeout(r, 150));
    const planned = async () => (await svc.latest()).createdAt;
    health(100); // the first estimate for the asset
    await settle();
    expect(await planned()).toBe(now);
    const at = now;
    health(90); // 10 %: a wobble
    await settle();
    expect(await planned()).toBe(at);
    health(70); // 30 % below the estimate the plan was made with
    await settle();
    expect(await planned()).toBe(now);
    // an asset without open work never triggers
    const before = await planned();
    bus.emit('health', {
      assetId: 'OTHER',
      ts: now,
      health: 10,
      score: 3,
      status: 'alarm',
      contributions: [],
      detail: {
        ts: now,
        trendPerHour: -9,
        drivers: [],
        components: [],
        rul: {
          method: 'health-trend',
          ts: now,
          hours: 1,
          lowerHours: 0.5,
          upperHours: 2,
          failureProbability: 0.9,
          horizonHours: 24,
          threshold: 10,
        },
      },
    });
    await settle();
    expect(await planned()).toBe(before);
    await svc.close();
  });

  it('counts a remaining-useful-life change as marked from 20 % on', () => {
    expect(rulChangedMarkedly(undefined, 100)).toBe(true);
    expect(rulChangedMarkedly(100, 85)).toBe(false);
    expect(rulChangedMarkedly(100, 79)).toBe(true);
    // below an hour, changes count against one hour: 0.5 → 0.6 h is not marked
    expect(rulChangedMarkedly(0.5, 0.6)).toBe(false);
  });
});

describe('seedPlanInputs', () => {
  it('seeds parts and the demo crew once, keeps deletions, and keeps two weeks of windows ahead', async () => {
    const demo = { technicians: DEMO_TECHNICIANS, windows: demoWindows, preventivePlans: demoPreventivePlans };
    const parts = [{ id: 'BRG', name: 'Bearing', stock: 2, leadTimeDays: 5, unitCost: 80 }];
    const first = await seedPlanInputs(store.metadata, { parts, demo, now: T0 });
    expect(first).toMatchObject({ parts: 1, technicians: 6, plans: 4 });
    const windows = await store.metadata.listMaintenanceWindows();
    expect(windows.length).toBe(first.windows);
    await store.metadata.deleteSparePart('BRG');
    await store.metadata.deleteTechnician('T-01');
    // a week later: nothing deleted comes back, the windows reach two weeks ahead again
    const later = await seedPlanInputs(store.metadata, { parts, demo, now: T0 + 7 * DAY });
    expect(later).toMatchObject({ parts: 0, technicians: 0, plans: 0 });
    expect(later.windows).toBeGreaterThan(0);
    expect(await store.metadata.listSpareParts()).toEqual([]);
    expect(await store.metadata.listTechnicians()).toHaveLength(5);
    const after = await store.metadata.listMaintenanceWindows();
    expect(new Set(after.map((w) => w.id)).size).toBe(after.length);
    expect(Math.max(...after.map((w) => w.end))).toBeGreaterThan(T0 + 19 * DAY);
    // without the demo: parts only
    expect(await seedPlanInputs(store.metadata, { parts, now: T0 + 8 * DAY })).toEqual({
      parts: 0,
      technicians: 0,
      windows: 0,
      plans: 0,
    });
  });
});
