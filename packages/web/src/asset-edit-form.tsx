import type { Asset, AssetType, Criticality, Line } from '@prognos/core';
import { useState } from 'react';
import { ApiError } from './api';
import { ASSET_TYPE_LABEL, CRITICALITY_LABEL } from './format';
import { rapi } from './registry-api';
import { type AssetForm, assetForm, assetPatch, fieldProblems } from './registry-format';
import { useAction } from './use-action';

/** Edit one asset's registry fields; the server checks every value and its message shows beside the field. */
export function AssetEditForm({
  asset,
  lines,
  onSaved,
  onCancel,
}: {
  asset: Asset;
  lines: readonly Pick<Line, 'id' | 'name'>[];
  onSaved: (a: Asset) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<AssetForm>(() => assetForm(asset));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const { busy, error, run, setError } = useAction();
  const set = (k: keyof AssetForm) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const lineOptions = lines.some((l) => l.id === form.lineId)
    ? lines
    : [{ id: form.lineId, name: form.lineId }, ...lines];
  const problem = (field: keyof AssetForm) =>
    problems[field] ? (
      <span className="field-error" role="alert" data-testid={`field-error-${field}`}>
        {problems[field]}
      </span>
    ) : null;
  const invalid = (field: keyof AssetForm) => (problems[field] ? true : undefined);

  return (
    <form
      className="asset-edit"
      data-testid="asset-edit"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setProblems({});
        const patch = assetPatch(asset, form);
        if (Object.keys(patch).length === 0) return onCancel();
        const saved = await run('save', async () => {
          try {
            return await rapi.saveAsset(asset.id, patch);
          } catch (err) {
            if (err instanceof ApiError && err.code === 'FIELD_INVALID') setProblems(fieldProblems(err.details));
            throw err;
          }
        });
        if (saved) onSaved(saved);
      }}
      onChange={() => error && setError(null)}
    >
      <div className="edit-grid">
        <label className="field">
          Name
          <input value={form.name} onChange={set('name')} aria-invalid={invalid('name')} data-testid="edit-name" />
          {problem('name')}
        </label>
        <label className="field">
          Type
          <select value={form.type} onChange={set('type')} aria-invalid={invalid('type')}>
            {(Object.keys(ASSET_TYPE_LABEL) as AssetType[]).map((t) => (
              <option key={t} value={t}>
                {ASSET_TYPE_LABEL[t]}
              </option>
            ))}
          </select>
          {problem('type')}
        </label>
        <label className="field">
          Line
          <select value={form.lineId} onChange={set('lineId')} aria-invalid={invalid('lineId')}>
            {lineOptions.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
          {problem('lineId')}
        </label>
        <label className="field">
          Criticality
          <select
            value={form.criticality}
            onChange={set('criticality')}
            aria-invalid={invalid('criticality')}
            data-testid="edit-criticality"
          >
            {(Object.keys(CRITICALITY_LABEL) as Criticality[]).map((c) => (
              <option key={c} value={c}>
                {CRITICALITY_LABEL[c]}
              </option>
            ))}
          </select>
          {problem('criticality')}
        </label>
        <label className="field">
          Downtime cost per hour
          <input
            inputMode="decimal"
            value={form.downtimeCostPerHour}
            onChange={set('downtimeCostPerHour')}
            aria-invalid={invalid('downtimeCostPerHour')}
            placeholder="not set"
            data-testid="edit-downtime-cost"
          />
          {problem('downtimeCostPerHour')}
        </label>
        <label className="field">
          Manufacturer
          <input value={form.manufacturer} onChange={set('manufacturer')} aria-invalid={invalid('manufacturer')} />
          {problem('manufacturer')}
        </label>
        <label className="field">
          Model
          <input value={form.model} onChange={set('model')} aria-invalid={invalid('model')} />
          {problem('model')}
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-big" disabled={busy !== null} data-testid="edit-save">
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="btn btn-ghost btn-big" onClick={onCancel}>
          Cancel
        </button>
        {error && Object.keys(problems).length === 0 && (
          <span className="action-error" role="alert">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
