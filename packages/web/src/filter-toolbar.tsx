/** One filter tab: an id, its label and, optionally, how many items it holds. */
export interface FilterTab<T extends string> {
  id: T;
  label: string;
  n?: number;
}

/** The list toolbar shared by the fleet and data-quality pages: filter tabs and a search box. */
export function FilterToolbar<T extends string>({
  tabs,
  value,
  onChange,
  filterLabel,
  query,
  onQuery,
  searchLabel,
}: {
  tabs: readonly FilterTab<T>[];
  value: T;
  onChange: (id: T) => void;
  filterLabel: string;
  query: string;
  onQuery: (q: string) => void;
  /** e.g. "Search assets" (also the placeholder, with an ellipsis). */
  searchLabel: string;
}) {
  return (
    <div className="toolbar">
      <div className="segmented" role="tablist" aria-label={filterLabel}>
        {tabs.map((f) => (
          <button
            key={f.id}
            type="button"
            role="tab"
            aria-selected={value === f.id}
            className={value === f.id ? 'active' : ''}
            onClick={() => onChange(f.id)}
          >
            {f.label}
            {f.n !== undefined && (
              <>
                {' '}
                <span className="count">{f.n}</span>
              </>
            )}
          </button>
        ))}
      </div>
      <input
        className="search"
        type="search"
        placeholder={`${searchLabel}…`}
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        aria-label={searchLabel}
      />
    </div>
  );
}
