/** Short lessons on the concepts behind alerts, health and predictions. */
export function LessonsPage() {
  return (
    <div className="page" data-testid="lessons-page">
      <h1>Lessons</h1>
    </div>
  );
}
