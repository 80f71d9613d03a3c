import { describe, expect, it } from 'vitest';
import {
  enqueue,
  flushQueue,
  isRetryable,
  pendingSteps,
  type QueuedAction,
  type QueueStorage,
  queueKey,
  readQueue,
  type SendError,
  type StepResultLike,
  withPending,
} from './step-queue';

function memory(): QueueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const step = (n: number, at: number, extra: Partial<QueuedAction> = {}): QueuedAction =>
  ({ kind: 'step', step: n, done: true, by: 'kim', at, ...extra }) as QueuedAction;

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}
const toError = (e: unknown): SendError => ({
  status: e instanceof HttpError ? e.status : 0,
  message: e instanceof Error ? e.message : String(e),
});

describe('offline step queue', () => {
  it('keeps the queue per work order, in the order entered, one start at most', () => {
    const s = memory();
    enqueue(s, 'wo-1', { kind: 'start', by: 'kim', at: 1 });
    enqueue(s, 'wo-1', step(0, 2));
    enqueue(s, 'wo-1', { kind: 'start', by: 'kim', at: 3 });
    enqueue(s, 'wo-1', step(1, 4, { value: 2.1 }));
    enqueue(s, 'wo-2', step(5, 5));
    expect(readQueue(s, 'wo-1').map((a) => (a.kind === 'step' ? a.step : 'start'))).toEqual(['start', 0, 1]);
    expect(readQueue(s, 'wo-2')).toEqual([step(5, 5)]);
    expect(readQueue(s, 'wo-3')).toEqual([]);
  });

  it('shows the latest queued result of each step', () => {
    const q = [step(0, 1), step(1, 2), step(0, 3, { done: false })];
    const p = pendingSteps(q);
    expect([...p.keys()]).toEqual([0, 1]);
    expect(p.get(0)?.done).toBe(false);
  });

  it('survives a damaged entry', () => {
    const s = memory();
    s.setItem(queueKey('wo-1'), '{not json');
    expect(readQueue(s, 'wo-1')).toEqual([]);
    s.setItem(queueKey('wo-1'), JSON.stringify([step(0, 1), { kind: 'step', by: 'x' }, 7]));
    expect(readQueue(s, 'wo-1')).toEqual([step(0, 1)]);
  });

  it('sends in order, removing each action once taken, and empties the storage', async () => {
    const s = memory();
    for (const a of [step(0, 1), step(1, 2), step(2, 3)]) enqueue(s, 'wo-1', a);
    const sent: number[] = [];
    const r = await flushQueue(
      s,
      'wo-1',
      async (a) => {
        if (a.kind === 'step') sent.push(a.step);
        // what the server holds when this one arrives: the ones before it were removed already
        expect(readQueue(s, 'wo-1')[0]).toEqual(a);
        return sent.length;
      },
      toError,
    );
    expect(sent).toEqual([0, 1, 2]);
    expect(r).toEqual({ sent: 3, last: 3, rejected: [] });
    expect(s.data.size).toBe(0);
  });

  it('stops at a lost connection or a server failure and keeps the rest for the next try', async () => {
    const s = memory();
    for (const a of [step(0, 1), step(1, 2), step(2, 3)]) enqueue(s, 'wo-1', a);
    let calls = 0;
    const r = await flushQueue(
      s,
      'wo-1',
      async () => {
        calls++;
        if (calls === 2) throw new TypeError('Failed to fetch');
        return calls;
      },
      toError,
    );
    expect(r.sent).toBe(1);
    expect(r.stopped?.status).toBe(0);
    expect(readQueue(s, 'wo-1').map((a) => (a.kind === 'step' ? a.step : -1))).toEqual([1, 2]);
    const r2 = await flushQueue(
      s,
      'wo-1',
      async () => {
        throw new HttpError(503);
      },
      toError,
    );
    expect(r2).toMatchObject({ sent: 0, stopped: { status: 503 } });
    expect(readQueue(s, 'wo-1')).toHaveLength(2);
  });

  it('drops an action the server refuses, reports it, and sends the rest', async () => {
    const s = memory();
    for (const a of [step(0, 1), step(1, 2)]) enqueue(s, 'wo-1', a);
    const r = await flushQueue(
      s,
      'wo-1',
      async (a) => {
        if (a.kind === 'step' && a.step === 0) throw new HttpError(409);
        return 'ok';
      },
      toError,
    );
    expect(r.sent).toBe(1);
    expect(r.rejected.map((x) => [x.action, x.error.status])).toEqual([[step(0, 1), 409]]);
    expect(readQueue(s, 'wo-1')).toEqual([]);
  });

  it('keeps an action queued while another was on its way', async () => {
    const s = memory();
    enqueue(s, 'wo-1', step(0, 1));
    const r = await flushQueue(
      s,
      'wo-1',
      async (a) => {
        if (a.kind === 'step' && a.step === 0) enqueue(s, 'wo-1', step(1, 2));
        return a;
      },
      toError,
    );
    expect(r.sent).toBe(2);
    expect(readQueue(s, 'wo-1')).toEqual([]);
  });

  it('retries only what may succeed later', () => {
    expect(isRetryable({ status: 0, message: '' })).toBe(true);
    expect(isRetryable({ status: 502, message: '' })).toBe(true);
    expect(isRetryable({ status: 400, message: '' })).toBe(false);
    expect(isRetryable({ status: 409, message: '' })).toBe(false);
  });
});

describe('the work order as the device sees it', () => {
  const wo: { status: string; assignee?: string; stepResults: StepResultLike[] } = {
    status: 'open',
    stepResults: [
      { step: 0, done: true, at: 1, by: 'kim' },
      { step: 1, done: true, at: 2, by: 'kim' },
    ],
  };
  it('lays queued results over the server’s and starts the job when a start is queued', () => {
    const seen = withPending(wo, [
      { kind: 'start', by: 'ann', at: 3 },
      step(1, 4, { done: false }),
      step(2, 5, { value: 2.2 }),
    ]);
    expect(seen.status).toBe('in_progress');
    expect(seen.assignee).toBe('ann');
    expect(seen.stepResults).toEqual([
      { step: 0, done: true, at: 1, by: 'kim' },
      { step: 1, done: false, at: 4, by: 'kim' },
      { step: 2, done: true, value: 2.2, at: 5, by: 'kim' },
    ]);
    expect(withPending(wo, [])).toBe(wo);
  });
});
