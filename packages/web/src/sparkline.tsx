import { useId } from 'react';

/**
 * A light SVG sparkline (no chart library: a fleet page may show dozens). The y-range spans at least 20 points
 * so sensor noise on a healthy asset does not look like a trend.
 */
export function Sparkline({
  values,
  className,
  min: fixedMin,
  max: fixedMax,
  minSpan = 20,
}: {
  values: number[];
  className?: string;
  min?: number;
  max?: number;
  minSpan?: number;
}) {
  const id = useId();
  const w = 120;
  const h = 36;
  const pts = values.filter((v) => Number.isFinite(v));
  if (pts.length < 2) return <div className={`sparkline sparkline-empty ${className ?? ''}`}>collecting data…</div>;
  let lo = fixedMin ?? Math.min(...pts);
  let hi = fixedMax ?? Math.max(...pts);
  if (hi - lo < minSpan) {
    const mid = (hi + lo) / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
    if (fixedMax !== undefined && hi > fixedMax) {
      lo -= hi - fixedMax;
      hi = fixedMax;
    }
  }
  const x = (i: number) => (i / (pts.length - 1)) * w;
  const y = (v: number) => h - 2 - ((v - lo) / (hi - lo || 1)) * (h - 4);
  const line = pts.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const area = `0,${h} ${line} ${w},${h}`;
  const gid = `spark-${id.replace(/:/g, '')}`;
  return (
    <svg
      className={`sparkline ${className ?? ''}`}
      viewBox={`0 0 ${w} ${h}`}
      preserveAspectRatio="none"
      aria-hidden="true"
    >
      <defs>
        <linearGradient id={gid} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor="currentColor" stopOpacity="0.25" />
          <stop offset="1" stopColor="currentColor" stopOpacity="0" />
        </linearGradient>
      </defs>
      <polygon points={area} fill={`url(#${gid})`} />
      <polyline points={line} fill="none" stroke="currentColor" strokeWidth="1.6" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
