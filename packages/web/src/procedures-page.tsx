/** Guided procedures: the library's procedures, their versions, and the editor that saves a new version. */
export function ProceduresPage() {
  return (
    <div className="page" data-testid="procedures-page">
      <h1>Procedures</h1>
    </div>
  );
}
