import type { Traced } from '@prognos/core';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { fmtTraced, fmtTraceInput } from './roi-format';

/** How a figure was computed: its label, value, formula and every input with where it came from. */
export function TracePanel({ t, onClose }: { t: Traced; onClose: () => void }) {
  const titleId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  // A modal <dialog>: the browser keeps focus inside, dims the page and closes it on Escape.
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard closes a modal dialog with Escape natively.
    <dialog
      ref={ref}
      className="roi-trace-dialog"
      aria-labelledby={titleId}
      data-testid="trace-panel"
      onClose={onClose}
      // A click on the dimmed area around the panel lands on the dialog itself: close, like Escape.
      onClick={(e) => e.target === e.currentTarget && onClose()}
    >
      <div className="roi-trace card">
        <div className="roi-trace-head">
          <div>
            <div id={titleId} className="strong" data-testid="trace-label">
              {t.label}
            </div>
            <div className="roi-trace-value" data-testid="trace-value">
              {fmtTraced(t)}
            </div>
          </div>
          <button type="button" className="btn btn-ghost roi-touch" onClick={onClose} data-testid="trace-close">
            Close
          </button>
        </div>
        <div className="field-label">Formula</div>
        <div className="roi-formula" data-testid="trace-formula">
          {t.formula || '—'}
        </div>
        <div className="field-label">Inputs</div>
        {t.inputs.length === 0 ? (
          <div className="muted small">No inputs: the figure is a constant of the case.</div>
        ) : (
          <div className="table-scroll">
            <table className="roi-table" data-testid="trace-inputs">
              <thead>
                <tr>
                  <th>Input</th>
                  <th className="num">Value</th>
                  <th>Unit</th>
                  <th>Source</th>
                </tr>
              </thead>
              <tbody>
                {t.inputs.map((i, k) => (
                  // Inputs may repeat a name (one per asset), so the position keys the row.
                  // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed for this figure.
                  <tr key={k} data-testid="trace-input">
                    <td>{i.name}</td>
                    <td className="num">{fmtTraceInput(i)}</td>
                    <td className="muted">{i.unit ?? ''}</td>
                    <td className="muted">{i.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </dialog>
  );
}

/**
 * Every traced figure on the page goes through here: it reads as its formatted value, and a click or tap opens the
 * panel that shows how it was computed.
 */
export function TracedValue({ t, className, text }: { t: Traced | undefined; className?: string; text?: string }) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  if (!t) return <span className={className}>—</span>;
  return (
    <>
      <button
        type="button"
        className={`roi-traced${className ? ` ${className}` : ''}`}
        data-testid="traced"
        data-label={t.label}
        data-value={t.value}
        title={`${t.label}: show how it was computed`}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        {text ?? fmtTraced(t)}
      </button>
      {open && <TracePanel t={t} onClose={close} />}
    </>
  );
}
