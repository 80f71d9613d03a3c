/** What every history chart does around its plot: load the chosen range, and show loading, empty and error states. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ErrorState } from './state-views';

export interface LoadState {
  s: 'loading' | 'ready' | 'error';
  error?: unknown;
}

/**
 * Loads [now − rangeMs, now) whenever `key` (e.g. asset, range and reload counter) changes or `retry` is called,
 * hands the result to `onData` (unless a newer load started), and reports the load state.
 */
export function useRangeLoad<T>(
  key: string,
  rangeMs: number,
  load: (from: number, to: number) => Promise<T>,
  onData: (data: T, from: number, to: number) => void,
): { state: LoadState; retry: () => void } {
  const [state, setState] = useState<LoadState>({ s: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // the latest callbacks, without making every render a reload
  const fns = useRef({ load, onData });
  fns.current = { load, onData };

  // biome-ignore lint/correctness/useExhaustiveDependencies: key and attempt are the reload triggers.
  useEffect(() => {
    let cancelled = false;
    setState({ s: 'loading' });
    const to = Date.now();
    const from = to - rangeMs;
    fns.current.load(from, to).then(
      (data) => {
        if (cancelled) return;
        fns.current.onData(data, from, to);
        setState({ s: 'ready' });
      },
      (error: unknown) => !cancelled && setState({ s: 'error', error }),
    );
    return () => {
      cancelled = true;
    };
  }, [key, rangeMs, attempt]);

  return { state, retry: useCallback(() => setAttempt((a) => a + 1), []) };
}

/** Loading, empty and error overlays over a chart's plot area. */
export function ChartOverlays({
  state,
  empty,
  emptyText,
  errorTitle,
  onRetry,
}: {
  state: LoadState;
  empty: boolean;
  emptyText: string;
  errorTitle: string;
  onRetry: () => void;
}) {
  return (
    <>
      {state.s === 'loading' && <div className="chart-overlay">Loading…</div>}
      {state.s === 'ready' && empty && <div className="chart-overlay">{emptyText}</div>}
      {state.s === 'error' && (
        <div className="chart-overlay chart-overlay-error">
          <ErrorState error={state.error} onRetry={onRetry} title={errorTitle} />
        </div>
      )}
    </>
  );
}
