import type { Sensor } from '@prognos/core';
import { useState } from 'react';
import type { TagHealth } from './api-types';
import { QualityChip } from './connector-badges';
import { fmtCount } from './connector-format';
import { fmtAgo, fmtFullTime, fmtNumber, fmtValue } from './format';
import { routes } from './router';

/** Past this many tags the table shows the problems first and the rest on request (a PLC can carry thousands). */
const FIRST_ROWS = 100;

/** Stale and failing tags first, then in configuration order. */
function byTrouble(a: TagHealth, b: TagHealth): number {
  return Number(b.stale) - Number(a.stale) || Number(b.errors > 0) - Number(a.errors > 0);
}

export function ConnectorTags({
  tags,
  sensors,
  now,
}: {
  tags: TagHealth[];
  sensors: Map<string, Sensor>;
  now: number;
}) {
  const [all, setAll] = useState(false);
  if (tags.length === 0) return <p className="muted small">This connector maps no tags yet.</p>;
  const sorted = [...tags].sort(byTrouble);
  const rows = all ? sorted : sorted.slice(0, FIRST_ROWS);
  return (
    <>
      <table className="tag-table" data-testid="tag-table">
        <thead>
          <tr>
            <th>Tag</th>
            <th>Sensor</th>
            <th className="num">Last value</th>
            <th className="num">Age</th>
            <th className="num">Errors</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => {
            const s = sensors.get(t.sensor);
            return (
              <tr
                key={`${t.tag}\u0000${t.sensor}`}
                data-testid="tag-row"
                data-tag={t.tag}
                data-sensor={t.sensor}
                data-stale={t.stale ? 'true' : 'false'}
                className={t.stale ? 'is-stale' : undefined}
              >
                <td className="mono tag-cell" title={t.tag}>
                  {t.tag}
                </td>
                <td>
                  {s ? (
                    <>
                      <a href={routes.asset(s.assetId)}>{s.name}</a>
                      <div className="mono muted small">{t.sensor}</div>
                    </>
                  ) : (
                    <span className="mono">{t.sensor}</span>
                  )}
                </td>
                <td className="num strong">
                  {s ? fmtValue(t.lastValue, s.unit) : t.lastValue === undefined ? '—' : fmtNumber(t.lastValue)}{' '}
                  <QualityChip quality={t.lastQuality} />
                </td>
                <td className="num" title={fmtFullTime(t.lastValueAt)}>
                  {t.lastValueAt === undefined ? 'never' : fmtAgo(t.lastValueAt, now)}
                </td>
                <td className={`num ${t.errors > 0 ? 'text-alarm strong' : 'muted'}`}>{fmtCount(t.errors)}</td>
                <td>
                  {t.stale ? (
                    <span className="flag flag-watch" title="No update within 3× its expected interval">
                      Stale
                    </span>
                  ) : t.lastValueAt === undefined ? (
                    <span className="flag flag-unknown">Waiting</span>
                  ) : (
                    <span className="flag flag-ok">Updating</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length < sorted.length && (
        <button type="button" className="btn btn-ghost show-all" onClick={() => setAll(true)}>
          Show all {sorted.length} tags
        </button>
      )}
    </>
  );
}
