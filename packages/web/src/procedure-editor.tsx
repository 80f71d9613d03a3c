/**
 * The procedure editor: steps added, removed and reordered, safety steps marked, a reading with its acceptable range,
 * tools and minutes per step, and a change note. Saving sends the whole procedure; the server saves a new version.
 */
import type { Procedure, ProcedureStep } from '@prognos/core';
import { useState } from 'react';
import { ApiError, errorMessage } from './api';
import type { ProcedureDraft } from './procedures-api';
import { currentUser } from './user';

/** A step as the form holds it: numbers and lists as typed, turned into a ProcedureStep on save. */
interface StepForm {
  key: number;
  text: string;
  safety: boolean;
  minutes: string;
  tools: string;
  detail: string;
  hasReading: boolean;
  quantity: string;
  unit: string;
  min: string;
  max: string;
}

let nextKey = 1;
const splitList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const numOrUndefined = (s: string) => (s.trim() === '' ? undefined : Number(s));

function toForm(s: ProcedureStep): StepForm {
  return {
    key: nextKey++,
    text: s.text,
    safety: s.safety === true,
    minutes: s.minutes === undefined ? '' : String(s.minutes),
    tools: (s.tools ?? []).join(', '),
    detail: s.detail ?? '',
    hasReading: s.expected !== undefined,
    quantity: s.expected?.quantity ?? '',
    unit: s.expected?.unit ?? '',
    min: s.expected?.min === undefined ? '' : String(s.expected.min),
    max: s.expected?.max === undefined ? '' : String(s.expected.max),
  };
}

const blankStep = (): StepForm => toForm({ text: '' });

/**
 * The step to send, or the first problem with it: the step's number as the editor shows it, and the field as the
 * server names it (e.g. "Step 3 (steps[2].expected.max): …").
 */
function toStep(f: StepForm, i: number): { step?: ProcedureStep; problem?: string } {
  const at = `Step ${i + 1} (steps[${i}]`;
  if (!f.text.trim()) return { problem: `${at}.text): write what to do` };
  const step: ProcedureStep = { text: f.text.trim() };
  if (f.safety) step.safety = true;
  const minutes = numOrUndefined(f.minutes);
  if (minutes !== undefined) {
    if (!Number.isFinite(minutes) || minutes < 0) return { problem: `${at}.minutes): a number of minutes, 0 or more` };
    step.minutes = minutes;
  }
  const tools = splitList(f.tools);
  if (tools.length > 0) step.tools = tools;
  if (f.detail.trim()) step.detail = f.detail.trim();
  if (f.hasReading) {
    if (!f.quantity.trim()) return { problem: `${at}.expected.quantity): name what is measured` };
    if (!f.unit.trim()) return { problem: `${at}.expected.unit): give the unit` };
    const min = numOrUndefined(f.min);
    const max = numOrUndefined(f.max);
    if (min !== undefined && !Number.isFinite(min)) return { problem: `${at}.expected.min): a number` };
    if (max !== undefined && !Number.isFinite(max)) return { problem: `${at}.expected.max): a number` };
    if (min !== undefined && max !== undefined && min > max)
      return { problem: `${at}.expected.max): must not be below the minimum (${min})` };
    step.expected = {
      quantity: f.quantity.trim(),
      unit: f.unit.trim(),
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
    };
  }
  return { step };
}

