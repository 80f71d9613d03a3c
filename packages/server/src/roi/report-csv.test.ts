import { describe, expect, it } from 'vitest';
import { csvField, csvRow, parseCsv, parseRoiCsv, renderRoiCsv } from './report-csv';
import { fixtureReport } from './report-fixture';

describe('ROI report CSV', () => {
  it('quotes fields as RFC 4180 says and reads them back', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    const row = csvRow(['a,b', 'say "hi"', 'two\r\nlines', 3.5, undefined]);
    expect(parseCsv(`${row}\r\nx,y\r\n`)).toEqual([
      ['a,b', 'say "hi"', 'two\r\nlines', '3.5', ''],
      ['x', 'y'],
    ]);
  });

  it('writes one section per table, numbers unrounded, and the totals of the ledger', () => {
    const r = fixtureReport();
    const csv = renderRoiCsv(r);
    expect(csv.split('\r\n')[0]).toBe('report');
    expect(csv).not.toMatch(/[^\r]\n/); // CRLF line ends only
    const s = parseRoiCsv(csv);
    expect([...s.keys()]).toEqual([
      'report',
      'case summary',
      'scenarios',
      'benefit lines',
      'benefits by asset class',
      'cash flows',
      'tornado',
      'ledger totals',
      'ledger entries',
      'ledger by asset',
      'ledger by line',
      'ledger by month',
    ]);
    const report = Object.fromEntries(s.get('report')!.map((x) => [x.field, x.value]));
    expect(report).toMatchObject({
      site: 'Werk Süd — Demo plant',
      currency: 'EUR',
      generated_at: '2026-12-07T12:30:00.000Z',
    });
    const e = r.businessCase.scenarios[1]!;
    const npv = s.get('case summary')!.find((x) => x.scenario === 'expected' && x.figure === 'npv')!;
    expect(Number(npv.value)).toBe(e.npv.value); // unrounded, exactly the API's number
    expect(npv.formula).toBe('Σ CF_t / (1 + r)^t'); // UTF-8 kept
    const totals = Object.fromEntries(s.get('ledger totals')!.map((x) => [x.figure, Number(x.value)]));
    expect(totals).toMatchObject({
      catches: 1,
      false_alarms: 1,
      missed_failures: 1,
      avoided_cost: 14_650.5,
      false_alarm_cost: 350,
      net: 14_300.5,
      detection_rate: 0.5,
    });
    const entries = s.get('ledger entries')!;
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({
      kind: 'catch',
      asset: 'Feed pump, "north"',
      alert: 'AL-1',
      work_order: 'WO-1',
      lead_time_hours: '71.25',
      avoided_downtime_hours: '10.5',
      value: '14650.5',
    });
    expect(entries[2]).toMatchObject({ kind: 'missed_failure', alert: '', lead_time_hours: '', value: '-22000' });
    expect(s.get('tornado')!.map((x) => x.input)).toEqual(['Downtime cost/h', 'Detection rate', 'Discount rate']);
    const [bar] = r.businessCase.tornado;
    expect(s.get('tornado')![0]).toMatchObject({
      low: '800',
      high: '1600',
      npv_low: String(bar!.npvLow),
      npv_high: String(bar!.npvHigh),
    });
    expect(Number(s.get('tornado')![0]!.swing)).toBeCloseTo(310_000, 6);
    const flows = s.get('cash flows')!.filter((x) => x.scenario === 'expected');
    expect(flows.map((x) => Number(x.cash_flow))).toEqual(e.cashFlows);
    expect(Number(flows.at(-1)!.cumulative)).toBeCloseTo(
      e.cashFlows.reduce((a, b) => a + b, 0),
      6,
    );
    expect(s.get('benefit lines')!.filter((x) => x.scenario === 'expected')).toHaveLength(6);
  });
});
