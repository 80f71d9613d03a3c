import type { BusinessCaseInputs } from '@prognos/core';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from './api';
import { assetTypeLabel } from './format';
import { roiApi } from './roi-api';
import {
  CLASS_FIELDS,
  classPath,
  type FieldDef,
  formToInputs,
  GENERAL_FIELDS,
  IMPLEMENTATION_FIELDS,
  type InputsForm,
  implementationPath,
  inputsForm,
  roiFieldErrors,
} from './roi-format';
import { useAction } from './use-action';

/** data-testid of a field's input and of its error, from the field's path ("classes.0.failuresPerYear"). */
const inputId = (path: string) => `roi-input-${path}`;

function NumberField({
  path,
  def,
  value,
  problem,
  onChange,
  optional,
  placeholder,
}: {
  path: string;
  def: FieldDef<string>;
  value: string;
  problem?: string;
  onChange: (v: string) => void;
  optional?: boolean;
  placeholder?: string;
}) {
  return (
    <label className="field roi-field">
      <span className="field-label">{def.label}</span>
      <input
        className="input"
        type="text"
        inputMode="decimal"
        name={path}
        value={value}
        placeholder={optional ? (placeholder ?? 'measured / benchmark') : undefined}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={problem ? true : undefined}
        data-testid={inputId(path)}
      />
      {def.hint && <span className="field-hint">{def.hint}</span>}
      {problem && (
        <span className="field-error" role="alert" data-testid={`field-error-${path}`}>
          {problem}
        </span>
      )}
    </label>
  );
}

/**
 * The business-case inputs: one card per asset class, the implementation cost, and the general figures. Save sends
 * the whole set; the server checks every value and each message shows at the field it names.
 */
