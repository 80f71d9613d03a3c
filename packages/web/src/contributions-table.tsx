import type { SensorContribution } from '@prognos/core';
import { fmtValue } from './format';

/** Which sensors drive an anomaly: the value against its normal band, in the sensor's own unit. */
export function ContributionsTable({ contributions, limit }: { contributions: SensorContribution[]; limit?: number }) {
  if (contributions.length === 0) return <p className="muted small">No per-sensor breakdown for this alert.</p>;
  const rows = [...contributions].sort((a, b) => b.share - a.share).slice(0, limit);
  return (
    <table className="contrib" data-testid="contributions">
      <thead>
        <tr>
          <th>Sensor</th>
          <th className="num">Value</th>
          <th className="num">Normal band</th>
          <th className="num">Deviation</th>
          <th className="share-col">Share</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => {
          const above = c.value > c.high;
          const below = c.value < c.low;
          const delta = c.value - c.expected;
          return (
            <tr key={c.sensor} data-sensor={c.sensor}>
              <td>
                <div className="contrib-name">{c.name}</div>
                <div className="mono muted small">{c.sensor}</div>
              </td>
              <td className={`num strong ${above || below ? 'out' : ''}`}>{fmtValue(c.value, c.unit)}</td>
              <td className="num muted">
                {fmtValue(c.low, c.unit)} – {fmtValue(c.high, c.unit)}
              </td>
              <td className={`num ${above || below ? 'out' : 'muted'}`}>
                {above ? '▲ ' : below ? '▼ ' : ''}
                {delta >= 0 ? '+' : '−'}
                {fmtValue(Math.abs(delta), c.unit)}
              </td>
              <td className="share-col">
                <div className="share">
                  <div className="share-bar">
                    <div className="share-fill" style={{ width: `${Math.max(0, Math.min(1, c.share)) * 100}%` }} />
                  </div>
                  <span className="share-num">{Math.round(c.share * 100)} %</span>
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
