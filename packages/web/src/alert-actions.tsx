import type { Alert } from '@prognos/core';
import { useState } from 'react';
import { api, errorMessage } from './api';

/** Acknowledge / Close buttons; reports the server's updated alert, or shows why the action failed. */
export function AlertActions({ alert, onChange }: { alert: Alert; onChange: (a: Alert) => void }) {
  const [busy, setBusy] = useState<'ack' | 'close' | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (alert.state === 'closed') return null;

  const act = async (kind: 'ack' | 'close') => {
    setBusy(kind);
    setError(null);
    try {
      onChange(kind === 'ack' ? await api.acknowledge(alert.id) : await api.close(alert.id));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="actions">
      {alert.state === 'open' && (
        <button
          type="button"
          className="btn"
          data-testid="alert-ack"
          disabled={busy !== null}
          onClick={() => act('ack')}
        >
          {busy === 'ack' ? 'Acknowledging…' : 'Acknowledge'}
        </button>
      )}
      <button
        type="button"
        className="btn btn-ghost"
        data-testid="alert-close"
        disabled={busy !== null}
        onClick={() => act('close')}
      >
        {busy === 'close' ? 'Closing…' : 'Close'}
      </button>
      {error && (
        <span className="action-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
