import type { Asset, PrognosError, SparePart } from '@prognos/core';
import { describe, expect, it } from 'vitest';
import { ASSET_CSV, importCsv, SPARE_PART_CSV } from './csv-import';
import { parseCsvTable } from './csv-table';

const none = new Map<string, never>();

describe('parseCsvTable', () => {
  it('normalises headers, keeps quoted delimiters and line breaks, and numbers rows and file lines', () => {
    const t = parseCsvTable(
      '\uFEFFID,Name,"Downtime cost per hour"\r\nP-1,"Pump, ""big""",100\n\nP-2,"two\nlines",\n',
      ['id'],
    );
    expect(t.columns).toEqual(['id', 'name', 'downtime_cost_per_hour']);
    expect(t.records).toEqual([
      { row: 1, line: 2, cells: { id: 'P-1', name: 'Pump, "big"', downtime_cost_per_hour: '100' } },
      { row: 2, line: 4, cells: { id: 'P-2', name: 'two\nlines', downtime_cost_per_hour: '' } },
    ]);
  });

  it('reads semicolon files and refuses a missing required column or an empty text', () => {
    expect(parseCsvTable('id;name\nA;x', ['id']).records[0]?.cells).toEqual({ id: 'A', name: 'x' });
    expect(() => parseCsvTable('id,name\nA,x', ['id', 'criticality'])).toThrow(/column "criticality" is missing/);
    try {
      parseCsvTable('  \n', ['id']);
      expect.unreachable();
    } catch (e) {
      expect((e as PrognosError).code).toBe('CSV_EMPTY');
    }
  });
});

describe('importCsv', () => {
  it('keeps good asset rows and reports each bad cell with row, line and column', () => {
    const csv = [
      'id,name,type,line,criticality,downtime_cost_per_hour,manufacturer,model',
      'P-7,Booster pump,centrifugal_pump,L-UTIL,a,1200,KSB,Etanorm',
      'F-9,Roof fan,fan,L-UTIL,D,-5,,',
      'G-2,Gearbox 2,gearbox,L-PACK,B,,,',
      'P-7,Duplicate,centrifugal_pump,L-UTIL,A,,,',
    ].join('\n');
    const r = importCsv<Asset>(csv, ASSET_CSV, none);
    expect(r.items).toEqual([
      {
        id: 'P-7',
        name: 'Booster pump',
        type: 'centrifugal_pump',
        lineId: 'L-UTIL',
        criticality: 'A',
        downtimeCostPerHour: 1200,
        manufacturer: 'KSB',
        model: 'Etanorm',
      },
      { id: 'G-2', name: 'Gearbox 2', type: 'gearbox', lineId: 'L-PACK', criticality: 'B' },
    ]);
    expect(r.rejected).toBe(2);
    expect(r.errors.map((e) => [e.row, e.line, e.column, e.code])).toEqual([
      [2, 3, 'criticality', 'CSV_BAD_ROW'],
      [2, 3, 'downtime_cost_per_hour', 'CSV_BAD_ROW'],
      [4, 5, 'id', 'CSV_BAD_ROW'],
    ]);
    expect(r.errors[0]?.message).toBe('CSV line 3: column "criticality": "D" is not one of A, B, C');
    expect(r.errors[2]?.message).toMatch(/already on row 1/);
  });

  it('edits existing records: columns left out keep their values, a missing line is reported under "line"', () => {
    const existing = new Map<string, Asset>([
      ['P-1', { id: 'P-1', lineId: 'L1', name: 'Old', type: 'fan', criticality: 'C', manufacturer: 'Ventum' }],
    ]);
    const r = importCsv<Asset>('id,name,type,criticality\nP-1,New name,fan,A\nP-2,New,fan,B', ASSET_CSV, existing);
    expect(r.items).toEqual([
      { id: 'P-1', lineId: 'L1', name: 'New name', type: 'fan', criticality: 'A', manufacturer: 'Ventum' },
    ]);
    expect(r.errors).toMatchObject([{ row: 2, column: 'line', message: 'CSV line 3: column "line": is required' }]);
  });

  it('imports spare parts with decimal commas and refuses negative stock', () => {
    const r = importCsv<SparePart>(
      'id;name;stock;lead_time_days;unit_cost\nBRG-1;Bearing;4;5;85,50\nSEAL;Seal;-1;14;420',
      SPARE_PART_CSV,
      none,
    );
    expect(r.items).toEqual([{ id: 'BRG-1', name: 'Bearing', stock: 4, leadTimeDays: 5, unitCost: 85.5 }]);
    expect(r.errors).toMatchObject([
      { row: 2, line: 3, column: 'stock', message: 'CSV line 3: column "stock": -1 is below 0' },
    ]);
  });
});
