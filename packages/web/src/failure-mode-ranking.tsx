import type { RankedFailureMode } from '@prognos/core';
import { EmptyState } from './state-views';

/** Likely causes of an alert, best match first: how well its deviations match each mode's symptoms. */
export function FailureModeRanking({ modes }: { modes: RankedFailureMode[] }) {
  if (modes.length === 0)
    return (
      <EmptyState title="No failure mode matches">
        No failure mode in the library for this asset type matches the deviations of this alert.
      </EmptyState>
    );
  return (
    <ol className="fm-ranking" data-testid="failure-modes">
      {modes.map((m, i) => (
        <li
          key={m.failureModeId}
          className="fm-ranked card"
          data-testid="ranked-failure-mode"
          data-failure-mode-id={m.failureModeId}
          data-score={m.score}
        >
          <div className="fm-ranked-head">
            <span className="fm-rank" title={`Rank ${i + 1}`}>
              {i + 1}
            </span>
            <div className="fm-ranked-title">
              <div className="strong">{m.name}</div>
              <div className="muted small">
                {m.component}
                {m.iso14224 && (
                  <>
                    {' · '}
                    <span className="iso-code" title="ISO 14224:2016 failure-mode code">
                      ISO 14224 {m.iso14224}
                    </span>
                  </>
                )}
                {' · '}RPN {m.rpn}
              </div>
            </div>
            <div className="match" title="How well the alert's deviations match the mode's symptoms">
              <div className="match-bar" aria-hidden="true">
                <div className="match-fill" style={{ width: `${Math.round(100 * m.score)}%` }} />
              </div>
              <span className="match-num">{Math.round(100 * m.score)} %</span>
            </div>
          </div>
          <div className="fm-evidence">
            {m.matched.length > 0 && (
              <div>
                <div className="section-label">Seen</div>
                <ul className="symptoms symptoms-matched">
                  {m.matched.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              </div>
            )}
            {m.missing.length > 0 && (
              <div>
                <div className="section-label">Expected, not seen</div>
                <ul className="symptoms symptoms-missing">
                  {m.missing.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              </div>
            )}
            {m.recommendedActions.length > 0 && (
              <div>
                <div className="section-label">Check first</div>
                <ul className="actions-list">
                  {m.recommendedActions.map((a) => (
                    <li key={a}>{a}</li>
                  ))}
                </ul>
              </div>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