export function RoiInputsForm({
  inputs,
  defaults,
  blank,
  onSaved,
}: {
  inputs: BusinessCaseInputs;
  defaults: boolean;
  /** What a blank detection rate and lead time stand for now (the measured or benchmark figure), as placeholders. */
  blank?: Partial<Record<'detectionRate' | 'leadTimeHours', string>>;
  onSaved: (saved: BusinessCaseInputs) => void;
}) {
  const [form, setForm] = useState<InputsForm>(() => inputsForm(inputs));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const { busy, error, run, setError } = useAction();
  const formRef = useRef<HTMLFormElement>(null);
  // After a refused save, bring the first field in error into view: the form is long and the bar sits at its foot.
  const [reveal, setReveal] = useState(0);
  useEffect(() => {
    if (reveal === 0) return;
    const first = formRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]');
    first?.scrollIntoView({ block: 'center' });
    first?.focus({ preventScroll: true });
  }, [reveal]);
  const assetTypes = form.classes.map((c) => c.assetType);
  const touch = (path: string) => {
    setSaved(false);
    if (error) setError(null);
    if (problems[path]) {
      const { [path]: _, ...rest } = problems;
      setProblems(rest);
    }
  };
  const setGeneral = (key: keyof InputsForm['general'], v: string) => {
    touch(key);
    setForm((f) => ({ ...f, general: { ...f.general, [key]: v } }));
  };
  const setImpl = (key: keyof InputsForm['implementation'], v: string) => {
    touch(implementationPath(key));
    setForm((f) => ({ ...f, implementation: { ...f.implementation, [key]: v } }));
  };
  const setClass = (idx: number, key: string, v: string) => {
    touch(classPath(idx, key));
    setForm((f) => ({
      ...f,
      classes: f.classes.map((c, k) => (k === idx ? { ...c, values: { ...c.values, [key]: v } } : c)),
    }));
  };
  // Errors the server names but the form has no field for still show, above the buttons.
  const known = new Set<string>([
    'currency',
    ...GENERAL_FIELDS.map((f) => f.key),
    ...IMPLEMENTATION_FIELDS.map((f) => implementationPath(f.key)),
    ...form.classes.flatMap((_, idx) => CLASS_FIELDS.map((f) => classPath(idx, f.key))),
  ]);
  const unplaced = Object.entries(problems).filter(([p]) => !known.has(p));

  return (
    <form
      ref={formRef}
      className="roi-inputs"
      data-testid="roi-inputs-form"
      data-defaults={defaults}
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setSaved(false);
        const parsed = formToInputs(form);
        setProblems(parsed.problems);
        if (!parsed.inputs) {
          setError('Some fields are not numbers; see the messages at the fields.');
          setReveal((n) => n + 1);
          return;
        }
        const body = parsed.inputs;
        const result = await run('save', async () => {
          try {
            return await roiApi.saveInputs(body);
          } catch (err) {
            if (err instanceof ApiError) {
              setProblems(roiFieldErrors(err.details, assetTypes));
              setReveal((n) => n + 1);
            }
            throw err;
          }
        });
        if (result) {
          setSaved(true);
          onSaved(result);
        }
      }}
    >
      {defaults && (
        <p className="muted small roi-note">
          These are starting figures from the asset registry and industry benchmarks. Replace them with your plant's own
          and save.
        </p>
      )}
      <section className="card roi-fieldset">
        <h3>General</h3>
        <div className="form-grid">
          <label className="field roi-field">
            <span className="field-label">Currency</span>
            <input
              className="input"
              value={form.currency}
              maxLength={3}
              onChange={(e) => {
                touch('currency');
                setForm((f) => ({ ...f, currency: e.target.value.toUpperCase() }));
              }}
              aria-invalid={problems.currency ? true : undefined}
              data-testid={inputId('currency')}
            />
            <span className="field-hint">ISO code, e.g. EUR</span>
            {problems.currency && (
              <span className="field-error" role="alert" data-testid="field-error-currency">
                {problems.currency}
              </span>
            )}
          </label>
          {GENERAL_FIELDS.map((f) => (
            <NumberField
              key={f.key}
              path={f.key}
              def={f}
              optional={f.optional}
              placeholder={f.key === 'detectionRate' || f.key === 'leadTimeHours' ? blank?.[f.key] : undefined}
              value={form.general[f.key]}
              problem={problems[f.key]}
              onChange={(v) => setGeneral(f.key, v)}
            />
          ))}
        </div>
      </section>
      <section className="card roi-fieldset">
        <h3>Implementation cost</h3>
        <p className="muted small">Up-front at year 0; the running cost every year from year 1.</p>
        <div className="form-grid">
          {IMPLEMENTATION_FIELDS.map((f) => (
            <NumberField
              key={f.key}
              path={implementationPath(f.key)}
              def={f}
              value={form.implementation[f.key]}
              problem={problems[implementationPath(f.key)]}
              onChange={(v) => setImpl(f.key, v)}
            />
          ))}
        </div>
      </section>
      {form.classes.map((c, idx) => (
        <section
          key={c.assetType}
          className="card roi-fieldset"
          data-testid="roi-class-inputs"
          data-asset-type={c.assetType}
        >
          <h3>{assetTypeLabel(c.assetType)}</h3>
          <p className="muted small">Figures per asset and year, unless the label says otherwise.</p>
          <div className="form-grid">
            {CLASS_FIELDS.map((f) => (
              <NumberField
                key={f.key}
                path={classPath(idx, f.key)}
                def={f}
                value={c.values[f.key] ?? ''}
                problem={problems[classPath(idx, f.key)]}
                onChange={(v) => setClass(idx, f.key, v)}
              />
            ))}
          </div>
        </section>
      ))}
      <div className="roi-save-bar">
        <button type="submit" className="btn roi-touch" disabled={busy !== null} data-testid="roi-save">
          {busy ? 'Saving…' : 'Save and recompute'}
        </button>
        {saved && (
          <span className="roi-saved" role="status" data-testid="roi-saved">
            Saved; the business case is recomputed.
          </span>
        )}
        {error && (
          <span className="action-error" role="alert" data-testid="roi-save-error">
            {error}
          </span>
        )}
        {unplaced.map(([p, m]) => (
          <span key={p} className="field-error" role="alert" data-testid={`field-error-${p}`}>
            {p}: {m}
          </span>
        ))}
      </div>
    </form>
  );
}
