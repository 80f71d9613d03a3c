import { routes } from './router';
import { ErrorState, Loading } from './state-views';
import { useAsync } from './use-async';
import { whyApi } from './why-api';

/** One lesson: its paragraphs, the points to remember and related lessons. */
export function LessonPage({ id }: { id: string }) {
  const { data: lesson, error, reload } = useAsync(`lesson:${id}`, () => whyApi.lesson(id));
  const all = useAsync('lessons', whyApi.lessons);
  const titles = new Map((all.data ?? []).map((l) => [l.id, l.title]));
  return (
    <div className="page" data-testid="lesson-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={routes.lessons()}>Lessons</a>
        <span>{lesson?.title ?? id}</span>
      </nav>
      {!lesson ? (
        error ? (
          <ErrorState error={error} onRetry={reload} title="Could not load the lesson" />
        ) : (
          <Loading label="Loading the lesson…" />
        )
      ) : (
        <article className="card pad lesson-body" data-testid="lesson" data-lesson-id={lesson.id}>
          <h1>{lesson.title}</h1>
          <p className="muted small">
            {lesson.minutes} min read · {lesson.summary}
          </p>
          {lesson.body.map((p) => (
            <p key={p}>{p}</p>
          ))}
          <h2>Remember</h2>
          <ul className="lesson-key" data-testid="lesson-key-points">
            {lesson.keyPoints.map((k) => (
              <li key={k}>{k}</li>
            ))}
          </ul>
          {lesson.related.length > 0 && (
            <p className="lesson-related">
              <span className="muted small">Related: </span>
              {lesson.related.map((r) => (
                <a key={r} href={routes.lesson(r)}>
                  {titles.get(r) ?? r}
                </a>
              ))}
            </p>
          )}
        </article>
      )}
    </div>
  );
}
