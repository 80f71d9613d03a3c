import type { FlaggedInterval } from './api-types';
import { clipIntervals, timelineSegments } from './flag-bands';
import { fmtDuration, fmtTime } from './format';
import { reasonLabel } from './quality-format';

/**
 * A compact bar of one sensor's recent trust: grey-green where good, amber where suspect, red where bad.
 * `intervals` undefined means "not loaded": the bar is drawn striped instead of claiming the sensor was good.
 */
export function QualityTimeline({
  intervals,
  from,
  to,
  now,
}: {
  intervals: readonly FlaggedInterval[] | undefined;
  from: number;
  to: number;
  now: number;
}) {
  const bands = intervals ? clipIntervals(intervals, from, to, now) : [];
  const segs = timelineSegments(bands, from, to);
  const label = !intervals
    ? 'Timeline not loaded'
    : bands.length === 0
      ? `No flags in the last ${fmtDuration(to - from)}`
      : `${bands.length} flagged ${bands.length === 1 ? 'interval' : 'intervals'} in the last ${fmtDuration(to - from)}`;
  return (
    <div
      className={`qtimeline ${intervals ? '' : 'qtimeline-pending'}`}
      role="img"
      aria-label={label}
      title={label}
      data-testid="quality-timeline"
      data-intervals={intervals ? bands.length : ''}
    >
      {segs.map((s) => (
        <span
          key={`${s.from}-${s.state}-${s.reason}`}
          className={`qseg qseg-${s.state}`}
          style={{ left: `${s.left}%`, width: `${s.width}%` }}
          title={`${s.state} · ${reasonLabel(s.reason)} · ${fmtTime(s.from, now)} – ${fmtTime(s.to, now)}`}
        />
      ))}
    </div>
  );
}
