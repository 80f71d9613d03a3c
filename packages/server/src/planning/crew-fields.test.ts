import { describe, expect, it } from 'vitest';
import { readPreventivePlan, readTechnician, readWindow } from './crew-fields';
import { ASSET_FIELDS, fieldError, readFields } from './fields';

describe('field checks', () => {
  it('reads technicians with one spelling of skills and names each bad field', () => {
    expect(
      readTechnician({ id: 'T1', name: 'Ann', skills: [' Mechanical', 'mechanical', 'Process'], hoursPerShift: 7.5 })
        .value,
    ).toEqual({
      id: 'T1',
      name: 'Ann',
      skills: ['mechanical', 'process'],
      hoursPerShift: 7.5,
    });
    expect(readTechnician({ id: 'T1', name: '', skills: [], hoursPerShift: 30 }).problems.map((p) => p.field)).toEqual([
      'name',
      'skills',
      'hoursPerShift',
    ]);
  });

  it('reads windows from epoch ms or ISO text and refuses backwards, endless or stop-nothing windows', () => {
    expect(
      readWindow({
        id: 'W',
        start: '2026-12-08T06:00:00Z',
        end: Date.UTC(2026, 11, 8, 14),
        assets: ['L-1'],
        kind: 'planned_stop',
      }).value,
    ).toEqual({
      id: 'W',
      start: Date.UTC(2026, 11, 8, 6),
      end: Date.UTC(2026, 11, 8, 14),
      assets: ['L-1'],
      kind: 'planned_stop',
    });
    const field = (raw: Record<string, unknown>) =>
      readWindow({ id: 'W', kind: 'shift', assets: [], ...raw }).problems[0]?.field;
    expect(field({ start: 2000, end: 1000 })).toBe('end');
    expect(field({ start: 0, end: 40 * 86_400_000 })).toBe('end');
    expect(field({ start: 0, end: 1000, kind: 'planned_stop' })).toBe('assets');
    expect(field({ start: 0, end: 1000, kind: 'holiday' })).toBe('kind');
    expect(field({ start: 'soon', end: 1000 })).toBe('start');
  });

  it('reads preventive plans: trigger by kind, text steps, the server-owned work order kept', () => {
    const raw = {
      id: 'PM-1',
      assetId: 'P-1',
      title: 'Grease',
      trigger: { kind: 'run_hours', everyHours: 500 },
      procedure: ['Grease 15 g', { text: 'Lock out', safety: true }],
      skill: 'Mechanical',
      estimatedHours: 0.5,
      workOrderId: 'forged',
    };
    const base = { ...(readPreventivePlan(raw).value as object), workOrderId: 'WO-9' } as never;
    expect(readPreventivePlan(raw, base).value).toEqual({
      id: 'PM-1',
      assetId: 'P-1',
      title: 'Grease',
      trigger: { kind: 'run_hours', everyHours: 500 },
      procedure: [{ text: 'Grease 15 g' }, { text: 'Lock out', safety: true }],
      skill: 'mechanical',
      estimatedHours: 0.5,
      workOrderId: 'WO-9',
    });
    // an edit of the title keeps the counted run hours; a new last-done time starts over
    const counted = { ...(base as object), lastDoneAt: 1000, runHours: 321 } as never;
    expect(readPreventivePlan({ ...raw, lastDoneAt: 1000, title: 'Grease well' }, counted).value?.runHours).toBe(321);
    expect(readPreventivePlan({ ...raw, lastDoneAt: 5000 }, counted).value?.runHours).toBeUndefined();
    expect(readPreventivePlan({ ...raw, trigger: { kind: 'meter', every: 10 } }).problems).toEqual([
      { field: 'trigger.sensor', message: 'is required (text)' },
    ]);
    expect(readPreventivePlan({ ...raw, trigger: { kind: 'weekly' } }).problems[0]?.field).toBe('trigger.kind');
  });

  it('edits an asset over its stored record and reports the field as a coded error', () => {
    const base = { id: 'P-1', lineId: 'L1', name: 'Pump', type: 'fan' as const, criticality: 'B' as const, model: 'X' };
    expect(readFields(ASSET_FIELDS, { criticality: 'a', model: '' }, base).value).toEqual({
      ...base,
      criticality: 'A',
      model: undefined,
    });
    const r = readFields(ASSET_FIELDS, { type: 'turbine' }, base);
    const err = fieldError(r.problems);
    expect(err.code).toBe('FIELD_INVALID');
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/^Field "type" is not valid: "turbine" is not one of centrifugal_pump/);
  });
});
