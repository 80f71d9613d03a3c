import { errorMessage } from './api';
import { fmtAgo } from './format';
import type { LiveBrowse } from './use-live-browse';

/** How fresh the browsed values are: "Live · 1 s ago", or why the last refresh failed. */
export function LiveNote({ browse, now }: { browse: LiveBrowse; now: number }) {
  if (browse.loading && !browse.items) return <span className="live-note muted">Connecting…</span>;
  if (browse.error !== undefined && browse.items) {
    return (
      <span className="live-note live-note-error" role="alert" title={errorMessage(browse.error)}>
        Refresh failed: {errorMessage(browse.error)}
      </span>
    );
  }
  if (!browse.items || browse.updatedAt === undefined) return null;
  return (
    <span className="live-note" data-testid="browse-live" data-updated-at={browse.updatedAt}>
      <span className="live-note-dot" aria-hidden="true" />
      Live · updated {fmtAgo(browse.updatedAt, now)}
    </span>
  );
}
