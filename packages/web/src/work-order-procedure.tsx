import type { WorkOrderDetail } from '@prognos/core';
import { useState } from 'react';
import { fmtTime } from './format';
import { fmtExpected, latestResults, readingCheck, stepLock } from './maintenance-format';

/**
 * The guided procedure as a checklist: safety steps first and marked, each step's tools, time and guidance, readings
 * checked against their range; results saved on this device and not yet sent (`pending`) say so.
 */
export function ProcedureChecklist({
  wo,
  now,
  busyStep,
  pending,
  onSave,
}: {
  wo: WorkOrderDetail;
  now: number;
  busyStep: number | null;
  pending?: ReadonlySet<number>;
  onSave: (step: number, r: { done: boolean; value?: number }) => void;
}) {
  const results = latestResults(wo.stepResults);
  const done = new Set([...results.values()].filter((r) => r.done).map((r) => r.step));
  const editable = wo.status === 'open' || wo.status === 'in_progress';
  if (wo.procedure.length === 0) return <div className="muted">This work order has no procedure.</div>;
  return (
    <ol className="checklist" data-testid="procedure">
      {wo.procedure.map((step, i) => (
        <StepItem
          // biome-ignore lint/suspicious/noArrayIndexKey: steps are addressed by their position
          key={i}
          index={i}
          step={step}
          result={results.get(i)}
          lock={done.has(i) ? undefined : stepLock(wo.procedure, done, i)}
          editable={editable}
          busy={busyStep === i}
          pending={pending?.has(i) ?? false}
          now={now}
          onSave={(r) => onSave(i, r)}
        />
      ))}
    </ol>
  );
}

function StepItem({
  index,
  step,
  result,
  lock,
  editable,
  busy,
  pending,
  now,
  onSave,
}: {
  index: number;
  step: WorkOrderDetail['procedure'][number];
  result?: WorkOrderDetail['stepResults'][number];
  lock?: string;
  editable: boolean;
  busy: boolean;
  pending: boolean;
  now: number;
  onSave: (r: { done: boolean; value?: number }) => void;
}) {
  const [raw, setRaw] = useState(result?.value !== undefined ? String(result.value) : '');
  const value = raw.trim() === '' ? undefined : Number(raw);
  const check = readingCheck(step.expected, value);
  const done = result?.done === true;
  const id = `step-${index}`;
  return (
    <li
      className={`step ${step.safety ? 'step-safety' : ''} ${done ? 'step-done' : ''}`}
      data-testid="procedure-step"
      data-step={index}
      data-safety={step.safety ? 'true' : 'false'}
      data-done={done ? 'true' : 'false'}
      data-pending={pending ? 'true' : 'false'}
    >
      <label className="step-check" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={done}
          disabled={!editable || busy || lock !== undefined}
          onChange={(e) => onSave({ done: e.target.checked, value })}
        />
        <span className="step-num">{index + 1}</span>
        <span className="step-text">
          {step.safety && <span className="safety-tag">Safety</span>} {step.text}
        </span>
      </label>
      {(step.minutes !== undefined || (step.tools && step.tools.length > 0)) && (
        <div className="step-meta small muted" data-testid="step-meta">
          {step.minutes !== undefined && <span>about {step.minutes} min</span>}
          {step.tools && step.tools.length > 0 && <span>Tools: {step.tools.join(', ')}</span>}
        </div>
      )}
      {step.detail && (
        <details className="step-detail small">
          <summary>How to do it</summary>
          <p>{step.detail}</p>
        </details>
      )}
      {step.expected && (
        <div className="step-reading">
          <label className="small">
            {fmtExpected(step.expected)}
            <span className="reading-input">
              <input
                type="number"
                inputMode="decimal"
                step="any"
                value={raw}
                disabled={!editable}
                data-testid="step-value"
                onChange={(e) => setRaw(e.target.value)}
                onBlur={() => done && value !== result?.value && onSave({ done, value })}
                aria-label={`${step.expected.quantity} (${step.expected.unit})`}
              />
              <span className="muted">{step.expected.unit}</span>
            </span>
          </label>
          {check && (
            <span className={`reading-hint reading-${check}`} data-testid="reading-hint" data-check={check}>
              {check === 'in' ? 'In range' : 'Out of range — note it in the findings'}
            </span>
          )}
        </div>
      )}
      {lock && !done && <div className="muted small">{lock}</div>}
      {result && (
        <div className="muted small">
          {done ? 'Done' : 'Unticked'} by {result.by} · {fmtTime(result.at, now)}
          {pending && (
            <span className="step-pending" data-testid="step-pending">
              Saved on this device, will sync
            </span>
          )}
        </div>
      )}
    </li>
  );
}
