import type { Status } from './format';

/** A 270° arc gauge of health 0–100, coloured by status. */
export function HealthGauge({ health, status, size = 76 }: { health?: number; status: Status; size?: number }) {
  const r = 15.5;
  const c = 2 * Math.PI * r;
  const arc = 0.75 * c;
  const known = health !== undefined && Number.isFinite(health);
  const v = known ? Math.max(0, Math.min(100, health)) : 0;
  return (
    <div
      className={`gauge gauge-${status}`}
      style={{ width: size, height: size }}
      data-health={known ? v.toFixed(0) : ''}
    >
      <svg viewBox="0 0 36 36" width={size} height={size} aria-hidden="true">
        <circle
          className="gauge-track"
          cx="18"
          cy="18"
          r={r}
          strokeDasharray={`${arc} ${c}`}
          transform="rotate(135 18 18)"
        />
        {known && (
          <circle
            className="gauge-value"
            cx="18"
            cy="18"
            r={r}
            strokeDasharray={`${(arc * v) / 100} ${c}`}
            transform="rotate(135 18 18)"
          />
        )}
      </svg>
      <div className="gauge-label">
        <span className="gauge-number">{known ? Math.round(v) : '—'}</span>
        <span className="gauge-caption">health</span>
      </div>
    </div>
  );
}
