import type { CsvImportResult } from '@prognos/core';
import { useState } from 'react';
import { useAction } from './use-action';

/**
 * Paste CSV or choose a file, import it, and see what came of each row: how many were kept, and every rejected
 * row with its file line, column and message (good rows are kept even when others are rejected).
 */
export function CsvImportBox({
  what,
  columns,
  example,
  onImport,
  onImported,
}: {
  /** "assets" or "spare parts". */
  what: string;
  columns: string;
  example: string;
  onImport: (csv: string) => Promise<CsvImportResult>;
  onImported: () => void;
}) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<CsvImportResult | null>(null);
  const { busy, error, run } = useAction();
  const id = `csv-${what.replace(/\W+/g, '-')}`;
  return (
    <details className="card pad csv-box" data-testid="csv-import">
      <summary className="strong">Import {what} from CSV</summary>
      <p className="small muted">
        Columns by header: <code>{columns}</code>. Separated by <code>,</code> or <code>;</code>. A row whose id exists
        edits it; columns left out keep their values.
      </p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setResult(null);
          const r = await run('import', () => onImport(text));
          if (r) {
            setResult(r);
            if (r.imported > 0) onImported();
          }
        }}
      >
        <label className="field" htmlFor={`${id}-text`}>
          CSV text
        </label>
        <textarea
          id={`${id}-text`}
          className="csv-text mono"
          rows={6}
          value={text}
          placeholder={example}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          data-testid="csv-text"
        />
        <div className="actions csv-actions">
          <label className="btn btn-ghost file-pick">
            Choose file…
            <input
              type="file"
              accept=".csv,text/csv,text/plain"
              className="sr-only"
              data-testid="csv-file"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                if (f) setText(await f.text());
                e.target.value = '';
              }}
            />
          </label>
          <button type="submit" className="btn btn-big" disabled={busy !== null || text.trim() === ''}>
            {busy ? 'Importing…' : 'Import'}
          </button>
          {error && (
            <span className="action-error" role="alert">
              {error}
            </span>
          )}
        </div>
      </form>
      {result && (
        <div className="csv-result" data-testid="csv-result" role="status">
          <div>
            <span className="strong" data-testid="csv-imported">
              {result.imported}
            </span>{' '}
            {result.imported === 1 ? 'row' : 'rows'} imported
            {result.rejected > 0 && (
              <>
                ,{' '}
                <span className="strong text-alarm" data-testid="csv-rejected">
                  {result.rejected}
                </span>{' '}
                rejected
              </>
            )}
          </div>
          {result.errors.length > 0 && (
            <ul className="csv-errors">
              {result.errors.map((er) => (
                <li
                  key={`${er.line}-${er.column ?? ''}-${er.message}`}
                  data-testid="csv-error"
                  data-line={er.line}
                  data-column={er.column ?? ''}
                >
                  <span className="mono strong">
                    line {er.line}
                    {er.column && ` · ${er.column}`}
                  </span>{' '}
                  <span>{er.message}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </details>
  );
}
