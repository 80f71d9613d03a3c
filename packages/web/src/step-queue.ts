/**
 * Step results entered without a connection, kept on the device (localStorage, one queue per work order) and sent
 * in the order they were entered once the connection returns. Each result carries the time it was entered, and the
 * server keeps that time and takes a resent result only once, so sending a queue twice (a reply lost on the way
 * back) is harmless. Pure: storage and sending are passed in, so the logic is tested without a browser.
 */
import type { WorkOrderStepResult } from '@prognos/core';

/** One action waiting to be sent: starting the job (the first tick starts it) or a step result. */
export type QueuedAction =
  | { kind: 'start'; by: string; at: number }
  | { kind: 'step'; step: number; done: boolean; value?: number; note?: string; by: string; at: number };

/** The part of localStorage the queue uses. */
export interface QueueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Why a send failed: the server could not be reached (keep and retry) or it refused (drop and tell). */
export interface SendError {
  /** HTTP status; 0 when the server could not be reached. */
  status: number;
  message: string;
}

export const queueKey = (workOrderId: string) => `prognos.step-queue.${workOrderId}`;

/** Worth trying again later: no connection, a gateway in between, or the server failing for now. */
export const isRetryable = (e: SendError): boolean => e.status === 0 || e.status === 408 || e.status >= 500;

function isAction(x: unknown): x is QueuedAction {
  if (typeof x !== 'object' || x === null) return false;
  const a = x as Record<string, unknown>;
  if (typeof a.by !== 'string' || typeof a.at !== 'number') return false;
  if (a.kind === 'start') return true;
  return a.kind === 'step' && typeof a.step === 'number' && typeof a.done === 'boolean';
}

export function readQueue(storage: QueueStorage, workOrderId: string): QueuedAction[] {
  let raw: string | null;
  try {
    raw = storage.getItem(queueKey(workOrderId));
  } catch {
    return [];
  }
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter(isAction) : [];
  } catch {
    // a damaged entry must not stop the page; what it held cannot be read back anyway
    return [];
  }
}

function writeQueue(storage: QueueStorage, workOrderId: string, q: readonly QueuedAction[]): void {
  if (q.length === 0) storage.removeItem(queueKey(workOrderId));
  else storage.setItem(queueKey(workOrderId), JSON.stringify(q));
}

/** Appends an action; a start already queued is not queued twice. Returns the queue. */
export function enqueue(storage: QueueStorage, workOrderId: string, a: QueuedAction): QueuedAction[] {
  const q = readQueue(storage, workOrderId);
  if (a.kind === 'start' && q.some((x) => x.kind === 'start')) return q;
  const next = [...q, a];
  writeQueue(storage, workOrderId, next);
  return next;
}

/** Steps with a result waiting to be sent, and the latest queued result of each (what the screen shows). */
export function pendingSteps(q: readonly QueuedAction[]): Map<number, Extract<QueuedAction, { kind: 'step' }>> {
  const out = new Map<number, Extract<QueuedAction, { kind: 'step' }>>();
  for (const a of q) if (a.kind === 'step') out.set(a.step, a);
  return out;
}

export interface FlushResult<T> {
  /** How many actions the server took. */
  sent: number;
  /** The server's answer to the last action it took (the work order as it is now). */
  last?: T;
  /** Actions the server refused (a 4xx): dropped from the queue, with why, so the person can redo them. */
  rejected: { action: QueuedAction; error: SendError }[];
  /** Set when sending stopped on a failure worth retrying; the rest stays queued. */
  stopped?: SendError;
}

/**
 * Sends the queue in order, removing each action once the server has taken it (so a reload half-way resends only
 * the rest). Stops at the first failure worth retrying; a refused action is dropped and reported, and the rest is
 * still sent (a refused start means the job is no longer open; its steps will say why themselves).
 */
export async function flushQueue<T>(
  storage: QueueStorage,
  workOrderId: string,
  send: (a: QueuedAction) => Promise<T>,
  toError: (e: unknown) => SendError,
): Promise<FlushResult<T>> {
  const result: FlushResult<T> = { sent: 0, rejected: [] };
  for (;;) {
    const q = readQueue(storage, workOrderId);
    const head = q[0];
    if (!head) return result;
    try {
      result.last = await send(head);
      result.sent++;
    } catch (e) {
      const err = toError(e);
      if (isRetryable(err)) {
        result.stopped = err;
        return result;
      }
      result.rejected.push({ action: head, error: err });
    }
    // Re-read: actions may have been queued while this one was on its way; drop exactly the one sent.
    const now = readQueue(storage, workOrderId);
    const i = now.findIndex((x) => JSON.stringify(x) === JSON.stringify(head));
    if (i >= 0) writeQueue(storage, workOrderId, [...now.slice(0, i), ...now.slice(i + 1)]);
    else return result;
  }
}

/** A step result as the work order holds it. */
export type StepResultLike = WorkOrderStepResult;

/**
 * The work order as this device sees it: the server's step results with the queued ones on top (a queued result
 * replaces the server's for its step), and in progress once a start is queued.
 */
export function withPending<W extends { status: string; assignee?: string; stepResults: StepResultLike[] }>(
  wo: W,
  q: readonly QueuedAction[],
): W {
  if (q.length === 0) return wo;
  const pending = pendingSteps(q);
  const start = q.find((a) => a.kind === 'start');
  const queued: StepResultLike[] = [...pending.values()].map(({ kind: _kind, ...r }) => r);
  return {
    ...wo,
    ...(start && wo.status === 'open' ? { status: 'in_progress', assignee: wo.assignee ?? start.by } : {}),
    stepResults: [...wo.stepResults.filter((r) => !pending.has(r.step)), ...queued],
  };
}
