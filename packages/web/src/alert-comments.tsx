import { useState } from 'react';
import { fmtFullTime, fmtTime } from './format';
import { mapi } from './maintenance-api';
import { ErrorState, Loading } from './state-views';
import { useAction } from './use-action';
import { useAsync } from './use-async';

/** The conversation on an alert, oldest first, and a box to add to it. */
export function AlertComments({ alertId, now }: { alertId: string; now: number }) {
  const state = useAsync(`comments:${alertId}`, () => mapi.comments(alertId));
  const { busy, error, run } = useAction(state.reload);
  const [text, setText] = useState('');
  const comments = [...(state.data ?? [])].sort((a, b) => a.at - b.at);
  return (
    <section className="card comments" data-testid="alert-comments">
      <h3 className="section-label">Comments</h3>
      {!state.data && state.error !== undefined && (
        <ErrorState error={state.error} onRetry={state.reload} title="Could not load comments" />
      )}
      {!state.data && state.error === undefined && <Loading label="Loading comments…" />}
      {state.data && comments.length === 0 && <div className="muted small">No comments yet.</div>}
      <ul className="comment-list">
        {comments.map((c) => (
          <li key={c.id} data-testid="alert-comment">
            <div className="small">
              <strong>{c.author}</strong>{' '}
              <span className="muted" title={fmtFullTime(c.at)}>
                {fmtTime(c.at, now)}
              </span>
            </div>
            <div className="comment-text">{c.text}</div>
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const t = text.trim();
          if (t) run('comment', () => mapi.comment(alertId, t)).then((r) => r && setText(''));
        }}
      >
        <label className="grow">
          <span className="sr-only">Comment</span>
          <input value={text} onChange={(e) => setText(e.target.value)} placeholder="Add a comment…" />
        </label>
        <button type="submit" className="btn" disabled={busy !== null || !text.trim()}>
          {busy ? 'Posting…' : 'Post'}
        </button>
      </form>
      {error && (
        <div className="action-error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
