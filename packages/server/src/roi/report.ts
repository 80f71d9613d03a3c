/**
 * What an ROI report holds and how its numbers are written. The PDF and the CSV are two renderings of the same
 * `RoiReport`; both say which rounding they use, so a figure in a report can be checked against the API.
 *
 * Rounding rule of the PDF: money in whole currency units (Math.round, half up), hours and years to one decimal,
 * rates as percentages to one decimal. The CSV writes the API's numbers unrounded.
 */
import {
  type BusinessCaseResult,
  type EvidenceLedger,
  PrognosError,
  type RoiScenarioResult,
  type Traced,
} from '@prognos/core';
import type { MetadataStore } from '@prognos/store';
import type { RoiService } from './roi-service';

export interface RoiReport {
  /** Name of the site (or plant) the report is about. */
  site: string;
  generatedAt: number;
  businessCase: BusinessCaseResult;
  ledger: EvidenceLedger;
}

export type RoiReportFormat = 'pdf' | 'csv';

/** Gathers a report: the business case, the ledger over [from, to) (the service's default period when absent). */
export async function loadRoiReport(
  deps: { roi: RoiService; metadata: MetadataStore },
  range: { from?: number; to?: number },
  now = Date.now(),
): Promise<RoiReport> {
  const [businessCase, ledger, sites] = await Promise.all([
    deps.roi.businessCase(),
    deps.roi.ledger(range),
    deps.metadata.listSites(),
  ]);
  const site = sites.map((s) => s.name).join(', ') || 'Plant';
  return { site, generatedAt: now, businessCase, ledger };
}

/** Epoch ms from a number, a string of digits or an ISO 8601 time (as GET /api/roi/ledger reads them); a coded 400. */
export function parseReportTime(v: unknown, name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const s = String(v).trim();
  const t = /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : /^\d{4}-\d{2}/.test(s) ? Date.parse(s) : Number.NaN;
  if (!Number.isFinite(t))
    throw new PrognosError('QUERY_INVALID_RANGE', [
      `${name} "${s}" is neither epoch milliseconds nor an ISO 8601 time`,
    ]);
  return t;
}

/** The ledger period of a report request: from and to when given, from before to. */
export function parseReportRange(q: { from?: unknown; to?: unknown }): { from?: number; to?: number } {
  const from = parseReportTime(q.from, 'from');
  const to = parseReportTime(q.to, 'to');
  if (from !== undefined && to !== undefined && from >= to)
    throw new PrognosError('QUERY_INVALID_RANGE', [`from (${from}) must be before to (${to})`]);
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

/** File name of a download: `prognos-roi-report-2026-12-07.pdf` (the day it was generated, UTC). */
export function reportFileName(format: RoiReportFormat, generatedAt: number): string {
  return `prognos-roi-report-${isoDay(generatedAt)}.${format}`;
}

export const isoDay = (t: number): string => new Date(t).toISOString().slice(0, 10);
export const isoMinute = (t: number): string => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The scenario the summary shows: the expected one (the middle one when a case names none so). */
export function expectedScenario(c: BusinessCaseResult): RoiScenarioResult | undefined {
  return c.scenarios.find((s) => s.name === 'expected') ?? c.scenarios[Math.floor(c.scenarios.length / 2)];
}

// ---- number formatting (the PDF's rounding rule) -----------------------------------------------------------------

/** Whole currency units, half up: the rule every money figure in the PDF follows. */
export const roundMoney = (v: number): number => {
  const r = Math.round(v);
  return r === 0 ? 0 : r; // no "-0"
};

const group = (n: number): string => String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 1234567.8 → "1,234,568" (whole units, comma thousands, hyphen minus). */
export function formatWhole(v: number): string {
  const r = roundMoney(v);
  return `${r < 0 ? '-' : ''}${group(r)}`;
}

export const formatMoney = (v: number, currency: string): string => `${formatWhole(v)} ${currency}`;

/** One decimal with thousands separators: 1234.56 → "1,234.6". */
export function formatOneDecimal(v: number): string {
  const fixed = (Math.round(v * 10) / 10).toFixed(1);
  const neg = fixed.startsWith('-') && Number(fixed) !== 0;
  const [int = '0', dec = '0'] = fixed.replace('-', '').split('.');
  return `${neg ? '-' : ''}${group(Number(int))}.${dec}`;
}

export const formatHours = (v: number | undefined): string => (v === undefined ? 'n/a' : `${formatOneDecimal(v)} h`);
export const formatYears = (v: number | undefined): string => (v === undefined ? 'n/a' : `${formatOneDecimal(v)} yr`);
/** A rate given as a share (0..1) as a percentage: 0.8125 → "81.3 %". */
export const formatShare = (v: number | undefined): string =>
  v === undefined ? 'n/a' : `${formatOneDecimal(v * 100)} %`;

/** A traced figure in its unit; rates ('fraction', 'share', '%') are shares (0..1) like every rate in the API. */
export function formatTraced(t: Traced | undefined, currency: string): string {
  if (!t) return 'n/a';
  return formatValue(t.value, t.unit, currency);
}

export function formatValue(v: number, unit: string | undefined, currency: string): string {
  const u = unit ?? '';
  if (u === currency || u.startsWith(`${currency}/`) || u === 'EUR' || u.startsWith('EUR/'))
    return `${formatWhole(v)} ${u}`;
  // rates are shares (0..1) everywhere in the API, whatever the unit calls them
  if (u === '%' || u === 'fraction' || u === 'share') return formatShare(v);
  if (u === 'fraction/yr') return `${formatShare(v)}/yr`;
  if (u === '1/yr') return `${Number.isInteger(v) ? formatWhole(v) : String(Math.round(v * 1000) / 1000)} per yr`;
  if (u === 'h') return formatHours(v);
  if (u === 'yr') return formatYears(v);
  if (u === 'count' || u === '') return Number.isInteger(v) ? formatWhole(v) : formatOneDecimal(v);
  return `${Number.isInteger(v) ? formatWhole(v) : String(Math.round(v * 1000) / 1000)} ${u}`;
}
