import type { QualityTransition } from './api-types';
import type { Band } from './flag-bands';
import { fmtDuration, fmtFullTime, fmtTime } from './format';
import { QualityBadge } from './quality-badges';
import { reasonLabel } from './quality-format';

/** The flagged intervals drawn on the chart, as a list: one item per shaded band (the same clipping). */
export function FlaggedIntervalList({ bands, now }: { bands: Band[]; now: number }) {
  if (bands.length === 0) return <p className="muted small">No flagged readings in this window.</p>;
  return (
    <ol className="flag-list">
      {[...bands].reverse().map((b) => (
        <li
          key={`${b.from}-${b.state}-${b.reason}`}
          data-testid="flagged-interval"
          data-from={b.from}
          data-to={b.to}
          data-state={b.state}
          data-reason={b.reason}
        >
          <span className={`flag-swatch flag-swatch-${b.state}`} aria-hidden="true" />
          <QualityBadge state={b.state} />
          <span className="strong">{reasonLabel(b.reason)}</span>
          <span className="muted" title={`${fmtFullTime(b.from)} – ${fmtFullTime(b.to)}`}>
            {fmtTime(b.from, now)} – {fmtTime(b.to, now)} · {fmtDuration(b.to - b.from)}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** State changes of the sensor, newest first. */
export function TransitionList({ transitions, now }: { transitions: QualityTransition[]; now: number }) {
  if (transitions.length === 0) return <p className="muted small">No state changes in this window.</p>;
  const rows = [...transitions].sort((a, b) => b.ts - a.ts);
  return (
    <table className="contrib transitions" data-testid="quality-transitions">
      <thead>
        <tr>
          <th>When</th>
          <th>Change</th>
          <th>Reasons</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={`${t.ts}-${t.to}`}>
            <td title={fmtFullTime(t.ts)}>{fmtTime(t.ts, now)}</td>
            <td>
              <QualityBadge state={t.from} /> <span aria-hidden="true">→</span>
              <span className="sr-only">to</span> <QualityBadge state={t.to} />
            </td>
            <td>{t.reasons.length ? t.reasons.map(reasonLabel).join(', ') : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
