/**
 * The readings port of an API instance in a cluster (`prognos serve --pg-url … --cluster-mqtt-url …`): reads come
 * from PostgreSQL, appends go to the workers. Each append publishes the readings, per asset, to the asset's
 * partition topic with QoS 1 and resolves once the broker has acknowledged every message; from then on the
 * partition's persistent session holds them until the worker that owns the partition has committed them to
 * PostgreSQL (see session.ts). So an API instance keeps no state of its own, and an acknowledged reading survives
 * the API instance, and any worker, dying.
 *
 * A reading is readable through the API only once a worker has stored it (usually well under a second).
 */
import { encodeReadingsPayload, MAX_READINGS_PER_MESSAGE, type Reading, readingsTopic } from '@prognos/core';
import type {
  AppendResult,
  DownsampledSeries,
  MetadataStore,
  ReadingStore,
  RetentionSummary,
  Series,
  StoreStats,
} from '@prognos/store';
import type { MqttClient } from 'mqtt';

export class ClusterForwardingStore implements ReadingStore {
  private readonly assetOf = new Map<string, string>();

  constructor(
    private readonly inner: ReadingStore,
    private readonly client: MqttClient,
    private readonly partitions: number,
    private readonly metadata: MetadataStore,
  ) {}

  async append(readings: readonly Reading[]): Promise<AppendResult> {
    const byAsset = new Map<string, Reading[]>();
    for (const r of readings) {
      const asset = await this.asset(r.sensor);
      const list = byAsset.get(asset);
      if (list) list.push(r);
      else byAsset.set(asset, [r]);
    }
    const sends: Promise<unknown>[] = [];
    for (const [asset, list] of byAsset) {
      const topic = readingsTopic(asset, this.partitions);
      for (let i = 0; i < list.length; i += MAX_READINGS_PER_MESSAGE) {
        const payload = encodeReadingsPayload(list.slice(i, i + MAX_READINGS_PER_MESSAGE));
        sends.push(this.client.publishAsync(topic, payload, { qos: 1 }));
      }
    }
    // Every message acknowledged by the broker, or the append fails and the caller is not acknowledged either.
    await Promise.all(sends);
    return { stored: new Set(readings.map((r) => `${r.sensor}\u0000${r.ts}`)).size };
  }

  /** The asset of a sensor (ingest validated that the sensor exists; a sensor moved to another asset is re-read). */
  private async asset(sensor: string): Promise<string> {
    const known = this.assetOf.get(sensor);
    if (known !== undefined) return known;
    const s = await this.metadata.getSensor(sensor);
    if (!s) throw new Error(`sensor ${sensor} is not registered, so it has no asset to route its readings by`);
    this.assetOf.set(sensor, s.assetId);
    return s.assetId;
  }

  /** A sensor was registered or changed: route by its current asset. */
  forget(sensor: string): void {
    this.assetOf.delete(sensor);
  }

  read(sensor: string, from: number, to: number, limit?: number): Promise<Series> {
    return this.inner.read(sensor, from, to, limit);
  }
  downsample(sensor: string, from: number, to: number, buckets: number): Promise<DownsampledSeries> {
    return this.inner.downsample(sensor, from, to, buckets);
  }
  latest(sensors: readonly string[]): Promise<Map<string, Reading>> {
    return this.inner.latest(sensors);
  }
  /** Nothing is buffered here: every append resolved after the broker's acknowledgement. */
  async flush(): Promise<void> {}
  applyRetention(before: number): Promise<RetentionSummary> {
    return this.inner.applyRetention(before);
  }
  stats(): Promise<StoreStats> {
    return this.inner.stats();
  }
  /** Disconnects from the broker; the PostgreSQL store is closed by its owner. */
  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
