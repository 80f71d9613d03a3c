import { describe, expect, it } from 'vitest';
import { type DeliveryOutcome, DeliveryQueue, PermanentDeliveryError, type QueueOptions } from './delivery-queue';

const fast: QueueOptions = { capacity: 10, maxAttempts: 4, baseMs: 5, maxMs: 40, minMs: 1, random: () => 1 };

function harness(send: (item: string, attempt: number) => Promise<void>, opts: Partial<QueueOptions> = {}) {
  const outcomes: { item: string; o: DeliveryOutcome }[] = [];
  const attempts = new Map<string, number>();
  const q = new DeliveryQueue<string>(
    (item) => {
      const n = (attempts.get(item) ?? 0) + 1;
      attempts.set(item, n);
      return send(item, n);
    },
    (item, o) => outcomes.push({ item, o }),
    { ...fast, ...opts },
  );
  return { q, outcomes, attempts };
}

describe('DeliveryQueue', () => {
  it('retries a failing delivery with growing delays, then reports it delivered', async () => {
    const { q, outcomes } = harness(async (_item, attempt) => {
      if (attempt < 3) throw new Error(`peer down (${attempt})`);
    });
    q.push('a');
    await q.whenIdle();
    expect(outcomes.map((x) => x.o.status)).toEqual(['retried', 'retried', 'ok']);
    const delays = outcomes.flatMap((x) => (x.o.status === 'retried' ? [x.o.retryInMs] : []));
    // full jitter with random() = 1: base · 2^attempt, doubling (AWS backoff), capped at maxMs
    expect(delays).toEqual([5, 10]);
    expect(outcomes[0]?.o).toMatchObject({ attempt: 1, error: 'peer down (1)' });
    expect(outcomes[2]?.o).toMatchObject({ attempt: 3 });
  });

  it('gives up after maxAttempts and goes on with the next message', async () => {
    const { q, outcomes } = harness(async (item) => {
      if (item === 'bad') throw new Error('connection refused');
    });
    q.push('bad');
    q.push('good');
    await q.whenIdle();
    expect(outcomes.filter((x) => x.item === 'bad').map((x) => x.o.status)).toEqual([
      'retried',
      'retried',
      'retried',
      'failed',
    ]);
    expect(outcomes.at(-1)).toMatchObject({ item: 'good', o: { status: 'ok', attempt: 1 } });
  });

  it('does not retry a permanent failure (the peer refused the request itself)', async () => {
    const { q, outcomes, attempts } = harness(async () => {
      throw new PermanentDeliveryError('HTTP 401 Unauthorized');
    });
    q.push('x');
    await q.whenIdle();
    expect(attempts.get('x')).toBe(1);
    expect(outcomes).toEqual([
      { item: 'x', o: expect.objectContaining({ status: 'failed', error: 'HTTP 401 Unauthorized' }) },
    ]);
  });

  it('never blocks the caller and keeps the order of messages', async () => {
    const sent: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { q } = harness(async (item) => {
      await gate;
      sent.push(item);
    });
    const t0 = Date.now();
    for (const m of ['1', '2', '3']) q.push(m);
    expect(Date.now() - t0).toBeLessThan(50);
    expect(q.pending).toBe(3);
    release();
    await q.whenIdle();
    expect(sent).toEqual(['1', '2', '3']);
  });

  it('is bounded: beyond its capacity the oldest waiting message is dropped and reported', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { q, outcomes } = harness(async () => gate, { capacity: 2 });
    q.push('a');
    q.push('b');
    q.push('c');
    // 'a' is already with the peer: the oldest waiting one goes
    expect(outcomes).toEqual([{ item: 'b', o: expect.objectContaining({ status: 'dropped' }) }]);
    expect(outcomes[0]?.o.status === 'dropped' && outcomes[0].o.error).toMatch(/queue is full/);
    release();
    await q.whenIdle();
    expect(outcomes.filter((x) => x.o.status === 'ok').map((x) => x.item)).toEqual(['a', 'c']);
  });

  it('close() drops what waits for a retry and stops the timers', async () => {
    const { q, outcomes } = harness(
      async () => {
        throw new Error('down');
      },
      { baseMs: 60_000, maxMs: 60_000 },
    );
    q.push('a');
    q.push('b');
    await new Promise((r) => setTimeout(r, 20));
    q.close();
    await q.whenIdle();
    expect(outcomes.map((x) => `${x.item}:${x.o.status}`)).toEqual(['a:retried', 'a:dropped', 'b:dropped']);
    q.push('c');
    expect(outcomes.at(-1)).toMatchObject({ item: 'c', o: { status: 'dropped' } });
  });
});
