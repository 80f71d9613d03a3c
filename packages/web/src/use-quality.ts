import { useCallback, useEffect, useRef } from 'react';
import { api } from './api';
import type { QualityEvent } from './api-types';
import { useLiveEvent } from './live';
import { applyQualityEvent } from './quality-format';
import { useAsync } from './use-async';

const REFRESH_MS = 20_000;
/** After a live state change, refetch once things settle: asset scores are not in the event. */
const SETTLE_MS = 1500;

/** The plant's data-quality overview (sensors worst first), kept current from the live stream. */
export function useQualityOverview() {
  const state = useAsync('quality', () => api.quality());
  const { setData, reload } = state;
  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const t = setInterval(reload, REFRESH_MS);
    return () => {
      clearInterval(t);
      clearTimeout(settle.current);
    };
  }, [reload]);

  useLiveEvent(
    'quality',
    useCallback(
      (e: QualityEvent) => {
        setData((o) => (o ? applyQualityEvent(o, e) : o));
        clearTimeout(settle.current);
        settle.current = setTimeout(reload, SETTLE_MS);
      },
      [setData, reload],
    ),
  );
  useLiveEvent('reconnect', reload);
  return state;
}
