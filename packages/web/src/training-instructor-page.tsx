/** The instructor's view: assign scenarios, see results and the skills matrix. */
export function TrainingInstructorPage() {
  return (
    <div className="page" data-testid="training-instructor-page">
      <h1>Instructor</h1>
    </div>
  );
}
