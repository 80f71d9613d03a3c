import { type ItemError, type Reading, type Sensor, type ValidateOptions, validateReadings } from '@prognos/core';
import type { MetadataStore, ReadingStore } from '@prognos/store';
import type { EventBus } from './event-bus';
import type { IngestMetrics, IngestPath } from './metrics/metrics';
import { type IngestQualityGate, ReadingChecks } from './quality/reading-checks';

export interface IngestResult {
  stored: number;
  rejected: number;
  errors: ItemError[];
}

export interface IngestOptions {
  maxFutureMs?: number;
  /**
   * The data-quality checks every stored batch passes (default: the streaming checks without sensor states or
   * alerts; the server passes its QualityService). False stores readings with the quality they came with.
   */
  quality?: IngestQualityGate | false;
  /** Told when the quality checks fail on a batch (the batch is then stored as it came). */
  onQualityError?: (err: unknown) => void;
  /** Counts per batch (readings stored and rejected by path, store append time); never per reading. */
  metrics?: IngestMetrics;
}

/**
 * The single door for readings from every path (HTTP, MQTT, CSV, connectors, the simulator): validate item by
 * item, pass the batch through the data-quality checks (readings are flagged, never dropped), store it, report
 * each invalid item with a code, then publish the stored readings to the live pipeline. The store append has
 * returned (data is in the database) before this resolves, so callers acknowledge only durable data.
 */
export class IngestService {
  private sensors = new Set<string>();
  private readonly quality: IngestQualityGate | undefined;
  constructor(
    private readonly readings: ReadingStore,
    private readonly metadata: MetadataStore,
    private readonly bus: EventBus,
    private readonly opts: IngestOptions = {},
  ) {
    this.quality = opts.quality === false ? undefined : (opts.quality ?? new ReadingChecks());
  }

  async refreshSensors(): Promise<void> {
    const list = await this.metadata.listSensors();
    this.sensors = new Set(list.map((s) => s.id));
    this.quality?.sensorsChanged(list);
  }
  /** A sensor registered or changed (pass the definition so that its checks follow it). */
  addSensor(sensor: string | Sensor): void {
    if (typeof sensor === 'string') this.sensors.add(sensor);
    else {
      this.sensors.add(sensor.id);
      this.quality?.sensorsChanged([sensor]);
    }
  }
  knownSensor = (id: string): boolean => this.sensors.has(id);

  /** `path` only labels the metrics: every path gets the same validation and checks. */
  async ingest(items: readonly unknown[], now = Date.now(), path: IngestPath = 'other'): Promise<IngestResult> {
    const vopts: ValidateOptions = { knownSensor: this.knownSensor, now, maxFutureMs: this.opts.maxFutureMs };
    const { readings, errors } = validateReadings(items, vopts);
    if (readings.length > 0) await this.store(readings);
    // counted once stored: a batch whose append failed was not ingested (its sender will retry it)
    this.opts.metrics?.ingested(path, readings.length, errors);
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
  store(readings: Reading[], path?: IngestPath): Promise<void> {
    // readings validated elsewhere (the simulator) are counted here; ingest() counts its own after validation
    if (path) {
      return this.store(readings).then(() => {
        this.opts.metrics?.ingested(path, readings.length, []);
      });
    }
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
    let all = batches.length === 1 ? batches[0]! : batches.flat();
    if (this.quality) {
      try {
        all = this.quality.apply(all, Date.now());
      } catch (err) {
        // a failing check must never cost data: store the batch with the quality it came with
        this.opts.onQualityError?.(err);
      }
    }
    const t0 = performance.now();
    try {
      await this.readings.append(all);
      this.opts.metrics?.appended((performance.now() - t0) / 1000);
    } catch (err) {
      for (const w of waiters) w.reject(err);
      return;
    }
    for (const w of waiters) w.resolve();
    if (this.bus.listenerCount('readings') > 0) this.bus.emit('readings', all);
  }
}
