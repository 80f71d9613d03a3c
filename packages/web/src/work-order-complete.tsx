import type { FailureMode, WorkOrderDetail } from '@prognos/core';
import { useState } from 'react';
import { mapi } from './maintenance-api';
import { useAction } from './use-action';

/** What was found: confirms (or not) the failure mode, root cause, action taken, downtime with its reason. */
export function CompletionForm({
  wo,
  modes,
  stepsLeft,
  onDone,
}: {
  wo: WorkOrderDetail;
  modes: FailureMode[];
  stepsLeft: number;
  onDone: () => void;
}) {
  const { busy, error, run } = useAction(onDone);
  const [confirmed, setConfirmed] = useState<'yes' | 'no' | ''>('');
  const [modeId, setModeId] = useState(wo.failureModeId ?? '');
  const [rootCause, setRootCause] = useState('');
  const [action, setAction] = useState('');
  const [downtime, setDowntime] = useState('0');
  const [downtimeReason, setDowntimeReason] = useState('');
  const hours = Number(downtime);
  const valid = confirmed !== '' && rootCause.trim() && action.trim() && Number.isFinite(hours) && hours >= 0;

  return (
    <form
      className="card pad completion"
      data-testid="completion-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid || stepsLeft > 0) return;
        run('complete', () =>
          mapi.complete(wo.id, {
            failureConfirmed: confirmed === 'yes',
            failureModeId: confirmed === 'yes' && modeId ? modeId : undefined,
            rootCause: rootCause.trim(),
            actionTaken: action.trim(),
            downtimeHours: hours,
            downtimeReason: downtimeReason.trim() || undefined,
          }),
        );
      }}
    >
      <h2>Findings</h2>
      <fieldset className="radio-row">
        <legend>Was the predicted failure confirmed?</legend>
        <label className="radio">
          <input
            type="radio"
            name="confirmed"
            value="yes"
            data-testid="finding-confirmed"
            checked={confirmed === 'yes'}
            onChange={() => setConfirmed('yes')}
          />
          Yes, confirmed
        </label>
        <label className="radio">
          <input
            type="radio"
            name="confirmed"
            value="no"
            data-testid="finding-not-confirmed"
            checked={confirmed === 'no'}
            onChange={() => setConfirmed('no')}
          />
          No, false alarm
        </label>
      </fieldset>
      {confirmed === 'yes' && (
        <label className="field">
          Failure mode found
          <select value={modeId} onChange={(e) => setModeId(e.target.value)} data-testid="finding-mode">
            <option value="">Not in the library</option>
            {modes.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} {m.iso14224 ? `(${m.iso14224})` : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        Root cause
        <textarea
          rows={2}
          value={rootCause}
          onChange={(e) => setRootCause(e.target.value)}
          data-testid="finding-root-cause"
          required
        />
      </label>
      <label className="field">
        Action taken
        <textarea
          rows={2}
          value={action}
          onChange={(e) => setAction(e.target.value)}
          data-testid="finding-action"
          required
        />
      </label>
      <div className="field-row">
        <label className="field">
          Downtime (h)
          <input
            type="number"
            min="0"
            step="0.1"
            inputMode="decimal"
            value={downtime}
            onChange={(e) => setDowntime(e.target.value)}
            data-testid="finding-downtime"
          />
        </label>
        <label className="field grow">
          Downtime reason
          <input
            value={downtimeReason}
            onChange={(e) => setDowntimeReason(e.target.value)}
            placeholder="e.g. planned stop for bearing change"
            data-testid="finding-downtime-reason"
          />
        </label>
      </div>
      <div className="actions">
        <button
          type="submit"
          className="btn btn-big"
          data-testid="complete-work-order"
          disabled={busy !== null || !valid || stepsLeft > 0}
        >
          {busy ? 'Completing…' : 'Complete work order'}
        </button>
        {stepsLeft > 0 && (
          <span className="muted small">
            {stepsLeft} step{stepsLeft === 1 ? '' : 's'} of the procedure left
          </span>
        )}
      </div>
      {error && (
        <div className="action-error" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}
