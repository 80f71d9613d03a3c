/** Know-how: full-text search of what technicians found and did on completed work orders. */
import { useEffect, useState } from 'react';
import { kapi } from './knowledge-api';
import { KnowledgeHitItem } from './knowledge-hit';
import { routes } from './router';
import { EmptyState, ErrorState, Loading } from './state-views';
import { useAsync } from './use-async';

export function KnowledgePage({ q }: { q?: string }) {
  const query = q?.trim() ?? '';
  const [text, setText] = useState(query);
  // Back/forward or a link changes the URL's words: show them in the box.
  useEffect(() => setText(query), [query]);
  const { data, error, reload, loading } = useAsync(`knowledge:${query}`, () => kapi.search({ q: query, limit: 50 }));

  return (
    <div className="page knowledge" data-testid="knowledge-page">
      <div className="page-head">
        <div>
          <h1>Know-how</h1>
          <div className="muted small">
            What technicians found and did on completed work orders. Every word must match; end a word with * to match
            its beginning (bear* finds bearing and bearings).
          </div>
        </div>
      </div>
      <form
        className="know-search"
        onSubmit={(e) => {
          e.preventDefault();
          // The words go in the URL, so a search can be bookmarked and shared.
          window.location.hash = routes.knowledge(text.trim() || undefined);
        }}
      >
        <input
          className="input"
          type="search"
          placeholder="e.g. coupling loose, bear*"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label="Search findings"
          data-testid="knowledge-search"
        />
        <button type="submit" className="btn" data-testid="knowledge-search-submit">
          Search
        </button>
      </form>
      {!data ? (
        error ? (
          <ErrorState error={error} onRetry={reload} title="Could not search the findings" />
        ) : (
          <Loading label="Searching…" />
        )
      ) : data.length === 0 ? (
        <EmptyState title={query ? `Nothing found for “${query}”` : 'No findings recorded yet'}>
          {query
            ? 'Try fewer words, or end a word with * to match its beginning.'
            : 'Findings appear here when work orders are completed with a root cause and the action taken.'}
        </EmptyState>
      ) : (
        <section className="card pad" aria-busy={loading}>
          <div className="muted small" data-testid="knowledge-count">
            {query
              ? `${data.length} ${data.length === 1 ? 'finding' : 'findings'}, best match first`
              : 'Newest findings'}
          </div>
          <ul className="know-list">
            {data.map((h) => (
              <KnowledgeHitItem key={h.workOrderId} hit={h} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
