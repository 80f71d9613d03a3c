/** Loading, empty and error states, so every page degrades the same way. */
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from './api';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const network = error instanceof ApiError && error.code === 'NETWORK';
  return (
    <div className="state state-error" role="alert">
      <div className="state-icon" aria-hidden="true">
        !
      </div>
      <div>
        <div className="state-title">{title ?? (network ? 'Server unreachable' : 'Something went wrong')}</div>
        <div className="state-text">
          {errorMessage(error)}
          {error instanceof ApiError && error.code !== 'NETWORK' && <code className="state-code">{error.code}</code>}
        </div>
      </div>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <div className="state-title">{title}</div>
      {children && <div className="state-text">{children}</div>}
    </div>
  );
}
