/**
 * Keeps a work order's step results flowing when the connection drops: results entered offline wait in this
 * device's storage and are sent, in order, when the browser is back online and every few seconds while any wait.
 */
import type { WorkOrderDetail } from '@prognos/core';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError, errorMessage, request } from './api';
import { enqueue, flushQueue, type QueuedAction, type QueueStorage, readQueue, type SendError } from './step-queue';

/** Retry period while results wait (the 'online' event alone is not enough: a network can be up with no server). */
const RETRY_MS = 5000;

const enc = encodeURIComponent;

function subscribeOnline(cb: () => void): () => void {
  window.addEventListener('online', cb);
  window.addEventListener('offline', cb);
  return () => {
    window.removeEventListener('online', cb);
    window.removeEventListener('offline', cb);
  };
}

/** Whether the browser believes it has a network (false for certain when it has none). */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

/** localStorage, or a memory stand-in where it is blocked (private modes): results then last until the tab closes. */
function deviceStorage(): QueueStorage {
  try {
    const probe = 'prognos.probe';
    localStorage.setItem(probe, '1');
    localStorage.removeItem(probe);
    return localStorage;
  } catch {
    const m = new Map<string, string>();
    return {
      getItem: (k) => m.get(k) ?? null,
      setItem: (k, v) => void m.set(k, v),
      removeItem: (k) => void m.delete(k),
    };
  }
}
const storage = deviceStorage();

const toError = (e: unknown): SendError =>
  e instanceof ApiError ? { status: e.status, message: e.message } : { status: 0, message: errorMessage(e) };

/** Sends one queued action with the name and time it was entered under. */
function send(workOrderId: string, a: QueuedAction): Promise<WorkOrderDetail> {
  const base = `/api/work-orders/${enc(workOrderId)}`;
  if (a.kind === 'start')
    return request<WorkOrderDetail>(`${base}/start`, { method: 'POST', body: JSON.stringify({ by: a.by }) });
  const { kind: _kind, step, ...body } = a;
  return request<WorkOrderDetail>(`${base}/steps/${step}`, { method: 'POST', body: JSON.stringify(body) });
}

export function useStepSync(workOrderId: string, onSynced: (wo: WorkOrderDetail | undefined) => void) {
  const [queue, setQueue] = useState<QueuedAction[]>(() => readQueue(storage, workOrderId));
  const [rejected, setRejected] = useState<string | null>(null);
  const [syncing, setSyncing] = useState(false);
  const flushing = useRef(false);
  const synced = useRef(onSynced);
  synced.current = onSynced;

  const flush = useCallback(async () => {
    if (flushing.current || !navigator.onLine || readQueue(storage, workOrderId).length === 0) return;
    flushing.current = true;
    setSyncing(true);
    try {
      const r = await flushQueue(storage, workOrderId, (a) => send(workOrderId, a), toError);
      if (r.rejected.length > 0)
        setRejected(
          `${r.rejected.length} result${r.rejected.length === 1 ? ' was' : 's were'} not taken by the server: ${r.rejected
            .map((x) => x.error.message)
            .join(' ')}`,
        );
      if (r.sent > 0 || r.rejected.length > 0) synced.current(r.last);
    } finally {
      flushing.current = false;
      setSyncing(false);
      setQueue(readQueue(storage, workOrderId));
    }
  }, [workOrderId]);

  useEffect(() => {
    setQueue(readQueue(storage, workOrderId));
    void flush();
    const online = () => void flush();
    window.addEventListener('online', online);
    const timer = setInterval(() => void flush(), RETRY_MS);
    return () => {
      window.removeEventListener('online', online);
      clearInterval(timer);
    };
  }, [workOrderId, flush]);

  const add = useCallback(
    (a: QueuedAction) => {
      setQueue(enqueue(storage, workOrderId, a));
      void flush();
    },
    [workOrderId, flush],
  );

  return { queue, add, flush, syncing, rejected, clearRejected: () => setRejected(null) };
}
