import type { Alert } from '@prognos/core';
import { useCallback } from 'react';
import { api } from './api';
import type { AlertEvent } from './api-types';
import { useLiveEvent } from './live';
import { useAsync } from './use-async';

/** Applies one alert change to a list kept newest first; `keep` decides which alerts belong in the list. */
export function applyAlert(list: Alert[], alert: Alert, keep: (a: Alert) => boolean): Alert[] {
  const rest = list.filter((a) => a.id !== alert.id);
  if (!keep(alert)) return rest;
  const i = list.findIndex((a) => a.id === alert.id);
  if (i >= 0) {
    const copy = [...list];
    copy[i] = alert;
    return copy;
  }
  return [alert, ...rest];
}

const isActive = (a: Alert) => a.state !== 'closed';

/** Active (open or acknowledged) alerts, kept current from the live stream. */
export function useActiveAlerts() {
  const state = useAsync('active-alerts', () => api.alerts({ state: 'active' }));
  const { setData, reload } = state;
  useLiveEvent(
    'alert',
    useCallback((e: AlertEvent) => setData((list) => (list ? applyAlert(list, e.alert, isActive) : list)), [setData]),
  );
  useLiveEvent('reconnect', reload);
  const update = useCallback(
    (alert: Alert) => setData((list) => (list ? applyAlert(list, alert, isActive) : list)),
    [setData],
  );
  return { ...state, update };
}
