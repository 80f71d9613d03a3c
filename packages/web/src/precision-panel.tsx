import type { PrecisionFigure } from '@prognos/core';
import { useCallback } from 'react';
import type { AlertEvent } from './api-types';
import { useLiveEvent } from './live';
import { mapi } from './maintenance-api';
import { fmtPrecision } from './maintenance-format';
import { ErrorState, Loading } from './state-views';
import { useAsync } from './use-async';

function FigureRow({ f }: { f: PrecisionFigure }) {
  const labelled = f.confirmed + f.falseAlarms;
  return (
    <tr data-testid="precision-row" data-key={f.key}>
      <td className="mono">{f.key}</td>
      <td className="prec-bar-cell">
        <div className="share" title={`${f.confirmed} confirmed of ${labelled} labelled`}>
          <div className="share-bar">
            <div className="prec-fill" style={{ width: `${Math.round(100 * (f.precision ?? 0))}%` }} />
          </div>
          <span className="share-num">{fmtPrecision(f.precision)}</span>
        </div>
      </td>
      <td className="num">{f.confirmed}</td>
      <td className="num">{f.falseAlarms}</td>
      <td className="num">{f.unlabelled}</td>
    </tr>
  );
}

function FigureTable({ title, rows }: { title: string; rows: PrecisionFigure[] }) {
  return (
    <div>
      <h3 className="section-label">{title}</h3>
      {rows.length === 0 ? (
        <div className="muted small">No alerts yet.</div>
      ) : (
        <div className="table-scroll">
          <table className="contrib prec-table">
            <thead>
              <tr>
                <th>{title.replace(/^Per /, '')}</th>
                <th>Precision</th>
                <th className="num">Confirmed</th>
                <th className="num">False</th>
                <th className="num">Open</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <FigureRow key={f.key} f={f} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/**
 * Alert precision = confirmed / (confirmed + false alarms) over labelled alerts: how often an alert was worth a
 * technician's trip. Refreshes whenever an alert changes (closing one with a label moves it).
 */
export function PrecisionPanel() {
  const state = useAsync('precision', () => mapi.precision());
  const { data, error, reload } = state;
  useLiveEvent(
    'alert',
    useCallback((_: AlertEvent) => reload(), [reload]),
  );
  useLiveEvent('reconnect', reload);
  return (
    <section className="card pad precision" data-testid="precision">
      <div className="section-head">
        <h2>Alert precision</h2>
        <button type="button" className="btn btn-ghost" onClick={reload} data-testid="precision-refresh">
          Refresh
        </button>
      </div>
      {!data && error !== undefined && <ErrorState error={error} onRetry={reload} title="Could not load precision" />}
      {!data && error === undefined && <Loading label="Loading precision…" />}
      {data && (
        <>
          <div className="prec-overall">
            <span className="prec-big" data-testid="precision-overall" data-precision={data.overall.precision ?? ''}>
              {fmtPrecision(data.overall.precision)}
            </span>
            <span className="muted small">
              {data.overall.confirmed} confirmed · {data.overall.falseAlarms} false alarms · {data.overall.unlabelled}{' '}
              not labelled yet
            </span>
          </div>
          <div className="two-col">
            <FigureTable title="Per asset" rows={data.byAsset} />
            <FigureTable title="Per detector" rows={data.byDetector} />
          </div>
          {data.overTime.length > 0 && <FigureTable title="Per month" rows={data.overTime} />}
        </>
      )}
    </section>
  );
}
