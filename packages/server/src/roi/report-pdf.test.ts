import { describe, expect, it } from 'vitest';
import { formatMoney, formatWhole, reportFileName } from './report';
import { colourShare, fixtureReport, inkShare, pdfToText, renderPdfPages } from './report-fixture';
import { compact, niceTicks, pdfText, renderRoiPdf } from './report-pdf';

describe('ROI report PDF', () => {
  it('renders with pdftoppm: a page of figures, then charts that are drawn, not blank', async () => {
    const r = fixtureReport();
    const pdf = await renderRoiPdf(r);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = renderPdfPages(pdf, 50);
    const texts = pdfToText(pdf).split('\f');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages).toHaveLength(texts.filter((t) => t.trim()).length);
    // page 1: header and tables, in black and grey only; the charts are the only colour in the report
    expect(inkShare(pages[0]!)).toBeGreaterThan(0.02);
    expect(colourShare(pages[0]!)).toBeLessThan(0.0005);
    const on = (title: string) => texts.findIndex((t) => t.includes(title));
    const bars = on('Annual benefits by line');
    const tornado = on('Sensitivity of the NPV (tornado)');
    const cash = on('Cumulative cash flow');
    expect(Math.min(bars, tornado, cash)).toBeGreaterThan(0);
    // bars and thin lines: at 50 dpi the cash-flow lines alone colour about 0.5 % of a page, text none
    for (const p of new Set([bars, tornado, cash])) expect(colourShare(pages[p]!)).toBeGreaterThan(0.003);
    // the benefit chart: bars fill the plot below the ledger totals in the middle of page 2
    expect(inkShare(pages[bars]!, { x0: 0.15, y0: 0.45, x1: 0.95, y1: 0.75 })).toBeGreaterThan(0.03);
  });

  it('prints the totals in whole currency units, the scenarios, the ledger and the appendix formulas', async () => {
    const r = fixtureReport();
    const text = pdfToText(await renderRoiPdf(r));
    const e = r.businessCase.scenarios[1]!;
    const t = r.ledger.totals;
    expect(text).toContain('Return on investment report');
    expect(text).toContain('Werk Süd — Demo plant');
    expect(text).toContain('2026-10-01 to 2026-12-01');
    expect(text).toContain('Generated at');
    expect(text).toMatch(new RegExp(`Expected NPV\\s+${formatMoney(e.npv.value, 'EUR')}`));
    expect(text).toMatch(new RegExp(`Annual net benefit\\s+${formatWhole(e.annualNet.value)} EUR/yr`));
    expect(text).toMatch(/IRR\s+42\.0 %/);
    // the three scenarios side by side
    expect(text).toMatch(/conservative\s+expected\s+optimistic/);
    const npvs = r.businessCase.scenarios.map((s) => `${formatWhole(s.npv.value)} EUR`).join('\\s+');
    expect(text).toMatch(new RegExp(`NPV\\s+${npvs}`));
    // ledger totals
    expect(text).toMatch(new RegExp(`Catches\\s+${t.catches}\\n`));
    expect(text).toMatch(new RegExp(`False alarms\\s+${t.falseAlarms}\\n`));
    expect(text).toMatch(new RegExp(`Missed failures\\s+${t.missedFailures}\\n`));
    expect(text).toMatch(/Avoided downtime\s+10\.5 h/);
    expect(text).toMatch(new RegExp(`Avoided cost\\s+${formatMoney(t.avoidedCost, 'EUR')}`)); // 14,651 EUR
    expect(text).toContain('14,651 EUR');
    expect(text).toMatch(new RegExp(`Net \\(avoided cost - false alarm cost\\)\\s+${formatMoney(t.net, 'EUR')}`));
    expect(text).toMatch(/Detection rate\s+50\.0 %/);
    expect(text).toMatch(/Median lead time\s+71\.3 h/);
    // chart titles and labels, the entries table, the appendix with formulas (− and × in ASCII) and sources
    expect(text).toContain('Annual benefits by line (expected scenario)');
    expect(text).toContain('Sensitivity of the NPV (tornado)');
    expect(text).toContain('Cumulative cash flow');
    expect(text).toMatch(/Downtime cost\/h \(800 - 1,600\)/);
    expect(text).toContain('AL-1');
    expect(text).toContain('WO-3');
    expect(text).toContain('Appendix: how each figure was computed');
    expect(text).toContain('direct + indirect - false alarms - running cost');
    expect(text).toContain('[business case input]');
    expect(text).toContain('downtime: failures/yr x detection rate x cost - costs');
    expect(text).toContain('Ledger entry catch-1');
    expect(text).not.toContain('?'.repeat(2));
  });

  it('is deterministic for a report and pages a long ledger with the header on each page', async () => {
    const r = fixtureReport(180);
    const a = await renderRoiPdf(r);
    const b = await renderRoiPdf(r);
    expect(a.equals(b)).toBe(true);
    const text = pdfToText(a);
    expect(text).toContain('AL-179');
    const pages = text.split('\f').filter((p) => p.trim());
    const withHeader = pages.filter((p) => /Date\s+Kind\s+Asset\s+Alert\s+Work order/.test(p));
    expect(withHeader.length).toBeGreaterThanOrEqual(3);
    expect(pages.at(-1)).toMatch(new RegExp(`page ${pages.length} of ${pages.length}`));
  });

  it('renders an empty ledger and a case without IRR or payback', async () => {
    const r = fixtureReport(0);
    for (const s of r.businessCase.scenarios) {
      delete s.irr;
      delete s.paybackYears;
    }
    const text = pdfToText(await renderRoiPdf(r));
    expect(text).toMatch(/Catches\s+0\n/);
    expect(text).toMatch(/Detection rate\s+n\/a/);
    expect(text).toMatch(/IRR\s+n\/a\s+n\/a\s+n\/a/);
    expect(text).toContain('No catches, false alarms or missed failures in the period yet.');
  });

  it('formats and scales numbers', () => {
    expect(formatWhole(1234567.5)).toBe('1,234,568');
    expect(formatWhole(-0.4)).toBe('0');
    expect(formatWhole(-6300)).toBe('-6,300');
    expect(compact(1_250_000)).toBe('1.25M');
    expect(compact(-12_500)).toBe('-12.5k');
    expect(niceTicks(-6300, 182400)).toEqual([-50000, 0, 50000, 100000, 150000, 200000]);
    expect(niceTicks(0, 1).map((t) => Math.round(t * 1e9) / 1e9)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(pdfText('a − b × c ≥ d → e € ü ✓')).toBe('a - b x c >= d -> e € ü ?');
    expect(reportFileName('pdf', Date.UTC(2026, 11, 7, 23))).toBe('prognos-roi-report-2026-12-07.pdf');
  });
});
