/** One guided procedure: its current version's steps, tools, parts and time, its version history, and the editor. */
export function ProcedurePage({ id }: { id: string }) {
  return (
    <div className="page" data-testid="procedure-page">
      <h1>Procedure {id}</h1>
    </div>
  );
}
