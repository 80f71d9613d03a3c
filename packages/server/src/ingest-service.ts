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

  /** Stores readings that were validated already (back-fill, trusted in-process sources). */
  async store(readings: Reading[]): Promise<void> {
    await this.readings.append(readings);
    if (this.bus.listenerCount('readings') > 0) this.bus.emit('readings', readings);
  }
}
