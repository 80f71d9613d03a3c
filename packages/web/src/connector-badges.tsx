import { qualityReasonName, qualityState } from '@prognos/core';
import { KIND_LABEL, kindLabel, stateLabel, stateTone } from './connector-format';

export function KindBadge({ kind }: { kind: string }) {
  const known = kind in KIND_LABEL;
  return (
    <span className={`kind kind-${known ? kind : 'other'}`} data-kind={kind}>
      {kindLabel(kind)}
    </span>
  );
}

/** The connector state in the product's status colours (see stateTone). */
export function ConnectorStateBadge({ state }: { state: string }) {
  const tone = stateTone(state);
  return (
    <span className={`pill pill-${tone}`} data-status={tone}>
      <span className="pill-dot" aria-hidden="true" />
      {stateLabel(state)}
    </span>
  );
}

/** A chip only when a value is not good: good is the normal case and needs no ink. */
export function QualityChip({ quality }: { quality: number | undefined }) {
  if (quality === undefined) return null;
  const s = qualityState(quality);
  if (s === 'good') return null;
  return (
    <span className={`qchip q-${s}`} title={`Quality ${s}: ${qualityReasonName(quality)}`}>
      {s}
    </span>
  );
}
