import type { Procedure, WorkOrderDetail } from '@prognos/core';
import { createDemoPlant } from '@prognos/simulator';
import { openSqliteStore, type SqliteStore } from '@prognos/store';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../event-bus';
import { createMaintenance, type Maintenance } from '../maintenance/maintenance';
import { AnalyticsPipeline } from '../pipeline/analytics-pipeline';
import { registerPlant } from '../pipeline/simulator-control';
import type { AppContext } from './context';
import { installErrorHandling } from './errors';
import { procedureRoutes } from './routes-procedures';
import { workOrderRoutes } from './routes-work-orders';

const log = { info() {}, warn() {}, error() {} };

const step = (text: string, extra: Record<string, unknown> = {}) => ({ text, ...extra });
const GOOD = {
  title: 'Replace the DE bearing (short)',
  failureModeIds: ['pump-bearing-wear'],
  assetTypes: ['centrifugal_pump'],
  steps: [
    step('Lock out and tag out the pump', { safety: true, minutes: 15, tools: ['lock and tag'] }),
    step('Replace the bearing', { minutes: 90, tools: ['bearing heater', 'lock and tag'] }),
    step('Measure DE vibration', {
      minutes: 5,
      expected: { quantity: 'DE bearing vibration velocity', unit: 'mm/s', max: 2.8 },
    }),
  ],
  author: 'ann',
};

