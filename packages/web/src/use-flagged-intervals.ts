import { useEffect, useRef, useState } from 'react';
import { api } from './api';
import type { FlaggedInterval } from './api-types';

/** A sensor whose intervals are wanted; a new `key` (e.g. its state and last flag time) refetches it. */
export interface IntervalWant {
  id: string;
  key: string;
}

const CONCURRENCY = 4;

/**
 * Flagged intervals of several sensors over the last `rangeMs`, fetched a few at a time and refetched per sensor
 * only when its key changes, so a page with forty sensors does not refetch them all on every state change.
 * A sensor that could not be loaded stays undefined (its timeline shows "not loaded", not "all good").
 */
export function useFlaggedIntervals(
  wants: readonly IntervalWant[],
  rangeMs: number,
): Record<string, FlaggedInterval[] | undefined> {
  const [data, setData] = useState<Record<string, FlaggedInterval[] | undefined>>({});
  const loadedKey = useRef(new Map<string, string>());
  const rangeRef = useRef(rangeMs);
  const sig = wants.map((w) => `${w.id}\u0000${w.key}`).join('\u0001');

  useEffect(() => {
    if (rangeRef.current !== rangeMs) {
      rangeRef.current = rangeMs;
      loadedKey.current.clear();
      setData({});
    }
    let cancelled = false;
    const queue = sig
      ? sig
          .split('\u0001')
          .map((x) => x.split('\u0000') as [string, string])
          .filter(([id, key]) => loadedKey.current.get(id) !== key)
      : [];
    const worker = async () => {
      for (let w = queue.shift(); w !== undefined; w = queue.shift()) {
        const [id, key] = w;
        const to = Date.now();
        try {
          const d = await api.sensorQuality(id, to - rangeMs, to);
          if (cancelled) return;
          loadedKey.current.set(id, key);
          setData((prev) => ({ ...prev, [id]: Array.isArray(d.intervals) ? d.intervals : [] }));
        } catch {
          // One sensor's timeline failing is not worth a banner; it is drawn as "not loaded".
        }
      }
    };
    for (let i = 0; i < CONCURRENCY; i++) void worker();
    return () => {
      cancelled = true;
    };
  }, [sig, rangeMs]);

  return data;
}
