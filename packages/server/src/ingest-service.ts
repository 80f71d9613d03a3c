import { type ItemError, type Reading, type ValidateOptions, validateReadings } from '@prognos/core';
import type { MetadataStore, ReadingStore } from '@prognos/store';
import type { EventBus } from './event-bus';

export interface IngestResult {
  stored: number;
  rejected: number;
  errors: ItemError[];
}

/**
 * The single door for readings from every path (HTTP, MQTT, CSV): validate item by item, store the valid ones,
 * report each invalid one with a code, then publish the stored ones to the live pipeline. The store append has
 * returned (data is in the database) before this resolves, so callers acknowledge only durable data.
 */
export class IngestService {
  private sensors = new Set<string>();
  constructor(
    private readonly readings: ReadingStore,
    private readonly metadata: MetadataStore,
    private readonly bus: EventBus,
    private readonly opts: { maxFutureMs?: number } = {},
  ) {}

  async refreshSensors(): Promise<void> {
    const list = await this.metadata.listSensors();
    this.sensors = new Set(list.map((s) => s.id));
  }
  addSensor(id: string): void {
    this.sensors.add(id);
  }
  knownSensor = (id: string): boolean => this.sensors.has(id);

  async ingest(items: readonly unknown[], now = Date.now()): Promise<IngestResult> {
    const vopts: ValidateOptions = { knownSensor: this.knownSensor, now, maxFutureMs: this.opts.maxFutureMs };
    const { readings, errors } = validateReadings(items, vopts);
    if (readings.length > 0) await this.store(readings);
    return { stored: readings.length, rejected: errors.length, errors };
  }

  private pending: Reading[][] = [];
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  /**
   * Stores readings that were validated already. Group commit: batches that arrive in the same event-loop turn
   * (many MQTT messages, concurrent HTTP requests) are appended in one store transaction, and every caller
   * resolves only after that transaction has committed — fewer, larger transactions, same durability.
   */
  store(readings: Reading[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push(readings);
      this.waiters.push({ resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.commit());
      }
    });
  }

  private async commit(): Promise<void> {
    const batches = this.pending;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    this.scheduled = false;
    const all = batches.length === 1 ? batches[0]! : batches.flat();
    try {
      await this.readings.append(all);
    } catch (err) {
      for (const w of waiters) w.reject(err);
      return;
    }
    for (const w of waiters) w.resolve();
    if (this.bus.listenerCount('readings') > 0) this.bus.emit('readings', all);
  }
}