describe('procedure routes', () => {
  let store: SqliteStore;
  let m: Maintenance;
  let app: FastifyInstance;

  beforeEach(async () => {
    store = openSqliteStore({ path: ':memory:' });
    await registerPlant(store.metadata, createDemoPlant());
    const bus = new EventBus();
    const pipeline = new AnalyticsPipeline({
      metadata: store.metadata,
      readings: store.readings,
      bus,
      windowMs: 10_000,
      log,
    });
    m = createMaintenance({ metadata: store.metadata, bus, pipeline, log });
    await m.init();
    app = Fastify({ ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } } });
    installErrorHandling(app);
    const ctx = { metadata: store.metadata, maintenance: m } as unknown as AppContext;
    procedureRoutes(app, ctx);
    workOrderRoutes(app, ctx);
    await app.ready();
  });
  afterEach(async () => {
    await app.close();
    await m.drain();
    await store.close();
  });

  const call = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const res = await app.inject({ method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
    return { status: res.statusCode, body: res.json() as T };
  };

  it('seeds a version 1 for every failure mode of the library, with tools, parts and time', async () => {
    const modes = await store.metadata.listFailureModes();
    const { body: all } = await call<Procedure[]>('GET', '/api/procedures');
    expect(all.map((p) => p.id)).toEqual(modes.map((fm) => fm.id));
    const align = all.find((p) => p.id === 'pump-misalignment')!;
    const fm = modes.find((x) => x.id === 'pump-misalignment')!;
    expect(align).toMatchObject({ version: 1, title: fm.name, author: 'Prognos library', parts: fm.parts });
    expect(align.steps).toEqual(fm.procedure);
    expect(align.tools).toContain('laser alignment kit');
    expect(align.estimatedMinutes).toBeGreaterThan(0);
    // a second start adds nothing
    expect(await m.procedures.seed()).toBe(0);

    const { body: pumps } = await call<Procedure[]>('GET', '/api/procedures?assetType=centrifugal_pump');
    expect(pumps.length).toBeGreaterThan(0);
    expect(pumps.every((p) => p.assetTypes.includes('centrifugal_pump'))).toBe(true);
    const { body: one } = await call<Procedure[]>('GET', '/api/procedures?failureModeId=pump-misalignment');
    expect(one.map((p) => p.id)).toEqual(['pump-misalignment']);

    // A mode added while running gets its version 1 too, and its work orders name it.
    await store.metadata.saveFailureMode({ ...fm, id: 'pump-new-mode', name: 'New mode' });
    const wo = await call<WorkOrderDetail>('POST', '/api/work-orders', {
      assetId: 'P-101',
      type: 'corrective',
      title: 'new',
      failureModeId: 'pump-new-mode',
      by: 'kim',
    });
    expect(wo.body.procedureRef).toEqual({ id: 'pump-new-mode', version: 1 });
    const { body: added } = await call<Procedure[]>('GET', '/api/procedures?failureModeId=pump-new-mode');
    expect(added.map((p) => [p.id, p.version, p.title])).toEqual([['pump-new-mode', 1, 'New mode']]);
  });

  it('answers bad bodies with a 400 naming the field', async () => {
    const bad = async (body: unknown, field: string) => {
      const r = await call<{ code: string; message: string; details?: { field: string } }>(
        'POST',
        '/api/procedures',
        body,
      );
      expect(r.status, field).toBe(400);
      expect(r.body.code).toBe('PROCEDURE_INVALID');
      expect(r.body.details?.field).toBe(field);
      expect(r.body.message).toContain(field);
    };
    await bad({ ...GOOD, title: ' ' }, 'title');
    await bad({ ...GOOD, steps: [] }, 'steps');
    await bad({ ...GOOD, steps: 'x' }, 'steps');
    await bad({ ...GOOD, steps: [GOOD.steps[0], { text: '' }] }, 'steps[1].text');
    await bad({ ...GOOD, steps: [{ text: 'x', safety: 'yes' }] }, 'steps[0].safety');
    await bad(
      {
        ...GOOD,
        steps: [...GOOD.steps.slice(0, 2), step('m', { expected: { quantity: 'v', unit: 'mm/s', min: 3, max: 1 } })],
      },
      'steps[2].expected.max',
    );
    await bad({ ...GOOD, steps: [step('m', { expected: { quantity: 'v', unit: '' } })] }, 'steps[0].expected.unit');
    await bad({ ...GOOD, steps: [step('m', { minutes: -1 })] }, 'steps[0].minutes');
    await bad({ ...GOOD, steps: [step('m', { tools: ['ok', 3] })] }, 'steps[0].tools[1]');
    await bad({ ...GOOD, failureModeIds: ['no-such-mode'] }, 'failureModeIds[0]');
    await bad({ ...GOOD, author: '' }, 'author');
  });

  it('saves new versions, refuses a save on top of a newer one, and new work orders follow the latest', async () => {
    const created = await call<Procedure>('POST', '/api/procedures', GOOD);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: 'replace-the-de-bearing-short', version: 1, estimatedMinutes: 110 });
    expect(created.body.tools).toEqual(['lock and tag', 'bearing heater']);
    const id = created.body.id;
    expect((await call('POST', '/api/procedures', { ...GOOD, id })).status).toBe(409);

    // an old work order, from version 1
    const wo1 = await call<WorkOrderDetail>('POST', '/api/work-orders', {
      assetId: 'P-101',
      type: 'corrective',
      title: 'bearing',
      failureModeId: 'pump-bearing-wear',
      by: 'kim',
    });
    expect(wo1.body.procedureRef).toEqual({ id, version: 1 });
    expect(wo1.body.procedure).toHaveLength(3);

    const v2 = await call<Procedure>('PUT', `/api/procedures/${id}`, {
      ...GOOD,
      steps: [...GOOD.steps, step('Check the temperature after 2 h', { minutes: 5 })],
      author: 'bob',
      changeNote: 'temperature check',
      baseVersion: 1,
    });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ version: 2, author: 'bob', changeNote: 'temperature check' });
    // someone still editing version 1 cannot overwrite version 2 unseen
    const stale = await call<{ code: string }>('PUT', `/api/procedures/${id}`, { ...GOOD, baseVersion: 1 });
    expect(stale).toMatchObject({ status: 409, body: { code: 'PROCEDURE_VERSION_CONFLICT' } });
    expect((await call('PUT', '/api/procedures/nope', GOOD)).status).toBe(404);

    const versions = await call<Procedure[]>('GET', `/api/procedures/${id}/versions`);
    expect(versions.body.map((p) => p.version)).toEqual([2, 1]);
    expect((await call<Procedure>('GET', `/api/procedures/${id}?version=1`)).body.steps).toHaveLength(3);
    expect((await call<Procedure>('GET', `/api/procedures/${id}`)).body.version).toBe(2);
    expect((await call('GET', `/api/procedures/${id}?version=9`)).status).toBe(404);

    const wo2 = await call<WorkOrderDetail>('POST', '/api/work-orders', {
      assetId: 'P-101',
      type: 'corrective',
      title: 'bearing again',
      failureModeId: 'pump-bearing-wear',
      by: 'kim',
    });
    expect(wo2.body.procedureRef).toEqual({ id, version: 2 });
    expect(wo2.body.procedure.map((s) => s.text)).toContain('Check the temperature after 2 h');
    expect((await call<WorkOrderDetail>('GET', `/api/work-orders/${wo1.body.id}`)).body.procedure).toHaveLength(3);
  });

  it('keeps the time of a step result sent late, and takes a resent one only once', async () => {
    const wo = await call<WorkOrderDetail>('POST', '/api/work-orders', {
      assetId: 'P-101',
      type: 'corrective',
      title: 'align',
      failureModeId: 'pump-misalignment',
      by: 'kim',
    });
    const id = wo.body.id;
    await call('POST', `/api/work-orders/${id}/start`, { by: 'kim' });
    const at = Date.now() - 60_000;
    const first = await call<WorkOrderDetail>('POST', `/api/work-orders/${id}/steps/0`, { done: true, by: 'kim', at });
    expect(first.body.stepResults).toEqual([{ step: 0, done: true, at, by: 'kim' }]);
    const again = await call<WorkOrderDetail>('POST', `/api/work-orders/${id}/steps/0`, { done: true, by: 'kim', at });
    expect(again.body.stepResults).toEqual(first.body.stepResults);
    // an older result than the stored one does not replace it
    const older = await call<WorkOrderDetail>('POST', `/api/work-orders/${id}/steps/0`, {
      done: false,
      by: 'kim',
      at: at - 1000,
    });
    expect(older.body.stepResults).toEqual(first.body.stepResults);
    // a time in the future is clamped to now
    const future = Date.now() + 3_600_000;
    const late = await call<WorkOrderDetail>('POST', `/api/work-orders/${id}/steps/1`, {
      done: true,
      by: 'kim',
      at: future,
    });
    expect(late.body.stepResults.find((r) => r.step === 1)!.at).toBeLessThanOrEqual(Date.now());
  });
});
