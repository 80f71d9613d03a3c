/** One version of a guided procedure, read-only: steps with safety marks, readings, tools and minutes per step. */
import type { Procedure } from '@prognos/core';
import { fmtExpected } from './maintenance-format';

export function fmtMinutes(min: number): string {
  if (min < 60) return `${Math.round(min)} min`;
  const h = Math.floor(min / 60);
  const m = Math.round(min - h * 60);
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export function ProcedureSteps({ p }: { p: Procedure }) {
  return (
    <ol className="proc-steps" data-testid="procedure-steps">
      {p.steps.map((s, i) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: steps are addressed by their position
          key={i}
          className={`step ${s.safety ? 'step-safety' : ''}`}
          data-testid="procedure-view-step"
          data-safety={s.safety ? 'true' : 'false'}
        >
          <div className="proc-step-line">
            <span className="step-num">{i + 1}</span>
            <span className="step-text">
              {s.safety && <span className="safety-tag">Safety</span>} {s.text}
            </span>
          </div>
          {s.expected && (
            <div className="proc-step-reading small" data-testid="procedure-view-reading">
              Reading: {fmtExpected(s.expected)}
            </div>
          )}
          {(s.minutes !== undefined || (s.tools && s.tools.length > 0)) && (
            <div className="step-meta small muted">
              {s.minutes !== undefined && <span>about {s.minutes} min</span>}
              {s.tools && s.tools.length > 0 && <span>Tools: {s.tools.join(', ')}</span>}
            </div>
          )}
          {s.detail && <p className="small proc-step-detail">{s.detail}</p>}
        </li>
      ))}
    </ol>
  );
}
