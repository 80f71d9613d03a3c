import type { SimilarEpisode } from '@prognos/core';
import { fmtFullTime, fmtNumber } from './format';
import { routes } from './router';

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
            <div className="similar-outcome">{e.outcome}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}
