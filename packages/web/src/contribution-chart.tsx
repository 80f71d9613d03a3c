import type { Alert, AssetHealth, SensorContribution } from '@prognos/core';
import { useState } from 'react';
import { gauge } from './anomaly-geometry';
import { fmtFullTime, fmtTime, fmtValue } from './format';

type Source = 'alert' | 'window';

const LIMIT = 8;

/** One sensor: its share of the deviation as a bar, and its value against expected and normal band as a gauge. */
function ContributionBar({ c }: { c: SensorContribution }) {
  const g = gauge(c);
  const share = Math.max(0, Math.min(1, c.share));
  const label = `${c.name}: value ${fmtValue(c.value, c.unit)}, expected ${fmtValue(c.expected, c.unit)}, normal ${fmtValue(
    c.low,
    c.unit,
  )} to ${fmtValue(c.high, c.unit)}`;
  return (
    <li className="cbar" data-testid="contribution-bar" data-sensor={c.sensor} data-side={g.side}>
      <div className="cbar-head">
        <span className="cbar-name" title={c.sensor}>
          {c.name}
        </span>
        <span className="cbar-pct">{Math.round(share * 100)} %</span>
      </div>
      <div className="cbar-track" aria-hidden="true">
        <div className="cbar-fill" style={{ width: `${share * 100}%` }} />
      </div>
      <div className="cbar-gauge" role="img" aria-label={label}>
        <div className="cbar-band" style={{ left: `${g.low}%`, width: `${Math.max(0.5, g.high - g.low)}%` }} />
        <div className="cbar-expected" style={{ left: `${g.expected}%` }} />
        <div className={`cbar-value cbar-${g.side}`} style={{ left: `${g.value}%` }} />
      </div>
      <div className="cbar-values">
        <span className={g.side === 'inside' ? 'strong' : 'strong out'}>
          {g.side === 'above' ? '▲ ' : g.side === 'below' ? '▼ ' : ''}
          {fmtValue(c.value, c.unit)}
        </span>
        <span className="muted">expected {fmtValue(c.expected, c.unit)}</span>
        <span className="muted">
          normal {fmtValue(c.low, c.unit)} – {fmtValue(c.high, c.unit)}
        </span>
      </div>
    </li>
  );
}

/**
 * Which sensors carry the deviation: of the active alert (when there is one) or of the latest window, biggest
 * share first, each with its value against the expected value and the normal band in engineering units.
 */
export function ContributionChart({ alert, health }: { alert?: Alert; health?: AssetHealth }) {
  const [picked, setPicked] = useState<Source>('alert');
  const alertRows = alert?.contributions ?? [];
  const windowRows = health?.contributions ?? [];
  const source: Source = picked === 'alert' && alertRows.length ? 'alert' : windowRows.length ? 'window' : 'alert';
  const rows = [...(source === 'alert' ? alertRows : windowRows)].sort((a, b) => b.share - a.share).slice(0, LIMIT);
  const when = source === 'alert' ? alert?.updatedAt : health?.ts;

  return (
    <section className="card contrib-chart" data-testid="contribution-chart" data-source={source}>
      <div className="chart-head">
        <div className="chart-title">
          <div className="chart-name">Contributing sensors</div>
          <div className="chart-sub" title={fmtFullTime(when)}>
            {source === 'alert' ? 'Share of the active alert’s deviation' : 'Share of the latest window’s deviation'}
            {when !== undefined && <> · {fmtTime(when)}</>}
          </div>
        </div>
        {alertRows.length > 0 && windowRows.length > 0 && (
          <div className="segmented" role="tablist" aria-label="Contributions of">
            {(['alert', 'window'] as const).map((s) => (
              <button
                key={s}
                type="button"
                role="tab"
                aria-selected={source === s}
                className={source === s ? 'active' : ''}
                onClick={() => setPicked(s)}
              >
                {s === 'alert' ? 'Alert' : 'Latest window'}
              </button>
            ))}
          </div>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="muted small">No per-sensor breakdown yet: it comes with the first scored window.</p>
      ) : (
        <>
          <ol className="cbar-list">
            {rows.map((c) => (
              <ContributionBar key={c.sensor} c={c} />
            ))}
          </ol>
          <div className="chart-foot">
            <span className="legend">
              <span className="lg lg-share" /> share <span className="lg lg-model-band" /> normal band
              <span className="lg lg-expected" /> expected <span className="lg-dot" /> value
            </span>
          </div>
        </>
      )}
    </section>
  );
}
