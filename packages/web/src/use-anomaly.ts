import { useCallback, useEffect, useMemo } from 'react';
import { type BandSegment, sensorBands } from './anomaly-geometry';
import { api } from './api';
import type { AnomalyView, ModelEvent } from './api-types';
import { useLiveEvent } from './live';
import { type AsyncState, useAsync } from './use-async';

/** Points asked of the server: about one per two pixels of a wide chart; it merges windows evenly beyond that. */
export const ANOMALY_POINTS = 500;

/**
 * How often the view is fetched again. It is computed on the fly from stored readings, so not on every window:
 * about 1/120 of the range (15 s for 30 min), between 15 s and 5 min.
 */
export function anomalyRefreshMs(rangeMs: number): number {
  return Math.min(300_000, Math.max(15_000, Math.round(rangeMs / 120)));
}

export interface AnomalyState extends AsyncState<AnomalyView | undefined> {
  /** Each sensor's normal band per running window. */
  bands: Map<string, BandSegment[]>;
}

const NO_BANDS = new Map<string, BandSegment[]>();

/**
 * The asset's anomaly view over the last `rangeMs` (score per window, bands per sensor), kept fresh by polling
 * and refetched at once when the asset's model changes. `assetId` undefined: nothing is fetched.
 */
export function useAnomaly(assetId: string | undefined, rangeMs: number, reloadKey = 0): AnomalyState {
  const state = useAsync(`anomaly:${assetId ?? ''}:${rangeMs}`, () => {
    if (assetId === undefined) return Promise.resolve(undefined);
    const to = Date.now();
    return api.anomaly(assetId, to - rangeMs, to, ANOMALY_POINTS);
  });
  const { reload } = state;

  // reloadKey is a refetch trigger (stream reconnect); 0 is the first render, already fetching.
  useEffect(() => {
    if (reloadKey > 0) reload();
  }, [reloadKey, reload]);
  useEffect(() => {
    if (assetId === undefined) return;
    const t = setInterval(reload, anomalyRefreshMs(rangeMs));
    return () => clearInterval(t);
  }, [assetId, rangeMs, reload]);
  useLiveEvent(
    'model',
    useCallback((e: ModelEvent) => e.model.assetId === assetId && reload(), [assetId, reload]),
  );

  const view = state.data;
  const bands = useMemo(() => (view ? sensorBands(view.points, view.windowMs) : NO_BANDS), [view]);
  return { ...state, bands };
}
