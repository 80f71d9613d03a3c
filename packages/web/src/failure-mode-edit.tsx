import type { FailureMode } from '@prognos/core';
import { useState } from 'react';
import { mapi } from './maintenance-api';
import { useAction } from './use-action';

const RATING = { min: 1, max: 10 };

/** Edit a mode's FMEA ratings (1..10 each; RPN = S × O × D, IEC 60812) and its recommended actions. */
export function FailureModeEdit({
  mode,
  onSaved,
  onCancel,
}: {
  mode: FailureMode;
  onSaved: (m: FailureMode) => void;
  onCancel: () => void;
}) {
  const [s, setS] = useState(mode.severity);
  const [o, setO] = useState(mode.occurrence);
  const [d, setD] = useState(mode.detectability);
  const [actions, setActions] = useState(mode.recommendedActions.join('\n'));
  const { busy, error, run } = useAction();
  const ok = [s, o, d].every((x) => Number.isInteger(x) && x >= RATING.min && x <= RATING.max);
  const rating = (label: string, v: number, set: (n: number) => void) => (
    <label className="field">
      {label}
      <input
        type="number"
        min={RATING.min}
        max={RATING.max}
        step="1"
        value={v}
        onChange={(e) => set(Number(e.target.value))}
        required
      />
    </label>
  );
  return (
    <form
      className="fm-edit"
      data-testid="fm-edit"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!ok) return;
        const next: FailureMode = {
          ...mode,
          severity: s,
          occurrence: o,
          detectability: d,
          rpn: s * o * d,
          recommendedActions: actions
            .split('\n')
            .map((a) => a.trim())
            .filter(Boolean),
        };
        const saved = await run('save', () => mapi.saveFailureMode(next));
        if (saved) onSaved(saved);
      }}
    >
      <div className="field-row">
        {rating('Severity', s, setS)}
        {rating('Occurrence', o, setO)}
        {rating('Detection', d, setD)}
        <div className="field">
          RPN
          <span className="strong rpn">{ok ? s * o * d : '—'}</span>
        </div>
      </div>
      <label className="field">
        Recommended actions (one a line)
        <textarea rows={4} value={actions} onChange={(e) => setActions(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="btn" disabled={busy !== null || !ok}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
        {error && (
          <span className="action-error" role="alert">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
