import type { Asset } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { assetForm, assetPatch, buildHierarchy, fieldProblems, fmtCostPerHour, stockLevel } from './registry-format';

const asset = (id: string, lineId: string, extra: Partial<Asset> = {}): Asset => ({
  id,
  lineId,
  name: `Asset ${id}`,
  type: 'centrifugal_pump',
  criticality: 'B',
  ...extra,
});

const plant = {
  areas: [
    { id: 'A1', siteId: 'S', name: 'Utilities' },
    { id: 'A2', siteId: 'S', name: 'Packaging' },
  ],
  lines: [
    { id: 'L1', areaId: 'A1', name: 'Water' },
    { id: 'L2', areaId: 'A2', name: 'Bottling' },
    { id: 'L3', areaId: 'A1', name: 'Air' },
  ],
};

describe('buildHierarchy', () => {
  it('puts each asset under its line and area, in the plant order, assets by id', () => {
    const tree = buildHierarchy(plant, [asset('P-2', 'L1'), asset('C-1', 'L2'), asset('P-1', 'L1')]);
    expect(tree.map((a) => a.name)).toEqual(['Utilities', 'Packaging']);
    expect(tree[0]?.lines.map((l) => [l.id, l.assets.map((a) => a.id)])).toEqual([
      ['L1', ['P-1', 'P-2']],
      ['L3', []],
    ]);
    expect(tree[1]?.lines[0]?.assets.map((a) => a.id)).toEqual(['C-1']);
  });

  it('keeps assets on lines the plant does not know under "Unassigned"', () => {
    const tree = buildHierarchy(plant, [asset('X-1', 'L9'), asset('P-1', 'L1')]);
    const last = tree[tree.length - 1];
    expect(last?.name).toBe('Unassigned');
    expect(last?.lines).toEqual([{ id: 'L9', name: 'L9', assets: [asset('X-1', 'L9')] }]);
    const count = tree.flatMap((a) => a.lines.flatMap((l) => l.assets)).length;
    expect(count).toBe(2);
  });

  it('shows a line whose area is missing', () => {
    const tree = buildHierarchy({ areas: [], lines: [{ id: 'L1', areaId: 'gone', name: 'Water' }] }, [
      asset('P-1', 'L1'),
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0]?.lines[0]?.assets.map((a) => a.id)).toEqual(['P-1']);
  });

  it('has no "Unassigned" group when everything is placed', () => {
    expect(buildHierarchy(plant, [asset('P-1', 'L1')]).some((a) => a.name === 'Unassigned')).toBe(false);
  });
});

describe('formatting', () => {
  it('formats the cost of downtime, and a dash when unknown (not zero)', () => {
    expect(fmtCostPerHour(12500)).toBe('12,500 / h');
    expect(fmtCostPerHour(0)).toBe('0 / h');
    expect(fmtCostPerHour(undefined)).toBe('—');
  });

  it('grades stock: out, low, or in stock', () => {
    expect(stockLevel({ stock: 0, leadTimeDays: 1 })).toBe('out');
    expect(stockLevel({ stock: 1, leadTimeDays: 1 })).toBe('low');
    expect(stockLevel({ stock: 2, leadTimeDays: 14 })).toBe('low');
    expect(stockLevel({ stock: 2, leadTimeDays: 3 })).toBe('ok');
    expect(stockLevel({ stock: 10, leadTimeDays: 90 })).toBe('ok');
  });
});

describe('the edit form', () => {
  const a = asset('P-1', 'L1', { downtimeCostPerHour: 800, manufacturer: 'KSB' });

  it('holds the asset as text, blanks for what is not set', () => {
    expect(assetForm(a)).toEqual({
      name: 'Asset P-1',
      type: 'centrifugal_pump',
      lineId: 'L1',
      criticality: 'B',
      downtimeCostPerHour: '800',
      manufacturer: 'KSB',
      model: '',
    });
  });

  it('sends only what changed, the cost as typed, a cleared field as blank', () => {
    const f = { ...assetForm(a), criticality: 'A' as const, downtimeCostPerHour: '-5', manufacturer: '' };
    expect(assetPatch(a, f)).toEqual({ criticality: 'A', downtimeCostPerHour: '-5', manufacturer: '' });
    expect(assetPatch(a, assetForm(a))).toEqual({});
    expect(assetPatch(a, { ...assetForm(a), name: ' Asset P-1 ' })).toEqual({});
  });

  it('reads field messages from a FIELD_INVALID error', () => {
    expect(
      fieldProblems({
        field: 'downtimeCostPerHour',
        problems: [
          { field: 'downtimeCostPerHour', message: '-5 is below 0' },
          { field: 'name', message: 'is required' },
        ],
      }),
    ).toEqual({ downtimeCostPerHour: '-5 is below 0', name: 'is required' });
    expect(fieldProblems({ field: 'model' })).toEqual({ model: 'is not valid' });
    expect(fieldProblems(undefined)).toEqual({});
    expect(fieldProblems({ problems: [null, { field: 3 }] })).toEqual({});
  });
});
