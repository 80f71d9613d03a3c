/** One lesson. */
export function LessonPage({ id }: { id: string }) {
  return (
    <div className="page" data-testid="lesson-page">
      <h1>Lesson {id}</h1>
    </div>
  );
}
