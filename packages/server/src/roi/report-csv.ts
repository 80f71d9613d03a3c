/**
 * The ROI report as CSV (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or line break quoted,
 * quotes doubled; UTF-8). One section per table: a row with the section's name, a header row, the data rows and an
 * empty line. Numbers are written as the API returns them (dot decimal, not rounded), so a spreadsheet can redo
 * any sum; empty fields mean "none" (no IRR, no lead time).
 */
import type { LedgerTotals, Traced } from '@prognos/core';
import type { RoiReport } from './report';

type Cell = string | number | undefined;

/** One field, quoted when it holds a comma, a quote, a line break or leading/trailing spaces. */
export function csvField(v: Cell): string {
  if (v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (cells: readonly Cell[]): string => cells.map(csvField).join(',');

interface Section {
  name: string;
  header: string[];
  rows: Cell[][];
}

const traced = (t: Traced | undefined): Cell[] => [t?.value, t?.unit, t?.formula];

function ledgerTotalsRows(t: LedgerTotals): Cell[][] {
  return [
    ['catches', t.catches, 'count'],
    ['false_alarms', t.falseAlarms, 'count'],
    ['missed_failures', t.missedFailures, 'count'],
    ['avoided_downtime_hours', t.avoidedDowntimeHours, 'h'],
    ['avoided_cost', t.avoidedCost, 'currency'],
    ['false_alarm_cost', t.falseAlarmCost, 'currency'],
    ['missed_failure_cost', t.missedFailureCost, 'currency'],
    ['net', t.net, 'currency'],
    ['detection_rate', t.detectionRate, 'share'],
    ['median_lead_time_hours', t.medianLeadTimeHours, 'h'],
  ];
}

/** The sections of the CSV, in order. */
export function roiCsvSections(r: RoiReport): Section[] {
  const c = r.businessCase;
  const l = r.ledger;
  const report: Section = {
    name: 'report',
    header: ['field', 'value'],
    rows: [
      ['site', r.site],
      ['currency', c.inputs.currency],
      ['generated_at', new Date(r.generatedAt).toISOString()],
      ['ledger_from', new Date(l.from).toISOString()],
      ['ledger_to', new Date(l.to).toISOString()],
      ['discount_rate', c.inputs.discountRate],
      ['years', c.inputs.years],
      ['detection_rate', c.detection.rate.value],
      ['lead_time_hours', c.detection.leadTimeHours.value],
      ['detection_source', c.detection.source],
    ],
  };
  const summary: Section = {
    name: 'case summary',
    header: ['scenario', 'figure', 'value', 'unit', 'formula'],
    rows: c.scenarios.flatMap((s) => [
      [s.name, 'annual_direct', ...traced(s.annualDirect)],
      [s.name, 'annual_indirect', ...traced(s.annualIndirect)],
      [s.name, 'annual_net', ...traced(s.annualNet)],
      [s.name, 'npv', ...traced(s.npv)],
      [s.name, 'irr', ...traced(s.irr)],
      [s.name, 'payback_years', ...traced(s.paybackYears)],
      [s.name, 'discounted_payback_years', ...traced(s.discountedPaybackYears)],
    ]),
  };
  const assumptions: Section = {
    name: 'scenarios',
    header: ['scenario', 'assumption', 'value', 'note'],
    rows: c.scenarios.flatMap((s) => s.assumptions.map((a) => [s.name, a.name, a.value, a.note])),
  };
  const benefits: Section = {
    name: 'benefit lines',
    header: ['scenario', 'line', 'kind', 'label', 'annual', 'unit', 'formula'],
    rows: c.scenarios.flatMap((s) =>
      s.benefits.map((b) => [s.name, b.key, b.kind, b.annual.label, b.annual.value, b.annual.unit, b.annual.formula]),
    ),
  };
  const byClass: Section = {
    name: 'benefits by asset class',
    header: ['scenario', 'asset_type', 'annual', 'unit', 'formula'],
    rows: c.scenarios.flatMap((s) => s.byClass.map((b) => [s.name, b.assetType, ...traced(b.annual)])),
  };
  const cashFlows: Section = {
    name: 'cash flows',
    header: ['scenario', 'year', 'cash_flow', 'cumulative'],
    rows: c.scenarios.flatMap((s) => {
      let cum = 0;
      return s.cashFlows.map((cf, year) => {
        cum += cf;
        return [s.name, year, cf, cum];
      });
    }),
  };
  const tornado: Section = {
    name: 'tornado',
    header: ['input', 'low', 'high', 'npv_low', 'npv_high', 'swing'],
    rows: c.tornado.map((t) => [t.input, t.low, t.high, t.npvLow, t.npvHigh, Math.abs(t.npvHigh - t.npvLow)]),
  };
  const totals: Section = {
    name: 'ledger totals',
    header: ['figure', 'value', 'unit'],
    rows: ledgerTotalsRows(l.totals),
  };
  const entries: Section = {
    name: 'ledger entries',
    header: [
      'id',
      'kind',
      'date',
      'asset_id',
      'asset',
      'asset_type',
      'line',
      'alert',
      'work_order',
      'failure_mode',
      'lead_time_hours',
      'avoided_downtime_hours',
      'value',
      'formula',
    ],
    rows: l.entries.map((e) => [
      e.id,
      e.kind,
      new Date(e.at).toISOString(),
      e.assetId,
      e.assetName,
      e.assetType,
      e.lineId,
      e.alertId,
      e.workOrderId,
      e.failureModeId,
      e.leadTimeHours?.value,
      e.avoidedDowntimeHours?.value,
      e.value.value,
      e.value.formula,
    ]),
  };
  const groups = (name: string, gs: RoiReport['ledger']['byAsset']): Section => ({
    name,
    header: ['key', 'label', 'catches', 'false_alarms', 'missed_failures', 'avoided_cost', 'net'],
    rows: gs.map((g) => [
      g.key,
      g.label,
      g.totals.catches,
      g.totals.falseAlarms,
      g.totals.missedFailures,
      g.totals.avoidedCost,
      g.totals.net,
    ]),
  });
  return [
    report,
    summary,
    assumptions,
    benefits,
    byClass,
    cashFlows,
    tornado,
    totals,
    entries,
    groups('ledger by asset', l.byAsset),
    groups('ledger by line', l.byLine),
    groups('ledger by month', l.byMonth),
  ];
}

/** The whole CSV document (UTF-8 text, CRLF line ends). */
export function renderRoiCsv(r: RoiReport): string {
  const lines: string[] = [];
  for (const s of roiCsvSections(r)) {
    lines.push(csvRow([s.name]), csvRow(s.header), ...s.rows.map(csvRow), '');
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Splits a report CSV back into its sections (header → rows of named fields); for tests and tools. */
export function parseRoiCsv(text: string): Map<string, Record<string, string>[]> {
  const rows = parseCsv(text);
  const out = new Map<string, Record<string, string>[]>();
  let i = 0;
  while (i < rows.length) {
    const nameRow = rows[i];
    if (!nameRow || (nameRow.length === 1 && nameRow[0] === '')) {
      i++;
      continue;
    }
    const header = rows[i + 1] ?? [];
    const records: Record<string, string>[] = [];
    i += 2;
    for (; i < rows.length; i++) {
      const row = rows[i] as string[];
      if (row.length === 1 && row[0] === '') break;
      records.push(Object.fromEntries(header.map((h, k) => [h, row[k] ?? ''])));
    }
    out.set(nameRow[0] ?? '', records);
  }
  return out;
}

/** RFC 4180 reader: quoted fields with doubled quotes and line breaks inside; CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
