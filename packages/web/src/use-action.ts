import { useCallback, useState } from 'react';
import { errorMessage } from './api';

/** One user action at a time: which one runs, and why the last one failed (shown next to the buttons). */
export function useAction(after?: () => void) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async <T>(name: string, fn: () => Promise<T>): Promise<T | undefined> => {
      setBusy(name);
      setError(null);
      try {
        const r = await fn();
        after?.();
        return r;
      } catch (e) {
        setError(errorMessage(e));
        return undefined;
      } finally {
        setBusy(null);
      }
    },
    [after],
  );
  return { busy, error, run, setError };
}