export function ProcedureEditor({
  base,
  onSave,
  onCancel,
}: {
  /** The version being edited; absent for a new procedure. */
  base?: Procedure;
  onSave: (d: ProcedureDraft) => Promise<unknown>;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(base?.title ?? '');
  const [failureModes, setFailureModes] = useState((base?.failureModeIds ?? []).join(', '));
  const [assetTypes, setAssetTypes] = useState((base?.assetTypes ?? []).join(', '));
  const [parts, setParts] = useState((base?.parts ?? []).join(', '));
  const [steps, setSteps] = useState<StepForm[]>(() =>
    base ? base.steps.map(toForm) : [toForm({ text: '', safety: true }), blankStep()],
  );
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const edit = (i: number, patch: Partial<StepForm>) =>
    setSteps((s) => s.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const move = (i: number, by: -1 | 1) =>
    setSteps((s) => {
      const j = i + by;
      if (j < 0 || j >= s.length) return s;
      const next = [...s];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });
  const remove = (i: number) => setSteps((s) => s.filter((_, j) => j !== i));

  const submit = async () => {
    setError(null);
    if (!title.trim()) return setError('title: give the procedure a title');
    if (steps.length === 0) return setError('steps: a procedure needs at least one step');
    const out: ProcedureStep[] = [];
    for (const [i, f] of steps.entries()) {
      const r = toStep(f, i);
      if (r.problem) return setError(r.problem);
      out.push(r.step!);
    }
    // The whole job's tools: those of the steps, then any the base version listed beyond them.
    const stepTools = [...new Set(out.flatMap((s) => s.tools ?? []))];
    const draft: ProcedureDraft = {
      title: title.trim(),
      failureModeIds: splitList(failureModes),
      assetTypes: splitList(assetTypes),
      steps: out,
      tools: [...new Set([...stepTools, ...(base?.tools ?? []).filter((t) => !stepTools.includes(t))])],
      parts: splitList(parts),
      author: currentUser(),
      ...(note.trim() ? { changeNote: note.trim() } : {}),
    };
    setBusy(true);
    try {
      await onSave(draft);
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'PROCEDURE_VERSION_CONFLICT'
          ? `${e.message} (your edits are still here: copy what you need before reloading)`
          : errorMessage(e),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card pad proc-editor"
      data-testid="procedure-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{base ? `Edit: saves version ${base.version + 1}` : 'New procedure'}</h2>
      <label className="field field-wide">
        <span className="field-label">Title</span>
        <input className="input" value={title} onChange={(e) => setTitle(e.target.value)} data-testid="editor-title" />
      </label>
      <div className="proc-editor-row">
        <label className="field">
          <span className="field-label">Failure modes (ids, comma-separated)</span>
          <input
            className="input"
            value={failureModes}
            onChange={(e) => setFailureModes(e.target.value)}
            data-testid="editor-failure-modes"
          />
        </label>
        <label className="field">
          <span className="field-label">Asset types</span>
          <input className="input" value={assetTypes} onChange={(e) => setAssetTypes(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">Spare parts (ids)</span>
          <input className="input" value={parts} onChange={(e) => setParts(e.target.value)} />
        </label>
      </div>
      <ol className="proc-editor-steps">
        {steps.map((f, i) => (
          <li
            key={f.key}
            className={`proc-editor-step ${f.safety ? 'step-safety' : ''}`}
            data-testid="editor-step"
            data-step={i}
          >
            <div className="proc-editor-step-head">
              <span className="step-num">{i + 1}</span>
              <label className="check-line proc-touch">
                <input
                  type="checkbox"
                  checked={f.safety}
                  onChange={(e) => edit(i, { safety: e.target.checked })}
                  data-testid="editor-step-safety"
                />
                Safety step (lockout/tagout)
              </label>
              <span className="proc-editor-moves">
                <button
                  type="button"
                  className="btn btn-ghost proc-touch"
                  aria-label={`Move step ${i + 1} up`}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                  data-testid="editor-step-up"
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="btn btn-ghost proc-touch"
                  aria-label={`Move step ${i + 1} down`}
                  disabled={i === steps.length - 1}
                  onClick={() => move(i, 1)}
                  data-testid="editor-step-down"
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="btn btn-ghost proc-touch"
                  aria-label={`Remove step ${i + 1}`}
                  onClick={() => remove(i)}
                  data-testid="editor-step-remove"
                >
                  ✕
                </button>
              </span>
            </div>
            <label className="field field-wide">
              <span className="field-label">What to do</span>
              <textarea
                className="input"
                rows={2}
                value={f.text}
                onChange={(e) => edit(i, { text: e.target.value })}
                data-testid="editor-step-text"
              />
            </label>
            <div className="proc-editor-row">
              <label className="field field-narrow">
                <span className="field-label">Minutes</span>
                <input
                  className="input"
                  type="number"
                  inputMode="decimal"
                  min={0}
                  value={f.minutes}
                  onChange={(e) => edit(i, { minutes: e.target.value })}
                  data-testid="editor-step-minutes"
                />
              </label>
              <label className="field field-wide">
                <span className="field-label">Tools (comma-separated)</span>
                <input
                  className="input"
                  value={f.tools}
                  onChange={(e) => edit(i, { tools: e.target.value })}
                  data-testid="editor-step-tools"
                />
              </label>
            </div>
            <label className="field field-wide">
              <span className="field-label">How to do it (optional)</span>
              <textarea
                className="input"
                rows={2}
                value={f.detail}
                onChange={(e) => edit(i, { detail: e.target.value })}
                data-testid="editor-step-detail"
              />
            </label>
            <label className="check-line proc-touch">
              <input
                type="checkbox"
                checked={f.hasReading}
                onChange={(e) => edit(i, { hasReading: e.target.checked })}
                data-testid="editor-step-reading"
              />
              A reading to take, with its acceptable range
            </label>
            {f.hasReading && (
              <div className="proc-editor-row">
                <label className="field">
                  <span className="field-label">Quantity</span>
                  <input
                    className="input"
                    value={f.quantity}
                    placeholder="DE bearing vibration velocity"
                    onChange={(e) => edit(i, { quantity: e.target.value })}
                    data-testid="editor-exp-quantity"
                  />
                </label>
                <label className="field field-narrow">
                  <span className="field-label">Unit</span>
                  <input
                    className="input"
                    value={f.unit}
                    placeholder="mm/s"
                    onChange={(e) => edit(i, { unit: e.target.value })}
                    data-testid="editor-exp-unit"
                  />
                </label>
                <label className="field field-narrow">
                  <span className="field-label">Min</span>
                  <input
                    className="input"
                    type="number"
                    inputMode="decimal"
                    step="any"
                    value={f.min}
                    onChange={(e) => edit(i, { min: e.target.value })}
                    data-testid="editor-exp-min"
                  />
                </label>
                <label className="field field-narrow">
                  <span className="field-label">Max</span>
                  <input
                    className="input"
                    type="number"
                    inputMode="decimal"
                    step="any"
                    value={f.max}
                    onChange={(e) => edit(i, { max: e.target.value })}
                    data-testid="editor-exp-max"
                  />
                </label>
              </div>
            )}
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="btn btn-ghost proc-touch"
        onClick={() => setSteps((s) => [...s, blankStep()])}
        data-testid="editor-add-step"
      >
        Add step
      </button>
      <label className="field field-wide">
        <span className="field-label">What changed (change note)</span>
        <input
          className="input"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="editor-change-note"
        />
      </label>
      {error && (
        <div className="action-error" role="alert" data-testid="editor-error">
          {error}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn proc-touch" disabled={busy} data-testid="editor-save">
          {busy ? 'Saving…' : base ? `Save version ${base.version + 1}` : 'Save procedure'}
        </button>
        <button type="button" className="btn btn-ghost proc-touch" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
