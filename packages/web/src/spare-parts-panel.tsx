import type { SparePart } from '@prognos/core';
import { useState } from 'react';
import { CsvImportBox } from './csv-import-box';
import { rapi } from './registry-api';
import { fmtMoney, STOCK_LABEL, stockLevel } from './registry-format';
import { EmptyState, ErrorState, Loading } from './state-views';
import { useAction } from './use-action';
import { useAsync } from './use-async';

/** Stock and lead time of one part, edited in place (the planner re-plans when parts change). */
function PartRow({ part, onSaved }: { part: SparePart; onSaved: (p: SparePart) => void }) {
  const [stock, setStock] = useState(String(part.stock));
  const [lead, setLead] = useState(String(part.leadTimeDays));
  const { busy, error, run } = useAction();
  const level = stockLevel(part);
  const dirty = stock.trim() !== String(part.stock) || lead.trim() !== String(part.leadTimeDays);
  return (
    <li className={`part-row stock-${level}`} data-testid="part-row" data-part-id={part.id} data-stock-level={level}>
      <div className="part-main">
        <div className="strong">{part.name}</div>
        <div className="muted small part-facts">
          <span className={`stock-chip stock-chip-${level}`} data-testid="stock-level">
            {STOCK_LABEL[level]}
          </span>
          <span className="mono">{part.id}</span>
          <span>{fmtMoney(part.unitCost)} each</span>
        </div>
      </div>
      <form
        className="part-edit"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const saved = await run('save', () => rapi.saveSparePart(part.id, { stock: stock, leadTimeDays: lead }));
          if (saved) onSaved(saved);
        }}
      >
        <label className="field">
          Stock
          <input
            inputMode="numeric"
            value={stock}
            onChange={(e) => setStock(e.target.value)}
            aria-label={`Stock of ${part.name}`}
            data-testid="part-stock"
          />
        </label>
        <label className="field">
          Lead time (days)
          <input
            inputMode="numeric"
            value={lead}
            onChange={(e) => setLead(e.target.value)}
            aria-label={`Lead time of ${part.name} in days`}
            data-testid="part-lead"
          />
        </label>
        <button type="submit" className="btn" disabled={busy !== null || !dirty} data-testid="part-save">
          {busy ? 'Saving…' : 'Save'}
        </button>
      </form>
      {error && (
        <span className="action-error part-error" role="alert">
          {error}
        </span>
      )}
    </li>
  );
}

/** The spare parts with their stock: out and low stock first, so what needs ordering is on top. */
export function SparePartsPanel() {
  const { data, error, reload, setData } = useAsync('spare-parts', () => rapi.spareParts());
  const rank = { out: 0, low: 1, ok: 2 } as const;
  const parts = [...(data ?? [])].sort(
    (a, b) => rank[stockLevel(a)] - rank[stockLevel(b)] || a.name.localeCompare(b.name),
  );
  const saved = (p: SparePart) => setData((d) => d?.map((x) => (x.id === p.id ? p : x)));
  return (
    <div className="stack" data-testid="spare-parts">
      <CsvImportBox
        what="spare parts"
        columns="id, name, stock, lead_time_days, unit_cost"
        example={'id,name,stock,lead_time_days,unit_cost\nBRG-6205,Bearing 6205-2RS,4,3,18.5'}
        onImport={rapi.importSpareParts}
        onImported={reload}
      />
      {!data ? (
        error ? (
          <ErrorState error={error} onRetry={reload} title="Could not load the spare parts" />
        ) : (
          <Loading label="Loading spare parts…" />
        )
      ) : parts.length === 0 ? (
        <EmptyState title="No spare parts">Import a CSV of parts above to track their stock.</EmptyState>
      ) : (
        <ul className="card part-list">
          {parts.map((p) => (
            <PartRow key={`${p.id}:${p.stock}:${p.leadTimeDays}`} part={p} onSaved={saved} />
          ))}
        </ul>
      )}
    </div>
  );
}
