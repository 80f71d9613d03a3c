import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from './api';
import type { Job } from './api-types';
import { useLiveEvent } from './live';
import { newerJob } from './model-format';

const POLL_MS = 1000;

/**
 * Follows a background job until it finishes: polled every second (the stream may be down), and updated at once
 * by the live 'job' event. `pollError` says why the last poll failed; polling goes on (a restarting server).
 */
export function useJob(started: Job | undefined): { job: Job | undefined; pollError: string } {
  const [job, setJob] = useState<Job | undefined>(started);
  const [pollError, setPollError] = useState('');

  useEffect(() => {
    setJob(started);
    setPollError('');
  }, [started]);

  const id = job?.id;
  const running = job?.state === 'running';
  useEffect(() => {
    if (!id || !running) return;
    let cancelled = false;
    let busy = false;
    const t = setInterval(() => {
      if (busy) return;
      busy = true;
      api.job(id).then(
        (j) => {
          busy = false;
          if (cancelled) return;
          setPollError('');
          setJob((prev) => newerJob(prev, j));
        },
        (e: unknown) => {
          busy = false;
          if (!cancelled) setPollError(errorMessage(e));
        },
      );
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(t);
    };
  }, [id, running]);

  useLiveEvent(
    'job',
    useCallback(
      (j: Job) => {
        if (j.id === id) setJob((prev) => newerJob(prev, j));
      },
      [id],
    ),
  );

  return { job, pollError };
}
