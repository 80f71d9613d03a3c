/**
 * The ROI charts, drawn as plain HTML and SVG so they scale to any width without a chart library: the tornado
 * (NPV swing per input), the annual benefits by line, and the cash flow with its running total (payback).
 */
import type { BenefitLine, TornadoBar } from '@prognos/core';
import {
  benefitLabel,
  cumulative,
  domainWithZero,
  fmtMoney,
  fmtUnitValue,
  scaleShare,
  tornadoGeometry,
} from './roi-format';
import { TracedValue } from './roi-trace';

/** NPV when each input goes to its low and high value, the largest swing first; the line is the expected NPV. */
export function TornadoChart({ bars, base, currency }: { bars: TornadoBar[]; base: number; currency: string }) {
  if (bars.length === 0) return <div className="muted small">No sensitivity computed.</div>;
  const g = tornadoGeometry(bars, base);
  return (
    <div className="roi-tornado" data-testid="roi-tornado">
      <div className="roi-axis small muted">
        <span>{fmtMoney(g.domain[0], currency)}</span>
        <span>expected NPV {fmtMoney(base, currency)}</span>
        <span>{fmtMoney(g.domain[1], currency)}</span>
      </div>
      {bars.map((b, k) => {
        const r = g.rows[k];
        if (!r) return null;
        // The bar splits at the expected NPV (clamped into the bar when an input never reaches it).
        const end = r.left + r.width;
        const mid = Math.min(end, Math.max(r.left, g.base));
        return (
          <div key={b.input} className="roi-tornado-row" data-testid="tornado-bar" data-input={b.input} title={b.note}>
            <div className="roi-tornado-label small">
              <span className="strong">{b.input}</span>{' '}
              <span className="muted">
                {fmtUnitValue(b.low, b.unit ?? '')} → {fmtUnitValue(b.high, b.unit ?? '')}
              </span>
              <span className="roi-tornado-npv">
                NPV {fmtMoney(Math.min(b.npvLow, b.npvHigh), currency)} –{' '}
                {fmtMoney(Math.max(b.npvLow, b.npvHigh), currency)}
              </span>
            </div>
            <div
              className="roi-track"
              role="img"
              aria-label={`${b.input}: NPV ${fmtMoney(b.npvLow, currency)} at ${fmtUnitValue(b.low, b.unit ?? '')}, ${fmtMoney(b.npvHigh, currency)} at ${fmtUnitValue(b.high, b.unit ?? '')}`}
            >
              <div className="roi-base" style={{ left: `${g.base * 100}%` }} />
              {/* Two halves: the low value's side (amber) and the high value's side (blue) of the expected NPV. */}
              <div
                className={`roi-bar roi-bar-${r.lowLeft ? 'low' : 'high'}`}
                style={{ left: `${r.left * 100}%`, width: `${(mid - r.left) * 100}%` }}
              />
              <div
                className={`roi-bar roi-bar-${r.lowLeft ? 'high' : 'low'}`}
                style={{ left: `${mid * 100}%`, width: `${(end - mid) * 100}%` }}
              />
            </div>
          </div>
        );
      })}
      <div className="roi-legend small muted">
        <span>
          <i className="roi-swatch roi-bar-low" /> input at its low value
        </span>
        <span>
          <i className="roi-swatch roi-bar-high" /> input at its high value
        </span>
      </div>
    </div>
  );
}

/** Annual benefit per line as bars from zero: benefits to the right, costs (false alarms) to the left. */
export function BenefitBars({ lines }: { lines: BenefitLine[] }) {
  if (lines.length === 0) return <div className="muted small">No benefit lines.</div>;
  const domain = domainWithZero(lines.map((l) => l.annual.value));
  const zero = scaleShare(0, domain);
  return (
    <div className="roi-bars" data-testid="roi-benefit-bars">
      {lines.map((l) => {
        const at = scaleShare(l.annual.value, domain);
        const left = Math.min(at, zero);
        return (
          <div key={l.key} className="roi-bars-row" data-testid="benefit-bar" data-key={l.key}>
            <div className="roi-bars-label small">
              {benefitLabel(l.key)} <span className={`roi-kind roi-kind-${l.kind}`}>{l.kind}</span>
            </div>
            <div className="roi-track">
              <div className="roi-base" style={{ left: `${zero * 100}%` }} />
              <div
                className={`roi-bar roi-bar-${l.annual.value < 0 ? 'cost' : l.kind}`}
                style={{ left: `${left * 100}%`, width: `${Math.abs(at - zero) * 100}%` }}
              />
            </div>
            <div className="roi-bars-value">
              <TracedValue t={l.annual} />
            </div>
          </div>
        );
      })}
    </div>
  );
}

