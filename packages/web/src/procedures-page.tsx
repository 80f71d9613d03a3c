/** Guided procedures: the library's procedures, their versions, and the editor that saves a new version. */
import { useState } from 'react';
import { assetTypeLabel } from './format';
import { ProcedureEditor } from './procedure-editor';
import { fmtMinutes } from './procedure-view';
import { papi } from './procedures-api';
import { routes } from './router';
import { EmptyState, ErrorState, Loading } from './state-views';
import { useAsync } from './use-async';

export function ProceduresPage() {
  const { data, error, reload } = useAsync('procedures', () => papi.list());
  const [assetType, setAssetType] = useState('');
  const [text, setText] = useState('');
  const [creating, setCreating] = useState(false);

  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load the procedures" />;
    return <Loading label="Loading procedures…" />;
  }
  const types = [...new Set(data.flatMap((p) => p.assetTypes))].sort();
  const words = text.trim().toLowerCase();
  const shown = data.filter(
    (p) =>
      (!assetType || p.assetTypes.includes(assetType)) &&
      (!words ||
        p.title.toLowerCase().includes(words) ||
        p.id.toLowerCase().includes(words) ||
        p.failureModeIds.some((f) => f.includes(words))),
  );

  return (
    <div className="page procedures" data-testid="procedures-page">
      <div className="page-head">
        <div>
          <h1>Procedures</h1>
          <div className="muted small">
            Step-by-step jobs with safety steps, tools, time and the readings to take. Each edit saves a new version.
          </div>
        </div>
        {!creating && (
          <button
            type="button"
            className="btn proc-touch"
            onClick={() => setCreating(true)}
            data-testid="procedure-new"
          >
            New procedure
          </button>
        )}
      </div>
      {creating && (
        <ProcedureEditor
          onSave={async (d) => {
            const p = await papi.create(d);
            window.location.hash = routes.procedure(p.id);
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      <div className="toolbar proc-filters">
        <input
          className="input"
          type="search"
          placeholder="Search title or failure mode"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label="Search procedures"
          data-testid="procedure-search"
        />
        <select
          className="input select"
          value={assetType}
          onChange={(e) => setAssetType(e.target.value)}
          aria-label="Asset type"
          data-testid="procedure-asset-type"
        >
          <option value="">All asset types</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {assetTypeLabel(t)}
            </option>
          ))}
        </select>
      </div>
      {shown.length === 0 ? (
        <EmptyState title="No procedure matches">Clear the search or choose another asset type.</EmptyState>
      ) : (
        <ul className="card proc-list" data-testid="procedure-list">
          {shown.map((p) => (
            <li key={p.id} data-testid="procedure-row" data-procedure-id={p.id} data-version={p.version}>
              <a className="proc-row" href={routes.procedure(p.id)}>
                <span className="proc-row-main">
                  <span className="strong">{p.title}</span>
                  <span className="muted small">
                    <span className="mono">{p.id}</span> · {p.assetTypes.map(assetTypeLabel).join(', ') || 'any asset'}
                  </span>
                </span>
                <span className="proc-row-meta small muted">
                  v{p.version} · {p.steps.length} steps · {fmtMinutes(p.estimatedMinutes)}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
