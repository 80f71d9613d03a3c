import type { SimilarEpisode } from '@prognos/core';
import { fmtFullTime, fmtNumber } from './format';
import { fmtRepairMinutes } from './knowledge-hit';
import { routes } from './router';

type Finding = NonNullable<SimilarEpisode['finding']>;

/** Last time's findings: what was found and done, how long it took, who did it, and the work order. */
function EpisodeFinding({ finding, workOrderId }: { finding: Finding; workOrderId?: string }) {
  const facts = [
    finding.failureModeName ?? finding.failureModeId,
    finding.repairMinutes !== undefined ? `fixed in ${fmtRepairMinutes(finding.repairMinutes)}` : undefined,
    finding.technician ? `by ${finding.technician}` : undefined,
  ].filter((f) => f !== undefined);
  return (
    <div className="similar-finding" data-testid="similar-finding">
      <dl className="know-finding">
        <dt>Found</dt>
        <dd data-testid="similar-finding-cause">{finding.rootCause || '—'}</dd>
        <dt>Done</dt>
        <dd>{finding.actionTaken || '—'}</dd>
      </dl>
      <div className="muted small">
        {facts.join(' · ')}
        {workOrderId && (
          <>
            {facts.length > 0 && ' · '}
            <a href={routes.workOrder(workOrderId)} data-testid="similar-finding-work-order">
              work order
            </a>
          </>
        )}
      </div>
    </div>
  );
}

/** Past episodes that deviated the same way (this machine or machines of its type), and how each ended. */
export function SimilarEpisodes({ episodes, assetId }: { episodes?: SimilarEpisode[]; assetId: string }) {
  if (!episodes || episodes.length === 0) return null;
  return (
    <div className="similar-episodes" data-testid="similar-episodes">
      <h3 className="section-label">Seen before</h3>
      <ul>
        {episodes.map((e) => (
          <li key={e.alertId} data-testid="similar-episode" data-alert-id={e.alertId}>
            <div className="similar-head">
              <span className="strong">
                {e.assetId === assetId ? 'This machine' : <a href={routes.asset(e.assetId)}>{e.assetName}</a>}
              </span>
              <span className="muted small" title={fmtFullTime(e.startedAt)}>
                {new Date(e.startedAt).toLocaleDateString(undefined, {
                  day: 'numeric',
                  month: 'short',
                  year: 'numeric',
                })}
              </span>
              <span className="muted small">{Math.round(100 * e.similarity)} % alike</span>
              <span className="muted small">peak score {fmtNumber(e.peakScore, 2)}</span>
            </div>
            {/* With findings the outcome repeats them in one line; the structured view says it better. */}
            {e.finding ? (
              <EpisodeFinding finding={e.finding} workOrderId={e.workOrderId} />
            ) : (
              <div className="similar-outcome">{e.outcome}</div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
