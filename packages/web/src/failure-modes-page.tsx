import type { FailureMode } from '@prognos/core';
import { useMemo, useState } from 'react';
import { FailureModeEdit } from './failure-mode-edit';
import { assetTypeLabel } from './format';
import { mapi } from './maintenance-api';
import { EmptyState, ErrorState, Loading } from './state-views';
import { useAsync } from './use-async';

/** The FMEA library per asset type: what can fail, how it shows, how risky it is, what to do about it. */
export function FailureModesPage() {
  const state = useAsync('failure-modes', () => mapi.failureModes());
  const { data, error, reload, setData } = state;
  const [type, setType] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const types = useMemo(() => [...new Set((data ?? []).flatMap((m) => m.assetTypes))].sort(), [data]);
  const current = type || types[0] || '';
  const modes = useMemo(
    () => (data ?? []).filter((m) => m.assetTypes.includes(current)).sort((a, b) => b.rpn - a.rpn),
    [data, current],
  );

  if (!data) {
    if (error) return <ErrorState error={error} onRetry={reload} title="Could not load the failure-mode library" />;
    return <Loading label="Loading failure modes…" />;
  }
  const saved = (m: FailureMode) => {
    setData((d) => d?.map((x) => (x.id === m.id ? m : x)));
    setEditing(null);
  };
  return (
    <div className="page" data-testid="failure-modes-page">
      <div className="page-head">
        <div>
          <h1>Failure-mode library</h1>
          <div className="page-sub">
            FMEA per asset type, ISO 14224 failure-mode codes · highest risk priority number (RPN) first
          </div>
        </div>
        <select className="select" value={current} onChange={(e) => setType(e.target.value)} aria-label="Asset type">
          {types.map((t) => (
            <option key={t} value={t}>
              {assetTypeLabel(t)}
            </option>
          ))}
        </select>
      </div>
      {modes.length === 0 ? (
        <EmptyState title="No failure modes">The library has no failure modes for this asset type yet.</EmptyState>
      ) : (
        <ul className="fm-list">
          {modes.map((m) => (
            <li key={m.id} className="card pad fm-card" data-testid="fm-card" data-failure-mode-id={m.id}>
              <div className="fm-card-head">
                <div>
                  <h2>{m.name}</h2>
                  <div className="muted small">
                    {m.component} · {m.mechanism}
                    {m.iso14224 && <span className="iso-code"> · ISO 14224 {m.iso14224}</span>}
                  </div>
                </div>
                <div className="sod" title="Severity × Occurrence × Detection = RPN (IEC 60812)">
                  <span>S {m.severity}</span>
                  <span>O {m.occurrence}</span>
                  <span>D {m.detectability}</span>
                  <span className="rpn strong" data-testid="fm-rpn">
                    RPN {m.rpn}
                  </span>
                </div>
              </div>
              {editing === m.id ? (
                <FailureModeEdit mode={m} onSaved={saved} onCancel={() => setEditing(null)} />
              ) : (
                <>
                  <div className="two-col">
                    <div>
                      <h3 className="section-label">Symptoms</h3>
                      <ul className="symptoms">
                        {m.symptoms.map((s) => (
                          <li key={`${s.kind}-${s.direction}-${s.text}`}>
                            <span className="mono small">
                              {s.kind} {s.direction === 'up' ? '↑' : '↓'}
                            </span>{' '}
                            {s.text}
                          </li>
                        ))}
                      </ul>
                      <div className="small muted">Detected by {m.detection}</div>
                    </div>
                    <div>
                      <h3 className="section-label">Recommended actions</h3>
                      <ul className="actions-list">
                        {m.recommendedActions.map((a) => (
                          <li key={a}>{a}</li>
                        ))}
                      </ul>
                      <div className="small muted">
                        {m.repairHours} h repair · {m.skill}
                        {m.causes.length > 0 && ` · causes: ${m.causes.join(', ')}`}
                      </div>
                    </div>
                  </div>
                  <div className="actions">
                    <button type="button" className="btn btn-ghost" onClick={() => setEditing(m.id)}>
                      Edit ratings and actions
                    </button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
