import type { ChannelKind, NotificationEvent } from './channel-config';

export interface DeliveryLogEntry {
  /** Id of the message (the same on each of its attempts, and in the X-Prognos-Delivery header). */
  messageId: string;
  at: number;
  channelId: string;
  kind: ChannelKind;
  event: NotificationEvent | 'test';
  subject: string;
  /** ok = delivered; retried = failed, will try again; failed = given up; dropped = never sent (full queue). */
  status: 'ok' | 'retried' | 'failed' | 'dropped';
  attempt: number;
  durationMs: number;
  error?: string;
  retryInMs?: number;
}

/** The last deliveries, newest last, in memory (a restart starts a new log; the server log keeps the failures). */
export class DeliveryLog {
  private readonly entries: DeliveryLogEntry[] = [];
  constructor(private readonly capacity = 500) {}

  add(e: DeliveryLogEntry): void {
    this.entries.push(e);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Newest first. */
  list(opts: { channelId?: string; limit?: number } = {}): DeliveryLogEntry[] {
    const out: DeliveryLogEntry[] = [];
    const limit = opts.limit ?? 100;
    for (let i = this.entries.length - 1; i >= 0 && out.length < limit; i--) {
      const e = this.entries[i] as DeliveryLogEntry;
      if (opts.channelId === undefined || e.channelId === opts.channelId) out.push(e);
    }
    return out;
  }
}
