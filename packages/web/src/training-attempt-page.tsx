/** A trainee working one scenario in a sandbox: the simulated machine's data, the diagnosis, the score and feedback. */
export function TrainingAttemptPage({ id }: { id: string }) {
  return (
    <div className="page" data-testid="training-attempt-page">
      <h1>Training scenario {id}</h1>
    </div>
  );
}