const W = 640;
const H = 240;
const PAD = { l: 8, r: 8, t: 14, b: 26 };

/** Cash flow per year (bars, year 0 the investment) and its running total (line): payback is where it crosses 0. */
export function CashFlowChart({
  flows,
  currency,
  paybackYears,
}: {
  flows: number[];
  currency: string;
  paybackYears?: number;
}) {
  if (flows.length === 0) return <div className="muted small">No cash flow.</div>;
  const cum = cumulative(flows);
  const domain = domainWithZero([...flows, ...cum]);
  const plotW = W - PAD.l - PAD.r;
  const plotH = H - PAD.t - PAD.b;
  const slot = plotW / flows.length;
  const y = (v: number) => PAD.t + (1 - scaleShare(v, domain)) * plotH;
  const cx = (k: number) => PAD.l + slot * (k + 0.5);
  const bw = Math.max(2, slot * 0.55);
  const label = (k: number) => flows.length <= 12 || k % Math.ceil(flows.length / 12) === 0;
  return (
    <figure className="roi-cash" data-testid="roi-cashflow">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Cash flow per year and cumulative cash flow">
        <line x1={PAD.l} x2={W - PAD.r} y1={y(0)} y2={y(0)} className="roi-zero" />
        {flows.map((f, k) => (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: a year's position is its identity.
            key={k}
            x={cx(k) - bw / 2}
            width={bw}
            y={Math.min(y(f), y(0))}
            height={Math.max(1, Math.abs(y(f) - y(0)))}
            className={f < 0 ? 'roi-cf-neg' : 'roi-cf-pos'}
          >
            <title>{`Year ${k}: ${fmtMoney(f, currency)} (cumulative ${fmtMoney(cum[k], currency)})`}</title>
          </rect>
        ))}
        {paybackYears !== undefined && paybackYears <= flows.length - 1 && (
          <g data-testid="roi-payback-marker">
            <line
              x1={cx(0) + paybackYears * slot}
              x2={cx(0) + paybackYears * slot}
              y1={PAD.t}
              y2={H - PAD.b}
              className="roi-payback"
            />
            <text x={cx(0) + paybackYears * slot + 4} y={PAD.t + 10} className="roi-tick">
              payback
            </text>
          </g>
        )}
        <polyline className="roi-cum" points={cum.map((c, k) => `${cx(k)},${y(c)}`).join(' ')} />
        {cum.map((c, k) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a year's position is its identity.
          <circle key={k} cx={cx(k)} cy={y(c)} r={3} className="roi-cum-dot" />
        ))}
        {flows.map((_, k) =>
          label(k) ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: a year's position is its identity.
            <text key={k} x={cx(k)} y={H - 8} textAnchor="middle" className="roi-tick">
              {k}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="roi-legend small muted">
        <span>
          <i className="roi-swatch roi-cf-pos" /> cash flow per year (year 0: investment)
        </span>
        <span>
          <i className="roi-swatch roi-cum-swatch" /> cumulative
        </span>
        <span>
          end of horizon: <span className="strong">{fmtMoney(cum.at(-1), currency)}</span>
        </span>
      </figcaption>
      <details className="roi-cash-table small">
        <summary>Cash flow per year</summary>
        <div className="table-scroll">
          <table className="roi-table">
            <thead>
              <tr>
                <th>Year</th>
                <th className="num">Cash flow</th>
                <th className="num">Cumulative</th>
              </tr>
            </thead>
            <tbody>
              {flows.map((f, k) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a year's position is its identity.
                <tr key={k}>
                  <td>{k}</td>
                  <td className="num">{fmtMoney(f, currency)}</td>
                  <td className="num">{fmtMoney(cum[k], currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
