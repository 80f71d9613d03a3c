/**
 * The ROI report as PDF (pdfkit, A4, the PDF standard fonts): the business case, its charts drawn as vector
 * graphics, the evidence ledger and an appendix with the formula and inputs of every figure shown, so a reader can
 * redo any number. Money is printed in whole currency units (half up, see ./report.ts); the same rounding applied
 * to the API's numbers gives the printed ones. The output is deterministic for a given report (the creation date is
 * the report's generation time), which keeps the tests' renders stable.
 */
import type { RoiScenarioResult, TornadoBar, Traced } from '@prognos/core';
import PDFDocument from 'pdfkit';
import {
  expectedScenario,
  formatHours,
  formatMoney,
  formatShare,
  formatTraced,
  formatValue,
  formatWhole,
  isoDay,
  isoMinute,
  type RoiReport,
} from './report';

type Doc = PDFKit.PDFDocument;

const MARGIN = 48;
const COLORS = {
  text: '#1a202c',
  muted: '#5a6472',
  grid: '#d9dee5',
  axis: '#4a5568',
  direct: '#2b6cb0',
  indirect: '#2f855a',
  cost: '#c53030',
  header: '#edf2f7',
  scenario: { conservative: '#dd6b20', expected: '#2b6cb0', optimistic: '#2f855a' } as Record<string, string>,
};

/**
 * The standard PDF fonts only have the Windows-1252 characters; the API's formulas use a few typographic signs
 * outside it (−, ×, ≥, →) that would print as nothing. They become their ASCII spellings; anything else outside the
 * set becomes "?", so a missing glyph is visible rather than silent.
 */
const REPLACE: Record<string, string> = {
  '\u2212': '-',
  '\u00d7': 'x',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2248': '~',
  '\u2260': '!=',
  '\u03a3': 'sum ',
  '\u2211': 'sum ',
  '\u221a': 'sqrt',
  '\u00b7': '\u00b7',
  '\u202f': ' ',
  '\u2009': ' ',
  '\u00a0': ' ',
};
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
export function pdfText(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = REPLACE[ch];
    if (r !== undefined) out += r;
    else if ((ch.codePointAt(0) ?? 0) <= 0xff || CP1252_EXTRA.has(ch)) out += ch;
    else out += '?';
  }
  return out;
}

/** Ticks of a value axis: about `count` round steps (1, 2, 2.5, 5 × 10^k) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  if ((out.at(-1) ?? max) < max) out.push((out.at(-1) ?? 0) + step);
  return out;
}

/** Short axis labels: 1,250,000 → "1.25M", 12,500 → "12.5k". */
export function compact(v: number): string {
  const a = Math.abs(v);
  const trim = (x: number) => String(Math.round(x * 100) / 100);
  if (a >= 1e9) return `${trim(v / 1e9)}G`;
  if (a >= 1e6) return `${trim(v / 1e6)}M`;
  if (a >= 1e4) return `${trim(v / 1e3)}k`;
  return formatWhole(v);
}

interface Column {
  title: string;
  /** Share of the content width. */
  width: number;
  align?: 'left' | 'right' | 'center';
}

class Writer {
  readonly currency: string;
  /** Traced figures printed, in order, for the appendix (label → figure). */
  readonly shown: { where: string; t: Traced }[] = [];

  constructor(
    readonly doc: Doc,
    readonly r: RoiReport,
  ) {
    this.currency = r.businessCase.inputs.currency;
  }

