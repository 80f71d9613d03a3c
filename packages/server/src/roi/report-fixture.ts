/**
 * A hand-built ROI report for the renderers' tests: a small plant with two asset classes, three scenarios, a
 * tornado, and a ledger with a catch, a false alarm and a missed failure. The numbers are made up but consistent
 * (the ledger totals are the sums of its entries), so a test can recompute what a report must print.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  BusinessCaseResult,
  EvidenceLedger,
  LedgerEntry,
  RoiScenarioName,
  RoiScenarioResult,
  Traced,
} from '@prognos/core';
import type { RoiReport } from './report';

const T = (label: string, value: number, unit: string, formula: string, inputs: Traced['inputs'] = []): Traced => ({
  label,
  value,
  unit,
  formula,
  inputs,
});

function scenario(name: RoiScenarioName, factor: number): RoiScenarioResult {
  const lines = [
    { key: 'downtime', kind: 'direct' as const, v: 182_400.4 },
    { key: 'repair', kind: 'direct' as const, v: 41_250 },
    { key: 'pm', kind: 'direct' as const, v: 12_600.5 },
    { key: 'spares', kind: 'indirect' as const, v: 4_800 },
    { key: 'scrap', kind: 'indirect' as const, v: 9_000 },
    { key: 'false_alarms', kind: 'cost' as const, v: -6_300 },
  ];
  const benefits = lines.map((l) => ({
    key: l.key,
    kind: l.kind,
    annual: T(`${l.key} benefit`, l.v * factor, 'EUR/yr', `${l.key}: failures/yr × detection rate × cost − costs`, [
      { name: 'detection rate', value: 0.8 * factor, source: 'business case input' },
      { name: 'downtime cost/h', value: 1_200, unit: 'EUR/h', source: 'asset class centrifugal_pump' },
    ]),
  }));
  const direct = benefits.filter((b) => b.kind === 'direct').reduce((s, b) => s + b.annual.value, 0);
  const indirect = benefits.filter((b) => b.kind === 'indirect').reduce((s, b) => s + b.annual.value, 0);
  const cost = benefits.filter((b) => b.kind === 'cost').reduce((s, b) => s + b.annual.value, 0);
  const running = 30_000;
  const net = direct + indirect + cost - running;
  const invest = -150_000;
  const cashFlows = [invest, net, net, net, net, net];
  const npv = cashFlows.reduce((s, cf, t) => s + cf / 1.08 ** t, 0);
  return {
    name,
    assumptions: [
      { name: 'detection rate', value: 0.8 * factor, note: 'share of failures caught early' },
      { name: 'benefit factor', value: factor, note: `${name} case` },
    ],
    benefits,
    byClass: [
      { assetType: 'centrifugal_pump', annual: T('Pumps', direct * 0.7, 'EUR/yr', 'sum of the lines, pumps') },
      { assetType: 'induction_motor', annual: T('Motors', direct * 0.3, 'EUR/yr', 'sum of the lines, motors') },
    ],
    annualDirect: T('Annual direct benefit', direct, 'EUR/yr', 'downtime + repair + pm'),
    annualIndirect: T('Annual indirect benefit', indirect, 'EUR/yr', 'spares + scrap'),
    annualNet: T('Annual net benefit', net, 'EUR/yr', 'direct + indirect − false alarms − running cost', [
      { name: 'running cost', value: running, unit: 'EUR/yr', source: 'implementation' },
    ]),
    cashFlows,
    npv: T('NPV', npv, 'EUR', 'Σ CF_t / (1 + r)^t', [{ name: 'r', value: 0.08, source: 'business case input' }]),
    irr: T('IRR', 0.42 * factor, 'fraction/yr', 'r where NPV(r) = 0'),
    paybackYears: T('Payback', 150_000 / net, 'yr', 'investment / annual net'),
    ...(factor < 1 ? {} : { discountedPaybackYears: T('Discounted payback', 150_000 / net + 0.3, 'yr', 'interp.') }),
  };
}

function entry(e: Partial<LedgerEntry> & Pick<LedgerEntry, 'id' | 'kind' | 'value'>): LedgerEntry {
  return {
    assetId: 'P-101',
    assetName: 'Feed pump, "north"',
    assetType: 'centrifugal_pump',
    lineId: 'L1',
    at: Date.UTC(2026, 10, 3, 10),
    ...e,
  };
}

export function fixtureReport(entries = 3): RoiReport {
  const scenarios = [scenario('conservative', 0.6), scenario('expected', 1), scenario('optimistic', 1.3)];
  const npv = scenarios[1]?.npv.value ?? 0;
  const businessCase: BusinessCaseResult = {
    inputs: {
      currency: 'EUR',
      classes: [],
      implementation: {
        sensors: 60_000,
        gateways: 10_000,
        software: 40_000,
        training: 15_000,
        integration: 25_000,
        annualRunning: 30_000,
      },
      discountRate: 0.08,
      years: 5,
      falseAlarmCost: 350,
      falseAlarmsPerAssetYear: 1,
    },
    detection: {
      rate: T('Detection rate', 0.8, 'fraction', 'catches / (catches + missed failures)'),
      leadTimeHours: T('Lead time', 96, 'h', 'median of the catches'),
      source: 'ledger',
    },
    scenarios,
    // around the expected NPV, largest swing first
    tornado: [
      { input: 'Downtime cost/h', low: 800, high: 1600, npvLow: npv - 210_000, npvHigh: npv + 100_000 },
      { input: 'Detection rate', low: 0.6, high: 0.95, npvLow: npv - 110_000, npvHigh: npv + 80_000 },
      { input: 'Discount rate', low: 0.05, high: 0.12, npvLow: npv + 40_500, npvHigh: npv - 35_000 },
    ],
    computedAt: Date.UTC(2026, 11, 7, 12),
  };
  const base: LedgerEntry[] = [
    entry({
      id: 'catch-1',
      kind: 'catch',
      alertId: 'AL-1',
      workOrderId: 'WO-1',
      leadTimeHours: T('Lead time', 71.25, 'h', 'repair − alert start'),
      avoidedDowntimeHours: T('Avoided downtime', 10.5, 'h', 'MTTR unplanned − actual downtime'),
      value: T('Avoided cost', 14_650.5, 'EUR', 'avoided h × downtime cost/h + repair difference', [
        { name: 'avoided h', value: 10.5, unit: 'h', source: 'work order WO-1' },
      ]),
    }),
    entry({
      id: 'fa-1',
      kind: 'false_alarm',
      alertId: 'AL-2',
      value: T('False alarm', -350, 'EUR', 'false alarm cost'),
    }),
    entry({
      id: 'miss-1',
      kind: 'missed_failure',
      workOrderId: 'WO-3',
      assetId: 'M-201',
      assetName: 'Motor M-201',
      value: T('Missed failure', -22_000, 'EUR', 'downtime × cost/h + emergency repair'),
    }),
  ];
  // more catches for the paging tests
  for (let i = base.length; i < entries; i++)
    base.push(
      entry({
        id: `catch-${i}`,
        kind: 'catch',
        alertId: `AL-${i}`,
        workOrderId: `WO-${i}`,
        at: Date.UTC(2026, 10, 3) + i * 3_600_000,
        leadTimeHours: T('Lead time', 48, 'h', 'repair − alert start'),
        avoidedDowntimeHours: T('Avoided downtime', 2, 'h', 'MTTR unplanned − actual downtime'),
        value: T('Avoided cost', 1_000, 'EUR', 'avoided h × downtime cost/h'),
      }),
    );
  const list = base.slice(0, Math.max(entries, 0));
  const sum = (k: LedgerEntry['kind']) => list.filter((e) => e.kind === k).reduce((s, e) => s + e.value.value, 0);
  const count = (k: LedgerEntry['kind']) => list.filter((e) => e.kind === k).length;
  const avoidedCost = sum('catch');
  const falseAlarmCost = -sum('false_alarm');
  const totals = {
    catches: count('catch'),
    falseAlarms: count('false_alarm'),
    missedFailures: count('missed_failure'),
    avoidedDowntimeHours: list.reduce((s, e) => s + (e.avoidedDowntimeHours?.value ?? 0), 0),
    avoidedCost,
    falseAlarmCost,
    missedFailureCost: -sum('missed_failure'),
    net: avoidedCost - falseAlarmCost,
    ...(count('catch') + count('missed_failure') > 0
      ? { detectionRate: count('catch') / (count('catch') + count('missed_failure')) }
      : {}),
    ...(count('catch') > 0 ? { medianLeadTimeHours: 71.25 } : {}),
  };
  const ledger: EvidenceLedger = {
    currency: 'EUR',
    from: Date.UTC(2026, 9, 1),
    to: Date.UTC(2026, 11, 1),
    entries: list,
    totals,
    traced: {
      avoidedCost: T('Avoided cost', avoidedCost, 'EUR', 'sum of the catches'),
      falseAlarmCost: T('False alarm cost', falseAlarmCost, 'EUR', 'sum of the false alarms'),
      net: T('Net', totals.net, 'EUR', 'avoided cost − false alarm cost'),
    },
    byAsset: [{ key: 'P-101', label: 'Feed pump', totals }],
    byLine: [{ key: 'L1', label: 'Line 1', totals }],
    byMonth: [{ key: '2026-11', label: 'November 2026', totals }],
    expectedOverPeriod: T('Expected net over the period', 36_500, 'EUR', 'annual net × days / 365'),
  };
  return { site: 'Werk Süd — Demo plant', generatedAt: Date.UTC(2026, 11, 7, 12, 30), businessCase, ledger };
}

// ---- Debian poppler-utils, for the tests that check a PDF renders ---------------------------------------------------

/** A rendered page: 8-bit RGB pixels, row by row (pdftoppm's PPM output). */
export interface Raster {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** Reads a binary PPM (P6, max value 255), the format pdftoppm writes without -png/-jpeg. */
export function readPpm(buf: Buffer): Raster {
  let pos = 0;
  const token = (): string => {
    for (;;) {
      while (pos < buf.length && /\s/.test(String.fromCharCode(buf[pos] ?? 0))) pos++;
      if (buf[pos] !== 0x23) break; // '#' comment to the end of the line
      while (pos < buf.length && buf[pos] !== 0x0a) pos++;
    }
    const start = pos;
    while (pos < buf.length && !/\s/.test(String.fromCharCode(buf[pos] ?? 0))) pos++;
    return buf.subarray(start, pos).toString('ascii');
  };
  const magic = token();
  const width = Number(token());
  const height = Number(token());
  const max = Number(token());
  if (magic !== 'P6' || max !== 255) throw new Error(`not an 8-bit P6 PPM (${magic}, max ${max})`);
  pos++; // the one whitespace byte before the pixels
  return { width, height, rgb: new Uint8Array(buf.subarray(pos, pos + width * height * 3)) };
}

/** Renders every page of a PDF with pdftoppm at `dpi` (PPM output) and reads the pages back, in order. */
export function renderPdfPages(pdf: Buffer, dpi = 50): Raster[] {
  const dir = mkdtempSync(join(tmpdir(), 'prognos-pdf-'));
  try {
    writeFileSync(join(dir, 'report.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), join(dir, 'report.pdf'), join(dir, 'page')], { timeout: 60_000 });
    // page-1.ppm … page-N.ppm, zero-padded when N has more digits: sort by the number
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ppm'))
      .sort((a, b) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')));
    return files.map((f) => readPpm(readFileSync(join(dir, f))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text as pdftotext extracts it, with the physical layout kept (-layout): a label and its value share a line. */
export function pdfToText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf, timeout: 60_000 }).toString('utf8');
}

/** Share of pixels in the region (fractions of the page) that are not near white. */
export function inkShare(r: Raster, region = { x0: 0, y0: 0, x1: 1, y1: 1 }): number {
  const xs = [Math.floor(region.x0 * r.width), Math.ceil(region.x1 * r.width)];
  const ys = [Math.floor(region.y0 * r.height), Math.ceil(region.y1 * r.height)];
  let ink = 0;
  let all = 0;
  for (let y = ys[0] ?? 0; y < (ys[1] ?? 0); y++)
    for (let x = xs[0] ?? 0; x < (xs[1] ?? 0); x++) {
      const i = (y * r.width + x) * 3;
      all++;
      if ((r.rgb[i] ?? 255) < 230 || (r.rgb[i + 1] ?? 255) < 230 || (r.rgb[i + 2] ?? 255) < 230) ink++;
    }
  return all === 0 ? 0 : ink / all;
}

/** Share of pixels in the region that are colourful (a chart's bars and lines, not black text). */
export function colourShare(r: Raster): number {
  let n = 0;
  for (let i = 0; i < r.rgb.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [r.rgb[i], r.rgb[i + 1], r.rgb[i + 2]];
    if (Math.max(a, b, c) - Math.min(a, b, c) > 60) n++;
  }
  return n / (r.rgb.length / 3);
}
