import { useCallback, useEffect, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Fetch again; keeps the current data on screen while loading (no flash). */
  reload: () => void;
  setData: (update: (prev: T | undefined) => T | undefined) => void;
}

/**
 * Runs `load` when `key` changes (and on reload). Results of a superseded run are ignored, so a slow answer for
 * a page you already left never overwrites the one you are on.
 */
export function useAsync<T>(key: string, load: () => Promise<T>): AsyncState<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: unknown; loading: boolean }>({
    key,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` identifies `load`; tick forces a refetch.
  useEffect(() => {
    let cancelled = false;
    setState((s) => (s.key === key ? { ...s, loading: true } : { key, loading: true }));
    load().then(
      (data) => !cancelled && setState({ key, data, loading: false }),
      (error: unknown) =>
        !cancelled && setState((s) => ({ key, data: s.key === key ? s.data : undefined, error, loading: false })),
    );
    return () => {
      cancelled = true;
    };
  }, [key, tick]);

  const setData = useCallback(
    (update: (prev: T | undefined) => T | undefined) => setState((s) => ({ ...s, data: update(s.data) })),
    [],
  );
  const current = state.key === key ? state : { key, loading: true, data: undefined, error: undefined };
  return { data: current.data, error: current.error, loading: current.loading, reload, setData };
}

/** Re-renders every `ms` milliseconds and returns the current time (for "5 min ago" labels). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
