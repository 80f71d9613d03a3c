import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Alert, BusinessCaseResult, EvidenceLedger, WorkOrderDetail } from '@prognos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHours, formatMoney, formatShare, formatWhole } from '../packages/server/src/roi/report';
import { parseRoiCsv } from '../packages/server/src/roi/report-csv';
import { colourShare, inkShare, pdfToText, renderPdfPages } from '../packages/server/src/roi/report-fixture';
import { getJson, postJson, startTestServer, type TestServer } from './harness';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli/bin/prognos.js');
const run = (args: string[]) => promisify(execFile)(process.execPath, [cli, ...args], { timeout: 60_000 });
const H = 3_600_000;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The PDF's text must print each API total with the report's rounding (whole currency units, 0.1 h, 0.1 %). */
function expectTotalsPrinted(text: string, c: BusinessCaseResult, l: EvidenceLedger): void {
  const e = c.scenarios.find((s) => s.name === 'expected')!;
  const cur = c.inputs.currency;
  const line = (label: string, value: string) =>
    expect(text, `${label} ${value}`).toMatch(new RegExp(`${esc(label)}\\s+${esc(value)}(\\s|$)`, 'm'));
  line('Expected NPV', formatMoney(e.npv.value, cur));
  line('Annual net benefit', `${formatWhole(e.annualNet.value)} ${e.annualNet.unit}`);
  line('Annual direct benefit', `${formatWhole(e.annualDirect.value)} ${e.annualDirect.unit}`);
  const npvs = c.scenarios.map((s) => esc(formatMoney(s.npv.value, cur))).join('\\s+');
  expect(text).toMatch(new RegExp(`NPV\\s+${npvs}`));
  const t = l.totals;
  line('Catches', String(t.catches));
  line('False alarms', String(t.falseAlarms));
  line('Missed failures', String(t.missedFailures));
  line('Avoided downtime', formatHours(t.avoidedDowntimeHours));
  line('Avoided cost', formatMoney(t.avoidedCost, cur));
  line('False alarm cost', formatMoney(t.falseAlarmCost, cur));
  line('Net (avoided cost - false alarm cost)', formatMoney(t.net, cur));
  line('Detection rate', formatShare(t.detectionRate));
  line('Median lead time', formatHours(t.medianLeadTimeHours));
}

/**
 * ROI reports through the API and the CLI: evidence of all three kinds on the simulated plant (a catch, a false
 * alarm, a missed failure), then the PDF rendered with Debian's pdftoppm and read back with pdftotext, the CSV
 * parsed, and every printed total compared with GET /api/roi/case and GET /api/roi/ledger.
 */