  get left(): number {
    return MARGIN;
  }
  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }
  get bottom(): number {
    return this.doc.page.height - MARGIN - 14; // room for the footer
  }

  /** Starts a new page when `h` points do not fit below the cursor. */
  ensure(h: number): void {
    if (this.doc.y + h > this.bottom) this.doc.addPage();
  }

  text(s: string, x: number, y: number, o: PDFKit.Mixins.TextOptions = {}): void {
    this.doc.text(pdfText(s), x, y, o);
  }

  money = (v: number): string => formatMoney(v, this.currency);

  trace(where: string, t: Traced | undefined): string {
    if (!t) return 'n/a';
    this.shown.push({ where, t });
    return formatTraced(t, this.currency);
  }

  heading(s: string, size = 14): void {
    this.ensure(size + 70); // a heading never ends a page: keep room for what follows it
    this.doc.moveDown(0.6);
    this.doc.font('Helvetica-Bold').fontSize(size).fillColor(COLORS.text);
    this.text(s, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
    this.doc.font('Helvetica').fontSize(9);
  }

  paragraph(s: string, size = 8.5, color = COLORS.muted): void {
    this.doc.font('Helvetica').fontSize(size).fillColor(color);
    this.ensure(this.doc.heightOfString(pdfText(s), { width: this.width }) + 4);
    this.text(s, this.left, this.doc.y, { width: this.width });
    this.doc.fillColor(COLORS.text);
  }

  /** A table with a shaded header row, repeated on every page it runs over. */
  table(columns: Column[], rows: string[][], size = 8.5): void {
    const doc = this.doc;
    const pad = 3;
    const widths = columns.map((c) => c.width * this.width);
    const rowHeight = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
      return (
        Math.max(...cells.map((c, i) => doc.heightOfString(pdfText(c), { width: (widths[i] ?? 0) - 2 * pad }))) +
        2 * pad
      );
    };
    const drawRow = (cells: string[], bold: boolean, shade: boolean) => {
      const h = rowHeight(cells, bold);
      const y = doc.y;
      if (shade) doc.rect(this.left, y, this.width, h).fill(COLORS.header);
      doc
        .fillColor(COLORS.text)
        .font(bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(size);
      let x = this.left;
      cells.forEach((c, i) => {
        const w = widths[i] ?? 0;
        this.text(c, x + pad, y + pad, { width: w - 2 * pad, align: columns[i]?.align ?? 'left' });
        x += w;
      });
      doc
        .moveTo(this.left, y + h)
        .lineTo(this.left + this.width, y + h)
        .lineWidth(0.4)
        .strokeColor(COLORS.grid)
        .stroke();
      doc.x = this.left;
      doc.y = y + h;
    };
    const titles = columns.map((c) => c.title);
    this.ensure(rowHeight(titles, true) + rowHeight(rows[0] ?? titles, false));
    drawRow(titles, true, true);
    for (const row of rows) {
      if (doc.y + rowHeight(row, false) > this.bottom) {
        doc.addPage();
        drawRow(titles, true, true);
      }
      drawRow(row, false, false);
    }
    doc.font('Helvetica').fontSize(9).fillColor(COLORS.text);
    doc.moveDown(0.5);
  }

  // ---- the sections ---------------------------------------------------------------------------------------------

  header(): void {
    const { doc, r } = this;
    const l = r.ledger;
    doc.font('Helvetica-Bold').fontSize(20).fillColor(COLORS.text);
    this.text('Return on investment report', this.left, MARGIN, { width: this.width });
    doc.font('Helvetica').fontSize(12).fillColor(COLORS.muted);
    this.text(r.site, this.left, doc.y + 2, { width: this.width });
    doc.moveDown(0.5);
    this.table(
      [
        { title: 'Report', width: 0.35 },
        { title: '', width: 0.65 },
      ],
      [
        ['Site', r.site],
        ['Evidence period', `${isoDay(l.from)} to ${isoDay(l.to)} (${isoMinute(l.from)} - ${isoMinute(l.to)})`],
        ['Generated at', isoMinute(r.generatedAt)],
        ['Currency', this.currency],
        ['Rounding', `Money in whole ${this.currency} (half up); hours and years to 0.1; rates as percentages to 0.1.`],
      ],
    );
  }

  summary(): void {
    const c = this.r.businessCase;
    const e = expectedScenario(c);
    this.heading('Business case: expected scenario');
    if (!e) {
      this.paragraph('The business case has no scenarios.');
      return;
    }
    const w = 'Business case, expected scenario';
    this.table(
      [
        { title: 'Figure', width: 0.55 },
        { title: 'Value', width: 0.45, align: 'right' },
      ],
      [
        ['Expected NPV', this.trace(w, e.npv)],
        ['IRR', this.trace(w, e.irr)],
        ['Payback', this.trace(w, e.paybackYears)],
        ['Discounted payback', this.trace(w, e.discountedPaybackYears)],
        ['Annual direct benefit', this.trace(w, e.annualDirect)],
        ['Annual indirect benefit', this.trace(w, e.annualIndirect)],
        ['Annual net benefit', this.trace(w, e.annualNet)],
        ['Detection rate used', `${this.trace('Business case detection', c.detection.rate)} (${c.detection.source})`],
        [
          'Lead time used',
          `${this.trace('Business case detection', c.detection.leadTimeHours)} (${c.detection.source})`,
        ],
        ['Discount rate, horizon', `${formatShare(c.inputs.discountRate)}, ${c.inputs.years} years`],
      ],
    );
  }

  scenarios(): void {
    const ss = this.r.businessCase.scenarios;
    this.heading('Scenarios');
    const col = 0.6 / Math.max(1, ss.length);
    const row = (label: string, pick: (s: RoiScenarioResult) => Traced | undefined): string[] => [
      label,
      ...ss.map((s) => this.trace(`Scenario ${s.name}`, pick(s))),
    ];
    this.table(
      [{ title: 'Figure', width: 0.4 }, ...ss.map((s) => ({ title: s.name, width: col, align: 'right' as const }))],
      [
        row('NPV', (s) => s.npv),
        row('IRR', (s) => s.irr),
        row('Payback', (s) => s.paybackYears),
        row('Discounted payback', (s) => s.discountedPaybackYears),
        row('Annual direct benefit', (s) => s.annualDirect),
        row('Annual indirect benefit', (s) => s.annualIndirect),
        row('Annual net benefit', (s) => s.annualNet),
      ],
    );
    const assumptions = ss.flatMap((s) => s.assumptions.map((a) => [s.name, a.name, String(a.value), a.note]));
    if (assumptions.length > 0)
      this.table(
        [
          { title: 'Scenario', width: 0.16 },
          { title: 'Assumption', width: 0.3 },
          { title: 'Value', width: 0.12, align: 'right' },
          { title: 'Note', width: 0.42 },
        ],
        assumptions,
        8,
      );
  }

  ledgerTotals(): void {
    const l = this.r.ledger;
    const t = l.totals;
    this.heading('Evidence ledger: measured results');
    this.paragraph(`From ${isoMinute(l.from)} to ${isoMinute(l.to)}: catches, false alarms and missed failures.`);
    const w = 'Evidence ledger totals';
    this.table(
      [
        { title: 'Total', width: 0.55 },
        { title: 'Value', width: 0.45, align: 'right' },
      ],
      [
        ['Catches', formatWhole(t.catches)],
        ['False alarms', formatWhole(t.falseAlarms)],
        ['Missed failures', formatWhole(t.missedFailures)],
        ['Avoided downtime', formatHours(t.avoidedDowntimeHours)],
        ['Avoided cost', this.money(t.avoidedCost)],
        ['False alarm cost', this.money(t.falseAlarmCost)],
        ['Missed failure cost (baseline, not subtracted)', this.money(t.missedFailureCost)],
        ['Net (avoided cost - false alarm cost)', this.money(t.net)],
        ['Detection rate', formatShare(t.detectionRate)],
        ['Median lead time', formatHours(t.medianLeadTimeHours)],
        ...(l.expectedOverPeriod
          ? [['Business case expectation over the period', this.trace(w, l.expectedOverPeriod)]]
          : []),
      ],
    );
    // the traced totals carry the formulas of the sums printed above
    for (const f of [l.traced.avoidedCost, l.traced.falseAlarmCost, l.traced.net, l.traced.detectionRate])
      if (f) this.shown.push({ where: w, t: f });
  }

  ledgerEntries(): void {
    const l = this.r.ledger;
    this.heading('Evidence ledger entries');
    if (l.entries.length === 0) {
      this.paragraph('No catches, false alarms or missed failures in the period yet.');
      return;
    }
    const kind = { catch: 'Catch', false_alarm: 'False alarm', missed_failure: 'Missed failure' } as const;
    this.table(
      [
        { title: 'Date', width: 0.11 },
        { title: 'Kind', width: 0.12 },
        { title: 'Asset', width: 0.24 },
        { title: 'Alert', width: 0.12 },
        { title: 'Work order', width: 0.12 },
        { title: 'Lead time', width: 0.09, align: 'right' },
        { title: 'Avoided', width: 0.08, align: 'right' },
        { title: 'Value', width: 0.12, align: 'right' },
      ],
      l.entries.map((e) => [
        isoDay(e.at),
        kind[e.kind] ?? e.kind,
        `${e.assetName} (${e.assetId})`,
        e.alertId ?? '',
        e.workOrderId ?? '',
        e.leadTimeHours ? formatHours(e.leadTimeHours.value) : '',
        e.avoidedDowntimeHours ? formatHours(e.avoidedDowntimeHours.value) : '',
        formatWhole(e.value.value),
      ]),
      7.5,
    );
  }

  // ---- charts ---------------------------------------------------------------------------------------------------

  chartTitle(title: string, note: string, h: number): { x: number; y: number; w: number; h: number } {
    this.ensure(h + 40);
    this.doc.moveDown(0.4);
    this.doc.font('Helvetica-Bold').fontSize(11).fillColor(COLORS.text);
    this.text(title, this.left, this.doc.y, { width: this.width });
    this.doc.font('Helvetica').fontSize(8).fillColor(COLORS.muted);
    this.text(note, this.left, this.doc.y + 1, { width: this.width });
    const box = { x: this.left, y: this.doc.y + 6, w: this.width, h };
    this.doc.y = box.y + h + 6;
    this.doc.x = this.left;
    return box;
  }

  /** A horizontal grid line with its value label at the left of the plot. */
  gridLine(x0: number, x1: number, y: number, label: string): void {
    const doc = this.doc;
    doc.moveTo(x0, y).lineTo(x1, y).lineWidth(0.4).strokeColor(COLORS.grid).stroke();
    doc.font('Helvetica').fontSize(7).fillColor(COLORS.muted);
    this.text(label, x0 - 56, y - 3.5, { width: 52, align: 'right', lineBreak: false });
  }

  /** The value axis at the left of the plot and the zero line across it (at y = zeroY). */
  axes(plot: { x: number; y: number; w: number; h: number }, zeroY: number): void {
    this.doc
      .moveTo(plot.x, plot.y)
      .lineTo(plot.x, plot.y + plot.h)
      .moveTo(plot.x, zeroY)
      .lineTo(plot.x + plot.w, zeroY)
      .lineWidth(0.8)
      .strokeColor(COLORS.axis)
      .stroke();
  }

  benefitChart(s: RoiScenarioResult): void {
    const doc = this.doc;
    const box = this.chartTitle(
      'Annual benefits by line (expected scenario)',
      `${this.currency} per year; direct benefits blue, indirect green, costs red (below zero).`,
      185,
    );
    const items = s.benefits;
    const values = items.map((b) => b.annual.value);
    const ticks = niceTicks(Math.min(0, ...values), Math.max(0, ...values, 1));
    const lo = ticks[0] ?? 0;
    const hi = ticks.at(-1) ?? 1;
    const plot = { x: box.x + 60, y: box.y + 12, w: box.w - 64, h: box.h - 48 };
    const py = (v: number) => plot.y + plot.h - ((v - lo) / (hi - lo || 1)) * plot.h;
    for (const t of ticks) this.gridLine(plot.x, plot.x + plot.w, py(t), compact(t));
    const slot = plot.w / Math.max(1, items.length);
    items.forEach((b, i) => {
      const v = b.annual.value;
      const x = plot.x + i * slot + slot * 0.2;
      const top = Math.min(py(v), py(0));
      const h = Math.max(0.5, Math.abs(py(v) - py(0)));
      doc.rect(x, top, slot * 0.6, h).fill(COLORS[b.kind] ?? COLORS.direct);
      doc.font('Helvetica').fontSize(6.5).fillColor(COLORS.text);
      const ly = v >= 0 ? top - 9 : top + h + 2;
      this.text(formatWhole(v), plot.x + i * slot, ly, { width: slot, align: 'center', lineBreak: false });
      doc.fontSize(7).fillColor(COLORS.axis);
      this.text(b.annual.label || b.key, plot.x + i * slot + 1, plot.y + plot.h + 6, {
        width: slot - 2,
        align: 'center',
        height: 26,
        ellipsis: true,
      });
      this.shown.push({ where: 'Annual benefits by line (expected scenario)', t: b.annual });
    });
    this.axes(plot, py(0));
    doc.x = this.left;
    doc.y = box.y + box.h + 6;
  }

  tornadoChart(bars: TornadoBar[], base: number): void {
    const doc = this.doc;
    const shown = bars.slice(0, 12);
    const rowH = 16;
    const box = this.chartTitle(
      'Sensitivity of the NPV (tornado)',
      `NPV when one input goes to its low and its high value, the others expected; the line is the expected NPV (${this.money(base)}). Largest swing first.`,
      shown.length * rowH + 40,
    );
    if (shown.length === 0) {
      this.text('No sensitivity inputs.', box.x, box.y);
      return;
    }
    const all = [base, ...shown.flatMap((b) => [b.npvLow, b.npvHigh])];
    const ticks = niceTicks(Math.min(...all), Math.max(...all));
    const lo = ticks[0] ?? 0;
    const hi = ticks.at(-1) ?? 1;
    const plot = { x: box.x + 172, y: box.y + 4, w: box.w - 182, h: shown.length * rowH };
    const px = (v: number) => plot.x + ((v - lo) / (hi - lo || 1)) * plot.w;
    doc.font('Helvetica').fontSize(7).fillColor(COLORS.muted);
    for (const t of ticks) {
      doc
        .moveTo(px(t), plot.y)
        .lineTo(px(t), plot.y + plot.h)
        .lineWidth(0.4)
        .strokeColor(COLORS.grid)
        .stroke();
      this.text(compact(t), px(t) - 25, plot.y + plot.h + 4, { width: 50, align: 'center', lineBreak: false });
    }
    shown.forEach((b, i) => {
      const y = plot.y + i * rowH + 3;
      const h = rowH - 6;
      const a = Math.min(b.npvLow, b.npvHigh);
      const z = Math.max(b.npvLow, b.npvHigh);
      if (a < base) doc.rect(px(a), y, px(Math.min(z, base)) - px(a), h).fill(COLORS.cost);
      if (z > base) doc.rect(px(Math.max(a, base)), y, px(z) - px(Math.max(a, base)), h).fill(COLORS.direct);
      doc.font('Helvetica').fontSize(7.5).fillColor(COLORS.text);
      this.text(`${b.input} (${fmtInput(b.low)} - ${fmtInput(b.high)})`, box.x, y + 1, {
        width: 168,
        height: rowH - 4,
        ellipsis: true,
      });
      doc.fontSize(6.5).fillColor(COLORS.muted);
      this.text(formatWhole(a), px(a) - 52, y + 3, { width: 50, align: 'right', lineBreak: false });
      this.text(formatWhole(z), px(z) + 2, y + 3, { width: 50, lineBreak: false });
    });
    doc
      .moveTo(px(base), plot.y - 2)
      .lineTo(px(base), plot.y + plot.h + 2)
      .lineWidth(1.2)
      .strokeColor(COLORS.text)
      .stroke();
    doc.x = this.left;
    doc.y = box.y + box.h + 6;
  }

  cashFlowChart(ss: RoiScenarioResult[]): void {
    const doc = this.doc;
    const box = this.chartTitle(
      'Cumulative cash flow',
      `${this.currency}, year 0 is the investment; the curve crosses zero at the payback. One line per scenario.`,
      220,
    );
    const series = ss.map((s) => {
      let cum = 0;
      return { name: s.name, points: s.cashFlows.map((cf) => (cum += cf)) };
    });
    const all = series.flatMap((s) => s.points);
    const years = Math.max(1, ...series.map((s) => s.points.length - 1));
    const ticks = niceTicks(Math.min(0, ...all), Math.max(0, ...all, 1));
    const lo = ticks[0] ?? 0;
    const hi = ticks.at(-1) ?? 1;
    const plot = { x: box.x + 60, y: box.y + 22, w: box.w - 70, h: box.h - 46 };
    const py = (v: number) => plot.y + plot.h - ((v - lo) / (hi - lo || 1)) * plot.h;
    const px = (year: number) => plot.x + (year / years) * plot.w;
    for (const t of ticks) this.gridLine(plot.x, plot.x + plot.w, py(t), compact(t));
    const every = Math.max(1, Math.ceil(years / 15));
    doc.font('Helvetica').fontSize(7).fillColor(COLORS.muted);
    for (let y = 0; y <= years; y += every)
      this.text(String(y), px(y) - 10, plot.y + plot.h + 4, { width: 20, align: 'center', lineBreak: false });
    this.text('year', plot.x + plot.w - 20, plot.y + plot.h + 13, { width: 20, align: 'right', lineBreak: false });
    this.axes(plot, py(0));
    series.forEach((s, k) => {
      const color = COLORS.scenario[s.name] ?? COLORS.axis;
      s.points.forEach((v, year) => {
        if (year === 0) doc.moveTo(px(year), py(v));
        else doc.lineTo(px(year), py(v));
      });
      doc.lineWidth(1.6).strokeColor(color).stroke();
      for (const [year, v] of s.points.entries()) doc.circle(px(year), py(v), 1.8).fill(color);
      // legend above the plot
      const lx = plot.x + k * 110;
      doc.rect(lx, box.y + 4, 14, 3).fill(color);
      doc.font('Helvetica').fontSize(7.5).fillColor(COLORS.text);
      this.text(s.name, lx + 18, box.y + 2, { width: 90, lineBreak: false });
    });
    doc.x = this.left;
    doc.y = box.y + box.h + 6;
  }

  appendix(): void {
    this.doc.addPage();
    this.heading('Appendix: how each figure was computed', 14);
    this.paragraph(
      'Every figure printed in this report with its formula and the inputs it used (value, unit and where it came from). ' +
        `Money is rounded to whole ${this.currency} for printing; the CSV export has the unrounded numbers.`,
    );
    const seen = new Set<Traced>();
    for (const { where, t } of this.shown) {
      if (seen.has(t)) continue;
      seen.add(t);
      this.figure(where, t);
    }
    const withFormula = this.r.ledger.entries;
    if (withFormula.length > 0) {
      this.heading('Ledger entries', 11);
      for (const e of withFormula) this.figure(`Ledger entry ${e.id}, ${e.assetName} (${e.assetId})`, e.value);
    }
  }

  figure(where: string, t: Traced): void {
    const doc = this.doc;
    const inputs = t.inputs.map(
      (i) =>
        `   ${i.name} = ${typeof i.value === 'number' ? formatValue(i.value, i.unit, this.currency) : i.value}${
          typeof i.value !== 'number' && i.unit ? ` ${i.unit}` : ''
        }  [${i.source}]`,
    );
    const head = `${t.label} = ${formatTraced(t, this.currency)}   (${where})`;
    const body = [`   ${t.formula}`, ...inputs].join('\n');
    doc.font('Helvetica-Bold').fontSize(8.5);
    const h1 = doc.heightOfString(pdfText(head), { width: this.width });
    doc.font('Helvetica').fontSize(8);
    const h2 = doc.heightOfString(pdfText(body), { width: this.width });
    this.ensure(Math.min(h1 + h2 + 6, 200));
    doc.font('Helvetica-Bold').fontSize(8.5).fillColor(COLORS.text);
    this.text(head, this.left, doc.y, { width: this.width });
    doc.font('Helvetica').fontSize(8).fillColor(COLORS.muted);
    this.text(body, this.left, doc.y, { width: this.width });
    doc.fillColor(COLORS.text);
    doc.moveDown(0.4);
  }

  footers(): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0; // writing in the margin must not start a page
      doc.font('Helvetica').fontSize(7).fillColor(COLORS.muted);
      this.text(
        `Prognos ROI report - ${this.r.site} - generated ${isoMinute(this.r.generatedAt)} - page ${i + 1} of ${range.count}`,
        MARGIN,
        doc.page.height - MARGIN + 10,
        { width: this.width, align: 'center', lineBreak: false },
      );
      doc.page.margins.bottom = bottom;
    }
  }

  write(): void {
    const c = this.r.businessCase;
    const e = expectedScenario(c);
    this.header();
    this.summary();
    this.scenarios();
    // page 2 on: the measured evidence, then the charts (each kept whole on a page), then the entries
    this.doc.addPage();
    this.ledgerTotals();
    if (e) this.benefitChart(e);
    this.tornadoChart(c.tornado, e?.npv.value ?? 0);
    this.cashFlowChart(c.scenarios);
    this.ledgerEntries();
    this.appendix();
    this.footers();
  }
}

/** A tornado input's low or high: whole units from 100 up, three significant decimals below. */
const fmtInput = (v: number): string =>
  Number.isInteger(v) || Math.abs(v) >= 100 ? formatWhole(v) : String(Number(v.toPrecision(3)));

/** Renders the report to PDF bytes. */
export function renderRoiPdf(r: RoiReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `ROI report - ${pdfText(r.site)}`,
      Author: 'Prognos',
      Subject: 'Business case and evidence ledger',
      CreationDate: new Date(r.generatedAt),
      ModDate: new Date(r.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  new Writer(doc, r).write();
  doc.end();
  return done;
}
