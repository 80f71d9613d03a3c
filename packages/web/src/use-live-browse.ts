import { useCallback, useEffect, useRef, useState } from 'react';
import type { BrowseItem } from './api-types';

export type BrowseFetch = (path?: string) => Promise<BrowseItem[]>;

export interface LiveBrowse {
  /** The path being shown (undefined = the protocol's root). */
  path?: string;
  items?: BrowseItem[];
  /** The last failure; items from before it stay on screen. */
  error?: unknown;
  loading: boolean;
  updatedAt?: number;
  active: boolean;
  /** Browse `path` with `fetch` (which captures the connection settings), then refresh it every interval. */
  open: (fetch: BrowseFetch, path?: string) => void;
  /** Same source, another path (navigating into an OPC UA folder). */
  navigate: (path?: string) => void;
  close: () => void;
}

/**
 * Browse with live values: a request, then one refresh every `intervalMs` after the previous answer (never two in
 * flight, so a slow device is not queued up), paused while the tab is hidden. Answers for a path the person has
 * already left are dropped.
 */
export function useLiveBrowse(intervalMs = 2000): LiveBrowse {
  const [state, setState] = useState<Omit<LiveBrowse, 'open' | 'navigate' | 'close' | 'active'>>({ loading: false });
  const source = useRef<{ fetch: BrowseFetch; path?: string } | null>(null);
  const generation = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [active, setActive] = useState(false);

  const run = useCallback(
    async (gen: number, first: boolean) => {
      const src = source.current;
      if (!src || gen !== generation.current) return;
      const again = () => {
        if (gen === generation.current) timer.current = setTimeout(() => run(gen, false), intervalMs);
      };
      if (!first && typeof document !== 'undefined' && document.hidden) return again();
      if (first) setState({ path: src.path, loading: true });
      try {
        const items = await src.fetch(src.path);
        if (gen !== generation.current) return;
        setState({ path: src.path, items, loading: false, updatedAt: Date.now() });
      } catch (error) {
        if (gen !== generation.current) return;
        setState((s) => ({ ...s, error, loading: false }));
      }
      again();
    },
    [intervalMs],
  );

  const open = useCallback(
    (fetch: BrowseFetch, path?: string) => {
      clearTimeout(timer.current);
      generation.current++;
      source.current = { fetch, path };
      setActive(true);
      void run(generation.current, true);
    },
    [run],
  );

  const navigate = useCallback(
    (path?: string) => {
      if (source.current) open(source.current.fetch, path);
    },
    [open],
  );

  const close = useCallback(() => {
    clearTimeout(timer.current);
    generation.current++;
    source.current = null;
    setActive(false);
    setState({ loading: false });
  }, []);

  useEffect(
    () => () => {
      generation.current++;
      clearTimeout(timer.current);
    },
    [],
  );

  return { ...state, active, open, navigate, close };
}
