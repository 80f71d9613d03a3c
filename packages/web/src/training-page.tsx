/** Training: the trainee's assignments, the scenario library, and their results. */
export function TrainingPage() {
  return (
    <div className="page" data-testid="training-page">
      <h1>Training</h1>
    </div>
  );
}
