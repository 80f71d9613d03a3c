import { useCallback, useEffect } from 'react';
import { api } from './api';
import type { ConnectorEntry, ConnectorHealth } from './api-types';
import { normaliseEntry } from './connector-format';
import { useLiveEvent } from './live';
import { type AsyncState, useAsync } from './use-async';

/** The SSE stream carries state changes; the poll is the fallback when the stream is down or a proxy eats it. */
const POLL_MS = 5000;

export interface ConnectorsState extends AsyncState<ConnectorEntry[]> {
  /** Put a saved entry in place (or add it), without waiting for the next poll. */
  upsert: (entry: ConnectorEntry) => void;
  remove: (id: string) => void;
}

export function useConnectors(): ConnectorsState {
  const state = useAsync('connectors', async () => (await api.connectors()).map(normaliseEntry));
  const { reload, setData } = state;

  useEffect(() => {
    const t = setInterval(reload, POLL_MS);
    return () => clearInterval(t);
  }, [reload]);

  useLiveEvent(
    'connector',
    useCallback(
      (h: ConnectorHealth) =>
        setData((list) =>
          list?.map((e) => (e.health.id === h.id ? normaliseEntry({ config: e.config, health: h }) : e)),
        ),
      [setData],
    ),
  );
  useLiveEvent('reconnect', reload);

  const upsert = useCallback(
    (entry: ConnectorEntry) =>
      setData((list) => {
        const e = normaliseEntry(entry);
        const l = list ?? [];
        return l.some((x) => x.config.id === e.config.id)
          ? l.map((x) => (x.config.id === e.config.id ? e : x))
          : [...l, e];
      }),
    [setData],
  );
  const remove = useCallback((id: string) => setData((list) => list?.filter((x) => x.config.id !== id)), [setData]);

  return { ...state, upsert, remove };
}
