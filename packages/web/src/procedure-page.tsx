/** One guided procedure: its current version's steps, tools, parts and time, its version history, and the editor. */
import type { Procedure } from '@prognos/core';
import { useEffect, useState } from 'react';
import { fmtFullTime, fmtTime } from './format';
import { ProcedureEditor } from './procedure-editor';
import { fmtMinutes, ProcedureSteps } from './procedure-view';
import { papi } from './procedures-api';
import { routes } from './router';
import { ErrorState, Loading } from './state-views';
import { useAsync, useNow } from './use-async';

export function ProcedurePage({ id }: { id: string }) {
  const state = useAsync(`procedure:${id}`, async () => {
    const [latest, versions] = await Promise.all([papi.get(id), papi.versions(id)]);
    return { latest, versions };
  });
  const { data, error, reload, setData } = state;
  const now = useNow(30_000);
  const [viewing, setViewing] = useState<number | null>(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
  // After a save the editor closes: bring the confirmation and the new version into view.
  useEffect(() => {
    if (saved !== null) document.querySelector('[data-testid="procedure-saved"]')?.scrollIntoView({ block: 'start' });
  }, [saved]);

  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load the procedure" />;
    return <Loading label="Loading the procedure…" />;
  }
  const { latest, versions } = data;
  const shown: Procedure = versions.find((v) => v.version === viewing) ?? latest;
  const isLatest = shown.version === latest.version;

  const save = async (d: Parameters<typeof papi.saveVersion>[1]) => {
    const next = await papi.saveVersion(id, d, latest.version);
    // The new version at once, on top of the history, without a round trip.
    setData((x) => x && { latest: next, versions: [next, ...x.versions] });
    setViewing(null);
    setEditing(false);
    setSaved(next.version);
  };

  return (
    <div className="page procedure" data-testid="procedure-page" data-procedure-id={id} data-version={latest.version}>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={routes.procedures()}>Procedures</a>
        <span className="mono">{id}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1>{shown.title}</h1>
          <div className="small muted" data-testid="procedure-shown-version" data-version={shown.version}>
            Version {shown.version}
            {isLatest ? ' (current)' : ` (older; current is ${latest.version})`} · by {shown.author} ·{' '}
            <span title={fmtFullTime(shown.createdAt)}>{fmtTime(shown.createdAt, now)}</span>
          </div>
        </div>
        {!editing && (
          <button
            type="button"
            className="btn proc-touch"
            onClick={() => {
              setEditing(true);
              setSaved(null);
            }}
            data-testid="procedure-edit"
          >
            Edit procedure
          </button>
        )}
      </div>
      {saved !== null && (
        <div className="proc-saved small" role="status" data-testid="procedure-saved">
          Saved as version {saved}. Work orders created from now on follow it; open ones keep their copy.
        </div>
      )}
      {editing ? (
        <ProcedureEditor base={latest} onSave={save} onCancel={() => setEditing(false)} />
      ) : (
        <section className="card pad">
          <div className="proc-facts">
            <div>
              <div className="kpi-label">Time</div>
              <div className="strong" data-testid="procedure-minutes">
                {fmtMinutes(shown.estimatedMinutes)}
              </div>
            </div>
            <div>
              <div className="kpi-label">Steps</div>
              <div className="strong">
                {shown.steps.length} ({shown.steps.filter((s) => s.safety).length} safety)
              </div>
            </div>
            <div>
              <div className="kpi-label">Tools</div>
              <div data-testid="procedure-tools">{shown.tools.length ? shown.tools.join(', ') : '—'}</div>
            </div>
            <div>
              <div className="kpi-label">Parts</div>
              <div className="mono small" data-testid="procedure-parts">
                {shown.parts.length ? shown.parts.join(', ') : '—'}
              </div>
            </div>
            <div>
              <div className="kpi-label">Failure modes</div>
              <div className="mono small">{shown.failureModeIds.length ? shown.failureModeIds.join(', ') : '—'}</div>
            </div>
          </div>
          {shown.changeNote && <p className="small">Change: {shown.changeNote}</p>}
          <ProcedureSteps p={shown} />
        </section>
      )}
      <section className="card pad">
        <h2>Versions</h2>
        <ol className="proc-versions" data-testid="procedure-versions">
          {versions.map((v) => (
            <li
              key={v.version}
              data-testid="procedure-version"
              data-version={v.version}
              className={v.version === shown.version ? 'proc-version-shown' : ''}
            >
              <button
                type="button"
                className="linklike proc-touch proc-version-btn"
                onClick={() => setViewing(v.version === latest.version ? null : v.version)}
                aria-current={v.version === shown.version ? 'true' : undefined}
              >
                <span className="strong">v{v.version}</span>
                <span className="muted small">
                  {v.author} · {fmtTime(v.createdAt, now)}
                </span>
                <span className="small proc-version-note">
                  {v.changeNote ?? (v.version === 1 ? 'First version' : '')}
                </span>
              </button>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
