import type { SensorQualityState } from './api-types';
import { fmtScore, QUALITY_STATE_LABEL, QUALITY_TONE } from './quality-format';

/** A sensor's trust state as a pill in the health colours (good green, suspect amber, bad red). */
export function QualityBadge({ state }: { state: SensorQualityState }) {
  return (
    <span className={`pill pill-${QUALITY_TONE[state]}`} data-quality-state={state}>
      <span className="pill-dot" aria-hidden="true" />
      {QUALITY_STATE_LABEL[state]}
    </span>
  );
}

/** Data-quality score 0–100 in the state's colour, e.g. on a fleet card: "Data 87". */
export function DataQualityChip({
  score,
  state,
  label = 'Data',
  testId,
}: {
  score: number | null;
  state: SensorQualityState;
  label?: string;
  testId?: string;
}) {
  return (
    <span
      className={`dq pill-${QUALITY_TONE[state]}`}
      data-testid={testId}
      data-score={score ?? ''}
      data-state={state}
      title={`Data quality ${fmtScore(score)} / 100 · ${QUALITY_STATE_LABEL[state].toLowerCase()}`}
    >
      <span className="dq-label">{label}</span> {fmtScore(score)}
    </span>
  );
}
