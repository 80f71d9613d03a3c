import { useCallback, useEffect, useState } from 'react';
import { api } from './api';
import type { AlertEvent, AssetSummary, HealthEvent, Plant } from './api-types';
import { useLiveEvent } from './live';
import { type Point, trimBefore } from './series';
import { useAsync } from './use-async';

export const SPARK_WINDOW_MS = 60 * 60 * 1000;
const REFRESH_MS = 30_000;
const HISTORY_CONCURRENCY = 4;

export interface FleetData {
  plant: Plant;
  assets: AssetSummary[];
}

/**
 * The fleet: plant structure and asset summaries, their last hour of health for sparklines, kept live from the
 * event stream. The list itself is refreshed quietly every 30 s (running state has no event of its own).
 */
export function useFleet() {
  const fleet = useAsync<FleetData>('fleet', async () => {
    const [plant, assets] = await Promise.all([api.plant(), api.assets()]);
    return { plant, assets };
  });
  const { setData, reload } = fleet;
  const [history, setHistory] = useState<Record<string, Point[]>>({});

  const ids = fleet.data?.assets.map((a) => a.id).join('\n') ?? '';
  useEffect(() => {
    if (!ids) return;
    let cancelled = false;
    const queue = ids.split('\n');
    const to = Date.now();
    const from = to - SPARK_WINDOW_MS;
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          const rows = await api.assetHealth(id, from, to);
          if (cancelled) return;
          const pts = rows.map((h) => ({ ts: h.ts, v: h.health }));
          setHistory((prev) => {
            // Live points that arrived while loading are newer than the history: keep them after it.
            const last = pts[pts.length - 1]?.ts ?? 0;
            const live = (prev[id] ?? []).filter((p) => p.ts > last);
            return { ...prev, [id]: [...pts, ...live] };
          });
        } catch {
          // A missing sparkline is not worth an error banner; the card still shows current health.
        }
      }
    };
    for (let i = 0; i < HISTORY_CONCURRENCY; i++) void worker();
    return () => {
      cancelled = true;
    };
  }, [ids]);

  useEffect(() => {
    const t = setInterval(reload, REFRESH_MS);
    return () => clearInterval(t);
  }, [reload]);

  useLiveEvent(
    'health',
    useCallback(
      (h: HealthEvent) => {
        const { detail, ...health } = h;
        // The monitor's detail says whether the asset is degrading: its RUL goes (or stays away) with it.
        const update = (a: AssetSummary): AssetSummary =>
          detail ? { ...a, health, rul: detail.rul } : { ...a, health };
        setData((d) => (d ? { ...d, assets: d.assets.map((a) => (a.id === h.assetId ? update(a) : a)) } : d));
        setHistory((prev) => {
          const pts = prev[h.assetId] ?? [];
          if (pts.length && (pts[pts.length - 1]?.ts ?? 0) >= h.ts) return prev;
          return { ...prev, [h.assetId]: trimBefore([...pts, { ts: h.ts, v: h.health }], h.ts - SPARK_WINDOW_MS) };
        });
      },
      [setData],
    ),
  );

  useLiveEvent(
    'alert',
    useCallback(
      ({ alert }: AlertEvent) =>
        setData((d) => {
          if (!d) return d;
          const assets = d.assets.map((a) => {
            if (a.id !== alert.assetId) return a;
            if (alert.state !== 'closed') return { ...a, activeAlert: alert };
            return a.activeAlert?.id === alert.id ? { ...a, activeAlert: undefined } : a;
          });
          return { ...d, assets };
        }),
      [setData],
    ),
  );

  useLiveEvent('reconnect', reload);

  return { ...fleet, history };
}
