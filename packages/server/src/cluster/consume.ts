/**
 * What a worker does with one readings message of a partition it holds: check the topic and payload, store the
 * readings through the ingest service (the same validation and checks as every other path), and say whether to
 * acknowledge. The PUBACK goes out only once the readings are committed: a store failure is retried for as long
 * as the partition is this worker's, and a partition given up meanwhile leaves the message with the broker.
 */
import { decodeReadingsPayload, type PrognosError, parseReadingsTopic } from '@prognos/core';
import type { IngestService } from '../ingest-service';
import type { PipelineLog } from '../pipeline/analytics-pipeline';
import type { MessageHandler } from './session';

/** Unknown sensors in a message re-read the sensor list at most this often (a sensor registered just now). */
const SENSOR_RELOAD_MIN_MS = 2_000;
/** Poll interval of a message waiting for the lease to be renewed before it is stored. */
const LEASE_WAIT_MS = 100;
/** Retry delays of a failed commit: the message stays unacknowledged until it is stored. */
const RETRY_MS = [100, 250, 500, 1_000, 2_000];

export interface ReadingsHandlerDeps {
  partitions: number;
  ingest: IngestService;
  /** Re-reads the registered sensors (a message may name one registered after the last read). */
  reloadSensors: () => Promise<void>;
  /** Whether the partition is still consumed here; false: leave the message unacknowledged. */
  consuming: (partition: number) => boolean;
  /** Whether the last lease renewal still covers this worker's partitions. */
  leaseValid: () => boolean;
  /** One message done: stored, or rejected as a whole (with its coded error). */
  counted: (outcome: 'stored' | 'rejected', error?: PrognosError) => void;
  log: PipelineLog;
}

/** The partition sessions' message handler: resolves true to acknowledge, false to leave the message queued. */
export function readingsHandler(deps: ReadingsHandlerDeps): MessageHandler {
  const { ingest, log } = deps;
  let sensorsReadAt = 0;
  return async (topic, payload, partition) => {
    const where = parseReadingsTopic(topic, deps.partitions);
    const items = where.ok ? decodeReadingsPayload(payload) : where;
    if (!items.ok) {
      // A malformed message is acknowledged once reported: left unacknowledged it would come back forever.
      deps.counted('rejected', items.error);
      log.warn({ partition, topic, code: items.error.code, err: items.error.message }, 'readings message rejected');
      return true;
    }
    const unknownSensor = items.value.some((it) => {
      const sensor = (it as { sensor?: unknown } | null)?.sensor;
      return typeof sensor === 'string' && !ingest.knownSensor(sensor);
    });
    if (unknownSensor && Date.now() - sensorsReadAt >= SENSOR_RELOAD_MIN_MS) {
      sensorsReadAt = Date.now();
      await deps.reloadSensors().catch((err) => log.warn({ err }, 're-reading the sensors failed'));
    }
    for (let attempt = 0; deps.consuming(partition); ) {
      if (!deps.leaseValid()) {
        // The last renewal is too old (the process was paused, or the database is slow): the partition may be
        // another worker's by now. Wait for the next tick, which renews the lease or drops the partition.
        await sleep(LEASE_WAIT_MS);
        continue;
      }
      try {
        const res = await ingest.ingest(items.value, Date.now(), 'mqtt');
        deps.counted('stored');
        if (res.rejected > 0)
          log.warn({ partition, topic, rejected: res.rejected, errors: res.errors.slice(0, 5) }, 'readings rejected');
        return true;
      } catch (err) {
        log.error({ err, partition, attempt }, 'storing readings failed; retrying before acknowledging');
        await sleep(RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]!);
      }
    }
    return false;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
