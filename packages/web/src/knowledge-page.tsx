/** Know-how: full-text search of what technicians found and did on completed work orders. */
export function KnowledgePage({ q }: { q?: string }) {
  return (
    <div className="page" data-testid="knowledge-page">
      <h1>Know-how {q}</h1>
    </div>
  );
}
