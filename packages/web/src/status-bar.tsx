import { useMemo } from 'react';
import type { ServerHealth } from './api-types';
import { fmtAgo, fmtDuration } from './format';
import { live, useLiveStatus } from './live';
import { useNow } from './use-async';

/** Live-stream connection state (with the reconnect countdown) and the server's version. */
export function StatusBar({ server, serverError }: { server?: ServerHealth; serverError: boolean }) {
  const status = useLiveStatus();
  const now = useNow(1000);
  const idleMs = live.lastEventAt ? now - live.lastEventAt : 0;
  const idle = status.state === 'open' && idleMs > 15_000;
  const label =
    status.state === 'open'
      ? idle
        ? `Live · no events for ${fmtDuration(idleMs)}`
        : 'Live'
      : status.state === 'connecting'
        ? 'Connecting…'
        : `Reconnecting in ${Math.max(0, Math.ceil(((status.retryAt ?? now) - now) / 1000))} s (attempt ${status.attempt})`;
  const tone = status.state === 'open' ? (idle ? 'watch' : 'ok') : status.state === 'connecting' ? 'unknown' : 'alarm';
  const version = status.version ?? server?.version;
  // uptime counted from when the server said it started, so it keeps moving between health polls
  const startedAt = useMemo(() => (server ? Date.now() - server.uptimeS * 1000 : undefined), [server]);
  return (
    <footer className="statusbar" data-testid="status-bar">
      <span className={`conn conn-${tone}`} data-testid="connection" data-state={status.state}>
        <span className="conn-dot" aria-hidden="true" />
        {label}
        {status.state === 'reconnecting' && (
          <button type="button" className="linklike" onClick={() => live.retryNow()}>
            retry now
          </button>
        )}
      </span>
      {status.state === 'open' && live.lastEventAt > 0 && !idle && (
        <span className="muted">last event {fmtAgo(live.lastEventAt, now)}</span>
      )}
      <span className="spacer" />
      {serverError && <span className="sb-warn">server not answering</span>}
      {server?.simulator && <span className="sb-chip">Simulator</span>}
      {startedAt !== undefined && <span className="muted">up {fmtDuration(now - startedAt)}</span>}
      <span data-testid="server-version">Prognos {version ? `v${version.replace(/^v/, '')}` : '—'}</span>
      <a href="/openapi.json" target="_blank" rel="noreferrer">
        API
      </a>
    </footer>
  );
}
