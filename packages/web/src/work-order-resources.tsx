import type { SparePart, Technician, WorkOrderDetail } from '@prognos/core';
import { useState } from 'react';
import { fmtNumber } from './format';
import { mapi } from './maintenance-api';
import { useAction } from './use-action';
import { useAsync } from './use-async';

/** Parts used and hours worked on a work order, with forms to add to both. */
export function WorkOrderResources({ wo, onChange }: { wo: WorkOrderDetail; onChange: () => void }) {
  const parts = useAsync('spare-parts', () => mapi.spareParts().catch(() => [] as SparePart[]));
  const techs = useAsync('technicians', () => mapi.technicians().catch(() => [] as Technician[]));
  const { busy, error, run } = useAction(onChange);
  const [partId, setPartId] = useState('');
  const [qty, setQty] = useState('1');
  const [tech, setTech] = useState('');
  const [hours, setHours] = useState('');
  const editable = wo.status === 'open' || wo.status === 'in_progress';
  const partName = (id: string) => parts.data?.find((p) => p.id === id)?.name ?? id;
  const partCost = wo.parts.reduce(
    (s, p) => s + p.quantity * (parts.data?.find((x) => x.id === p.partId)?.unitCost ?? 0),
    0,
  );
  const totalHours = wo.labour.reduce((s, l) => s + l.hours, 0);
  return (
    <section className="card pad wo-resources" data-testid="wo-resources">
      <h2>Parts and labour</h2>
      <div className="two-col">
        <div>
          <h3 className="section-label">Parts</h3>
          {wo.parts.length === 0 ? (
            <div className="muted small">No parts used yet.</div>
          ) : (
            <ul className="plain-list" data-testid="wo-parts">
              {wo.parts.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: entries are append-only
                <li key={i}>
                  {p.quantity} × {partName(p.partId)} <span className="mono muted small">{p.partId}</span>
                </li>
              ))}
            </ul>
          )}
          {partCost > 0 && <div className="small muted">Parts cost {fmtNumber(partCost, 0)}</div>}
          {editable && (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                const q = Number(qty);
                if (partId && q > 0) run('part', () => mapi.addPart(wo.id, partId, q));
              }}
            >
              <label className="grow">
                Part
                <select value={partId} onChange={(e) => setPartId(e.target.value)} required>
                  <option value="">Choose a part…</option>
                  {(parts.data ?? []).map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name} ({p.stock} in stock)
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Qty
                <input type="number" min="1" step="1" value={qty} onChange={(e) => setQty(e.target.value)} required />
              </label>
              <button type="submit" className="btn btn-ghost" disabled={busy !== null}>
                Add part
              </button>
            </form>
          )}
        </div>
        <div>
          <h3 className="section-label">Labour</h3>
          {wo.labour.length === 0 ? (
            <div className="muted small">No hours logged yet.</div>
          ) : (
            <ul className="plain-list" data-testid="wo-labour">
              {wo.labour.map((l, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: entries are append-only
                <li key={i}>
                  {l.technician} · {fmtNumber(l.hours, 1)} h
                </li>
              ))}
            </ul>
          )}
          {totalHours > 0 && (
            <div className="small muted">
              {fmtNumber(totalHours, 1)} h of {fmtNumber(wo.estimatedHours, 1)} h estimated
            </div>
          )}
          {editable && (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                const h = Number(hours);
                if (tech.trim() && h > 0)
                  run('labour', () => mapi.addLabour(wo.id, tech.trim(), h)).then(() => setHours(''));
              }}
            >
              <label className="grow">
                Technician
                <input list="technicians" value={tech} onChange={(e) => setTech(e.target.value)} required />
                <datalist id="technicians">
                  {(techs.data ?? []).map((t) => (
                    <option key={t.id} value={t.name} />
                  ))}
                </datalist>
              </label>
              <label>
                Hours
                <input
                  type="number"
                  min="0.1"
                  step="0.1"
                  inputMode="decimal"
                  value={hours}
                  onChange={(e) => setHours(e.target.value)}
                  required
                />
              </label>
              <button type="submit" className="btn btn-ghost" disabled={busy !== null}>
                Log hours
              </button>
            </form>
          )}
        </div>
      </div>
      {error && (
        <div className="action-error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
