/**
 * The wire contract between publishers and a cluster of `prognos worker` processes: which partition an asset
 * belongs to, the topic its readings travel on, and the payload. Publishers (gateways, the simulator) and the
 * workers use the same functions, so they agree on the partition of every asset.
 */
import { PrognosError } from './errors';

/** The default number of partitions of a cluster (fixed when the cluster is first started). */
export const DEFAULT_PARTITIONS = 16;
/** Most partitions a cluster may have: each is one persistent MQTT session and one lease row. */
export const MAX_PARTITIONS = 1024;
/** Readings topics are `prognos/v1/readings/<partition>/<assetId>`. */
export const CLUSTER_READINGS_PREFIX = 'prognos/v1/readings';
/** Most readings one message may carry (a bigger batch is refused as a whole; split it). */
export const MAX_READINGS_PER_MESSAGE = 10_000;

const utf8 = new TextEncoder();

/** FNV-1a, 32 bit, over the UTF-8 bytes of `text` (unsigned). Stable across processes, platforms and languages. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of utf8.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Checks a partition count: an integer 1..MAX_PARTITIONS. */
export function checkPartitionCount(partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS)
    throw new PrognosError('CONFIG_INVALID', [`partitions must be an integer 1..${MAX_PARTITIONS}, got ${partitions}`]);
  return partitions;
}

/** The partition (0..partitions-1) an asset's readings and model belong to: FNV-1a 32 of its id, mod partitions. */
export function partitionOf(assetId: string, partitions: number): number {
  return fnv1a32(assetId) % checkPartitionCount(partitions);
}

/** Why an asset id cannot be a topic level (MQTT wildcards and separators), or undefined when it can. */
function assetIdProblem(assetId: string): string | undefined {
  if (assetId.length === 0) return 'the asset id is empty';
  if (/[/+#]/.test(assetId) || assetId.includes('\0')) return 'an asset id in a topic may not contain /, +, # or NUL';
  return undefined;
}

/** The topic an asset's readings are published on: `prognos/v1/readings/<partitionOf(assetId)>/<assetId>`. */
export function readingsTopic(assetId: string, partitions: number): string {
  const problem = assetIdProblem(assetId);
  if (problem) throw new PrognosError('CLUSTER_TOPIC_INVALID', [`${CLUSTER_READINGS_PREFIX}/?/${assetId}`, problem]);
  return `${CLUSTER_READINGS_PREFIX}/${partitionOf(assetId, partitions)}/${assetId}`;
}

/** The topic filter a partition's session subscribes to: every asset of that partition. */
export function partitionTopicFilter(partition: number): string {
  return `${CLUSTER_READINGS_PREFIX}/${partition}/+`;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: PrognosError };

/**
 * Reads a readings topic back into its partition and asset id. With `partitions`, also checks that the asset
 * really belongs to that partition (a publisher computing it differently would route the asset to a worker that
 * does not run its model). Never throws: a bad topic is a coded error.
 */
export function parseReadingsTopic(
  topic: string,
  partitions?: number,
): Decoded<{ partition: number; assetId: string }> {
  const bad = (why: string): Decoded<never> => ({
    ok: false,
    error: new PrognosError('CLUSTER_TOPIC_INVALID', [topic.length > 120 ? `${topic.slice(0, 117)}...` : topic, why]),
  });
  const prefix = `${CLUSTER_READINGS_PREFIX}/`;
  if (!topic.startsWith(prefix)) return bad(`it does not start with ${prefix}`);
  const rest = topic.slice(prefix.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return bad('it has no asset id level');
  const partText = rest.slice(0, slash);
  const assetId = rest.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,3})$/.test(partText)) return bad(`partition "${partText}" is not a number`);
  const problem = assetIdProblem(assetId);
  if (problem) return bad(problem);
  const partition = Number(partText);
  if (partitions !== undefined) {
    const expected = fnv1a32(assetId) % partitions;
    if (partition !== expected)
      return {
        ok: false,
        error: new PrognosError('CLUSTER_PARTITION_MISMATCH', [assetId, expected, partitions, partition]),
      };
  }
  return { ok: true, value: { partition, assetId } };
}

/** One reading on the wire: epoch ms or ISO 8601 timestamp, quality as name or byte (see validateReadings). */
export interface WireReading {
  sensor: string;
  ts: number | string;
  value: number;
  quality?: string | number;
}

/** The message body: a JSON array of readings. */
export function encodeReadingsPayload(readings: readonly WireReading[]): string {
  return JSON.stringify(
    readings.map((r) => ({
      sensor: r.sensor,
      ts: r.ts,
      value: r.value,
      ...(r.quality === undefined ? {} : { quality: r.quality }),
    })),
  );
}

/**
 * The message body back to its items. Only the envelope is checked here (JSON, a non-empty array, not too many);
 * the items go through validateReadings like every other ingest path, each bad one a coded item error. Never
 * throws: a bad payload is a coded error (CLUSTER_PAYLOAD_INVALID).
 */
export function decodeReadingsPayload(payload: Uint8Array | string): Decoded<unknown[]> {
  const bad = (why: string): Decoded<never> => ({
    ok: false,
    error: new PrognosError('CLUSTER_PAYLOAD_INVALID', [why]),
  });
  let doc: unknown;
  try {
    doc = JSON.parse(typeof payload === 'string' ? payload : new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch (e) {
    return bad(`it is not UTF-8 JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(doc)) return bad(`it is ${doc === null ? 'null' : typeof doc}, not an array`);
  if (doc.length === 0) return bad('the array is empty');
  if (doc.length > MAX_READINGS_PER_MESSAGE)
    return bad(`it has ${doc.length} readings; at most ${MAX_READINGS_PER_MESSAGE} per message`);
  return { ok: true, value: doc };
}
