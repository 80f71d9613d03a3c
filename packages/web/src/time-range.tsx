export interface TimeRange {
  id: string;
  label: string;
  ms: number;
}

export const TIME_RANGES: TimeRange[] = [
  { id: '30m', label: '30 min', ms: 30 * 60_000 },
  { id: '6h', label: '6 h', ms: 6 * 3_600_000 },
  { id: '24h', label: '24 h', ms: 24 * 3_600_000 },
  { id: '7d', label: '7 d', ms: 7 * 86_400_000 },
];

export function RangeSelect({ value, onChange }: { value: string; onChange: (r: TimeRange) => void }) {
  return (
    <div className="segmented" title="Time window" data-testid="range-select">
      {TIME_RANGES.map((r) => (
        <button
          key={r.id}
          type="button"
          aria-pressed={value === r.id}
          className={value === r.id ? 'active' : ''}
          data-range={r.id}
          onClick={() => onChange(r)}
        >
          {r.label}
        </button>
      ))}
    </div>
  );
}
