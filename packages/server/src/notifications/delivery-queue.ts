import { Backoff } from '@prognos/connectors';

/** A failure that retrying cannot fix (HTTP 4xx other than 408/429, SMTP 5xx): the message is given up at once. */
export class PermanentDeliveryError extends Error {
  readonly permanent = true;
}

export interface QueueOptions {
  /** Messages waiting per channel; beyond it the oldest is dropped (a flood must not grow memory without end). */
  capacity: number;
  /** Attempts per message, the first included. */
  maxAttempts: number;
  /** Backoff between attempts (exponential with full jitter, the connectors' helper). */
  baseMs: number;
  maxMs: number;
  minMs: number;
  random?: () => number;
}

// 6 attempts with 2 s doubling to 5 min span about 10 minutes: enough to ride out a restarting mail relay or
// webhook receiver, short enough that a stale alert is not delivered an hour late.
export const DEFAULT_QUEUE_OPTIONS: QueueOptions = {
  capacity: 200,
  maxAttempts: 6,
  baseMs: 2_000,
  maxMs: 300_000,
  minMs: 500,
};

export type DeliveryOutcome =
  | { status: 'ok'; attempt: number; durationMs: number }
  | { status: 'retried'; attempt: number; durationMs: number; error: string; retryInMs: number }
  | { status: 'failed'; attempt: number; durationMs: number; error: string }
  | { status: 'dropped'; attempt: number; durationMs: 0; error: string };

/**
 * One channel's outbox: messages are sent one at a time in order, retried with exponential backoff, and every
 * attempt is reported. push() never waits and never throws, so a slow or dead peer cannot hold up the caller (the
 * event bus, hence ingest and the API).
 */
export class DeliveryQueue<T> {
  private readonly items: { item: T; attempt: number }[] = [];
  private readonly backoff: Backoff;
  private running = false;
  /** True while the head message is with the peer (it is then reported by its own attempt, not by close). */
  private sending = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private closed = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly send: (item: T) => Promise<void>,
    private readonly report: (item: T, outcome: DeliveryOutcome) => void,
    private readonly opts: QueueOptions = DEFAULT_QUEUE_OPTIONS,
  ) {
    this.backoff = new Backoff({ baseMs: opts.baseMs, maxMs: opts.maxMs, minMs: opts.minMs, random: opts.random });
  }

  get pending(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.closed) {
      this.report(item, { status: 'dropped', attempt: 0, durationMs: 0, error: 'the channel was removed or changed' });
      return;
    }
    this.items.push({ item, attempt: 0 });
    while (this.items.length > this.opts.capacity) {
      // the oldest that waits: a message already with the peer finishes its attempt
      const [old] = this.items.splice(this.sending ? 1 : 0, 1) as [{ item: T; attempt: number }];
      this.report(old.item, {
        status: 'dropped',
        attempt: old.attempt,
        durationMs: 0,
        error: `the queue is full (${this.opts.capacity} messages waiting): the oldest is dropped`,
      });
    }
    if (!this.running) void this.run();
  }

  /** Resolves when nothing is waiting or being sent (tests, orderly shutdown). */
  whenIdle(): Promise<void> {
    if (!this.running && this.items.length === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  /** Stops: waiting messages are reported as dropped; a message being sent finishes its attempt. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    for (const { item, attempt } of this.items.splice(this.sending ? 1 : 0))
      this.report(item, { status: 'dropped', attempt, durationMs: 0, error: 'the channel was removed or changed' });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
      // a retry timer must not keep the process alive on shutdown
      this.timer.unref();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.closed && this.items.length > 0) {
        const head = this.items[0] as { item: T; attempt: number };
        head.attempt++;
        const t0 = Date.now();
        this.sending = true;
        try {
          await this.send(head.item);
          this.sending = false;
          if (this.items[0] === head) this.items.shift();
          this.backoff.reset();
          this.report(head.item, { status: 'ok', attempt: head.attempt, durationMs: Date.now() - t0 });
        } catch (err) {
          this.sending = false;
          const error = err instanceof Error ? err.message : String(err);
          const durationMs = Date.now() - t0;
          if (err instanceof PermanentDeliveryError || head.attempt >= this.opts.maxAttempts || this.closed) {
            if (this.items[0] === head) this.items.shift();
            this.backoff.reset();
            this.report(head.item, { status: 'failed', attempt: head.attempt, durationMs, error });
          } else {
            const retryInMs = this.backoff.next();
            this.report(head.item, { status: 'retried', attempt: head.attempt, durationMs, error, retryInMs });
            await this.sleep(retryInMs);
          }
        }
      }
    } finally {
      this.running = false;
      for (const r of this.idle.splice(0)) r();
    }
  }
}