describe('ROI reports', () => {
  let s: TestServer;
  let out: string;
  const get = async <T>(path: string) => (await getJson<T>(`${s.base}${path}`)).body;
  const post = async <T>(path: string, body: unknown) => {
    const r = await postJson<T>(`${s.base}${path}`, body);
    expect(r.status, `POST ${path}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'prognos-roi-report-'));
    s = await startTestServer({ backfillHours: 1 });
    // Two alerts as the analytics would have raised them (waiting for a simulated fault takes minutes; the ledger
    // test does that): one caught and repaired planned, one closed as a false alarm.
    const now = Date.now();
    const alert = (id: string, assetId: string, startedAt: number): Alert => ({
      id,
      assetId,
      kind: 'anomaly',
      severity: 'warning',
      state: 'open',
      title: `Anomaly on ${assetId}`,
      explanation: 'vibration above its healthy range',
      contributions: [],
      score: 1.4,
      peakScore: 1.6,
      startedAt,
      updatedAt: startedAt,
    });
    await s.p.ctx.metadata.saveAlert(alert('roi-catch', 'P-101', now - 30 * H));
    await s.p.ctx.metadata.saveAlert(alert('roi-false', 'G-401', now - 5 * H));
    const wo = await post<WorkOrderDetail>('/api/alerts/roi-catch/work-order', { by: 'kim' });
    await post(`/api/work-orders/${wo.id}/complete`, {
      by: 'lee',
      findings: {
        failureConfirmed: true,
        rootCause: 'outer race spalled',
        actionTaken: 'replaced the DE bearing',
        downtimeHours: 2.5,
      },
    });
    await post('/api/alerts/roi-false/close', { by: 'kim', label: { outcome: 'false_alarm' } });
    const corrective = await post<WorkOrderDetail>('/api/work-orders', {
      assetId: 'M-201',
      type: 'corrective',
      title: 'Motor tripped: winding burnt',
      by: 'kim',
    });
    await post(`/api/work-orders/${corrective.id}/complete`, {
      by: 'lee',
      findings: { failureConfirmed: true, rootCause: 'winding failed', actionTaken: 'rewound', downtimeHours: 7.5 },
    });
  }, 120_000);
  let closed = false;
  afterAll(async () => {
    if (closed) rmSync(s.dir, { recursive: true, force: true });
    else await s?.stop();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('GET /api/roi/report.pdf renders with pdftoppm, shows its charts and prints the API totals', async () => {
    const res = await fetch(`${s.base}/api/roi/report.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="prognos-roi-report-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const c = await get<BusinessCaseResult>('/api/roi/case');
    const l = await get<EvidenceLedger>('/api/roi/ledger');
    expect(l.totals).toMatchObject({ catches: 1, falseAlarms: 1, missedFailures: 1 });

    const pages = renderPdfPages(pdf, 50);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const texts = pdfToText(pdf).split('\f');
    expect(texts.filter((t) => t.trim())).toHaveLength(pages.length);
    for (const title of ['Annual benefits by line', 'Sensitivity of the NPV (tornado)', 'Cumulative cash flow']) {
      const p = texts.findIndex((t) => t.includes(title));
      expect(p, title).toBeGreaterThan(0);
      // bars and lines in colour, where text is black and grey
      expect(colourShare(pages[p]!), title).toBeGreaterThan(0.003);
    }
    expect(inkShare(pages[0]!)).toBeGreaterThan(0.02);
    expect(colourShare(pages[0]!)).toBeLessThan(0.0005);

    const text = texts.join('\f');
    expectTotalsPrinted(text, c, l);
    expect(text).toContain('roi-catch');
    expect(text).toContain('roi-false');
    expect(text).toContain('Appendix: how each figure was computed');
    expect(text).toContain(l.entries.find((e) => e.kind === 'catch')!.value.inputs[0]!.source);
  });

  it('passes ?from=&to= to the ledger and answers a bad period with a coded 400', async () => {
    const from = '2020-01-01T00:00:00Z';
    const to = Date.UTC(2020, 6, 1);
    const l = await get<EvidenceLedger>(`/api/roi/ledger?from=${from}&to=${to}`);
    expect(l.entries).toHaveLength(0);
    const csv = await fetch(`${s.base}/api/roi/report.csv?from=${from}&to=${to}`);
    const sections = parseRoiCsv(await csv.text());
    const report = Object.fromEntries(sections.get('report')!.map((x) => [x.field, x.value]));
    expect(report).toMatchObject({ ledger_from: '2020-01-01T00:00:00.000Z', ledger_to: '2020-07-01T00:00:00.000Z' });
    expect(sections.get('ledger entries')).toHaveLength(0);
    const pdf = Buffer.from(await (await fetch(`${s.base}/api/roi/report.pdf?from=${from}&to=${to}`)).arrayBuffer());
    const text = pdfToText(pdf);
    expect(text).toContain('2020-01-01 to 2020-07-01');
    expect(text).toMatch(/Catches\s+0\n/);
    for (const [q, field] of [
      ['from=yesterday', 'from'],
      ['to=12abc', 'to'],
      ['from=2000&to=1000', 'from'],
    ] as const)
      for (const format of ['pdf', 'csv']) {
        const r = await getJson<{ code: string; message: string }>(`${s.base}/api/roi/report.${format}?${q}`);
        expect(r.status, q).toBe(400);
        expect(r.body.code).toBe('QUERY_INVALID_RANGE');
        expect(r.body.message).toContain(field);
      }
  });

  it('GET /api/roi/report.csv parses and its totals equal the API', async () => {
    const res = await fetch(`${s.base}/api/roi/report.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/filename="prognos-roi-report-\d{4}-\d{2}-\d{2}\.csv"$/);
    const sections = parseRoiCsv(await res.text());
    const c = await get<BusinessCaseResult>('/api/roi/case');
    const l = await get<EvidenceLedger>('/api/roi/ledger');
    const totals = Object.fromEntries(sections.get('ledger totals')!.map((x) => [x.figure, x.value]));
    const t = l.totals;
    expect(totals).toEqual({
      catches: String(t.catches),
      false_alarms: String(t.falseAlarms),
      missed_failures: String(t.missedFailures),
      avoided_downtime_hours: String(t.avoidedDowntimeHours),
      avoided_cost: String(t.avoidedCost),
      false_alarm_cost: String(t.falseAlarmCost),
      missed_failure_cost: String(t.missedFailureCost),
      net: String(t.net),
      detection_rate: String(t.detectionRate ?? ''),
      median_lead_time_hours: String(t.medianLeadTimeHours ?? ''),
    });
    const summary = sections.get('case summary')!;
    for (const sc of c.scenarios) {
      const row = (figure: string) => summary.find((x) => x.scenario === sc.name && x.figure === figure)!;
      expect(Number(row('npv').value)).toBe(sc.npv.value);
      expect(Number(row('annual_net').value)).toBe(sc.annualNet.value);
      expect(row('npv').formula).toBe(sc.npv.formula);
    }
    const entries = sections.get('ledger entries')!;
    expect(entries.map((e) => [e.kind, e.alert, Number(e.value)])).toEqual(
      l.entries.map((e) => [e.kind, e.alertId ?? '', e.value.value]),
    );
    expect(sections.get('tornado')!.map((x) => x.input)).toEqual(c.tornado.map((b) => b.input));
    const lines = sections.get('benefit lines')!.filter((x) => x.scenario === 'expected');
    expect(lines.map((x) => Number(x.annual))).toEqual(
      c.scenarios.find((x) => x.name === 'expected')!.benefits.map((b) => b.annual.value),
    );
  });

  it('prognos roi report writes the PDF and the CSV through --url and from the store with -d', async () => {
    const pdfFile = join(out, 'url', 'roi.pdf');
    const r1 = await run(['roi', 'report', '--out', pdfFile, '--url', s.base]);
    expect(r1.stdout).toMatch(/Wrote the ROI report \(PDF, [\d,]+ bytes\) to .*roi\.pdf/);
    const csvFile = join(out, 'url', 'roi.csv');
    await run(['roi', 'report', '--out', csvFile, '--url', s.base, '--from', '2020-01-01', '--to', '2020-02-01']);
    expect(parseRoiCsv(readFileSync(csvFile, 'utf8')).get('ledger entries')).toHaveLength(0);
    const bad = await run(['roi', 'report', '--out', join(out, 'x.pdf'), '--url', s.base, '--from', 'soon']).catch(
      (e) => e,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/QUERY_INVALID_RANGE: .*from "soon"/);
    const noFormat = await run(['roi', 'report', '--out', join(out, 'x.txt'), '--url', s.base]).catch((e) => e);
    expect(noFormat.code).toBe(1);
    expect(noFormat.stderr).toMatch(/name the file \.pdf or \.csv/);
    expect(existsSync(join(out, 'x.txt'))).toBe(false);

    const c = await get<BusinessCaseResult>('/api/roi/case');
    const l = await get<EvidenceLedger>('/api/roi/ledger');
    expectTotalsPrinted(pdfToText(readFileSync(pdfFile)), c, l);
    expect(renderPdfPages(readFileSync(pdfFile), 30).length).toBeGreaterThanOrEqual(2);

    // In-process on the embedded store: the server's own folder, once the server has closed it
    await s.p.close();
    closed = true;
    const local = join(out, 'local.pdf');
    const r2 = await run(['roi', 'report', '--out', local, '-d', s.dir]);
    expect(r2.stdout).toMatch(/Wrote the ROI report \(PDF/);
    expectTotalsPrinted(pdfToText(readFileSync(local)), c, l);
    const localCsv = join(out, 'local.txt');
    await run(['roi', 'report', '--out', localCsv, '--format', 'csv', '-d', s.dir]);
    const totals = parseRoiCsv(readFileSync(localCsv, 'utf8')).get('ledger totals')!;
    expect(Number(totals.find((x) => x.figure === 'net')!.value)).toBe(l.totals.net);
    expect(Number(totals.find((x) => x.figure === 'catches')!.value)).toBe(1);
  });
});
