import type { ReadingStore } from '@prognos/store';

export interface RetentionLog {
  info: (o: unknown, m?: string) => void;
  error: (o: unknown, m?: string) => void;
}

/** How often the retention policy runs (it also runs once at start). */
export const RETENTION_EVERY_MS = 6 * 3_600_000;

/**
 * The readings retention policy (config retentionDays, env PROGNOS_RETENTION_DAYS; 0 keeps everything): readings
 * older than that many days are deleted — on PostgreSQL whole month partitions are dropped — at start and every
 * six hours. Model versions, alerts, work orders and health history are not touched: the evidence of the ledger and
 * the training ranges of stored models stay readable even when their raw readings are gone.
 */
export function startRetention(
  readings: ReadingStore,
  days: number,
  log: RetentionLog,
  now: () => number = Date.now,
): { run(): Promise<void>; stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      const before = now() - days * 86_400_000;
      try {
        const r = await readings.applyRetention(before);
        if (r.deletedChunks > 0 || r.deletedHeadReadings > 0)
          log.info({ before: new Date(before).toISOString(), ...r }, 'retention: old readings deleted');
      } catch (err) {
        log.error({ err }, 'retention run failed (it is retried at the next run)');
      }
    });
    return running;
  };
  if (!(days > 0)) return { run: async () => undefined, stop: async () => undefined };
  const timer = setInterval(() => void run(), RETENTION_EVERY_MS);
  timer.unref();
  void run();
  return {
    run,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
