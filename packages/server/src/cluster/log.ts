import type { PrognosConfig } from '../config';
import type { PipelineLog } from '../pipeline/analytics-pipeline';

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;

/**
 * JSON log lines on stdout, one object per line like the server's (pino's field names: level, time, msg), for a
 * worker that has no HTTP framework to lend it a logger. Errors are reduced to their message and code.
 */
export function jsonLineLog(
  level: PrognosConfig['logLevel'],
  base: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stdout.write(line),
): PipelineLog {
  const min = LEVELS[level];
  const emit = (lvl: 'info' | 'warn' | 'error') => (obj: unknown, msg?: string) => {
    if (LEVELS[lvl] < min) return;
    const fields: Record<string, unknown> =
      obj && typeof obj === 'object' ? { ...(obj as Record<string, unknown>) } : { value: obj };
    if (fields.err instanceof Error) {
      const e = fields.err as Error & { code?: string };
      fields.err = { message: e.message, ...(e.code ? { code: e.code } : {}) };
    }
    write(`${JSON.stringify({ level: LEVELS[lvl], time: Date.now(), ...base, ...fields, msg })}\n`);
  };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
