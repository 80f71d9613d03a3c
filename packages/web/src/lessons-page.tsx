import { routes } from './router';
import { ErrorState, Loading } from './state-views';
import { useAsync } from './use-async';
import { whyApi } from './why-api';

/** Short lessons on the concepts behind alerts, health and predictions. */
export function LessonsPage() {
  const { data, error, reload } = useAsync('lessons', whyApi.lessons);
  return (
    <div className="page" data-testid="lessons-page">
      <div className="page-head">
        <div>
          <h1>Lessons</h1>
          <p className="muted">
            Short reads on what the alerts, health scores and predictions mean. Each "why" panel links the ones that
            matter for it.
          </p>
        </div>
      </div>
      {!data ? (
        error ? (
          <ErrorState error={error} onRetry={reload} title="Could not load the lessons" />
        ) : (
          <Loading label="Loading lessons…" />
        )
      ) : (
        <div className="lesson-list">
          {data.map((l) => (
            <article key={l.id} className="card pad lesson-card" data-testid="lesson" data-lesson-id={l.id}>
              <a href={routes.lesson(l.id)}>{l.title}</a>
              <p className="small">{l.summary}</p>
              <span className="muted small">{l.minutes} min read</span>
            </article>
          ))}
        </div>
      )}
    </div>
  );
}
