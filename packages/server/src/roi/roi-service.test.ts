import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Asset, PrognosError, WorkOrderDetail } from '@prognos/core';
import { openSqliteStore, type SqliteStore } from '@prognos/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validInputs } from './fixtures.test-util';
import { ROI_INPUTS_SETTING } from './inputs';
import { RoiService } from './roi-service';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 6);

const pump: Asset = {
  id: 'P-1',
  lineId: 'L1',
  name: 'Pump 1',
  type: 'centrifugal_pump',
  criticality: 'A',
  downtimeCostPerHour: 4000,
};

const job = (id: string, over: Partial<WorkOrderDetail>): WorkOrderDetail => ({
  id,
  assetId: 'P-1',
  title: 'job',
  description: '',
  status: 'done',
  priority: 'high',
  createdAt: T0,
  type: 'corrective',
  skill: 'mechanical',
  estimatedHours: 4,
  procedure: [],
  stepResults: [],
  parts: [],
  labour: [],
  ...over,
});

describe('RoiService', () => {
  let dir: string;
  let store: SqliteStore;
  let svc: RoiService;
  const now = T0 + 30 * 24 * H;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prognos-roi-'));
    store = openSqliteStore({ path: join(dir, 'store.db') });
    await store.metadata.upsertAsset(pump);
    svc = new RoiService({ metadata: store.metadata, now: () => now });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('derives defaults from the registry until inputs are saved, and refuses bad ones naming each field', async () => {
    const first = await svc.inputsWithOrigin();
    expect(first.defaults).toBe(true);
    expect(first.inputs.classes.map((c) => c.assetType)).toEqual(['centrifugal_pump']);

    const err = (await svc.saveInputs({ ...validInputs(), years: 40 }).catch((e) => e)) as PrognosError;
    expect(err.code).toBe('ROI_INPUT_INVALID');
    expect(err.message).toContain('years: must be ≤ 30');
    expect((await svc.inputsWithOrigin()).defaults).toBe(true);

    await svc.saveInputs(validInputs({ falseAlarmCost: 123 }));
    expect(await svc.inputsWithOrigin()).toEqual({ inputs: validInputs({ falseAlarmCost: 123 }), defaults: false });

    // a setting broken by hand falls back to the defaults rather than failing every request
    await store.metadata.setSetting(ROI_INPUTS_SETTING, '{not json');
    expect((await svc.inputsWithOrigin()).defaults).toBe(true);
  });

  it('builds the ledger from the store and feeds the case its detection rate from three failures on', async () => {
    await svc.saveInputs(validInputs());
    const m = store.metadata;
    await m.saveAlert({
      id: 'a1',
      assetId: 'P-1',
      kind: 'anomaly',
      severity: 'critical',
      state: 'closed',
      title: 'vibration up',
      explanation: '',
      contributions: [],
      score: 1,
      peakScore: 2,
      startedAt: T0,
      updatedAt: T0 + 20 * H,
    });
    await m.saveWorkOrderDetail(
      job('wo1', {
        alertId: 'a1',
        type: 'predictive',
        completedAt: T0 + 20 * H,
        findings: { failureConfirmed: true, rootCause: 'r', actionTaken: 'a', downtimeHours: 2 },
      }),
    );
    await m.saveAlertWorkflow({
      alertId: 'a1',
      status: 'closed',
      failureModes: [],
      workOrderId: 'wo1',
      label: { outcome: 'confirmed', by: 'lee', at: T0 + 20 * H, source: 'work_order', workOrderId: 'wo1' },
      updatedAt: T0 + 20 * H,
    });
    const one = await svc.ledger({});
    expect(one.entries.map((e) => e.id)).toEqual(['catch:a1']);
    expect(one.from).toBe(T0);
    expect(one.to).toBe(now);
    expect(one.entries[0]?.value.value).toBe((12 - 2) * 4000 + (9000 - 3000));
    expect(one.expectedOverPeriod?.unit).toBe('EUR');
    expect((await svc.businessCase()).detection.source).toBe('benchmark');
    // a start after the end (which defaults to now) is refused
    const late = (await svc.ledger({ from: now + H }).catch((e) => e)) as PrognosError;
    expect(late.code).toBe('QUERY_INVALID_RANGE');
    expect(late.message).toContain('must be before to');

    for (const [i, at] of [T0 + 40 * H, T0 + 50 * H].entries())
      await m.saveWorkOrderDetail(
        job(`wo${i + 2}`, {
          completedAt: at,
          findings: { failureConfirmed: true, rootCause: 'r', actionTaken: 'a', downtimeHours: 5 },
        }),
      );
    const three = await svc.ledger({ from: T0, to: T0 + 45 * H });
    expect(three.entries.map((e) => e.id)).toEqual(['catch:a1', 'missed:wo2']);
    const c = await svc.businessCase();
    expect(c.detection.source).toBe('ledger');
    expect(c.detection.rate.value).toBeCloseTo(1 / 3, 12);
    expect(c.detection.leadTimeHours.value).toBe(20);
  });
});
