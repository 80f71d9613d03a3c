import type { AlertSeverity, AlertState } from '@prognos/core';
import { SEVERITY_LABEL, STATUS_LABEL, type Status } from './format';

export function StatusPill({ status }: { status: Status }) {
  return (
    <span className={`pill pill-${status}`} data-status={status}>
      <span className="pill-dot" aria-hidden="true" />
      {STATUS_LABEL[status]}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  return (
    <span className={`sev sev-${severity}`} data-severity={severity}>
      {SEVERITY_LABEL[severity]}
    </span>
  );
}

const STATE_LABEL: Record<AlertState, string> = { open: 'Open', acknowledged: 'Acknowledged', closed: 'Closed' };

export function AlertStateBadge({ state }: { state: AlertState }) {
  return <span className={`astate astate-${state}`}>{STATE_LABEL[state]}</span>;
}

export function CriticalityChip({ criticality }: { criticality: string }) {
  return (
    <span className={`crit crit-${criticality}`} title={`Criticality ${criticality}`}>
      {criticality}
    </span>
  );
}
